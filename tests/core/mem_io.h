// An in-memory host for the CLI driver (files in a map, stdout and stderr captured), shared by
// the tests that run crm::cli::run.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "app.h"

namespace crm::test {

/// Files in memory; stdout/stderr captured.
class MemIo : public crm::cli::Io {
 public:
  std::map<std::string, std::string> files;
  std::string out_text, err_text;

  uint64_t file_size(const std::string& path) override {
    auto it = files.find(path);
    return it == files.end() ? 0 : it->second.size();
  }
  void read_file(const std::string& path,
                 const std::function<void(const char*, size_t)>& chunk) override {
    auto it = files.find(path);
    if (it == files.end()) throw std::runtime_error("no such file");
    const std::string& s = it->second;
    for (size_t i = 0; i < s.size(); i += 3) chunk(s.data() + i, std::min<size_t>(3, s.size() - i));
  }
  class File : public crm::cli::OutFile {
   public:
    explicit File(std::string& dst) : dst_(dst) {}
    void write(std::string_view b) override { dst_.append(b); }
    void close() override {}

   private:
    std::string& dst_;
  };
  std::unique_ptr<crm::cli::OutFile> open_write(const std::string& path) override {
    if (path.rfind("/readonly/", 0) == 0) throw std::runtime_error("permission denied");
    files[path].clear();
    return std::make_unique<File>(files[path]);
  }
  void out(std::string_view t) override { out_text.append(t); }
  void err(std::string_view t) override { err_text.append(t); }
};

}  // namespace crm::test
