// Project files (.crmwb): the saved state (original file bytes, load options, history, rules,
// review decisions, view settings, project key) as one container, optionally encrypted with
// AES-256-GCM under a key from PBKDF2-HMAC-SHA256. The cipher is injected (OpenSSL natively,
// WebCrypto in the page); this module only builds and parses bytes. Format: README "Project files".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "crm/recipe.h"

namespace crm {

class Workbench;

/// Newest project format version this build reads and writes.
constexpr uint16_t kProjectVersion = 1;
/// Newest container (header) version this build reads and writes: 2 = the payload encrypted in
/// segments (STREAM); version 1 (one AES-GCM message) is still read.
constexpr uint16_t kProjectContainerVersion = 2;
/// Bytes of the fixed header.
constexpr size_t kProjectHeaderSize = 56;
/// Bytes of an AES-GCM tag (one per encrypted segment).
constexpr size_t kProjectTagSize = 16;
/// log2 of the plaintext bytes per encrypted segment written by default (256 KiB).
constexpr uint8_t kProjectDefaultSegmentShift = 18;
/// Smallest log2 segment size a reader accepts (64 bytes; small segments are for tests).
constexpr uint8_t kProjectMinSegmentShift = 6;
/// Largest log2 segment size a reader accepts (64 MiB).
constexpr uint8_t kProjectMaxSegmentShift = 26;
/// PBKDF2 iterations written by default (OWASP 2023 figure for PBKDF2-HMAC-SHA256).
constexpr uint32_t kProjectDefaultIterations = 600000;
/// Fewest PBKDF2 iterations a reader accepts for an encrypted project.
constexpr uint32_t kProjectMinIterations = 100000;
/// Most PBKDF2 iterations a reader accepts (bounds the time a hostile file can cost).
constexpr uint32_t kProjectMaxIterations = 10000000;
/// Header flag: the payload is encrypted.
constexpr uint16_t kProjectEncrypted = 1;

/// The fixed header of a project file.
struct ProjectHeader {
  uint16_t version = kProjectContainerVersion;
  uint16_t flags = 0;         // kProjectEncrypted or 0
  uint8_t kdf = 0;            // 0 none, 1 PBKDF2-HMAC-SHA256
  uint8_t cipher = 0;         // 0 none, 1 AES-256-GCM
  uint8_t segment_shift = 0;  // version 2 encrypted: log2 of the plaintext bytes per segment
  uint32_t iterations = 0;    // PBKDF2 iterations (0 when not encrypted)
  std::array<uint8_t, 16> salt{};
  std::array<uint8_t, 12> nonce{};
  uint64_t payload_length = 0;  // bytes after the header (ciphertext + 16-byte tag per segment)
  /// True when the payload is encrypted.
  bool encrypted() const { return (flags & kProjectEncrypted) != 0; }
  /// True when the encrypted payload is in segments (version 2), not one AES-GCM message.
  bool segmented() const { return encrypted() && version >= 2; }
  /// Encrypted segments of the payload (1 for version 1; 0 when not encrypted).
  uint64_t segments() const;
  /// Plaintext payload bytes (payload_length less one tag per segment).
  uint64_t plain_length() const { return payload_length - kProjectTagSize * segments(); }
};

/// The cryptography a project needs, supplied by the host (OpenSSL natively, WebCrypto in JS).
class ProjectCipher {
 public:
  virtual ~ProjectCipher() = default;
  /// Fills `out` with `n` bytes from a cryptographically secure generator.
  virtual void random(uint8_t* out, size_t n) const = 0;
  /// PBKDF2-HMAC-SHA256 of `passphrase` (UTF-8 bytes) and `salt`: a 32-byte key.
  virtual std::array<uint8_t, 32> derive_key(std::string_view passphrase,
                                             const std::array<uint8_t, 16>& salt,
                                             uint32_t iterations) const = 0;
  /// AES-256-GCM encryption: writes the ciphertext followed by the 16-byte tag to `out`
  /// (plaintext.size() + 16 bytes).
  virtual void seal(const std::array<uint8_t, 32>& key, const std::array<uint8_t, 12>& nonce,
                    std::string_view aad, std::string_view plaintext, char* out) const = 0;
  /// AES-256-GCM decryption of ciphertext + tag into `out` (sealed.size() - 16 bytes); false
  /// when the tag fails (then `out` holds nothing usable).
  virtual bool open(const std::array<uint8_t, 32>& key, const std::array<uint8_t, 12>& nonce,
                    std::string_view aad, std::string_view sealed, char* out) const = 0;
};

/// The saved state: the manifest (JSON, see the README) and the original file's bytes.
struct Project {
  nlohmann::json manifest = nlohmann::json::object();
  std::string file_bytes;
};

/// A new manifest for a file: name, size and load options (`options` as the page's beginLoad
/// takes them: delimiter, header, nullTokens), with an empty history.
nlohmann::json new_project_manifest(const std::string& file_name, uint64_t file_size,
                                    const nlohmann::json& options);

/// The payload bytes: u32 LE manifest length, the manifest (UTF-8 JSON), u64 LE file length,
/// the file bytes.
std::string build_project_payload(const Project& project);
/// Parses payload bytes. Throws InputError (code "bad_project") saying what is wrong.
Project parse_project_payload(std::string_view payload);

/// Parses the fixed header at the start of `file`. Throws InputError: "not_project" (wrong
/// magic), "newer_project" (a newer format version or unknown flags), "truncated_project",
/// "bad_project" (lengths that do not fit).
ProjectHeader read_project_header(std::string_view file);
/// The same from the first bytes of a file (at least the header) and the file's whole size.
ProjectHeader read_project_header(std::string_view head, uint64_t file_size);
/// The 56 header bytes of `h`.
std::string project_header_bytes(const ProjectHeader& h);
/// True when `bytes` start with the project magic "CRMWBPRJ".
bool is_project_file(std::string_view bytes);

/// How write_project protects the payload: no passphrase = not encrypted.
struct ProjectSeal {
  std::optional<std::string> passphrase;
  uint32_t iterations = kProjectDefaultIterations;
  uint8_t segment_shift = kProjectDefaultSegmentShift;  // log2 plaintext bytes per segment
  const ProjectCipher* cipher = nullptr;                // required when passphrase is set
};

/// The nonce of encrypted segment `index` (version 2): the header nonce XOR a block with `last`
/// in byte 0 and `index` as a big-endian u64 in bytes 4-11.
std::array<uint8_t, 12> project_segment_nonce(const std::array<uint8_t, 12>& nonce, uint64_t index,
                                              bool last);

/// A whole project file (header + payload, encrypted when `seal.passphrase` is set).
std::string write_project(const Project& project, const ProjectSeal& seal);

/// Reads a whole project file; `passphrase` is needed when it is encrypted. Throws InputError:
/// the header codes, "passphrase_needed", "no_cipher", "wrong_passphrase" (the tag failed: a wrong
/// passphrase or a changed file), "changed_project" (a later segment fails: the file was changed
/// or its segments reordered or cut), "bad_project". Nothing is returned unless everything checked.
Project read_project(std::string_view file, const ProjectCipher* cipher,
                     const std::string* passphrase);

/// The steps of the manifest's history ("history": {"steps": [...], "undone": K}) as a recipe,
/// row-specific steps included, with K: how many of the last steps are undone (redo-able).
Recipe project_history(const nlohmann::json& manifest, size_t& undone);

/// Replays the manifest's history on `wb` (the project's file loaded and profiled): runs of
/// steps as recipes, the steps that added result columns (join_orders, segment_*) from the
/// columns kept in history.results, then undoes the last `undone` steps (they stay redo-able).
/// Profiles the result with `reprofile`. InputError when a result step's columns are missing.
void replay_project_history(Workbench& wb, const nlohmann::json& manifest, bool reprofile = true);

/// The header as JSON for `crmwb project info` (salt and nonce in hex).
nlohmann::json project_header_json(const ProjectHeader& h, uint64_t file_size);

}  // namespace crm
