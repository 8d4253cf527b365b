// The value ops: each standardizes one value at a time (trim, collapse_spaces, clean_text, case,
// email, phone, date, country, number, boolean, replace); the engine caches by distinct value.
#include <cmath>
#include <cstdio>

#include "crm/email.h"
#include "crm/infer.h"
#include "crm/phone.h"
#include "crm/text.h"
#include "recipe/ops.h"

namespace crm::clean_detail {

namespace {

Standardized ok(std::string out) {
  return Standardized{true, std::move(out), "", ""};
}

Standardized flag(std::string_view raw, std::string reason) {
  return Standardized{false, std::string(raw), std::move(reason), ""};
}

// YYYY-MM-DD, with " HH:MM:SS" (and ".mmm" when there are milliseconds) for datetimes.
std::string format_date(const DateValue& d) {
  int64_t y;
  unsigned m, dd;
  civil_from_days(d.day, y, m, dd);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, dd);
  std::string s = buf;
  if (date_format_has_time(d.format)) {
    const int64_t ms = std::llround(d.day_fraction * 86400000.0);
    std::snprintf(buf, sizeof buf, " %02lld:%02lld:%02lld", static_cast<long long>(ms / 3600000),
                  static_cast<long long>(ms / 60000 % 60), static_cast<long long>(ms / 1000 % 60));
    s += buf;
    if (ms % 1000) {
      std::snprintf(buf, sizeof buf, ".%03lld", static_cast<long long>(ms % 1000));
      s += buf;
    }
  }
  return s;
}

bool day_first_format(DateFormat f) {
  switch (f) {
    case DateFormat::DmySlash:
    case DateFormat::DmyHm:
    case DateFormat::DmyHms:
    case DateFormat::DmyHmAmPm:
    case DateFormat::DmyHmsAmPm:
    case DateFormat::DmySlashYY:
      return true;
    default:
      return false;
  }
}

bool plain_end(unsigned char c) {
  return c > 0x20 && c < 0x7F;
}

// Printable ASCII without whitespace at either end: trim leaves it as it is.
bool trim_same(std::string_view v) {
  return !v.empty() && plain_end(static_cast<unsigned char>(v.front())) &&
         plain_end(static_cast<unsigned char>(v.back()));
}

// Printable ASCII, single inner spaces, none at the ends: clean_text and collapse_spaces leave it.
bool text_same(std::string_view v) {
  if (!trim_same(v)) return false;
  for (size_t i = 0; i < v.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    if (c < 0x20 || c >= 0x7F || (c == ' ' && v[i + 1] == ' ')) return false;
  }
  return true;
}

}  // namespace

ValueFn value_fn(StepRun& run, const std::string& column, const Column** aux, QuickSame* quick) {
  const std::string& op = run.step.op;
  const auto& p = run.step.params;
  const ColumnProfile* prof = profile_of(run.ctx, column);
  if (op == "trim" || op == "collapse_spaces" || op == "clean_text") {
    TextCleanOptions o;
    if (op == "trim") o = {true, false, false, false};
    if (op == "collapse_spaces") o = {false, true, false, false};
    *quick = op == "trim" ? trim_same : text_same;
    return [o](std::string_view v, std::string_view) { return ok(clean_text(v, o)); };
  }
  if (op == "case") {
    CaseMode mode;
    parse_case_mode(p["mode"].get<std::string>(), mode);
    return [mode](std::string_view v, std::string_view) { return ok(change_case(v, mode)); };
  }
  if (op == "email") {
    EmailOptions o;
    o.lower_local = p.value("lower_local", false);
    return [o](std::string_view v, std::string_view) {
      EmailResult r = standardize_email(v, o);
      if (!r.valid) {
        std::string why = r.reason.empty() ? "not a valid e-mail address" : r.reason;
        if (!r.suggestion.empty()) why += " (did you mean " + r.suggestion + "?)";
        return flag(v, why);
      }
      return ok(std::move(r.output));
    };
  }
  if (op == "phone") {
    std::string region = p.value("region", std::string());
    if (region.empty() && prof) region = prof->phone_region;
    if (region.empty()) region = "US";
    PhoneFormat fmt = PhoneFormat::E164;
    parse_phone_format(p.value("format", std::string("e164")), fmt);
    if (p.contains("region_column"))
      *aux = &run.in.columns[run.column(p["region_column"].get<std::string>())];
    return [region, fmt](std::string_view v, std::string_view country) {
      std::string r = country.empty() ? std::string() : region_of(country);
      PhoneNumber n = parse_phone(v, r.empty() ? region : r, false);  // no type needed
      if (!n.valid())
        return flag(v,
                    std::string("not a valid phone number (") + phone_reason_name(n.reason) + ")");
      if (fmt == PhoneFormat::E164 && !n.extension().empty())
        return flag(v, "has an extension, which E.164 cannot hold (use format international)");
      return ok(format_phone(n, fmt));
    };
  }
  if (op == "date") {
    DateFormat want = DateFormat::None;
    if (p.contains("input_format"))
      for (int f = 1; f < static_cast<int>(DateFormat::Count); ++f)
        if (p["input_format"] == date_format_name(static_cast<DateFormat>(f)))
          want = static_cast<DateFormat>(f);
    const bool day_first =
        want != DateFormat::None ? day_first_format(want) : (prof ? prof->day_first : false);
    return [want, day_first](std::string_view v, std::string_view) {
      auto d = parse_date(clean_text(v), day_first);
      if (!d) return flag(v, "not a date");
      const std::string out = format_date(*d);
      // Values already written as the output are accepted whatever the input layout.
      if (want != DateFormat::None && d->format != want && out != v)
        return flag(v, std::string("not in the layout ") + date_format_name(want));
      return ok(out);
    };
  }
  if (op == "country") return country_fn(p);
  if (op == "number") {
    const bool comma = p.value("decimal_comma", prof ? prof->decimal_comma : false);
    return [comma](std::string_view v, std::string_view) {
      const std::string t = clean_text(v);
      auto n = parse_number(t, comma);
      if (!n) return flag(v, "not a number");
      if (n->notation == NumberNotation::Plain) return ok(t);
      return ok(format_number(n->value));
    };
  }
  if (op == "boolean") {
    return [](std::string_view v, std::string_view) {
      auto b = parse_bool(clean_text(v));
      if (!b) return flag(v, "not a yes/no value");
      return ok(b->value ? "true" : "false");
    };
  }
  if (op == "replace") {
    std::unordered_map<std::string, std::string> map;
    for (const auto& [from, to] : p["map"].items()) map[from] = to.get<std::string>();
    return [map](std::string_view v, std::string_view) {
      auto it = map.find(std::string(v));
      return ok(it == map.end() ? std::string(v) : it->second);
    };
  }
  return nullptr;
}

}  // namespace crm::clean_detail
