/* The helpers libsodium's SHA-256 / HMAC-SHA256 files call from the rest of libsodium (which
 * crmwb does not compile): wiping buffers; random bytes (crypto_auth_hmacsha256_keygen) and a
 * constant-time compare (crypto_auth_hmacsha256_verify) are never called by crmwb, so they abort.
 * Keys come from the page's crypto.getRandomValues, getentropy() or a key file. */
#include <stddef.h>
#include <stdlib.h>

/* Zeroes `len` bytes at `pnt` through a volatile pointer so the compiler keeps the writes. */
void sodium_memzero(void *const pnt, const size_t len) {
  volatile unsigned char *volatile p = (volatile unsigned char *volatile)pnt;
  size_t i = 0;
  while (i < len) p[i++] = 0U;
}

/* Not available in crmwb: aborts rather than hand out bytes that are not random. */
void randombytes_buf(void *const buf, const size_t size) {
  (void)buf;
  (void)size;
  abort();
}

/* Used only by crypto_auth_hmacsha256_verify, which crmwb never calls: aborts. */
int sodium_memcmp(const void *const b1_, const void *const b2_, size_t len) {
  (void)b1_;
  (void)b2_;
  (void)len;
  abort();
}
