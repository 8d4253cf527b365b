// Reading JSON files of checked items (recipe steps, validation rules): the field kinds, the
// did-you-mean hint, the depth guard, JSON parsing with a line number and the version field.
// Shared by the recipe reader (recipe/parse.cpp) and the rules reader (rules/parse.cpp), so both
// give the same kind of message: the item, the field and what to do.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace crm::spec {

/// What a field must hold.
enum class Kind {
  Str,         // a non-empty text
  Bool,        // true or false
  Int,         // a whole number of 0 or more
  Enum,        // one of ParamSpec::choices
  Date,        // a date written YYYY-MM-DD
  Region,      // a two-letter ISO 3166 code
  Map,         // an object of "from": "to" texts
  Rule,        // a rule object with a "check"
  Value,       // a text, a number, true/false or null
  DateFormat,  // a date layout name ("DD/MM/YYYY")
  Share,       // a number above 0 and at most 1
  Bound,       // a number or a date written YYYY-MM-DD
  Values,      // a non-empty list of texts or numbers
  Rows,        // a non-empty list of row numbers (whole numbers of 0 or more), each once
};

/// One field of an item: its key, kind, whether it is required and (Enum) its choices.
struct ParamSpec {
  const char* key;
  Kind kind;
  bool required;
  std::vector<const char*> choices;
};

/// Throws InputError(code, message).
[[noreturn]] void fail(const std::string& code, const std::string& message);

/// A JSON value as text for a message, cut to 60 characters.
std::string quoted(const nlohmann::json& v);

/// " (did you mean "x"?)" for the name in `names` one or two edits from `key`, else "".
std::string did_you_mean(const std::string& key, const std::vector<std::string>& names);

/// The texts joined with ", ".
std::string join(const std::vector<const char*>& v);

/// True for a real calendar date written YYYY-MM-DD.
bool is_iso_date(const std::string& s);

/// Checks field `p` holding `v`; fails with `where` + the field + what it must hold.
void check_param(const std::string& code, const std::string& where, const ParamSpec& p,
                 const nlohmann::json& v);

/// Fails on the first field of object `item` not in `allowed`, naming the fields it takes
/// (allowed[1...]; allowed[0] is the field naming the item's kind, e.g. "op").
void check_fields(const std::string& code, const std::string& where, const nlohmann::json& item,
                  const std::vector<std::string>& allowed, const std::string& takes);

/// The column names of a "column"/"columns" value (a text or a list of texts, none empty).
std::vector<std::string> names_of(const std::string& code, const nlohmann::json& v,
                                  const std::string& where, const char* key);

/// Parses a JSON document; `noun` ("the recipe") names it in messages. Fails on nesting deeper
/// than 64 levels (before parsing), on a syntax error (with its line) and on a number too large.
nlohmann::json parse_document(std::string_view text, const std::string& code,
                              const std::string& noun);

/// Checks the version field `key` of `doc` (a whole number from 1 to `current`); `noun`
/// ("recipe") names the file in the message for a newer version.
void check_version(const std::string& code, const nlohmann::json& doc, const char* key, int current,
                   const std::string& noun);

}  // namespace crm::spec
