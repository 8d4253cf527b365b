// Phonetic codes and OpenRefine fingerprint keys (core/src/text/phonetic.cpp, fingerprint.cpp),
// checked against their references: npm double-metaphone, python3-jellyfish and OpenRefine's own
// test vectors.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "crm/csv.h"
#include "crm/generate.h"
#include "crm/keys.h"
#include "test_util.h"

namespace crm {
namespace {

const std::string kRepo = std::string(CRM_TEST_DATA) + "/../..";

// Words that exercise Double Metaphone's special rules (from Philips' article and the npm
// package's comments), accented names, and edge cases.
const char* const kTricky[] = {
    "Schmidt",
    "Smith",
    "Schneider",
    "Snider",
    "Xavier",
    "Caesar",
    "Chianti",
    "Michael",
    "chemistry",
    "chorus",
    "Focaccia",
    "Bellocchio",
    "Bacchus",
    "Accident",
    "Accede",
    "Succeed",
    "McHugh",
    "McClellan",
    "Czerny",
    "edge",
    "Edgar",
    "Ghislane",
    "Ghiradelli",
    "Hugh",
    "bough",
    "Broughton",
    "laugh",
    "McLaughlin",
    "cough",
    "Gough",
    "rough",
    "tough",
    "Cagney",
    "Tagliaro",
    "biaggi",
    "Rogier",
    "Hochmeier",
    "jose",
    "Jose Luis",
    "San Jacinto",
    "Yankelovich",
    "Jankelowicz",
    "bajador",
    "cabrillo",
    "gallegos",
    "Gallas",
    "dumb",
    "thumb",
    "dumber",
    "campbell",
    "raspberry",
    "island",
    "isle",
    "carlisle",
    "carlysle",
    "sugar",
    "school",
    "schooner",
    "schermerhorn",
    "schenker",
    "Schlesinger",
    "resnais",
    "artois",
    "Thomas",
    "Thames",
    "Wasserman",
    "Vasserman",
    "Uomo",
    "Womo",
    "Arnow",
    "Arnoff",
    "Filipowicz",
    "breaux",
    "Zhao",
    "Mac Caffrey",
    "Mac Gregor",
    "Wachtler",
    "Wechsler",
    "Tichner",
    "orchestra",
    "orchid",
    "architect",
    "danger",
    "manger",
    "ranger",
    "Bacher",
    "Macher",
    "Xhosa",
    "Gnome",
    "Knight",
    "Pneumatic",
    "Wright",
    "Psychology",
    "Zaccaria",
    "Zola",
    "Tzigane",
    "Pizza",
    "Van Damme",
    "von Trapp",
    "Czech",
    "Kaczmarek",
    "Wojcik",
    "Szabo",
    "Jacques",
    "Jeanne",
    "Gauthier",
    "Ghent",
    "Geyer",
    "Gerhard",
    "Gilbert",
    "Gyorgy",
    "Lagerfeld",
    "Ruiz",
    "Ortiz",
    "Cruz",
    "Gonzalez",
    "Hernandez",
    "Nguyen",
    "Tran",
    "O'Brien",
    "D'Angelo",
    "Müller",
    "José",
    "Émile",
    "Àlex",
    "Çelik",
    "Ñandú",
    "Gêneve",
    "Zoë",
    "Chloë",
    "Björk",
    "Đorđević",
    "Łukasz",
    "Ærø",
    "Øre",
    "Ξένος",
    "Дмитрий",
    "山田",
    "a",
    "b",
    "x",
    "h",
    "w",
    "wh",
    "sh",
    "ch",
    "ge",
    "gh",
    "  smith  ",
    "smith-jones",
    "1st street",
    "abc def ghi",
    "ae",
    "Aeschylus",
    "Tian",
    "Tiona",
    "Ashton",
    "Sian",
    "Sioux",
    "Schaefer",
    "Dutchess",
    "Wrightwood",
    "Hough",
    "Ghiotto",
    "\xF0\x9F\x98\x80smith",
    "Al\xF0\x9F\x98\x80x",
};

std::vector<std::string> test_names() {
  std::set<std::string> names(std::begin(kTricky), std::end(kTricky));
  auto add_column = [&](const Table& t, const char* name) {
    for (const Column& c : t.columns) {
      if (c.name() != name) continue;
      for (size_t r = 0; r < t.rows; ++r) {
        std::string v(c.value(r));
        if (!v.empty() && v.find_first_of("\r\n\t") == std::string::npos) names.insert(v);
      }
    }
  };
  for (const char* f : {"dataset1", "dataset2", "dataset3", "dataset4a"}) {
    std::ifstream in(std::string(CRM_SHARED_DATASETS) + "/febrl/" + f + ".csv");
    if (!in) continue;
    std::stringstream ss;
    ss << in.rdbuf();
    CsvOptions o;
    Table t = test::read_chunked(ss.str(), 0, o);
    for (Column& c : t.columns) {  // FEBRL headers have a space after each comma
      std::string n(c.name());
      while (!n.empty() && n[0] == ' ') n.erase(0, 1);
      c.set_name(n);
    }
    for (const char* col : {"given_name", "surname", "suburb", "address_1"}) add_column(t, col);
  }
  GenerateOptions g;
  g.rows = 20000;
  g.seed = 7;
  std::string csv;
  generate_customers(g, [&](std::string_view b) { csv.append(b); });
  Table t = test::read_chunked(csv, 0);
  for (const char* col : {"first_name", "last_name", "city", "company"}) add_column(t, col);
  return {names.begin(), names.end()};
}

/// Runs `cmd` and returns its standard output split in lines.
std::vector<std::string> run_lines(const std::string& cmd) {
  std::vector<std::string> lines;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return lines;
  std::string cur;
  int ch;
  while ((ch = std::fgetc(p)) != EOF) {
    if (ch == '\n') {
      lines.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(static_cast<char>(ch));
    }
  }
  pclose(p);
  return lines;
}

std::string write_names(const std::vector<std::string>& names, const char* file) {
  std::string path = ::testing::TempDir() + file;
  std::ofstream out(path, std::ios::binary);
  for (const std::string& n : names) out << n << "\n";
  return path;
}

TEST(Keys, DoubleMetaphoneAgreesWithNpmPackage) {
  std::string module = kRepo + "/node_modules/double-metaphone/index.js";
  if (!std::ifstream(module)) GTEST_SKIP() << module << " missing: run npm ci";
  std::vector<std::string> names;
  for (const std::string& n : test_names()) {
    // ß: JavaScript upper-cases it to SS yet stops at the original length (our deviation).
    if (n.find("\xC3\x9F") == std::string::npos) names.push_back(n);
  }
  ASSERT_GT(names.size(), 3000u);
  std::string path = write_names(names, "crmwb_dm_names.txt");
  std::string script = ::testing::TempDir() + "crmwb_dm_oracle.mjs";
  {
    std::ofstream js(script);
    js << "import {doubleMetaphone} from 'file://" << module << "'\n"
       << "import fs from 'node:fs'\n"
       << "const lines = fs.readFileSync(process.argv[2], 'utf8').split('\\n')\n"
       << "lines.pop()\n"
       << "let out = ''\n"
       << "for (const l of lines) { const [p, s] = doubleMetaphone(l); out += p + '\\t' + s + "
          "'\\n' }\n"
       << "process.stdout.write(out)\n";
  }
  auto lines = run_lines("node " + script + " " + path);
  ASSERT_EQ(lines.size(), names.size());
  size_t bad = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    DoubleMetaphone d = double_metaphone(names[i]);
    std::string got = d.primary + "\t" + d.alternate;
    if (got != lines[i] && ++bad <= 20)
      ADD_FAILURE() << names[i] << ": " << got << " vs npm " << lines[i];
  }
  EXPECT_EQ(bad, 0u) << "of " << names.size();
  std::printf("double metaphone vs npm double-metaphone: %zu names, %zu differ\n", names.size(),
              bad);
}

TEST(Keys, SoundexNysiisMetaphoneAgreeWithJellyfish) {
  if (std::system("/usr/bin/python3 -c 'import jellyfish' 2>/dev/null") != 0)
    GTEST_SKIP() << "python3-jellyfish missing (apt-get install python3-jellyfish)";
  std::vector<std::string> names = test_names();
  ASSERT_GT(names.size(), 3000u);
  std::string path = write_names(names, "crmwb_jf_names.txt");
  // jellyfish's pure-Python functions: its C extension rejects a non-ASCII first letter in
  // soundex and stops nysiis at the first space.
  auto lines = run_lines(
      "/usr/bin/python3 -W ignore -c 'import sys, jellyfish._jellyfish as J\n"
      "for l in open(sys.argv[1], encoding=\"utf-8\").read().split(\"\\n\")[:-1]:\n"
      "  print(J.soundex(l), J.nysiis(l), J.metaphone(l), sep=\"\\t\")' " +
      path);
  ASSERT_EQ(lines.size(), names.size());
  size_t bad = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    std::string got = soundex(names[i]) + "\t" + nysiis(names[i]) + "\t" + metaphone(names[i]);
    if (got != lines[i] && ++bad <= 20)
      ADD_FAILURE() << names[i] << ": " << got << " vs jellyfish " << lines[i];
  }
  EXPECT_EQ(bad, 0u) << "of " << names.size();
  std::printf("soundex/nysiis/metaphone vs jellyfish: %zu names, %zu differ\n", names.size(), bad);
}

TEST(Keys, DoubleMetaphoneCases) {
  struct Case {
    const char* in;
    const char* primary;
    const char* alternate;
  };
  const Case cases[] = {
      {"Schmidt", "XMT", "SMT"},
      {"Smith", "SM0", "XMT"},
      {"Thompson", "TMPSN", "TMPSN"},
      {"Straße", "STRS", "STRS"},
      {"", "", ""},
      {"\xFF\xFE", "", ""},
      {"Çelik", "SLK", "SLK"},
      {"Xavier", "SF", "SFR"},
  };
  for (const Case& c : cases) {
    DoubleMetaphone d = double_metaphone(c.in);
    EXPECT_EQ(d.primary, c.primary) << c.in;
    EXPECT_EQ(d.alternate, c.alternate) << c.in;
  }
  EXPECT_EQ(double_metaphone("Schwarzenegger", 4).primary, "XRSN");
  EXPECT_EQ(double_metaphone("Schwarzenegger", 4).alternate, "XFRT");
}

// OpenRefine's own expectations (modules/core/src/test/.../FingerprintKeyerTests.java and
// NGramFingerprintKeyerTest.java).
TEST(Keys, FingerprintMatchesOpenRefineTests) {
  struct Case {
    const char* in;
    const char* key;
  };
  const Case cases[] = {
      {"the multi multi word test", "multi test the word"},
      {" école ÉCole ecoLe ", "ecole"},
      {"a b c d", "a b c d"},
      {" d c b a ", "a b c d"},
      {"\tABC \t DEF ", "abc def"},
      {"bbb\taaa", "aaa bbb"},
      {"æø", "aeoe"},
      {"©ß", "css"},
      {"\u00D0\u00F0\u00DE\u00FEǷƿ", "ddththww"},
      {"ﬀﬁﬂﬃﬅﬆ", "fffiflffistst"},
      {"\u00C0\u00C1\u00C2\u00C3\u00C4\u00C5\u00E0\u00E1\u00E2\u00E3\u00E4\u00E5\u0100\u0101"
       "\u0102\u0103\u0104\u0105",
       "aaaaaaaaaaaaaaaaaa"},
      {"\u0126\u0127", "hh"},
      {"\u0131", "i"},
      {"\u0138", "k"},
      {"\u0139\u013A\u013B\u013C\u013D\u013E\u0141\u0142", "llllllll"},
      {"\u013F\u0140", "ll"},
      {"\u0149", "n"},
      {"\u014A\u014B", "nn"},
      {"\u00D8\u00F8", "oeoe"},
      {"\u0162\u0163\u0164\u0165\u0166\u0167", "tttttt"},
      {"a\u0009\nb\u000Bc\u000Cd\re\u0085f\u00A0g\u1680h\u2000i\u2001j\u2002k\u2003l\u2004m"
       "\u2005n\u2006o\u2007p\u2008q\u2009r\u200As\u2028t\u2029u\u202Fv\u205Fw\u3000z",
       "a b c d e f g h i j k l m n o p q r s t u v w z"},
      {"ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ",
       "aaaaaaaeceeeeiiiidnooooooeuuuuythssaaaaaaaeceeeeiiiidnooooooeuuuuythy"},
      {"ĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĲĳĴĵĶķĸĹĺĻļĽľĿŀŁłŃńŅņŇňŉŊŋŌōŎŏŐőŒœŔŕŖŗŘřŚ"
       "ś"
       "ŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſ",
       "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiijijjjkkkllllllllllnnnnnnnnnoooooooeoe"
       "rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"},
      {"ḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗ",
       "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnnnnnnoooooooopppp"},
      {"ẖẗẘẙẚẛẜẝẞẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệ",
       "htwyasssssaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeee"},
      {"", ""},
      // Java details: symbols that are not punctuation stay; a leading empty word after a
      // removed leading punctuation mark; final sigma.
      {"$5 + 3", "$5 + 3"},
      {"- a", " a"},
      {"ΟΔΥΣΣΕΥΣ", "οδυσσευς"},
      {"Café  de Paris", "cafe de paris"},
      {"paris, cafe de", "cafe de paris"},
  };
  for (const Case& c : cases) EXPECT_EQ(fingerprint(c.in), c.key) << c.in;
}

TEST(Keys, NgramFingerprintMatchesOpenRefineTests) {
  EXPECT_EQ(ngram_fingerprint("hello", 1), "ehlo");
  EXPECT_EQ(ngram_fingerprint("he!llo,. world", 1), "dehlorw");
  EXPECT_EQ(ngram_fingerprint("\u0001a, !b-c_d\u00a0d\tz\u0003", 3), "abcbcdcddddz");
  EXPECT_EQ(ngram_fingerprint("abcdefg"), "abbccddeeffg");
  EXPECT_EQ(ngram_fingerprint("gfedcba"), "bacbdcedfegf");
  EXPECT_EQ(ngram_fingerprint("a b c d e f g"), "abbccddeeffg");
  EXPECT_EQ(ngram_fingerprint(" a,b.c d\te!f?g "), "abbccddeeffg");
  EXPECT_EQ(ngram_fingerprint("écÉCec"), "ceec");
  EXPECT_EQ(ngram_fingerprint("a\u0009\nb\u000Bc\u000Cd\re\u0085f\u00A0g\u1680h\u2000i\u2001j"
                              "\u2002k\u2003l\u2004m\u2005n\u2006o\u2007p\u2008q\u2009r\u200As"
                              "\u2028t\u2029u\u202Fv\u205Fw\u3000z"),
            "abbccddeeffgghhiijjkkllmmnnooppqqrrssttuuvvwwz");
  EXPECT_EQ(ngram_fingerprint(""), "");
  EXPECT_EQ(ngram_fingerprint("a"), "");
  EXPECT_EQ(ngram_fingerprint("ab", 0), "ab");
}

// ASCII values take a byte-only path; a combining mark at the end (removed by the
// normalization) sends the same text down the general path, which must agree.
TEST(Keys, AsciiPathAgreesWithTheGeneralPath) {
  uint64_t seed = 99;
  auto next = [&]() {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(seed >> 33);
  };
  std::vector<std::string> values = {"", " ", "- a", "  A  b a ", "a\tb\x1c c", "$5 + 3", "x^y`z"};
  for (int k = 0; k < 20000; ++k) {
    std::string v;
    size_t len = next() % 12;
    for (size_t i = 0; i < len; ++i) {
      uint32_t r = next() % 4;  // favour letters and spaces, but any ASCII byte can come
      v.push_back(static_cast<char>(r == 0 ? next() % 128 : r == 1 ? ' ' : 'a' + next() % 4));
    }
    values.push_back(v);
  }
  for (const std::string& v : values) {
    const std::string general = v + "\xCC\x81";  // U+0301
    ASSERT_EQ(fingerprint(v), fingerprint(general)) << v;
    for (size_t n : {1, 2, 3})
      ASSERT_EQ(ngram_fingerprint(v, n), ngram_fingerprint(general, n)) << v;
  }
}

TEST(Keys, BadBytesNeverFail) {
  const std::string bad[] = {"\xFF", "\xC3", "a\xE2\x82", "\xF0\x9F\x98", std::string("a\0b", 3)};
  for (const std::string& v : bad) {
    (void)double_metaphone(v);
    (void)soundex(v);
    (void)nysiis(v);
    (void)metaphone(v);
    (void)fingerprint(v);
    (void)ngram_fingerprint(v, 3);
  }
  EXPECT_EQ(soundex("\xFF"),
            "\xEF\xBF\xBD"
            "000");
}

}  // namespace
}  // namespace crm
