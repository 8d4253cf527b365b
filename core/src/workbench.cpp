// The facade shared by the CLI and the WebAssembly bindings.
#include "crm/workbench.h"

#include <chrono>
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

Workbench::Workbench()
    : today_(std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count() /
             86400) {}
Workbench::~Workbench() = default;

void Workbench::begin_load(const CsvOptions& options, ProgressFn progress, CancelFlag cancel) {
  profiler_.reset();  // before the table it reads
  table_.reset();
  profile_.reset();
  versions_.clear();
  current_ = 0;
  base_profile_.reset();
  verdicts_ = RowVerdicts();
  hashes_ = RowHashes();
  view_.clear();
  has_view_ = false;
  validator_.reset();
  validation_.reset();
  dedupe_.reset();
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
  reset_versions();
}

const Table& Workbench::table() const {
  if (!table_) throw std::logic_error("no table is loaded");
  return *table_;
}

uint64_t Workbench::bytes_loaded() const {
  return reader_ ? reader_->bytes_consumed() : 0;
}

uint64_t Workbench::rows_loaded() const {
  return reader_ ? reader_->rows_parsed() : table_ ? table_->rows : 0;
}

const Profile& Workbench::profile(const ProfileOptions& options, ProgressFn progress,
                                  CancelFlag cancel) {
  begin_profile(options);
  try {
    profiler_->run(std::move(progress), cancel);
  } catch (...) {
    profiler_.reset();
    throw;
  }
  return finish_profile(cancel);
}

void Workbench::begin_profile(const ProfileOptions& options) {
  profiler_.reset();
  ProfileOptions o = options;
  o.row_verdicts = true;
  profile_options_ = o;
  quality_options_ = o.quality;
  profiler_ = std::make_unique<TableProfiler>(table(), o);
}

bool Workbench::profile_step(size_t& done, size_t& total, CancelFlag cancel) {
  if (!profiler_) throw std::logic_error("profile_step() before begin_profile()");
  total = profiler_->columns();
  if (profiler_->finished()) {
    done = total;
    return false;
  }
  try {
    profiler_->step(cancel);
  } catch (...) {
    profiler_.reset();
    throw;
  }
  done = profiler_->done();
  return true;
}

const Profile& Workbench::finish_profile(CancelFlag cancel) {
  if (!profiler_ || !profiler_->finished()) {
    throw std::logic_error("finish_profile() before the last profile_step()");
  }
  std::unique_ptr<TableProfiler> run = std::move(profiler_);
  profile_ = std::make_unique<Profile>(run->finish(cancel));
  verdicts_ = run->take_row_verdicts();
  hashes_ = run->take_row_hashes();
  if (current_ == 0) base_profile_ = std::make_unique<Profile>(*profile_);
  apply_dedupe_quality();
  return *profile_;
}

const Profile& Workbench::rescore(const QualityOptions& options) {
  if (!profile_) throw std::logic_error("rescore() before profile()");
  profile_->quality = compute_quality(*profile_, options);
  quality_options_ = options;
  if (const ValidationReport* v = validation())
    set_accuracy(profile_->quality, v->records_passing_all, v->records, !v->results.empty(),
                 options);
  apply_dedupe_quality();
  view_.clear();
  has_view_ = false;
  return *profile_;
}

size_t Workbench::set_view(const ViewSpec& spec, CancelFlag cancel) {
  if (!profile_) throw std::logic_error("set_view() before profile()");
  if (spec.filters.empty() && !spec.sort) {
    view_.clear();
    has_view_ = false;
  } else {
    ViewSpec with_rows = spec;
    for (RowFilter& f : with_rows.filters) {
      if (f.kind != FilterKind::Rule || f.rows) continue;
      size_t index = 0;
      if (f.value != "any") {
        try {
          index = std::stoul(f.value);
        } catch (const std::exception&) {
          throw InputError("bad_view", "a rule filter's value must be a rule number or \"any\"");
        }
        if (index == 0) throw InputError("bad_view", "rules are numbered from 1");
      }
      f.rows = rule_rows(index);
    }
    view_ = select_rows(table(), *profile_, verdicts_, with_rows, cancel);
    has_view_ = true;
  }
  return view_size();
}

size_t Workbench::view_size() const {
  return has_view_ ? view_.size() : table().rows;
}

ViewWindow Workbench::view_window(size_t begin, size_t end) const {
  const Table& t = table();
  ViewWindow w;
  end = std::min(end, view_size());
  for (size_t i = begin; i < end; ++i) {
    const size_t r = view_row(i);
    w.index.push_back(static_cast<uint32_t>(r));
    std::vector<std::string> row;
    std::vector<uint8_t> flags;
    for (size_t c = 0; c < t.columns.size(); ++c) {
      row.emplace_back(t.columns[c].value(r));
      flags.push_back(profile_ ? verdicts_.cells[c][r] & kCellFlagMask
                               : static_cast<uint8_t>(t.columns[c].missing(r) ? kCellMissing : 0));
    }
    w.rows.push_back(std::move(row));
    w.flags.push_back(std::move(flags));
  }
  return w;
}

ExportStats Workbench::export_table(const ExportOptions& options, const ByteSink& sink,
                                    CancelFlag cancel) const {
  ExportStats stats;
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
  const size_t nrows = options.view_only ? view_size() : t.rows;
  auto row_at = [&](size_t i) { return options.view_only ? view_row(i) : i; };
  auto csv_field = [&](std::string_view v) {
    if (options.neutralize && formula_risk(v)) {
      ++stats.neutralized;
      std::string prefixed(1, '\'');
      prefixed += v;
      write_csv_field(buf, prefixed);
    } else {
      write_csv_field(buf, v);
    }
  };
  // JSON strings: nlohmann's dump escapes; invalid UTF-8 cannot occur (the reader converts).
  auto json_string = [&](std::string_view v) { buf += nlohmann::json(std::string(v)).dump(); };
  switch (options.format) {
    case ExportFormat::Csv: {
      if (options.bom) buf += "\xEF\xBB\xBF";
      if (t.dialect.header) {
        for (size_t c = 0; c < ncols; ++c) {
          if (c) buf.push_back(',');
          csv_field(t.columns[c].name());
        }
        buf += "\r\n";
      }
      for (size_t i = 0; i < nrows; ++i) {
        const size_t r = row_at(i);
        for (size_t c = 0; c < ncols; ++c) {
          if (c) buf.push_back(',');
          csv_field(t.columns[c].value(r));
        }
        buf += "\r\n";
        if ((i & 0x3FFF) == 0) check_cancel(cancel);
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
      for (size_t i = 0; i < nrows; ++i) {
        const size_t r = row_at(i);
        if (!lines) buf += i ? ",\n" : "\n";
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
        if ((i & 0x3FFF) == 0) check_cancel(cancel);
        flush(false);
      }
      if (!lines) buf += nrows ? "\n]\n" : "]\n";
      break;
    }
  }
  flush(true);
  return stats;
}

ValidationReport Workbench::validate(const Rules& rules, const Table* other,
                                     const ValidateOptions& options, CancelFlag cancel) const {
  const std::vector<std::string> other_names = other ? other->names() : std::vector<std::string>();
  check_rule_columns(rules, table().names(), other ? &other_names : nullptr);
  return validate_table(table(), rules, other, options, cancel);
}

void Workbench::begin_validate(const Rules& rules, const Table* other,
                               const ValidateOptions& options) {
  validator_.reset();
  const std::vector<std::string> other_names = other ? other->names() : std::vector<std::string>();
  check_rule_columns(rules, table().names(), other ? &other_names : nullptr);
  validator_ = std::make_unique<Validator>(table(), rules, other, options);
}

bool Workbench::validate_step(size_t& done, size_t& total, CancelFlag cancel) {
  if (!validator_) throw std::logic_error("validate_step() before begin_validate()");
  total = validator_->total();
  bool more = false;
  try {
    more = validator_->step(cancel);
  } catch (...) {
    validator_.reset();
    throw;
  }
  done = validator_->done();
  return more;
}

const ValidationReport& Workbench::finish_validate() {
  if (!validator_ || validator_->done() < validator_->total())
    throw std::logic_error("finish_validate() before the last validate_step()");
  if (!profile_) throw std::logic_error("finish_validate() before profile()");
  auto kept = std::make_unique<KeptValidation>();
  kept->table = validator_->table();
  kept->report = validator_->finish();
  validator_.reset();
  std::vector<uint8_t> any(kept->report.records, 0);
  kept->rows.emplace_back();  // [0]: any rule, below
  for (const RuleResult& r : kept->report.results) {
    for (uint32_t row : r.failing_rows) any[row] = 1;
    kept->rows.push_back(std::make_shared<const std::vector<uint32_t>>(r.failing_rows));
  }
  auto failing_any = std::make_shared<std::vector<uint32_t>>();
  for (size_t r = 0; r < any.size(); ++r)
    if (any[r]) failing_any->push_back(static_cast<uint32_t>(r));
  kept->rows[0] = std::move(failing_any);
  validation_ = std::move(kept);
  const ValidationReport& report = validation_->report;
  // Only when the table did not change during the run (a step between two validate_step calls):
  // accuracy belongs to the version the rules ran on.
  if (validation())
    set_accuracy(profile_->quality, report.records_passing_all, report.records,
                 !report.results.empty(), quality_options_);
  return report;
}

const ValidationReport& Workbench::run_rules(const Rules& rules, const Table* other,
                                             const ValidateOptions& options, CancelFlag cancel) {
  begin_validate(rules, other, options);
  size_t done = 0, total = 0;
  while (validate_step(done, total, cancel)) {
  }
  return finish_validate();
}

void Workbench::clear_validation() {
  validator_.reset();
  validation_.reset();
  if (profile_) set_accuracy(profile_->quality, 0, 0, false, quality_options_);
}

const ValidationReport* Workbench::validation() const {
  if (!validation_ || !table_) return nullptr;
  const Table& now = table();
  const Table& then = validation_->table;
  if (now.rows != then.rows || now.columns.size() != then.columns.size()) return nullptr;
  for (size_t i = 0; i < now.columns.size(); ++i)
    if (!now.columns.same(i, then.columns, i)) return nullptr;
  return &validation_->report;
}

std::shared_ptr<const std::vector<uint32_t>> Workbench::rule_rows(size_t index) const {
  if (!validation() || index >= validation_->rows.size()) return nullptr;
  return validation_->rows[index];
}

}  // namespace crm
