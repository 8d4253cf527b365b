// The dedupe model as JSON: compared columns with their comparators and trained m/u per level,
// blocking rules, prior and thresholds. The reader checks everything and names the problem.
#include <cmath>

#include <nlohmann/json.hpp>

#include "dedupe/internal.h"

namespace crm {
namespace {

using ojson = nlohmann::ordered_json;

/// A probability rounded to 9 significant digits (files stay readable and stable).
double round9(double v) {
  if (v == 0 || !std::isfinite(v)) return v;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return std::strtod(buf, nullptr);
}

[[noreturn]] void bad(const std::string& what) {
  throw InputError("bad_model", "the dedupe model is not valid: " + what +
                                    " (save a model with --save-model to see the format)");
}

const nlohmann::json& need(const nlohmann::json& o, const char* key, const std::string& where) {
  if (!o.is_object() || !o.contains(key)) bad(where + " has no \"" + key + "\"");
  return o[key];
}

std::string need_string(const nlohmann::json& o, const char* key, const std::string& where) {
  const auto& v = need(o, key, where);
  if (!v.is_string() || v.get_ref<const std::string&>().empty())
    bad(where + ": \"" + key + "\" must be a non-empty string");
  return v.get<std::string>();
}

double number_in(const nlohmann::json& o, const char* key, const std::string& where, double lo,
                 double hi, double fallback) {
  if (!o.contains(key)) return fallback;
  const auto& v = o[key];
  if (!v.is_number()) bad(where + ": \"" + key + "\" must be a number");
  const double d = v.get<double>();
  if (!(d >= lo && d <= hi)) {
    bad(where + ": \"" + key + "\" must be between " + std::to_string(lo) + " and " +
        std::to_string(hi));
  }
  return d;
}

}  // namespace

std::string dedupe_model_to_json(const DedupeModel& model) {
  ojson j;
  j["crmwb_dedupe_model"] = 1;
  j["threshold"] = round9(model.threshold);
  j["strong"] = round9(model.strong);
  j["trained"] = model.trained;
  if (model.trained) j["lambda"] = round9(model.lambda);
  ojson cols = ojson::array();
  for (const CompareField& f : model.fields) {
    ojson c;
    c["column"] = f.column;
    c["compare"] = compare_kind_name(f.kind);
    c["role"] = field_role_name(f.role);
    c["tf"] = f.tf;
    if (f.kind == CompareKind::Number) c["tolerance"] = f.tolerance;
    if (model.trained) {
      const auto& names = compare_levels(f.kind);
      ojson levels = ojson::array();
      for (size_t l = 1; l < names.size(); ++l) {
        ojson lv;
        lv["level"] = names[l];
        lv["m"] = round9(l < f.m.size() ? f.m[l] : 0);
        lv["u"] = round9(l < f.u.size() ? f.u[l] : 0);
        levels.push_back(lv);
      }
      c["levels"] = levels;
    }
    cols.push_back(c);
  }
  j["columns"] = cols;
  ojson rules = ojson::array();
  for (const BlockRule& r : model.rules) {
    ojson parts = ojson::array();
    for (const BlockPart& p : r.parts)
      parts.push_back({{"column", p.column}, {"key", block_key_name(p.key)}});
    if (r.window) {
      ojson sn;
      sn["window"] = r.window;
      sn["parts"] = parts;
      rules.push_back(sn);
    } else {
      rules.push_back(parts);
    }
  }
  j["blocking"] = rules;
  if (model.has_survivorship)
    j["survivorship"] = ojson::parse(survivorship_to_json(model.survivorship).dump());
  return j.dump(2) + "\n";
}

DedupeModel parse_dedupe_model(std::string_view text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    // parse_error, and out_of_range for a number too large for a double (1E99999).
    throw InputError("bad_model", std::string("the dedupe model is not valid JSON: ") + e.what());
  }
  if (!j.is_object() || !j.contains("crmwb_dedupe_model"))
    bad("it is not a crmwb dedupe model (no \"crmwb_dedupe_model\")");
  if (!j["crmwb_dedupe_model"].is_number_integer() || j["crmwb_dedupe_model"].get<int64_t>() != 1)
    bad("\"crmwb_dedupe_model\" must be 1 (this version reads version 1)");
  DedupeModel m;
  m.threshold = number_in(j, "threshold", "the model", 0, 1, 0.99);
  m.strong = number_in(j, "strong", "the model", 0, 1, 0.9999);
  if (j.contains("trained")) {
    if (!j["trained"].is_boolean()) bad("\"trained\" must be true or false");
    m.trained = j["trained"].get<bool>();
  }
  if (m.trained) {
    m.lambda = number_in(j, "lambda", "the model", 1e-300, 1, 0);
    if (!j.contains("lambda")) bad("a trained model needs \"lambda\"");
  }
  const auto& cols = need(j, "columns", "the model");
  if (!cols.is_array() || cols.empty()) bad("\"columns\" must be a non-empty array");
  if (cols.size() > dedupe::kMaxFields) bad("\"columns\" lists more than 16 columns");
  for (size_t i = 0; i < cols.size(); ++i) {
    const std::string where = "column " + std::to_string(i + 1);
    const auto& c = cols[i];
    if (!c.is_object()) bad(where + " must be an object");
    CompareField f;
    f.column = need_string(c, "column", where);
    for (const auto& g : m.fields)
      if (g.column == f.column) bad(where + ": '" + f.column + "' is listed twice");
    const std::string kind = need_string(c, "compare", where);
    if (!parse_compare_kind(kind, f.kind))
      bad(where + ": unknown comparator \"" + kind +
          "\" (name, text, street, email, phone, date, code, number, country, exact)");
    if (c.contains("role")) {
      if (!c["role"].is_string() || !parse_field_role(c["role"].get<std::string>(), f.role))
        bad(where + ": unknown \"role\"");
    }
    if (c.contains("tf")) {
      if (!c["tf"].is_boolean()) bad(where + ": \"tf\" must be true or false");
      f.tf = c["tf"].get<bool>();
    }
    f.tolerance = number_in(c, "tolerance", where, 0, 1e12, 0);
    const auto& names = compare_levels(f.kind);
    if (m.trained) {
      const auto& levels = need(c, "levels", where);
      if (!levels.is_array() || levels.size() != names.size() - 1) {
        bad(where + ": \"levels\" must list the " + std::to_string(names.size() - 1) +
            " levels of the " + kind + " comparator");
      }
      f.m.assign(names.size(), 0);
      f.u.assign(names.size(), 0);
      for (size_t l = 1; l < names.size(); ++l) {
        const auto& lv = levels[l - 1];
        const std::string lw = where + " level " + std::to_string(l);
        if (!lv.is_object()) bad(lw + " must be an object");
        if (lv.contains("level") &&
            (!lv["level"].is_string() || lv["level"].get<std::string>() != names[l]))
          bad(lw + " must be \"" + names[l] + "\"");
        if (!lv.contains("m") || !lv.contains("u")) bad(lw + " needs \"m\" and \"u\"");
        f.m[l] = number_in(lv, "m", lw, 0, 1, 0);
        f.u[l] = number_in(lv, "u", lw, 0, 1, 0);
        if (f.u[l] <= 0 || f.m[l] <= 0) bad(lw + ": m and u must be above 0");
      }
    }
    m.fields.push_back(std::move(f));
  }
  const auto& rules = need(j, "blocking", "the model");
  if (!rules.is_array() || rules.empty()) bad("\"blocking\" must be a non-empty array of rules");
  if (rules.size() > 32) bad("\"blocking\" lists more than 32 rules");
  for (size_t i = 0; i < rules.size(); ++i) {
    const std::string where = "blocking rule " + std::to_string(i + 1);
    BlockRule br;
    // An equality rule is an array of parts; a sorted-neighbourhood rule {"window", "parts"}.
    const nlohmann::json* parts = &rules[i];
    if (parts->is_object()) {
      for (const auto& [key, value] : parts->items())
        if (key != "window" && key != "parts")
          bad(where + ": unknown field \"" + key +
              "\" (a rule object has \"window\" and \"parts\")");
      const auto& w = need(*parts, "window", where);
      if (!w.is_number_integer() || w.get<int64_t>() < 2 ||
          w.get<int64_t>() > static_cast<int64_t>(dedupe::kMaxWindow))
        bad(where + ": \"window\" must be a whole number from 2 to " +
            std::to_string(dedupe::kMaxWindow));
      br.window = static_cast<uint32_t>(w.get<int64_t>());
      parts = &need(*parts, "parts", where);
    }
    const auto& r = *parts;
    if (!r.is_array() || r.empty() || r.size() > 8)
      bad(where + " must be an array of 1 to 8 {\"column\", \"key\"} parts");
    for (const auto& p : r) {
      BlockPart part;
      part.column = need_string(p, "column", where);
      bool compared = false;
      for (const auto& f : m.fields) compared |= f.column == part.column;
      if (!compared) bad(where + " uses '" + part.column + "', which is not a compared column");
      const std::string key = p.contains("key") && p["key"].is_string()
                                  ? p["key"].get<std::string>()
                                  : std::string("value");
      if (!parse_block_key(key, part.key))
        bad(where + ": unknown key \"" + key +
            "\" (value, phonetic, initial, first3, year, last7, sorted)");
      br.parts.push_back(std::move(part));
    }
    m.rules.push_back(std::move(br));
  }
  // Survivorship of the golden records (optional: models saved before it was added have none,
  // and a run suggests it from the profile).
  if (j.contains("survivorship") && !j["survivorship"].is_null()) {
    try {
      m.survivorship = survivorship_from_json(j["survivorship"]);
    } catch (const InputError& e) {
      bad(std::string("\"survivorship\": ") + e.what());
    }
    m.has_survivorship = true;
  }
  return m;
}

}  // namespace crm
