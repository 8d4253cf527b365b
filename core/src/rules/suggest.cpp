// Rules suggested from a profile: one candidate per column and kind that the profile supports,
// then each run once on the table so that `mostly` records today's pass share (rounded down to
// whole percent) where it is below 100%; candidates passing for fewer than 80% are left out.
#include <cctype>
#include <cmath>

#include "crm/infer.h"
#include "crm/rules.h"

namespace crm {

using nlohmann::json;

namespace {

// Lower-case letters and digits of a column name ("Sign-Up Date" -> "signupdate").
std::string squashed(std::string_view name) {
  std::string s;
  for (char c : name)
    if (std::isalnum(static_cast<unsigned char>(c)))
      s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool named_like(std::string_view name, std::initializer_list<const char*> words) {
  const std::string s = squashed(name);
  for (const char* w : words)
    if (s.find(w) != std::string::npos) return true;
  return false;
}

// A date that should never lie in the future: births, creations, sign-ups.
bool past_date_name(std::string_view name) {
  const std::string s = squashed(name);
  return named_like(name, {"birth", "created", "signup", "registered", "joined"}) || s == "dob" ||
         s.rfind("dob", 0) == 0;
}

bool is_temporal(ValueType t) {
  return t == ValueType::Date || t == ValueType::DateTime;
}

// A round step of about `x`: 1, 2 or 5 times a power of ten.
double nice_step(double x) {
  if (!(x > 0)) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(x)));
  for (double m : {1.0, 2.0, 5.0})
    if (m * p >= x) return m * p;
  return 10 * p;
}

// A JSON number: whole numbers as integers.
json number(double v) {
  if (std::fabs(v) < 9e15 && v == std::floor(v)) return static_cast<int64_t>(v);
  return v;
}

Rule make(std::string check, std::vector<std::string> columns, json extra = json::object()) {
  Rule r;
  r.check = std::move(check);
  r.columns = std::move(columns);
  r.params = std::move(extra);
  r.params["check"] = r.check;
  if (r.columns.size() == 1)
    r.params["column"] = r.columns[0];
  else
    r.params["columns"] = r.columns;
  return r;
}

}  // namespace

Rules suggest_rules(const Table& table, const Profile& profile) {
  Rules candidates;
  auto add = [&](Rule r) { candidates.rules.push_back(std::move(r)); };
  const uint64_t rows = profile.rows;
  for (const ColumnProfile& c : profile.columns) {
    if (rows == 0 || c.type == ValueType::Empty) continue;
    const uint64_t n = rows - std::min(rows, c.missing);
    const uint32_t hints = column_hints(c.name);
    if (static_cast<double>(c.missing) <= 0.01 * static_cast<double>(rows))
      add(make("not_null", {c.name}));
    if (c.type != ValueType::Text) add(make("type", {c.name}, {{"type", type_name(c.type)}}));
    if ((hints & kHintId) && n > 0 &&
        static_cast<double>(c.distinct) >= 0.99 * static_cast<double>(n))
      add(make("unique", {c.name}));
    if ((c.type == ValueType::Integer || c.type == ValueType::Decimal) && !(hints & kHintId) &&
        c.stats && c.stats->count > 0) {
      // The observed range widened by a tenth of its span on each side, rounded outwards to a
      // round step; never below 0 when no value is.
      const double lo = c.stats->min, hi = c.stats->max;
      const double span = hi > lo ? hi - lo : std::max(std::fabs(hi), 1.0);
      const double step = std::max(nice_step(span / 10), c.type == ValueType::Integer ? 1.0 : 0.0);
      double a = std::floor((lo - span / 10) / step) * step;
      const double b = std::ceil((hi + span / 10) / step) * step;
      if (lo >= 0 && a < 0) a = 0;
      add(make("between", {c.name}, {{"min", number(a)}, {"max", number(b)}}));
    }
    if (c.type == ValueType::Text && c.distinct >= 2 && c.distinct <= 10 &&
        c.distinct <= c.top.size() && n >= 5 * c.distinct) {
      json values = json::array();
      for (const ValueCount& v : c.top) values.push_back(v.value);
      add(make("in_set", {c.name}, {{"values", values}}));
    }
    if (is_temporal(c.type) && past_date_name(c.name)) add(make("not_future", {c.name}));
  }
  // created <= updated: the first date column named like a creation and the first named like a
  // last update.
  const ColumnProfile *created = nullptr, *updated = nullptr;
  for (const ColumnProfile& c : profile.columns) {
    if (!is_temporal(c.type)) continue;
    if (!created && named_like(c.name, {"created", "signup", "registered", "joined"})) created = &c;
    if (!updated && (column_hints(c.name) & kHintLastUpdated)) updated = &c;
  }
  if (created && updated && created != updated)
    add(make("compare", {created->name, updated->name}, {{"operator", "<="}}));

  // Keep what today's data mostly passes, with `mostly` where it is not all.
  const ValidationReport report = validate_table(table, candidates);
  Rules out;
  for (size_t i = 0; i < candidates.rules.size(); ++i) {
    Rule r = std::move(candidates.rules[i]);
    const RuleResult& res = report.results[i];
    if (!res.share_passed) continue;
    const double share = *res.share_passed;
    if (share < 0.8) continue;
    if (share < 1) {
      const double mostly = std::floor(share * 100) / 100;
      r.mostly = mostly;
      r.params["mostly"] = mostly;
    }
    out.rules.push_back(std::move(r));
  }
  return out;
}

}  // namespace crm
