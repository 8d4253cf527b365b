// The crmwb command-line driver, shared by the native tool and the WebAssembly build.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace crm {
class ProjectCipher;
}

namespace crm::cli {

/// An output file being written.
class OutFile {
 public:
  virtual ~OutFile() = default;
  /// Appends bytes.
  virtual void write(std::string_view bytes) = 0;
  /// Flushes and closes; throws std::runtime_error with a plain reason on failure.
  virtual void close() = 0;
};

/// What the driver needs from its host: files, standard output and standard error.
/// Errors are std::runtime_error whose message is a plain reason ("no such file").
class Io {
 public:
  virtual ~Io() = default;
  /// Size of a file in bytes, or 0 if unknown.
  virtual uint64_t file_size(const std::string& path) = 0;
  /// Streams a file's bytes to `chunk` in order.
  virtual void read_file(const std::string& path,
                         const std::function<void(const char*, size_t)>& chunk) = 0;
  /// Opens a file for writing (truncating).
  virtual std::unique_ptr<OutFile> open_write(const std::string& path) = 0;
  /// Writes to standard output.
  virtual void out(std::string_view text) = 0;
  /// Writes to standard error.
  virtual void err(std::string_view text) = 0;
  /// The cryptography for encrypted projects, or null when this host has none.
  virtual const ProjectCipher* cipher() { return nullptr; }
};

/// Runs `crmwb args...` (args excludes the program name). Returns the exit status:
/// 0 done, 1 bad input, 2 bad usage, 3 a validation rule of severity error failed.
int run(const std::vector<std::string>& args, Io& io);

/// Plain reason for an errno value, identical on every platform ("no such file", ...).
std::string errno_reason(int err);

}  // namespace crm::cli
