// Native entry point of the crmwb tool: real files and standard streams for the shared driver.
#include <sys/stat.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "app.h"
#include "crypto_openssl.h"

namespace {

/// A file written with stdio.
class NativeOutFile : public crm::cli::OutFile {
 public:
  explicit NativeOutFile(FILE* f) : f_(f) {}
  ~NativeOutFile() override {
    if (f_) std::fclose(f_);
  }
  void write(std::string_view bytes) override {
    if (std::fwrite(bytes.data(), 1, bytes.size(), f_) != bytes.size()) {
      throw std::runtime_error(crm::cli::errno_reason(errno));
    }
  }
  void close() override {
    FILE* f = f_;
    f_ = nullptr;
    if (std::fclose(f) != 0) throw std::runtime_error(crm::cli::errno_reason(errno));
  }

 private:
  FILE* f_;
};

/// Files and streams of the operating system.
class NativeIo : public crm::cli::Io {
 public:
  uint64_t file_size(const std::string& path) override {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    return static_cast<uint64_t>(st.st_size);
  }
  void read_file(const std::string& path,
                 const std::function<void(const char*, size_t)>& chunk) override {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      throw std::runtime_error(crm::cli::errno_reason(EISDIR));
    }
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw std::runtime_error(crm::cli::errno_reason(errno));
    std::vector<char> buf(4 << 20);
    for (;;) {
      const size_t n = std::fread(buf.data(), 1, buf.size(), f);
      if (n > 0) {
        try {
          chunk(buf.data(), n);
        } catch (...) {
          std::fclose(f);
          throw;
        }
      }
      if (n < buf.size()) {
        const bool failed = std::ferror(f);
        const int err = errno;
        std::fclose(f);
        if (failed) throw std::runtime_error(crm::cli::errno_reason(err));
        return;
      }
    }
  }
  std::unique_ptr<crm::cli::OutFile> open_write(const std::string& path) override {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) throw std::runtime_error(crm::cli::errno_reason(errno));
    return std::make_unique<NativeOutFile>(f);
  }
  void out(std::string_view text) override { std::fwrite(text.data(), 1, text.size(), stdout); }
  void err(std::string_view text) override { std::fwrite(text.data(), 1, text.size(), stderr); }
  const crm::ProjectCipher* cipher() override { return &cipher_; }

 private:
  crm::cli::OpenSslCipher cipher_;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  NativeIo io;
  const int status = crm::cli::run(args, io);
  std::fflush(stdout);
  return status;
}
