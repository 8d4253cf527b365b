// Internal helpers of the segment module: an open-addressing index of byte strings, key folding.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace crm::seg {

/// A 64-bit hash of a byte string (8 bytes at a time, multiply-xorshift mixing).
inline uint64_t hash_bytes(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (s.size() * 0xC2B2AE3D27D4EB4Full);
  const char* p = s.data();
  size_t n = s.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
    p += 8;
    n -= 8;
  }
  if (n) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
  }
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 32);
}

/// Maps byte strings (views whose bytes outlive the index) to 32-bit ids. Each slot holds the
/// hash and the key's bytes pointer, so a lookup touches one slot and the key's bytes.
class StringIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  /// Prepares room for about n keys.
  explicit StringIndex(size_t n = 16) {
    size_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    slots_.assign(cap, Slot{});
  }
  /// The id of `k`, or kNone.
  uint32_t find(std::string_view k) const {
    const uint64_t h = hash_bytes(k);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.value == kNone) return kNone;
      if (s.hash == static_cast<uint32_t>(h >> 32) && equal(s, k)) return s.value;
    }
  }
  /// Inserts `k` with `value` unless present; returns the slot's value (the old one if present).
  /// `inserted` tells which happened. `value` must not be kNone.
  uint32_t insert(std::string_view k, uint32_t value, bool& inserted) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    const uint64_t h = hash_bytes(k);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.value == kNone) {
        s = Slot{static_cast<uint32_t>(h >> 32), static_cast<uint32_t>(k.size()), k.data(), value};
        ++size_;
        inserted = true;
        return value;
      }
      if (s.hash == static_cast<uint32_t>(h >> 32) && equal(s, k)) {
        inserted = false;
        return s.value;
      }
    }
  }
  /// Sets the value of an existing key (no-op when absent).
  void set(std::string_view k, uint32_t value) {
    const uint64_t h = hash_bytes(k);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.value == kNone) return;
      if (s.hash == static_cast<uint32_t>(h >> 32) && equal(s, k)) {
        s.value = value;
        return;
      }
    }
  }
  /// Number of keys.
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint32_t hash = 0;  // the high half of the key's hash (the low bits pick the slot)
    uint32_t size = 0;
    const char* data = nullptr;
    uint32_t value = kNone;  // kNone: empty slot
  };
  static bool equal(const Slot& s, std::string_view k) {
    return s.size == k.size() && (k.empty() || std::memcmp(s.data, k.data(), k.size()) == 0);
  }
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.value == kNone) continue;
      size_t i = hash_bytes(std::string_view(s.data, s.size)) & mask;
      while (slots_[i].value != kNone) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

/// True for the ASCII whitespace trimmed around keys, dates and amounts.
inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/// `v` without leading and trailing ASCII whitespace.
inline std::string_view trim(std::string_view v) {
  size_t b = 0, e = v.size();
  while (b < e && is_space(v[b])) ++b;
  while (e > b && is_space(v[e - 1])) --e;
  return v.substr(b, e - b);
}

/// Appends `v` trimmed and with ASCII letters lower-cased.
inline void append_folded(std::string& out, std::string_view v) {
  for (char c : trim(v)) out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
}

/// A column name reduced to lower-case ASCII letters and digits ("Order Date" -> "orderdate").
inline std::string norm_name(std::string_view name) {
  std::string s;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z')
      s.push_back(static_cast<char>(c + 32));
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      s.push_back(c);
  }
  return s;
}

}  // namespace crm::seg
