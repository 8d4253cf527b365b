// The suggested recipe: steps the profile shows are needed (rules in the README, "Cleaning").
#include <unordered_set>

#include "crm/clean.h"
#include "crm/text.h"

namespace crm {

namespace {

bool needs_clean(const Column& col) {
  std::unordered_set<std::string_view> seen;
  for (size_t r = 0; r < col.size(); ++r) {
    if (col.missing(r)) continue;
    std::string_view v = col.value(r);
    bool suspicious = v.front() == ' ' || v.back() == ' ' || v.find("  ") != v.npos;
    for (unsigned char ch : v) suspicious |= ch < 0x20 || ch >= 0x80;
    if (!suspicious || !seen.insert(v).second) continue;
    if (clean_text(v) != v) return true;
  }
  return false;
}

bool name_like(const std::string& name) {
  const std::string k = fold_key(name);
  for (const char* no : {"user", "company", "file", "domain", "host", "org", "product"})
    if (k.find(no) != std::string::npos) return false;
  return k.find("name") != std::string::npos || k.find("surname") != std::string::npos;
}

// True when some value is written all in upper or all in lower case (and has letters).
bool not_name_cased(const Column& col) {
  std::unordered_set<std::string_view> seen;
  for (size_t r = 0; r < col.size(); ++r) {
    if (col.missing(r) || !seen.insert(col.value(r)).second) continue;
    const std::string v(col.value(r));
    const std::string up = change_case(v, CaseMode::Upper), low = change_case(v, CaseMode::Lower);
    if (up != low && v.size() >= 2 && (v == up || v == low)) return true;
  }
  return false;
}

void add(Recipe& r, nlohmann::json step) {
  r.steps.push_back(parse_recipe_step(step, r.steps.size() + 1));
}

}  // namespace

Recipe suggest_recipe(const Table& table, const Profile& profile) {
  Recipe r;
  std::vector<std::string> clean;
  for (size_t c = 0; c < table.columns.size(); ++c)
    if (needs_clean(table.columns[c])) clean.push_back(table.columns[c].name());
  if (!clean.empty()) add(r, {{"op", "clean_text"}, {"columns", clean}});
  std::string country_column;
  for (const auto& p : profile.columns)
    if (p.type == ValueType::CountryCode && country_column.empty()) country_column = p.name;
  for (size_t c = 0; c < profile.columns.size() && c < table.columns.size(); ++c) {
    const ColumnProfile& p = profile.columns[c];
    const bool mixed = p.consistent < p.valid;
    switch (p.type) {
      case ValueType::Text:
        if (name_like(p.name) && not_name_cased(table.columns[c]))
          add(r, {{"op", "case"}, {"column", p.name}, {"mode", "name"}});
        break;
      case ValueType::Email:
        add(r, {{"op", "email"}, {"column", p.name}});
        break;
      case ValueType::Phone: {
        nlohmann::json s = {{"op", "phone"}, {"column", p.name}};
        if (!p.phone_region.empty()) s["region"] = p.phone_region;
        if (!p.phone_country_column.empty()) s["region_column"] = p.phone_country_column;
        add(r, s);
        break;
      }
      case ValueType::Date:
      case ValueType::DateTime:
        if (mixed) add(r, {{"op", "date"}, {"column", p.name}});
        break;
      case ValueType::CountryCode:
        add(r, {{"op", "country"}, {"column", p.name}});
        break;
      case ValueType::PostalCode:
        if (!country_column.empty())
          add(r, {{"op", "postal_code"}, {"column", p.name}, {"country_column", country_column}});
        break;
      case ValueType::Integer:
      case ValueType::Decimal:
        if (mixed) {
          nlohmann::json s = {{"op", "number"}, {"column", p.name}};
          if (p.decimal_comma) s["decimal_comma"] = true;
          add(r, s);
        }
        break;
      case ValueType::Boolean:
        if (mixed) add(r, {{"op", "boolean"}, {"column", p.name}});
        break;
      default:
        break;
    }
  }
  return r;
}

}  // namespace crm
