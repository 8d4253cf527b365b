// The one facade the CLI and the WebAssembly bindings call: load, profile, convert.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "crm/csv.h"
#include "crm/generate.h"
#include "crm/profile.h"
#include "crm/table.h"

namespace crm {

/// Output formats of convert.
enum class ExportFormat { Csv, Json, Jsonl };

/// Parses "csv", "json" or "jsonl" (or a file name ending in one); false when unknown.
bool parse_export_format(std::string_view name_or_path, ExportFormat& out);

/// Options for export.
struct ExportOptions {
  ExportFormat format = ExportFormat::Csv;
  bool bom = false;  // CSV only: UTF-8 BOM for Excel
};

/// Holds one loaded table and runs the operations on it.
class Workbench {
 public:
  Workbench();
  ~Workbench();

  /// Starts loading a new file (drops any loaded table).
  void begin_load(const CsvOptions& options, ProgressFn progress = {}, CancelFlag cancel = nullptr);
  /// Feeds the next chunk of the file being loaded.
  void feed(const void* data, size_t size);
  /// Ends loading; the table becomes available. Throws InputError.
  void finish_load();
  /// True when a table is loaded.
  bool loaded() const { return table_ != nullptr; }
  /// The loaded table (throws std::logic_error if none).
  const Table& table() const;
  /// Bytes fed so far in the current load.
  uint64_t bytes_loaded() const;
  /// Rows parsed so far in the current load.
  uint64_t rows_loaded() const;

  /// Profiles the loaded table.
  Profile profile(const ProfileOptions& options = {}, ProgressFn progress = {},
                  CancelFlag cancel = nullptr) const;
  /// Writes the loaded table in `options.format` to `sink`, in chunks.
  void export_table(const ExportOptions& options, const ByteSink& sink,
                    CancelFlag cancel = nullptr) const;

 private:
  std::unique_ptr<CsvReader> reader_;
  std::unique_ptr<Table> table_;
};

}  // namespace crm
