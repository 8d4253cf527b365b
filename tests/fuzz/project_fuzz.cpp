// libFuzzer target: the project reader (header, payload, manifest, history) must answer any bytes
// with a project or an InputError — never a crash, a hang or another exception — and a project it
// read must write back to bytes that read the same.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "crm/common.h"
#include "crm/project.h"
#include "crm/workbench.h"

namespace {

/// A stand-in cipher (no cryptography): the "ciphertext" is the plaintext and the tag 16 zero
/// bytes, so the fuzzer reaches the payload parser behind an encrypted header too.
class IdentityCipher : public crm::ProjectCipher {
 public:
  void random(uint8_t* out, size_t n) const override {
    for (size_t i = 0; i < n; ++i) out[i] = 0;
  }
  std::array<uint8_t, 32> derive_key(std::string_view, const std::array<uint8_t, 16>&,
                                     uint32_t) const override {
    return {};
  }
  void seal(const std::array<uint8_t, 32>&, const std::array<uint8_t, 12>&, std::string_view,
            std::string_view p, char* out) const override {
    std::memcpy(out, p.data(), p.size());
    std::memset(out + p.size(), 0, 16);
  }
  bool open(const std::array<uint8_t, 32>&, const std::array<uint8_t, 12>&, std::string_view,
            std::string_view s, char* out) const override {
    if (s.size() < 16 || s.substr(s.size() - 16) != std::string(16, '\0')) return false;
    std::memcpy(out, s.data(), s.size() - 16);
    return true;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  static const IdentityCipher cipher;
  const std::string pass = "x";
  try {
    const crm::Project p = crm::read_project(bytes, &cipher, &pass);
    size_t undone = 0;
    try {
      crm::project_history(p.manifest, undone);
    } catch (const crm::InputError&) {
    }
    // Replaying the history (the kept columns of result steps included) on a small file.
    if (p.file_bytes.size() <= 4096) {
      try {
        crm::Workbench wb;
        wb.begin_load({});
        wb.feed(p.file_bytes.data(), p.file_bytes.size());
        wb.finish_load();
        wb.profile();
        crm::replay_project_history(wb, p.manifest, false);
      } catch (const crm::InputError&) {
      }
    }
    const std::string again = crm::write_project(p, crm::ProjectSeal{});
    const crm::Project q = crm::read_project(again, nullptr, nullptr);
    if (q.file_bytes != p.file_bytes || q.manifest != p.manifest) std::abort();
  } catch (const crm::InputError&) {
  }
  // The payload parser on its own.
  try {
    crm::parse_project_payload(bytes);
  } catch (const crm::InputError&) {
  }
  return 0;
}
