// CSV reading (push parser, dialect and encoding sniffing) into a Table, and CSV writing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/common.h"
#include "crm/table.h"

namespace crm {

/// Whether the first row is a header.
enum class HeaderMode { Auto, Yes, No };

/// Options for reading a CSV; unset fields are sniffed.
struct CsvOptions {
  char delimiter = 0;  // 0 = sniff among , ; TAB |
  HeaderMode header = HeaderMode::Auto;
  std::vector<std::string> null_tokens = default_null_tokens();
  uint64_t expected_bytes = 0;  // total input size if known (for progress and pre-allocation)
};

/// Streaming CSV reader: feed() bytes in any chunking, then finish() returns the table.
/// The result does not depend on how the input was split into chunks.
class CsvReader {
 public:
  explicit CsvReader(CsvOptions options = {}, ProgressFn progress = {},
                     CancelFlag cancel = nullptr);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  /// Consumes the next chunk of bytes. Throws InputError for input that cannot be a CSV.
  void feed(const void* data, size_t size);
  /// Ends the input and returns the table. Throws InputError (e.g. empty file).
  Table finish();
  /// Bytes consumed so far.
  uint64_t bytes_consumed() const;
  /// Complete rows parsed so far.
  uint64_t rows_parsed() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reads a whole in-memory CSV (convenience for tests and small inputs).
Table read_csv(std::string_view bytes, const CsvOptions& options = {});

/// Sniffs the dialect of a UTF-8 sample (delimiter, header, skip_initial_space, line ending).
Dialect sniff_dialect(std::string_view sample, const CsvOptions& options = {});

/// Options for writing CSV.
struct CsvWriteOptions {
  char delimiter = ',';
  bool header = true;
  bool bom = false;  // prefix a UTF-8 byte order mark (Excel)
  std::string newline = "\r\n";
};

/// True when a spreadsheet could run `field` as a formula (OWASP CSV injection): it starts with a
/// tab or CR, or one of its lines starts (after spaces and tabs) with = or @, or with + or -
/// followed by anything but digits, spaces and . , - ( ) (so numbers, phone numbers and "--"
/// placeholders are data). The rule of tests/data/formula_cases.json, shared with web/xlsx.js.
bool formula_risk(std::string_view field);

/// Appends one field to `out`, quoted when it holds a delimiter, quote, CR or LF (RFC 4180).
void write_csv_field(std::string& out, std::string_view field, char delimiter = ',');

}  // namespace crm
