// The project container: the fixed 56-byte header and the payload, optionally encrypted with
// AES-256-GCM — version 2 in segments by the STREAM construction (Hoang, Reyhanitabar, Rogaway,
// Vizár 2015, as in age and Tink's streaming AEAD), version 1 (still read) as one message.
#include <algorithm>
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

/// The associated data of segment `index`: the 56 header bytes and the index as a u64 LE.
std::string segment_aad(std::string_view header, uint64_t index) {
  std::string s(header);
  put_u64(s, index);
  return s;
}

/// Plaintext bytes per segment of a version-2 header.
uint64_t segment_size(const ProjectHeader& h) {
  return uint64_t{1} << h.segment_shift;
}

/// The payload as two pieces, so the file is not copied once more just to be encrypted: the part
/// before the file (u32 manifest length, manifest, u64 file length) and the file's bytes — when
/// build_project_payload lays it out so (README "Project files"); else the whole payload in `head`.
struct PayloadPieces {
  std::string head;
  std::string_view tail;
  /// Bytes of the payload.
  uint64_t size() const { return head.size() + tail.size(); }
  /// Payload bytes [at, at + n): a view inside one piece, or joined into `scratch`.
  std::string_view slice(uint64_t at, uint64_t n, std::string& scratch) const {
    n = std::min(n, size() - at);
    if (at + n <= head.size()) return std::string_view(head).substr(at, n);
    if (at >= head.size()) return tail.substr(at - head.size(), n);
    scratch.assign(head, at, head.size() - at);
    scratch.append(tail.substr(0, n - (head.size() - at)));
    return scratch;
  }
};

PayloadPieces payload_pieces(const Project& project) {
  if (!project.file_bytes.empty()) {
    Project bare;
    bare.manifest = project.manifest;
    std::string head = build_project_payload(bare);
    // The layout as documented: the head ends with the file length (0 here) and nothing follows.
    if (head.size() >= 12 && get_le(head, 0, 4) + 12 == head.size() &&
        get_le(head, head.size() - 8, 8) == 0) {
      head.resize(head.size() - 8);
      put_u64(head, project.file_bytes.size());
      return {std::move(head), project.file_bytes};
    }
  }
  return {build_project_payload(project), {}};
}

[[noreturn]] void changed(uint64_t index, uint64_t count) {
  throw InputError("changed_project",
                   "cannot decrypt the project: part " + std::to_string(index + 1) + " of " +
                       std::to_string(count) +
                       " fails its authentication check, so the file was changed, cut or "
                       "reassembled after it was saved; nothing was loaded");
}

}  // namespace

uint64_t ProjectHeader::segments() const {
  if (!encrypted()) return 0;
  if (!segmented()) return 1;
  // Every segment but the last holds S plaintext bytes; the last 1..S (0 only when it is the
  // only one): k = max(1, ceil(L / (S + 16))).
  const uint64_t c = segment_size(*this) + kProjectTagSize;
  return payload_length <= c ? 1 : (payload_length + c - 1) / c;
}

std::array<uint8_t, 12> project_segment_nonce(const std::array<uint8_t, 12>& nonce, uint64_t index,
                                              bool last) {
  std::array<uint8_t, 12> n = nonce;
  if (last) n[0] ^= 1;
  for (int b = 0; b < 8; ++b) n[11 - b] ^= static_cast<uint8_t>(index >> (8 * b));
  return n;
}

bool is_project_file(std::string_view bytes) {
  return bytes.size() >= sizeof kMagic && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0;
}

std::string project_header_bytes(const ProjectHeader& h) {
  std::string s(kMagic, sizeof kMagic);
  put_u16(s, h.version);
  put_u16(s, h.flags);
  s.push_back(static_cast<char>(h.kdf));
  s.push_back(static_cast<char>(h.cipher));
  s.push_back(static_cast<char>(h.segment_shift));
  s.push_back('\0');
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
  h.segment_shift = static_cast<uint8_t>(file[14]);
  const uint8_t reserved = static_cast<uint8_t>(file[15]);
  h.iterations = static_cast<uint32_t>(get_le(file, 16, 4));
  std::memcpy(h.salt.data(), file.data() + 20, 16);
  std::memcpy(h.nonce.data(), file.data() + 36, 12);
  h.payload_length = get_le(file, 48, 8);
  if (h.version == 0 || h.version > kProjectContainerVersion) {
    throw InputError("newer_project", "the project file has format version " +
                                          std::to_string(h.version) + "; this crmwb reads up to " +
                                          std::to_string(kProjectContainerVersion) +
                                          ": open it with a newer crmwb");
  }
  // Version 1 has a reserved u16 at 14; version 2 keeps the segment size at 14 (encrypted only).
  const bool shift_ok = h.segmented() ? h.segment_shift >= kProjectMinSegmentShift &&
                                            h.segment_shift <= kProjectMaxSegmentShift
                                      : h.segment_shift == 0;
  if ((h.flags & ~kProjectEncrypted) != 0 || reserved != 0 || !shift_ok) {
    throw InputError("newer_project",
                     "the project file uses features this crmwb does not know (header flags " +
                         std::to_string(h.flags) + ", segment size 2^" +
                         std::to_string(h.segment_shift) + "): open it with a newer crmwb");
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
  if (enc && h.payload_length < kProjectTagSize) {
    throw InputError("truncated_project", "the encrypted payload is shorter than its 16-byte tag");
  }
  if (h.segmented()) {
    // Only the last segment may be shorter, and it holds at least one byte unless it is alone.
    const uint64_t c = segment_size(h) + kProjectTagSize;
    const uint64_t last = h.payload_length - (h.segments() - 1) * c;
    if (last <= kProjectTagSize && h.segments() > 1) {
      throw InputError("bad_project", "the project file's payload length (" +
                                          std::to_string(h.payload_length) +
                                          " bytes) does not fit its encrypted segments");
    }
  }
  return h;
}

std::string write_project(const Project& project, const ProjectSeal& seal) {
  const PayloadPieces payload = payload_pieces(project);
  ProjectHeader h;
  if (!seal.passphrase) {
    h.payload_length = payload.size();
    std::string out = project_header_bytes(h);
    out.reserve(kProjectHeaderSize + payload.size());
    out += payload.head;
    out += payload.tail;
    return out;
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
  if (seal.segment_shift < kProjectMinSegmentShift ||
      seal.segment_shift > kProjectMaxSegmentShift) {
    throw std::logic_error("project segment size out of range");
  }
  h.segment_shift = seal.segment_shift;
  seal.cipher->random(h.salt.data(), h.salt.size());
  seal.cipher->random(h.nonce.data(), h.nonce.size());
  const uint64_t size = segment_size(h);
  const uint64_t count = payload.size() == 0 ? 1 : (payload.size() + size - 1) / size;
  h.payload_length = payload.size() + count * kProjectTagSize;
  const std::string header = project_header_bytes(h);
  const auto key = seal.cipher->derive_key(*seal.passphrase, h.salt, h.iterations);
  std::string out(kProjectHeaderSize + h.payload_length, '\0');
  std::memcpy(out.data(), header.data(), header.size());
  char* o = out.data() + kProjectHeaderSize;
  std::string scratch;
  for (uint64_t i = 0; i < count; ++i) {
    const std::string_view piece = payload.slice(i * size, size, scratch);
    seal.cipher->seal(key, project_segment_nonce(h.nonce, i, i + 1 == count),
                      segment_aad(header, i), piece, o);
    o += piece.size() + kProjectTagSize;
  }
  return out;
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
  const std::string_view header = file.substr(0, kProjectHeaderSize);
  std::string plain(h.plain_length(), '\0');
  const uint64_t count = h.segments();
  const uint64_t csize = h.segmented() ? segment_size(h) + kProjectTagSize : body.size();
  for (uint64_t i = 0; i < count; ++i) {
    const std::string_view piece = body.substr(i * csize, csize);
    const bool ok = h.segmented()
                        ? cipher->open(key, project_segment_nonce(h.nonce, i, i + 1 == count),
                                       segment_aad(header, i), piece,
                                       plain.data() + i * (csize - kProjectTagSize))
                        : cipher->open(key, h.nonce, header, piece, plain.data());
    if (ok) continue;
    std::fill(plain.begin(), plain.end(), '\0');
    if (i > 0) changed(i, count);
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
    if (h.segmented()) {
      j["segment_bytes"] = segment_size(h);
      j["segments"] = h.segments();
    }
  }
  j["payload_bytes"] = h.payload_length;
  j["file_bytes"] = file_size;
  return j;
}

}  // namespace crm
