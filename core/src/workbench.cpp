// The facade shared by the CLI and the WebAssembly bindings.
#include "crm/workbench.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace crm {

namespace {
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
}  // namespace

bool parse_export_format(std::string_view s, ExportFormat& out) {
  if (s == "csv" || ends_with(s, ".csv")) {
    out = ExportFormat::Csv;
  } else if (s == "jsonl" || ends_with(s, ".jsonl") || ends_with(s, ".ndjson")) {
    out = ExportFormat::Jsonl;
  } else if (s == "json" || ends_with(s, ".json")) {
    out = ExportFormat::Json;
  } else {
    return false;
  }
  return true;
}

Workbench::Workbench() = default;
Workbench::~Workbench() = default;

void Workbench::begin_load(const CsvOptions& options, ProgressFn progress, CancelFlag cancel) {
  table_.reset();
  reader_ = std::make_unique<CsvReader>(options, std::move(progress), cancel);
}

void Workbench::feed(const void* data, size_t size) {
  if (!reader_) throw std::logic_error("feed() before begin_load()");
  reader_->feed(data, size);
}

void Workbench::finish_load() {
  if (!reader_) throw std::logic_error("finish_load() before begin_load()");
  std::unique_ptr<CsvReader> reader = std::move(reader_);
  table_ = std::make_unique<Table>(reader->finish());
}

const Table& Workbench::table() const {
  if (!table_) throw std::logic_error("no table is loaded");
  return *table_;
}

uint64_t Workbench::bytes_loaded() const { return reader_ ? reader_->bytes_consumed() : 0; }

uint64_t Workbench::rows_loaded() const {
  return reader_ ? reader_->rows_parsed() : table_ ? table_->rows : 0;
}

Profile Workbench::profile(const ProfileOptions& options, ProgressFn progress,
                           CancelFlag cancel) const {
  return profile_table(table(), options, std::move(progress), cancel);
}

void Workbench::export_table(const ExportOptions& options, const ByteSink& sink,
                             CancelFlag cancel) const {
  const Table& t = table();
  constexpr size_t kFlush = 1 << 20;
  std::string buf;
  buf.reserve(kFlush + 4096);
  auto flush = [&](bool force) {
    if (buf.size() >= kFlush || (force && !buf.empty())) {
      sink(buf);
      buf.clear();
    }
  };
  const size_t ncols = t.columns.size();
  // JSON strings: nlohmann's dump escapes; invalid UTF-8 cannot occur (the reader converts).
  auto json_string = [&](std::string_view v) {
    buf += nlohmann::json(std::string(v)).dump();
  };
  switch (options.format) {
    case ExportFormat::Csv: {
      if (options.bom) buf += "\xEF\xBB\xBF";
      if (t.dialect.header) {
        for (size_t c = 0; c < ncols; ++c) {
          if (c) buf.push_back(',');
          write_csv_field(buf, t.columns[c].name());
        }
        buf += "\r\n";
      }
      for (size_t r = 0; r < t.rows; ++r) {
        for (size_t c = 0; c < ncols; ++c) {
          if (c) buf.push_back(',');
          write_csv_field(buf, t.columns[c].value(r));
        }
        buf += "\r\n";
        if ((r & 0x3FFF) == 0) check_cancel(cancel);
        flush(false);
      }
      break;
    }
    case ExportFormat::Json:
    case ExportFormat::Jsonl: {
      const bool lines = options.format == ExportFormat::Jsonl;
      std::vector<std::string> keys;
      for (const Column& c : t.columns) keys.push_back(nlohmann::json(c.name()).dump());
      if (!lines) buf += "[";
      for (size_t r = 0; r < t.rows; ++r) {
        if (!lines) buf += r ? ",\n" : "\n";
        buf.push_back(t.dialect.header ? '{' : '[');
        for (size_t c = 0; c < ncols; ++c) {
          if (c) buf.push_back(',');
          if (t.dialect.header) {
            buf += keys[c];
            buf.push_back(':');
          }
          json_string(t.columns[c].value(r));
        }
        buf.push_back(t.dialect.header ? '}' : ']');
        if (lines) buf.push_back('\n');
        if ((r & 0x3FFF) == 0) check_cancel(cancel);
        flush(false);
      }
      if (!lines) buf += t.rows ? "\n]\n" : "]\n";
      break;
    }
  }
  flush(true);
}

}  // namespace crm
