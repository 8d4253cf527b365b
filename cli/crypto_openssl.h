// The project cipher of the native tool: OpenSSL's libcrypto (Debian libssl-dev).
#pragma once

#include "crm/project.h"

namespace crm::cli {

/// AES-256-GCM, PBKDF2-HMAC-SHA256 and RAND_bytes from OpenSSL.
class OpenSslCipher : public ProjectCipher {
 public:
  void random(uint8_t* out, size_t n) const override;
  std::array<uint8_t, 32> derive_key(std::string_view passphrase,
                                     const std::array<uint8_t, 16>& salt,
                                     uint32_t iterations) const override;
  void seal(const std::array<uint8_t, 32>& key, const std::array<uint8_t, 12>& nonce,
            std::string_view aad, std::string_view plaintext, char* out) const override;
  bool open(const std::array<uint8_t, 32>& key, const std::array<uint8_t, 12>& nonce,
            std::string_view aad, std::string_view sealed, char* out) const override;
};

}  // namespace crm::cli
