// The protect configuration: {"crmwb_protect": 1, "columns": {"NAME": "ACTION" | {...}}}, every
// mistake reported with the column and field it is in.
#include <string>

#include "crm/common.h"
#include "crm/privacy.h"
#include "recipe/spec.h"

namespace crm {

using nlohmann::json;

namespace {

constexpr const char* kCode = "bad_protect_config";

struct ActionName {
  ProtectAction action;
  const char* name;
};
constexpr ActionName kActions[] = {
    {ProtectAction::Keep, "keep"}, {ProtectAction::Drop, "drop"},
    {ProtectAction::Mask, "mask"}, {ProtectAction::Pseudonymize, "pseudonymize"},
    {ProtectAction::Year, "year"}, {ProtectAction::Generalize, "generalize"},
};

[[noreturn]] void fail(const std::string& message) {
  throw InputError(kCode, "the protect configuration: " + message);
}

std::string action_list() {
  std::string s;
  for (const ActionName& a : kActions) s += (s.empty() ? "" : ", ") + std::string(a.name);
  return s;
}

std::string kind_list() {
  std::string s = "none";
  for (int k = 1; k <= static_cast<int>(PiiKind::FreeText); ++k)
    s += ", " + std::string(pii_kind_name(static_cast<PiiKind>(k)));
  return s;
}

ProtectAction read_action(const json& v, const std::string& where) {
  if (!v.is_string()) fail(where + "\"action\" must be a text: one of " + action_list());
  ProtectAction a{};
  if (!parse_protect_action(v.get<std::string>(), a))
    fail(where + "unknown action '" + v.get<std::string>() + "': use one of " + action_list());
  return a;
}

uint32_t read_whole(const json& v, const std::string& where, const char* field, uint32_t lo,
                    uint32_t hi) {
  if (!v.is_number_integer() || v.get<int64_t>() < lo || v.get<int64_t>() > hi)
    fail(where + "\"" + field + "\" must be a whole number from " + std::to_string(lo) + " to " +
         std::to_string(hi) + " (got " + v.dump() + ")");
  return static_cast<uint32_t>(v.get<int64_t>());
}

}  // namespace

const char* protect_action_name(ProtectAction a) {
  for (const ActionName& n : kActions)
    if (n.action == a) return n.name;
  return "keep";
}

bool parse_protect_action(std::string_view name, ProtectAction& out) {
  for (const ActionName& n : kActions) {
    if (name == n.name) {
      out = n.action;
      return true;
    }
  }
  return false;
}

ProtectConfig parse_protect_config(std::string_view text) {
  const json doc = spec::parse_document(text, kCode, "the protect configuration");
  if (!doc.is_object())
    fail("must be a JSON object like {\"crmwb_protect\": 1, \"columns\": {...}}");
  if (!doc.contains("crmwb_protect"))
    fail("\"crmwb_protect\": 1 is missing (is this a protect configuration?)");
  spec::check_version(kCode, doc, "crmwb_protect", 1, "protect configuration");
  for (const auto& [k, v] : doc.items()) {
    if (k != "crmwb_protect" && k != "columns" && k != "comment")
      fail("unknown field \"" + k + "\": it takes crmwb_protect, columns and comment");
  }
  if (!doc.contains("columns") || !doc["columns"].is_object())
    fail(
        "\"columns\" must be an object naming columns and their actions, like "
        "{\"email\": \"pseudonymize\"}");
  ProtectConfig out;
  for (const auto& [name, v] : doc["columns"].items()) {
    const std::string where = "column '" + name + "': ";
    if (name.empty()) fail("a column name is empty");
    ColumnProtection p;
    if (v.is_string()) {
      p.action = read_action(v, where);
    } else if (v.is_object()) {
      if (!v.contains("action")) fail(where + "\"action\" is missing: one of " + action_list());
      p.action = read_action(v["action"], where);
      for (const auto& [field, fv] : v.items()) {
        if (field == "action" || field == "comment") continue;
        if (field == "as") {
          // "none": the user says the column is not personal data, yet wants it protected;
          // its values are then read as no particular kind (the detected kind does not apply).
          if (!fv.is_string() || !parse_pii_kind(fv.get<std::string>(), p.as))
            fail(where + "\"as\" must be one of " + kind_list() + " (got " + fv.dump() + ")");
          p.as_given = true;
        } else if (field == "digits") {
          if (p.action != ProtectAction::Generalize)
            fail(where + "\"digits\" goes with the action generalize");
          p.digits = read_whole(fv, where, "digits", 1, 10);
        } else if (field == "band") {
          if (p.action != ProtectAction::Generalize)
            fail(where + "\"band\" goes with the action generalize");
          p.band = read_whole(fv, where, "band", 1, 100);
        } else {
          fail(where + "unknown field \"" + field +
               "\": it takes action, as, digits, band, comment");
        }
      }
    } else {
      fail(where +
           "give an action (\"mask\") or an object ({\"action\": \"generalize\", "
           "\"digits\": 2}), not " +
           v.dump());
    }
    out.columns.emplace_back(name, p);
  }
  return out;
}

}  // namespace crm
