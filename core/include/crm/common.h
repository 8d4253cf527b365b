// Shared small types used by every module of the crmwb core.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace crm {

/// A non-fatal problem found in the input: machine code, plain message, 1-based line (0 = none).
struct Warning {
  std::string code;
  std::string message;
  int64_t line = 0;
};

/// Progress of a long operation: what stage, how far (done of total, in the stage's unit).
struct Progress {
  std::string stage;  // "load", "profile", ...
  uint64_t done = 0;
  uint64_t total = 0;  // 0 when unknown
  uint64_t rows = 0;   // rows seen so far
};

/// Receives progress reports; may be empty.
using ProgressFn = std::function<void(const Progress&)>;

/// Cooperative cancellation flag polled by long loops; may be null.
using CancelFlag = const std::atomic<bool>*;

/// Bad input that stops an operation: code, message naming the problem, 1-based line (0 = none).
class InputError : public std::runtime_error {
 public:
  InputError(std::string code, const std::string& message, int64_t line = 0)
      : std::runtime_error(message), code_(std::move(code)), line_(line) {}
  /// Machine-readable error code, e.g. "empty_file", "binary_file".
  const std::string& code() const { return code_; }
  /// 1-based line the problem was found on, 0 if not tied to a line.
  int64_t line() const { return line_; }

 private:
  std::string code_;
  int64_t line_;
};

/// Thrown when a cancel flag was raised during an operation.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

/// `n` with thousands separators, as messages show counts: "2,801".
inline std::string group_thousands(uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string s;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) s.push_back(',');
    s.push_back(digits[i]);
  }
  return s;
}

/// Throws Cancelled if the flag is set.
inline void check_cancel(CancelFlag cancel) {
  if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
}

/// The default null tokens: values read as missing besides empty/whitespace-only.
inline std::vector<std::string> default_null_tokens() {
  return {"NULL", "null", "N/A", "n/a", "NA", "None", "-"};
}

}  // namespace crm
