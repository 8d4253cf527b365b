// The one pseudo-random generator of the core: xoshiro256** (Blackman and Vigna) seeded through
// splitmix64. The generator of test data, the orders generator and the analysis module (k-means
// seeding, Isolation Forest, sampling) all draw from it, so a seed gives the same numbers on
// every platform and in WebAssembly (std:: distributions differ between libraries).
#pragma once

#include <cstdint>

namespace crm {

/// Advances a splitmix64 state and returns the next output.
inline uint64_t splitmix64(uint64_t& x) {
  x += 0x9E3779B97F4A7C15ull;
  uint64_t z = x;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// xoshiro256**: 64 random bits per call, its four state words seeded by splitmix64(seed).
class Xoshiro256 {
 public:
  /// Seeds the state from `seed` (any value, 0 included).
  explicit Xoshiro256(uint64_t seed = 0) {
    uint64_t x = seed;
    for (uint64_t& w : s_) w = splitmix64(x);
  }
  /// The next 64 random bits.
  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  /// An integer in [0, n) for n >= 1 by multiply-shift on the high 32 bits (fast; a bias of at
  /// most n / 2^32, negligible for test data).
  uint32_t below32(uint32_t n) { return static_cast<uint32_t>(((next() >> 32) * n) >> 32); }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace crm
