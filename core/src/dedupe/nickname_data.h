// The nickname groups generated at build time by gen_nicknames.mjs (internal to nicknames.cpp).
#pragma once

#include <cstddef>
#include <cstdint>

namespace crm::nickdata {

/// Every name in the table, lower case, sorted (byte order).
extern const char* const kNames[];
/// Number of names.
extern const size_t kNameCount;
/// Name indices of the groups, group after group; a group's first name is its given name.
extern const uint16_t kMembers[];
/// Group g is kMembers[kGroupOffsets[g], kGroupOffsets[g + 1]).
extern const uint32_t kGroupOffsets[];
/// Number of groups.
extern const size_t kGroupCount;
/// Group indices of the groups each name is in, name after name.
extern const uint16_t kNameGroups[];
/// Name i is in groups kNameGroups[kNameGroupOffsets[i], kNameGroupOffsets[i + 1]).
extern const uint32_t kNameGroupOffsets[];

}  // namespace crm::nickdata
