// Lookups in the bundled nickname table (generated from the npm package meilisearch-name-synonyms,
// which carries carltonnorthern/nicknames' names.csv; see gen_nicknames.mjs).
#include "crm/nicknames.h"

#include <algorithm>
#include <cstring>

#include "crm/text.h"
#include "dedupe/nickname_data.h"

namespace crm {
namespace {

using namespace nickdata;

/// The lookup key of a name: trimmed, case-folded, accents removed.
std::string name_key(std::string_view name) {
  const size_t b = name.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const size_t e = name.find_last_not_of(" \t\r\n");
  return fold_key(name.substr(b, e - b + 1));
}

/// Index of `key` in kNames, or -1.
long find_name(const std::string& key) {
  if (key.empty()) return -1;
  const char* const* end = kNames + kNameCount;
  const char* const* it = std::lower_bound(
      kNames, end, key,
      [](const char* a, const std::string& k) { return std::strcmp(a, k.c_str()) < 0; });
  if (it == end || key != *it) return -1;
  return static_cast<long>(it - kNames);
}

/// Sorts and removes duplicates.
std::vector<std::string> sorted_unique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

std::vector<std::string> nickname_canonicals(std::string_view name) {
  const long i = find_name(name_key(name));
  if (i < 0) return {};
  std::vector<std::string> out;
  for (uint32_t k = kNameGroupOffsets[i]; k < kNameGroupOffsets[i + 1]; ++k) {
    const uint16_t head = kMembers[kGroupOffsets[kNameGroups[k]]];
    out.emplace_back(kNames[head]);
  }
  return sorted_unique(std::move(out));
}

std::vector<std::string> nicknames_of(std::string_view name) {
  const long i = find_name(name_key(name));
  if (i < 0) return {};
  std::vector<std::string> out;
  for (uint32_t k = kNameGroupOffsets[i]; k < kNameGroupOffsets[i + 1]; ++k) {
    const uint16_t g = kNameGroups[k];
    if (kMembers[kGroupOffsets[g]] != i) continue;
    for (uint32_t m = kGroupOffsets[g] + 1; m < kGroupOffsets[g + 1]; ++m) {
      out.emplace_back(kNames[kMembers[m]]);
    }
  }
  return sorted_unique(std::move(out));
}

bool are_nicknames(std::string_view a, std::string_view b) {
  const std::string ka = name_key(a), kb = name_key(b);
  if (ka == kb) return false;
  const long ia = find_name(ka), ib = find_name(kb);
  if (ia < 0 || ib < 0) return false;
  for (uint32_t k = kNameGroupOffsets[ia]; k < kNameGroupOffsets[ia + 1]; ++k) {
    const uint16_t g = kNameGroups[k];
    for (uint32_t m = kGroupOffsets[g]; m < kGroupOffsets[g + 1]; ++m) {
      if (kMembers[m] == ib) return true;
    }
  }
  return false;
}

NicknameTableSize nickname_table_size() {
  return {kNameCount, kGroupCount};
}

}  // namespace crm
