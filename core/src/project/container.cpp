// The project container: the fixed 56-byte header and the (optionally AES-256-GCM sealed) payload.
#include <cstring>

#include "crm/common.h"
#include "crm/project.h"

namespace crm {

namespace {

constexpr char kMagic[8] = {'C', 'R', 'M', 'W', 'B', 'P', 'R', 'J'};

void put_u16(std::string& s, uint16_t v) {
  s.push_back(static_cast<char>(v & 0xff));
  s.push_back(static_cast<char>(v >> 8));
}
void put_u32(std::string& s, uint32_t v) {
  for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u64(std::string& s, uint64_t v) {
  for (int i = 0; i < 8; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint64_t get_le(std::string_view s, size_t at, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(s[at + i]);
  return v;
}

}  // namespace

bool is_project_file(std::string_view bytes) {
  return bytes.size() >= sizeof kMagic && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0;
}

std::string project_header_bytes(const ProjectHeader& h) {
  std::string s(kMagic, sizeof kMagic);
  put_u16(s, h.version);
  put_u16(s, h.flags);
  s.push_back(static_cast<char>(h.kdf));
  s.push_back(static_cast<char>(h.cipher));
  put_u16(s, 0);
  put_u32(s, h.iterations);
  s.append(reinterpret_cast<const char*>(h.salt.data()), h.salt.size());
  s.append(reinterpret_cast<const char*>(h.nonce.data()), h.nonce.size());
  put_u64(s, h.payload_length);
  return s;
}

ProjectHeader read_project_header(std::string_view file) {
  return read_project_header(file, file.size());
}

ProjectHeader read_project_header(std::string_view file, uint64_t file_size) {
  if (!is_project_file(file.substr(0, sizeof kMagic))) {
    if (file.size() < sizeof kMagic && std::string_view(kMagic, file.size()) == file) {
      throw InputError("truncated_project", "the project file is cut short (" +
                                                std::to_string(file.size()) +
                                                " bytes): copy the whole file again");
    }
    throw InputError("not_project",
                     "not a crmwb project file (it does not start with CRMWBPRJ): open a .crmwb "
                     "file saved by crmwb, or load a CSV/XLSX file as a file");
  }
  if (file.size() < kProjectHeaderSize) {
    throw InputError("truncated_project", "the project file is cut short inside its header (" +
                                              std::to_string(file.size()) +
                                              " bytes): copy the whole file again");
  }
  ProjectHeader h;
  h.version = static_cast<uint16_t>(get_le(file, 8, 2));
  h.flags = static_cast<uint16_t>(get_le(file, 10, 2));
  h.kdf = static_cast<uint8_t>(file[12]);
  h.cipher = static_cast<uint8_t>(file[13]);
  const uint16_t reserved = static_cast<uint16_t>(get_le(file, 14, 2));
  h.iterations = static_cast<uint32_t>(get_le(file, 16, 4));
  std::memcpy(h.salt.data(), file.data() + 20, 16);
  std::memcpy(h.nonce.data(), file.data() + 36, 12);
  h.payload_length = get_le(file, 48, 8);
  if (h.version == 0 || h.version > kProjectVersion) {
    throw InputError("newer_project", "the project file has format version " +
                                          std::to_string(h.version) + "; this crmwb reads up to " +
                                          std::to_string(kProjectVersion) +
                                          ": open it with a newer crmwb");
  }
  if ((h.flags & ~kProjectEncrypted) != 0 || reserved != 0) {
    throw InputError("newer_project",
                     "the project file uses features this crmwb does not know (header flags " +
                         std::to_string(h.flags) + "): open it with a newer crmwb");
  }
  const bool enc = h.encrypted();
  if (enc ? (h.kdf != 1 || h.cipher != 1) : (h.kdf != 0 || h.cipher != 0 || h.iterations != 0)) {
    throw InputError("newer_project",
                     "the project file names a key derivation or cipher this crmwb does not know "
                     "(kdf " +
                         std::to_string(h.kdf) + ", cipher " + std::to_string(h.cipher) +
                         "): open it with a newer crmwb");
  }
  if (enc && (h.iterations < kProjectMinIterations || h.iterations > kProjectMaxIterations)) {
    throw InputError("bad_project", "the project file asks for " + std::to_string(h.iterations) +
                                        " PBKDF2 iterations; crmwb accepts " +
                                        std::to_string(kProjectMinIterations) + " to " +
                                        std::to_string(kProjectMaxIterations));
  }
  const uint64_t have = file_size - kProjectHeaderSize;
  if (have < h.payload_length) {
    throw InputError("truncated_project",
                     "the project file is cut short: " + std::to_string(have) + " of " +
                         std::to_string(h.payload_length) +
                         " payload bytes are there; copy the whole file again");
  }
  if (have > h.payload_length) {
    throw InputError("bad_project", "the project file has " +
                                        std::to_string(have - h.payload_length) +
                                        " bytes after its end: it was changed or joined with "
                                        "another file");
  }
  if (enc && h.payload_length < 16) {
    throw InputError("truncated_project", "the encrypted payload is shorter than its 16-byte tag");
  }
  return h;
}

std::string write_project(const Project& project, const ProjectSeal& seal) {
  const std::string payload = build_project_payload(project);
  ProjectHeader h;
  if (!seal.passphrase) {
    h.payload_length = payload.size();
    return project_header_bytes(h) + payload;
  }
  if (!seal.cipher) throw InputError("no_cipher", "encryption is not available in this build");
  if (seal.passphrase->empty()) {
    throw InputError("empty_passphrase", "the passphrase is empty: choose one, or save without");
  }
  if (seal.iterations < kProjectMinIterations || seal.iterations > kProjectMaxIterations) {
    throw InputError("bad_project", "PBKDF2 iterations must be from " +
                                        std::to_string(kProjectMinIterations) + " to " +
                                        std::to_string(kProjectMaxIterations));
  }
  h.flags = kProjectEncrypted;
  h.kdf = 1;
  h.cipher = 1;
  h.iterations = seal.iterations;
  seal.cipher->random(h.salt.data(), h.salt.size());
  seal.cipher->random(h.nonce.data(), h.nonce.size());
  h.payload_length = payload.size() + 16;
  const std::string header = project_header_bytes(h);
  const auto key = seal.cipher->derive_key(*seal.passphrase, h.salt, h.iterations);
  std::string sealed = seal.cipher->seal(key, h.nonce, header, payload);
  if (sealed.size() != h.payload_length) throw std::logic_error("cipher returned a wrong length");
  return header + sealed;
}

Project read_project(std::string_view file, const ProjectCipher* cipher,
                     const std::string* passphrase) {
  const ProjectHeader h = read_project_header(file);
  const std::string_view body = file.substr(kProjectHeaderSize);
  if (!h.encrypted()) return parse_project_payload(body);
  if (!passphrase) {
    throw InputError("passphrase_needed", "the project is encrypted: give its passphrase");
  }
  if (!cipher) throw InputError("no_cipher", "encryption is not available in this build");
  const auto key = cipher->derive_key(*passphrase, h.salt, h.iterations);
  std::string plain;
  if (!cipher->open(key, h.nonce, file.substr(0, kProjectHeaderSize), body, plain)) {
    throw InputError("wrong_passphrase",
                     "cannot decrypt the project: the passphrase is wrong or the file was changed "
                     "(its authentication tag does not match); nothing was loaded");
  }
  return parse_project_payload(plain);
}

nlohmann::json project_header_json(const ProjectHeader& h, uint64_t file_size) {
  static const char* hex = "0123456789abcdef";
  auto to_hex = [](const uint8_t* p, size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) {
      s.push_back(hex[p[i] >> 4]);
      s.push_back(hex[p[i] & 15]);
    }
    return s;
  };
  nlohmann::json j = nlohmann::json::object();
  j["format"] = "crmwb project";
  j["version"] = h.version;
  j["encrypted"] = h.encrypted();
  if (h.encrypted()) {
    j["kdf"] = "PBKDF2-HMAC-SHA256";
    j["iterations"] = h.iterations;
    j["salt"] = to_hex(h.salt.data(), h.salt.size());
    j["cipher"] = "AES-256-GCM";
    j["nonce"] = to_hex(h.nonce.data(), h.nonce.size());
  }
  j["payload_bytes"] = h.payload_length;
  j["file_bytes"] = file_size;
  return j;
}

}  // namespace crm
