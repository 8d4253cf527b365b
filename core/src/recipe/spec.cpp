// Field checks shared by the recipe and rules readers (see spec.h).
#include "recipe/spec.h"

#include <algorithm>
#include <cstdio>

#include "crm/common.h"
#include "crm/infer.h"
#include "crm/text.h"

namespace crm::spec {

using nlohmann::json;

namespace {

bool is_date_format(const std::string& s) {
  for (int f = 1; f < static_cast<int>(DateFormat::Count); ++f)
    if (s == date_format_name(static_cast<DateFormat>(f))) return true;
  return false;
}

std::string date_formats() {
  std::string s;
  for (int f = 1; f < static_cast<int>(DateFormat::Count); ++f)
    s += (f > 1 ? ", " : "") + std::string(date_format_name(static_cast<DateFormat>(f)));
  return s;
}

// Rejects nesting deeper than 64 levels before parsing (a hostile file cannot exhaust the stack).
void check_depth(std::string_view text, const std::string& code, const std::string& noun) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > 64) fail(code, noun + " nests lists or objects more than 64 levels deep");
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
}

}  // namespace

void fail(const std::string& code, const std::string& message) {
  throw InputError(code, message);
}

std::string quoted(const json& v) {
  std::string s = v.dump();
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

std::string did_you_mean(const std::string& key, const std::vector<std::string>& names) {
  std::string best;
  size_t best_d = 3;
  for (const auto& n : names) {
    size_t d = damerau_levenshtein(fold_key(key), fold_key(n));
    if (d < best_d) {
      best_d = d;
      best = n;
    }
  }
  return best.empty() ? "" : " (did you mean \"" + best + "\"?)";
}

std::string join(const std::vector<const char*>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::string(v[i]);
  return s;
}

bool is_iso_date(const std::string& s) {
  unsigned y, m, d;
  char tail;
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return false;
  return s[4] == '-' && s[7] == '-' && valid_civil(y, m, d);
}

void check_param(const std::string& code, const std::string& where, const ParamSpec& p,
                 const json& v) {
  std::string field = "\"";  // (not "\"" + std::string: GCC 12 warns falsely, -Wrestrict)
  field.append(p.key).push_back('"');
  const std::string got = " (got " + quoted(v) + ")";
  switch (p.kind) {
    case Kind::Str:
      if (!v.is_string() || v.get<std::string>().empty())
        fail(code, where + field + " must be a non-empty text" + got);
      break;
    case Kind::Bool:
      if (!v.is_boolean()) fail(code, where + field + " must be true or false" + got);
      break;
    case Kind::Int:
      if (!v.is_number_unsigned())
        fail(code, where + field + " must be a whole number of 0 or more" + got);
      break;
    case Kind::Enum: {
      bool ok =
          v.is_string() && std::any_of(p.choices.begin(), p.choices.end(),
                                       [&](const char* c) { return v.get<std::string>() == c; });
      if (!ok) fail(code, where + field + " must be one of " + join(p.choices) + got);
      break;
    }
    case Kind::Date:
      if (!v.is_string() || !is_iso_date(v.get<std::string>()))
        fail(code, where + field + " must be a date written YYYY-MM-DD" + got);
      break;
    case Kind::Region: {
      std::string r = v.is_string() ? v.get<std::string>() : std::string();
      bool ok = r.size() == 2 &&
                std::all_of(r.begin(), r.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
      if (!ok)
        fail(code, where + field +
                       " must be a two-letter ISO 3166 country code such as \"US\" or \"DE\"" +
                       got);
      break;
    }
    case Kind::Map:
      if (!v.is_object() || v.empty())
        fail(code, where + field + " must be an object of \"from\": \"to\" texts" + got);
      for (const auto& [from, to] : v.items())
        if (!to.is_string())
          fail(code, where + field + " maps \"" + from + "\" to " + quoted(to) +
                         ": the new value must be a text");
      break;
    case Kind::Rule:
      if (!v.is_object() || !v.contains("check") || !v["check"].is_string())
        fail(code, where + field + " must be a rule object with a \"check\"" + got);
      break;
    case Kind::Value:
      if (!(v.is_string() || v.is_number() || v.is_boolean() || v.is_null()))
        fail(code, where + field + " must be a text, a number, true/false or null" + got);
      break;
    case Kind::DateFormat:
      if (!v.is_string() || !is_date_format(v.get<std::string>()))
        fail(code, where + field + " must be one of the date layouts " + date_formats() + got);
      break;
    case Kind::Share:
      if (!v.is_number() || !(v.get<double>() > 0 && v.get<double>() <= 1))
        fail(code, where + field + " must be a share above 0 and at most 1, such as 0.95" + got);
      break;
    case Kind::Bound:
      if (!(v.is_number() || (v.is_string() && is_iso_date(v.get<std::string>()))))
        fail(code, where + field + " must be a number or a date written YYYY-MM-DD" + got);
      break;
    case Kind::Values:
      if (!v.is_array() || v.empty())
        fail(code,
             where + field + " must be a non-empty list of values such as [\"US\", \"CA\"]" + got);
      for (const auto& e : v)
        if (!e.is_string() && !e.is_number())
          fail(code, where + field + " must list texts or numbers (got " + quoted(e) + ")");
      break;
    case Kind::Rows: {
      if (!v.is_array() || v.empty())
        fail(code, where + field + " must be a non-empty list of row numbers such as [4, 17]");
      std::vector<uint64_t> rows;
      for (const auto& e : v) {
        if (!e.is_number_unsigned())
          fail(code, where + field + " must list row numbers of 0 or more (got " + quoted(e) + ")");
        rows.push_back(e.get<uint64_t>());
      }
      std::sort(rows.begin(), rows.end());
      for (size_t i = 1; i < rows.size(); ++i)
        if (rows[i] == rows[i - 1])
          fail(code, where + field + " lists row " + std::to_string(rows[i]) + " twice");
      break;
    }
  }
}

void check_fields(const std::string& code, const std::string& where, const json& item,
                  const std::vector<std::string>& allowed, const std::string& takes) {
  for (const auto& [key, value] : item.items())
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string all;
      for (size_t i = 1; i < allowed.size(); ++i) all += (i > 1 ? ", " : "") + allowed[i];
      fail(code, where + "unknown field \"" + key + "\"" + did_you_mean(key, allowed) + "; " +
                     takes + " " + all);
    }
}

std::vector<std::string> names_of(const std::string& code, const json& v, const std::string& where,
                                  const char* key) {
  std::vector<std::string> out;
  const std::string field = std::string("\"") + key + "\"";
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto& e : v) {
      if (!e.is_string())
        fail(code, where + field + " must list column names as texts (got " + quoted(e) + ")");
      out.push_back(e.get<std::string>());
    }
  } else {
    fail(code, where + field + " must be a column name or a list of them (got " + quoted(v) + ")");
  }
  for (const auto& n : out)
    if (n.empty()) fail(code, where + field + " has an empty column name");
  return out;
}

json parse_document(std::string_view text, const std::string& code, const std::string& noun) {
  check_depth(text, code, noun);
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    size_t at = std::min<size_t>(e.byte ? e.byte - 1 : 0, text.size());
    int64_t line = 1 + std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(at), '\n');
    throw InputError(code,
                     noun + " is not valid JSON (line " + std::to_string(line) +
                         "): check for a missing comma, quote or bracket there",
                     line);
  } catch (const json::out_of_range&) {
    fail(code, noun + " holds a number too large to read (over 1e308)");
  }
}

void check_version(const std::string& code, const json& doc, const char* key, int current,
                   const std::string& noun) {
  const json& version = doc[key];
  if (!version.is_number_integer() || version.get<int64_t>() < 1)
    fail(code, std::string("\"") + key + "\" must be the format version, a whole number such as 1");
  if (version.get<int64_t>() > current)
    fail(code, "this " + noun + " is format version " + version.dump() +
                   ", written by a newer crmwb; this one reads version " + std::to_string(current) +
                   ": update crmwb");
}

}  // namespace crm::spec
