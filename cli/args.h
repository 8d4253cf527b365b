// Shared pieces of the crmwb command-line driver: argument walking, option parsers, output files.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "app.h"
#include "crm/workbench.h"

namespace crm::cli {

/// A usage problem: message for stderr, exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Walks the argument list: positionals and --options with values.
class Args {
 public:
  explicit Args(const std::vector<std::string>& a) : a_(a) {}
  bool done() const { return i_ >= a_.size(); }
  const std::string& next() { return a_[i_++]; }
  const std::string& value(const std::string& opt) {
    if (done()) throw UsageError(opt + " needs a value");
    return next();
  }

 private:
  const std::vector<std::string>& a_;
  size_t i_ = 0;
};

/// A failure to write an output file: path and plain reason.
struct WriteError : std::runtime_error {
  WriteError(const std::string& path, const std::string& reason)
      : std::runtime_error(path + ": cannot write: " + reason) {}
};

/// An output file whose failures name the file.
class Writer {
 public:
  Writer(Io& io, std::string path) : path_(std::move(path)) {
    try {
      f_ = io.open_write(path_);
    } catch (const std::runtime_error& e) {
      throw WriteError(path_, e.what());
    }
  }
  /// A sink appending to the file.
  ByteSink sink() {
    return [this](std::string_view b) {
      try {
        f_->write(b);
      } catch (const std::runtime_error& e) {
        throw WriteError(path_, e.what());
      }
    };
  }
  /// Flushes and closes the file.
  void close() {
    try {
      f_->close();
    } catch (const std::runtime_error& e) {
      throw WriteError(path_, e.what());
    }
  }

 private:
  std::string path_;
  std::unique_ptr<OutFile> f_;
};

/// A whole number option value; UsageError otherwise.
uint64_t parse_count(const std::string& opt, const std::string& v);
/// A number option value; UsageError otherwise.
double parse_real(const std::string& opt, const std::string& v);
/// Days since 1970-01-01 of a valid YYYY-MM-DD option value; UsageError otherwise.
int64_t parse_day(const std::string& opt, const std::string& v);
/// Reads one CSV option if `opt` is one; returns false otherwise.
bool csv_option(const std::string& opt, Args& args, CsvOptions& o);
/// Loads `path` through the workbench, streaming it from the host.
void load(Io& io, const std::string& path, CsvOptions options, Workbench& wb);
/// Reads a whole (small) file such as a rules file; InputError past 16 MiB.
std::string read_small(Io& io, const std::string& path, const char* what);
/// Writes the table's warnings to stderr, one line each.
void print_warnings(Io& io, const std::string& path, const Table& t);

/// crmwb find (cli/find.cpp): one person's records, why each matched; the rows as CSV and an
/// erase_rows recipe on request.
int cmd_find(Args& args, Io& io, std::string& file);
/// crmwb segment (cli/segment.cpp); `file` names the input being read for error messages.
int cmd_segment(Args& args, Io& io, std::string& file);
/// crmwb analyze (cli/analyze.cpp): comparisons and associations, printed, nothing written.
int cmd_analyze(Args& args, Io& io, std::string& file);

}  // namespace crm::cli
