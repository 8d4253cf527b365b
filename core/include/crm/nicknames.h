// Given names and their nicknames (Robert / Bob / Rob / Bobby, William / Bill, Elizabeth / Liz),
// from a bundled public table: carltonnorthern/nicknames (Apache License 2.0), see the README.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace crm {

/// The given names `name` may stand for, lower case and sorted: the names of the table's groups
/// it is in as a nickname, plus `name` itself when it heads a group. "Bob" → {"bob", "robert"}
/// ("bob" also heads a group: bob / rob). Case, accents and surrounding spaces are ignored
/// ("  ROBERT " and "Róbert" are "robert"). Empty when the table does not know the name.
std::vector<std::string> nickname_canonicals(std::string_view name);

/// The nicknames the table lists for the given name `name` (the other names of the groups it
/// heads), lower case, sorted, without duplicates. Empty when it heads no group.
std::vector<std::string> nicknames_of(std::string_view name);

/// True when the table puts `a` and `b` in one group (Bob and Robert, Liz and Elizabeth), in
/// either direction. False for two equal names (that is an exact match, not a nickname) and
/// for names the table does not know. Case, accents and surrounding spaces are ignored.
bool are_nicknames(std::string_view a, std::string_view b);

/// Number of names and of groups in the bundled table (for reports and tests).
struct NicknameTableSize {
  size_t names = 0;
  size_t groups = 0;
};

/// The size of the bundled table.
NicknameTableSize nickname_table_size();

}  // namespace crm
