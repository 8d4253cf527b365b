// Test oracle for crmwb's spelling clusters: OpenRefine's fingerprint and n-gram fingerprint keys
// computed with the JDK's own Unicode machinery (java.text.Normalizer, java.util.regex with
// UNICODE_CHARACTER_CLASS, String.toLowerCase, Guava's CharMatcher), following the published
// definition of OpenRefine 3.x FingerprintKeyer / NGramFingerprintKeyer step by step.
// Usage: java -cp /usr/share/java/guava.jar FingerprintOracle.java N < values > keys
// Reads values each ended by a NUL byte (UTF-8; a value may hold line breaks); writes
// "fingerprint<TAB>ngram-fingerprint<NUL>" per value.
import com.google.common.base.CharMatcher;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

public class FingerprintOracle {
  static final Pattern PUNCT_CTRL = Pattern.compile(
      "\\p{Punct}|[\\x00-\\x08\\x0E-\\x1F\\x7F\\x80-\\x84\\x86-\\x9F]",
      Pattern.UNICODE_CHARACTER_CLASS);
  static final Pattern MARKS = Pattern.compile("[\\p{InCombiningDiacriticalMarks}\\p{IsLm}\\p{IsSk}]+");
  static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
  static final Pattern CTRL_SPACE = Pattern.compile("[\\p{Cntrl}\\p{Space}]", Pattern.UNICODE_CHARACTER_CLASS);
  static final Map<String, String> LETTERS = new HashMap<>();
  static {
    String[][] pairs = {{"ß", "ss"}, {"æ", "ae"}, {"ø", "oe"}, {"å", "aa"}, {"©", "c"},
        {"\u00F0", "d"}, {"\u0111", "d"}, {"\u0256", "d"}, {"\u00FE", "th"}, {"ƿ", "w"},
        {"\u0127", "h"}, {"\u0131", "i"}, {"\u0138", "k"}, {"\u0142", "l"}, {"\u014B", "n"},
        {"\u017F", "s"}, {"\u0167", "t"}, {"œ", "oe"}, {"ẜ", "s"}, {"ẝ", "s"}};
    for (String[] p : pairs) LETTERS.put(p[0], p[1]);
  }

  static String normalize(String s) {
    s = CharMatcher.whitespace().trimFrom(s);
    s = s.toLowerCase(java.util.Locale.ROOT);
    s = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFKD)).replaceAll("");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      String c = s.substring(i, i + 1);
      b.append(LETTERS.getOrDefault(c, c));
    }
    return PUNCT_CTRL.matcher(b.toString()).replaceAll("");
  }

  static String fingerprint(String s) {
    return WHITESPACE.splitAsStream(normalize(s)).sorted().distinct().collect(Collectors.joining(" "));
  }

  static String ngram(String s, int n) {
    String t = CTRL_SPACE.matcher(normalize(s)).replaceAll("");
    return IntStream.rangeClosed(0, t.length() - n).mapToObj(i -> t.substring(i, i + n))
        .sorted().distinct().collect(Collectors.joining());
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    String all = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    String[] values = all.split("\0", -1);
    for (int i = 0; i + 1 < values.length; i++) {  // the last piece follows the last NUL
      out.print(fingerprint(values[i]));
      out.print('\t');
      out.print(ngram(values[i], n));
      out.print('\0');
    }
    out.flush();
  }
}
