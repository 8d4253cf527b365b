// OpenSSL libcrypto behind crm::ProjectCipher: EVP AES-256-GCM, PKCS5_PBKDF2_HMAC, RAND_bytes.
#include "crypto_openssl.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <climits>
#include <memory>
#include <stdexcept>

namespace crm::cli {

namespace {

using Ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

Ctx new_ctx() {
  Ctx c(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!c) throw std::bad_alloc();
  return c;
}

void check(int ok, const char* what) {
  if (ok != 1) throw std::runtime_error(std::string("OpenSSL failed: ") + what);
}

const unsigned char* u(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

/// Feeds `in` in pieces of at most 1 GiB (OpenSSL lengths are int).
template <typename F>
void in_pieces(std::string_view in, F f) {
  constexpr size_t kPiece = size_t{1} << 30;
  for (size_t at = 0; at < in.size(); at += kPiece) f(in.substr(at, kPiece), at);
}

}  // namespace

void OpenSslCipher::random(uint8_t* out, size_t n) const {
  check(RAND_bytes(out, static_cast<int>(n)), "RAND_bytes");
}

std::array<uint8_t, 32> OpenSslCipher::derive_key(std::string_view passphrase,
                                                  const std::array<uint8_t, 16>& salt,
                                                  uint32_t iterations) const {
  std::array<uint8_t, 32> key{};
  check(PKCS5_PBKDF2_HMAC(passphrase.data(), static_cast<int>(passphrase.size()), salt.data(),
                          static_cast<int>(salt.size()), static_cast<int>(iterations), EVP_sha256(),
                          static_cast<int>(key.size()), key.data()),
        "PKCS5_PBKDF2_HMAC");
  return key;
}

void OpenSslCipher::seal(const std::array<uint8_t, 32>& key, const std::array<uint8_t, 12>& nonce,
                         std::string_view aad, std::string_view plaintext, char* out) const {
  Ctx ctx = new_ctx();
  check(EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr), "init");
  check(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, 12, nullptr), "ivlen");
  check(EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), nonce.data()), "key");
  int n = 0;
  check(EVP_EncryptUpdate(ctx.get(), nullptr, &n, u(aad), static_cast<int>(aad.size())), "aad");
  auto* o = reinterpret_cast<unsigned char*>(out);
  in_pieces(plaintext, [&](std::string_view piece, size_t at) {
    check(EVP_EncryptUpdate(ctx.get(), o + at, &n, u(piece), static_cast<int>(piece.size())),
          "encrypt");
  });
  check(EVP_EncryptFinal_ex(ctx.get(), o + plaintext.size(), &n), "final");
  check(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, o + plaintext.size()), "tag");
}

bool OpenSslCipher::open(const std::array<uint8_t, 32>& key, const std::array<uint8_t, 12>& nonce,
                         std::string_view aad, std::string_view sealed, char* out) const {
  if (sealed.size() < 16) return false;
  const std::string_view ct = sealed.substr(0, sealed.size() - 16);
  Ctx ctx = new_ctx();
  check(EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr), "init");
  check(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, 12, nullptr), "ivlen");
  check(EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), nonce.data()), "key");
  int n = 0;
  check(EVP_DecryptUpdate(ctx.get(), nullptr, &n, u(aad), static_cast<int>(aad.size())), "aad");
  auto* o = reinterpret_cast<unsigned char*>(out);
  in_pieces(ct, [&](std::string_view piece, size_t at) {
    check(EVP_DecryptUpdate(ctx.get(), o + at, &n, u(piece), static_cast<int>(piece.size())),
          "decrypt");
  });
  std::array<unsigned char, 16> tag{};
  std::copy(sealed.end() - 16, sealed.end(), tag.begin());
  check(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, tag.data()), "tag");
  if (EVP_DecryptFinal_ex(ctx.get(), o + ct.size(), &n) != 1) {
    OPENSSL_cleanse(out, ct.size());
    return false;
  }
  return true;
}

}  // namespace crm::cli
