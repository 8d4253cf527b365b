// The streaming CSV reader: encoding handling, sniffing on a sample, then a push parser that
// fills the columns directly. Lenient like the files people have, and every oddity is reported.
#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "crm/csv.h"
#include "csv/encoding.h"

namespace crm {

namespace {

constexpr size_t kSampleBytes = 64 * 1024;

/// A counted oddity: how often, and the first line it happened on.
struct Tally {
  uint64_t count = 0;
  int64_t first_line = 0;
  void add(int64_t line, uint64_t n = 1) {
    if (count == 0) first_line = line;
    count += n;
  }
};

std::string plural(uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

struct CsvReader::Impl {
  CsvOptions options;
  ProgressFn progress;
  CancelFlag cancel;

  // Input side.
  uint64_t consumed = 0;
  bool detected = false;
  std::string head;  // first bytes, until the encoding is known
  enc::Detection detection;
  std::unique_ptr<enc::Utf16Decoder> utf16;
  std::string decoded;  // scratch for UTF-16 conversion
  std::string sample;   // UTF-8 text held until the dialect is sniffed
  bool sniffed = false;
  unsigned last_percent = 101;

  // Parser state.
  Dialect dialect;
  std::array<uint8_t, 256> special{};  // bytes that stop an unquoted scan
  enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted } state = State::FieldStart;
  bool pending_cr = false;  // last byte was CR: a following LF belongs to it
  bool field_quoted = false;
  unsigned char high_bits = 0;  // OR of the field's bytes, to spot non-ASCII
  Column scratch;               // target of header, first-row and extra fields
  Column* cur = &scratch;       // the column the current field's bytes go to
  size_t field_index = 0;
  int64_t line = 1;         // physical line of the byte being read
  int64_t record_line = 1;  // line where the current record started
  int64_t quote_line = 0;   // line where the open quote started

  // Output.
  Table table;
  bool have_columns = false;
  size_t base_columns = 0;  // columns defined by the header (or first row)
  std::vector<std::string> extras;
  bool header_pending = false;
  std::vector<std::string> header_fields;

  // Findings.
  Tally blank_lines, short_rows, long_rows, trailing_delims, nul_bytes, cp1252, bad_quote_text,
      unterminated, line_lf, line_crlf, line_cr;
  uint64_t utf8_multibyte_fields = 0;

  Impl(CsvOptions o, ProgressFn p, CancelFlag c)
      : options(std::move(o)), progress(std::move(p)), cancel(c) {
    table.null_tokens = options.null_tokens;
  }

  // ---------------------------------------------------------------- input and encodings

  void feed(const char* data, size_t n) {
    check_cancel(cancel);
    consumed += n;
    if (!detected) {
      head.append(data, n);
      if (head.size() < 4096) return;
      detect();
      std::string h = std::move(head);
      head.clear();
      decode(h.data() + detection.bom_size, h.size() - detection.bom_size);
    } else {
      decode(data, n);
    }
    report();
  }

  void detect() {
    detected = true;
    detection = enc::detect(head);
    if (detection.source == enc::Source::Utf8) {
      const std::string kind = enc::binary_signature(head);
      if (!kind.empty()) {
        throw InputError("binary_file", "this is " + kind + ", not a CSV or text file", 1);
      }
      // Generic binary: many NULs or control bytes in the first bytes.
      size_t nul = 0, ctrl = 0;
      for (unsigned char c : head) {
        nul += c == 0;
        ctrl += (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F;
      }
      if ((nul >= 8 && nul * 10 > head.size()) || (ctrl >= 8 && ctrl * 10 > head.size())) {
        throw InputError("binary_file",
                         "this looks like a binary file, not a CSV or text file (" +
                             std::to_string(ctrl) + " control bytes in the first " +
                             std::to_string(head.size()) + ")",
                         1);
      }
    }
    switch (detection.source) {
      case enc::Source::Utf8:
        dialect.encoding = "UTF-8";
        break;
      case enc::Source::Utf8Bom:
        dialect.encoding = "UTF-8-BOM";
        break;
      case enc::Source::Utf16Le:
        dialect.encoding = "UTF-16LE";
        utf16 = std::make_unique<enc::Utf16Decoder>(false);
        break;
      case enc::Source::Utf16Be:
        dialect.encoding = "UTF-16BE";
        utf16 = std::make_unique<enc::Utf16Decoder>(true);
        break;
    }
  }

  void decode(const char* data, size_t n) {
    if (utf16) {
      decoded.clear();
      utf16->decode(reinterpret_cast<const unsigned char*>(data), n, decoded);
      text(decoded.data(), decoded.size());
    } else {
      text(data, n);
    }
  }

  /// UTF-8 text: held as a sample until the dialect is known, then parsed.
  void text(const char* data, size_t n) {
    if (sniffed) {
      parse(data, n);
      return;
    }
    sample.append(data, n);
    if (sample.size() >= kSampleBytes) sniff(false);
  }

  void sniff(bool at_end) {
    std::string_view s = sample;
    if (!at_end) {  // sniff on whole lines only
      const size_t cut = s.find_last_of("\r\n");
      if (cut != std::string_view::npos && cut > 0) s = s.substr(0, cut + 1);
    }
    const Dialect d = sniff_dialect(s, options);
    const std::string encoding = dialect.encoding;
    dialect = d;
    dialect.encoding = encoding;
    sniffed = true;
    special.fill(0);
    special[static_cast<unsigned char>(dialect.delimiter)] = 1;
    special['\n'] = special['\r'] = special[0] = 1;
    header_pending = dialect.header;
    delim_mask = kOnes * static_cast<unsigned char>(dialect.delimiter);
    quote_mask = kOnes * static_cast<unsigned char>(dialect.quote);
    for (const std::string& t : table.null_tokens) {
      max_token = std::max(max_token, t.size());
      // Tokens are compared after trimming, so their first byte is the first non-blank byte.
      const size_t b = t.find_first_not_of(" \t\r\n\v\f");
      if (b != std::string::npos) token_first[static_cast<unsigned char>(t[b])] = true;
    }
    std::string all = std::move(sample);
    sample.clear();
    sample.shrink_to_fit();
    parse(all.data(), all.size());
    if (!at_end) reserve_columns();
  }

  /// Pre-sizes the columns from what the sample filled when the total size is known, so the
  /// arenas do not regrow (regrowth briefly needs old + new, which raises peak memory).
  void reserve_columns() {
    if (options.expected_bytes <= consumed || table.rows < 8 || consumed == 0) return;
    const double scale =
        static_cast<double>(options.expected_bytes) / static_cast<double>(consumed);
    const double margin = 1.03;
    const size_t rows = static_cast<size_t>(static_cast<double>(table.rows) * scale * margin) + 64;
    for (Column& c : table.columns) {
      c.reserve(rows,
                static_cast<size_t>(static_cast<double>(c.byte_size()) * scale * margin) + 256);
    }
  }

  void report() {
    if (!progress) return;
    const uint64_t total = options.expected_bytes;
    const unsigned pct =
        total ? static_cast<unsigned>(std::min<uint64_t>(100, consumed * 100 / total)) : 0;
    if (total && pct == last_percent) return;
    last_percent = pct;
    progress(Progress{"load", consumed, total, table.rows});
  }

  // ---------------------------------------------------------------- the parser

  void parse(const char* data, size_t n) {
    const char* p = data;
    const char* end = data + n;
    const char delim = dialect.delimiter;
    const char quote = dialect.quote;
    while (p < end) {
      if (pending_cr) {  // a CR ended the previous chunk: is this LF part of it?
        pending_cr = false;
        if (*p == '\n') {
          ++p;
          (quoted_cr ? line_dummy : line_crlf).add(line);
          if (quoted_cr) cur->append_bytes("\n", 1);
          quoted_cr = false;
          continue;
        }
        if (!quoted_cr) line_cr.add(line - 1);
        quoted_cr = false;
      }
      switch (state) {
        case State::FieldStart: {
          const char c = *p;
          if (c == ' ' && dialect.skip_initial_space && field_index > 0) {
            ++p;
            continue;
          }
          if (c == quote) {
            state = State::Quoted;
            field_quoted = true;
            quote_line = line;
            ++p;
            continue;
          }
          state = State::Unquoted;
          [[fallthrough]];
        }
        case State::Unquoted: {
          const char* s = p;
          p = scan_unquoted(p, end);
          cur->append_bytes(s, p - s);
          if (p == end) break;
          const char c = *p++;
          if (c == delim) {
            end_field();
          } else if (c == '\n') {
            line_lf.add(line);
            line_break();
          } else if (c == '\r') {
            if (p == end) {
              pending_cr = true;  // counted when the next byte is known
            } else if (*p == '\n') {
              line_crlf.add(line);
              ++p;
            } else {
              line_cr.add(line);
            }
            line_break();
          } else {  // NUL byte: dropped, counted
            nul_bytes.add(line);
          }
          break;
        }
        case State::Quoted: {
          const char* s = p;
          p = scan_quoted(p, end);
          cur->append_bytes(s, p - s);
          if (p == end) break;
          const char c = *p++;
          if (c == quote) {
            state = State::QuoteInQuoted;
          } else if (c == '\0') {
            nul_bytes.add(line);
          } else {  // a line break inside a quoted field is data
            cur->append_bytes(&c, 1);
            ++line;
            if (c == '\r') {
              if (p == end) {
                pending_cr = quoted_cr = true;
              } else if (*p == '\n') {
                cur->append_bytes(p++, 1);
              }
            }
          }
          break;
        }
        case State::QuoteInQuoted: {
          const char c = *p;
          if (c == quote) {  // "" is an escaped quote
            cur->append_bytes(&quote, 1);
            state = State::Quoted;
            ++p;
          } else {
            // The closing quote. Text after it is kept as part of the value (lenient).
            if (c != delim && c != '\n' && c != '\r') bad_quote_text.add(line);
            state = State::Unquoted;
          }
          break;
        }
      }
    }
  }
  Tally line_dummy;
  bool quoted_cr = false;

  /// True when the current line is blank: no field yet and an empty (or, with several
  /// columns, whitespace-only) unquoted text.
  bool blank_line() const {
    if (field_index != 0 || field_quoted) return false;
    const std::string_view f = cur->pending();
    if (f.empty()) return true;
    return base_columns != 1 && f.find_first_not_of(" \t") == std::string_view::npos;
  }

  /// A line break outside quotes: ends the record, or skips a blank line.
  void line_break() {
    if (blank_line()) {
      blank_lines.add(record_line);
      cur->discard_pending();
      high_bits = 0;
      state = State::FieldStart;
    } else {
      end_field();
      end_row();
    }
    ++line;
    record_line = line;
  }

  CRM_INLINE void end_field() {
    if (high_bits) fix_encoding();
    if (cur != &scratch) {
      cur->end_value(missing(cur->pending()));
    } else {
      end_scratch_field();
    }
    ++field_index;
    retarget();
    field_quoted = false;
    high_bits = 0;
    state = State::FieldStart;
  }

  /// Moves a header, first-row or extra field out of the scratch column.
  CRM_NOINLINE void end_scratch_field() {
    (header_pending || !have_columns ? row_buffer : extras).emplace_back(scratch.pending());
    scratch.discard_pending();
  }

  /// Points `cur` at the column the next field belongs to.
  CRM_INLINE void retarget() {
    cur = (!header_pending && have_columns && field_index < base_columns)
              ? &table.columns[field_index]
              : &scratch;
  }

  /// Missing test with a fast path for values that cannot be blank or a null token.
  CRM_INLINE bool missing(std::string_view v) const {
    if (v.empty()) return true;
    const unsigned char f = static_cast<unsigned char>(v.front());
    if (f > ' ' && static_cast<unsigned char>(v.back()) > ' ' &&
        (v.size() > max_token || !token_first[f])) {
      return false;
    }
    return is_missing_value(v, table.null_tokens);
  }
  size_t max_token = 0;
  std::array<bool, 256> token_first{};  // first bytes of the null tokens

  /// Scans bytes up to the first one flagged by `stop` (8 at a time), ORing them into high_bits.
  template <typename Stop>
  const char* scan(const char* p, const char* end, uint64_t m1, uint64_t m2, Stop stop) {
    uint64_t acc = 0;
    while (end - p >= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      const uint64_t hit = has_byte(w, m1) | has_byte(w, m2) | has_byte(w, cr_mask) | has_zero(w);
      if (hit) {
        // The lowest flagged byte is exact (borrows only flag bytes above a true match).
        const int k = __builtin_ctzll(hit) >> 3;
        acc |= k ? (w & (~uint64_t{0} >> (64 - 8 * k))) : 0;
        p += k;
        high_bits |= (acc & kHighs) ? 0x80 : 0;
        return p;
      }
      acc |= w;
      p += 8;
    }
    while (p < end && !stop(static_cast<unsigned char>(*p))) {
      acc |= static_cast<unsigned char>(*p);
      ++p;
    }
    high_bits |= (acc & kHighs) ? 0x80 : 0;
    return p;
  }

  /// Scans unquoted bytes up to a delimiter, CR, LF or NUL.
  const char* scan_unquoted(const char* p, const char* end) {
    return scan(p, end, delim_mask, lf_mask, [this](unsigned char c) { return special[c] != 0; });
  }

  /// Scans quoted bytes up to a quote, CR, LF or NUL.
  const char* scan_quoted(const char* p, const char* end) {
    const unsigned char q = static_cast<unsigned char>(dialect.quote);
    return scan(p, end, quote_mask, lf_mask,
                [q](unsigned char c) { return c == q || c == '\n' || c == '\r' || c == 0; });
  }

  static constexpr uint64_t kOnes = 0x0101010101010101ull;
  static constexpr uint64_t kHighs = 0x8080808080808080ull;
  static uint64_t has_zero(uint64_t w) { return (w - kOnes) & ~w & kHighs; }
  static uint64_t has_byte(uint64_t w, uint64_t mask) { return has_zero(w ^ mask); }
  uint64_t delim_mask = 0, quote_mask = 0;
  static constexpr uint64_t lf_mask = kOnes * '\n', cr_mask = kOnes * '\r';
  std::vector<std::string> row_buffer;  // fields of the header row or the first row

  CRM_NOINLINE void fix_encoding() {
    const std::string_view f = cur->pending();
    if (enc::valid_utf8(f)) {
      ++utf8_multibyte_fields;
      return;
    }
    cp1252.add(line);
    std::string converted;
    converted.reserve(f.size() + f.size() / 2);
    enc::cp1252_to_utf8(f, converted);
    cur->replace_pending(converted);
  }

  void end_row() {
    if (header_pending) {
      define_columns(std::move(row_buffer));
      row_buffer.clear();
      header_pending = false;
      field_index = 0;
      retarget();
      return;
    }
    if (!have_columns) {  // no header: the first row sets the width
      std::vector<std::string> first = std::move(row_buffer);
      row_buffer.clear();
      std::vector<std::string> names;
      for (size_t i = 0; i < first.size(); ++i) names.push_back("column_" + std::to_string(i + 1));
      define_columns(std::move(names));
      for (size_t i = 0; i < first.size(); ++i) {
        table.columns[i].append(first[i], is_missing_value(first[i], table.null_tokens));
      }
    }
    if (field_index < base_columns) {  // pad short rows
      short_rows.add(record_line);
      for (size_t i = field_index; i < base_columns; ++i) table.columns[i].append({}, true);
    }
    if (!extras.empty() || table.columns.size() > base_columns) place_extras();
    ++table.rows;
    field_index = 0;
    retarget();
    if ((table.rows & 0xFFFF) == 0) check_cancel(cancel);
  }

  /// Extra fields beyond the header: empty ones are a trailing delimiter; others get columns.
  void place_extras() {
    const size_t extra_cols = table.columns.size() - base_columns;
    bool any_value = false;
    for (const std::string& e : extras) any_value |= !e.empty();
    if (!extras.empty() && !any_value && extra_cols == 0) {
      trailing_delims.add(record_line);
      extras.clear();
      return;
    }
    if (!extras.empty()) long_rows.add(record_line);
    while (table.columns.size() - base_columns < extras.size()) {
      Column c("extra_" + std::to_string(table.columns.size() - base_columns + 1));
      for (size_t r = 0; r < table.rows; ++r) c.append({}, true);
      table.columns.push_back(std::move(c));
    }
    for (size_t i = base_columns; i < table.columns.size(); ++i) {
      const size_t k = i - base_columns;
      if (k < extras.size()) {
        table.columns[i].append(extras[k], is_missing_value(extras[k], table.null_tokens));
      } else {
        table.columns[i].append({}, true);
      }
    }
    extras.clear();
  }

  void define_columns(std::vector<std::string> names) {
    have_columns = true;
    base_columns = names.size();
    table.columns.clear();
    table.columns.reserve(names.size() + 4);
    for (std::string& n : names) {
      table.columns.emplace_back(std::move(n));
    }
  }

  // ---------------------------------------------------------------- end of input

  Table finish() {
    if (!detected) {
      if (consumed == 0) {
        throw InputError("empty_file", "the file is empty (0 bytes); choose a file with data");
      }
      detect();
      std::string h = std::move(head);
      head.clear();
      decode(h.data() + detection.bom_size, h.size() - detection.bom_size);
    }
    if (utf16) {
      decoded.clear();
      utf16->finish(decoded);
      text(decoded.data(), decoded.size());
    }
    if (!sniffed) sniff(true);
    if (pending_cr && !quoted_cr) line_cr.add(line - 1);
    pending_cr = quoted_cr = false;
    if (state == State::Quoted) {
      unterminated.add(quote_line);
      state = State::Unquoted;
    }
    if (state != State::FieldStart || !cur->pending().empty() || field_index > 0) line_break();
    if (!have_columns) {
      if (header_pending && !row_buffer.empty()) {
        define_columns(std::move(row_buffer));
      } else {
        throw InputError("no_rows", "the file has no rows (only blank lines or a byte order mark)");
      }
    }
    finalize_columns();
    add_warnings();
    dialect.line_ending = line_ending_name();
    table.dialect = dialect;
    table.input_bytes = consumed;
    if (progress) progress(Progress{"load", consumed, options.expected_bytes, table.rows});
    return std::move(table);
  }

  std::string line_ending_name() const {
    const int kinds = (line_lf.count > 0) + (line_crlf.count > 0) + (line_cr.count > 0);
    if (kinds == 0) return "none";
    if (kinds > 1) return "mixed";
    return line_lf.count ? "LF" : line_crlf.count ? "CRLF" : "CR";
  }

  void finalize_columns() {
    auto& cols = table.columns;
    // A trailing delimiter on the header line (and every row) gives an empty, unnamed column.
    if (dialect.header && !cols.empty() && cols.back().name().empty() &&
        cols.size() == base_columns && cols.back().byte_size() == 0) {
      cols.pop_back();
      --base_columns;
      warn("trailing_delimiter",
           "every line ends with a delimiter; the empty last column was ignored", 1);
    }
    // Unique, non-empty names.
    std::vector<std::string> seen;
    uint64_t renamed = 0;
    for (size_t i = 0; i < cols.size(); ++i) {
      std::string name = cols[i].name();
      if (name.empty()) name = "column_" + std::to_string(i + 1);
      std::string unique = name;
      for (int k = 2; std::find(seen.begin(), seen.end(), unique) != seen.end(); ++k) {
        unique = name + "_" + std::to_string(k);
      }
      if (unique != cols[i].name()) {
        ++renamed;
        cols[i].set_name(unique);
      }
      seen.push_back(unique);
    }
    if (renamed && dialect.header) {
      warn("header_renamed",
           plural(renamed, "column name was", "column names were") +
               " empty or repeated in the header and got a unique name",
           1);
    }
  }

  void warn(std::string code, std::string message, int64_t at) {
    table.warnings.push_back(Warning{std::move(code), std::move(message), at});
  }

  void add_warnings() {
    if (unterminated.count) {
      warn("unterminated_quote",
           "line " + std::to_string(unterminated.first_line) +
               ": a quoted field opened here is never closed; everything after it was read "
               "into that field",
           unterminated.first_line);
    }
    if (short_rows.count) {
      warn("short_rows",
           plural(short_rows.count, "row has", "rows have") + " fewer than " +
               std::to_string(base_columns) + " fields and " +
               (short_rows.count == 1 ? "was" : "were") +
               " padded with missing values (first at line " +
               std::to_string(short_rows.first_line) + ")",
           short_rows.first_line);
    }
    if (long_rows.count) {
      warn("long_rows",
           plural(long_rows.count, "row has", "rows have") + " more than " +
               std::to_string(base_columns) + " fields; the extra values were kept in columns " +
               "named extra_1, extra_2, ... (first at line " +
               std::to_string(long_rows.first_line) + ")",
           long_rows.first_line);
    }
    if (trailing_delims.count) {
      warn("trailing_delimiter",
           plural(trailing_delims.count, "row ends", "rows end") +
               " with an extra empty field (a trailing delimiter), which was ignored (first at "
               "line " +
               std::to_string(trailing_delims.first_line) + ")",
           trailing_delims.first_line);
    }
    if (bad_quote_text.count) {
      warn("text_after_quote",
           plural(bad_quote_text.count, "field has", "fields have") +
               " text after the closing quote; it was kept as part of the value (first at line " +
               std::to_string(bad_quote_text.first_line) + ")",
           bad_quote_text.first_line);
    }
    if (nul_bytes.count) {
      warn("nul_bytes",
           plural(nul_bytes.count, "NUL byte was", "NUL bytes were") + " removed (first at line " +
               std::to_string(nul_bytes.first_line) + ")",
           nul_bytes.first_line);
    }
    if (cp1252.count) {
      dialect.encoding = utf8_multibyte_fields ? "UTF-8 + windows-1252" : "windows-1252";
      warn("not_utf8",
           plural(cp1252.count, "value is", "values are") + " not valid UTF-8 and " +
               (cp1252.count == 1 ? "was" : "were") + " read as Windows-1252 (first at line " +
               std::to_string(cp1252.first_line) + ")",
           cp1252.first_line);
    }
    if (utf16 && utf16->replaced()) {
      warn("bad_utf16",
           plural(utf16->replaced(), "invalid UTF-16 sequence was",
                  "invalid UTF-16 sequences were") +
               " replaced by U+FFFD",
           0);
    }
    if (blank_lines.count) {
      warn("blank_lines",
           plural(blank_lines.count, "blank line was", "blank lines were") +
               " skipped (first at line " + std::to_string(blank_lines.first_line) + ")",
           blank_lines.first_line);
    }
    if (table.rows == 0) warn("no_data_rows", "the file has a header but no data rows", 0);
  }
};

CsvReader::CsvReader(CsvOptions options, ProgressFn progress, CancelFlag cancel)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(progress), cancel)) {}
CsvReader::~CsvReader() = default;

void CsvReader::feed(const void* data, size_t size) {
  impl_->feed(static_cast<const char*>(data), size);
}

Table CsvReader::finish() {
  return impl_->finish();
}

uint64_t CsvReader::bytes_consumed() const {
  return impl_->consumed;
}

uint64_t CsvReader::rows_parsed() const {
  return impl_->table.rows;
}

Table read_csv(std::string_view bytes, const CsvOptions& options) {
  CsvReader reader(options);
  reader.feed(bytes.data(), bytes.size());
  return reader.finish();
}

}  // namespace crm
