// Standardized match keys, computed once per row and compared many times: folded names,
// lower-cased e-mails (crm/email.h), E.164 phones (crm/phone.h), ISO dates, ISO countries,
// alphanumeric codes and street names with common abbreviations spelled out. The user's columns
// are not changed. Each distinct raw value is standardized once (a cache keyed by its bytes).
#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <unordered_map>

#include "crm/infer.h"
#include "crm/keys.h"
#include "crm/nicknames.h"
#include "crm/phone.h"
#include "crm/text.h"
#include "dedupe/internal.h"
#include "dedupe/parallel.h"

namespace crm::dedupe {
namespace {

/// Index of the column called `name`, or -1.
int find_column(const Table& t, std::string_view name) {
  for (size_t i = 0; i < t.columns.size(); ++i)
    if (t.columns[i].name() == name) return static_cast<int>(i);
  return -1;
}

/// The profile of column `name`, or null.
const ColumnProfile* find_profile(const Profile& p, std::string_view name) {
  for (const auto& c : p.columns)
    if (c.name == name) return &c;
  return nullptr;
}

/// Folded words of `v`: letters and digits kept, apostrophes dropped, anything else a space,
/// runs of spaces collapsed, no spaces at the ends.
std::string words(std::string_view v) {
  const std::string f = fold_key(v);
  std::string out;
  out.reserve(f.size());
  bool space = false;
  for (size_t i = 0; i < f.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(f[i]);
    const bool keep = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c == '\'') continue;
    if (keep) {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(static_cast<char>(c));
    } else {
      space = true;
    }
  }
  return out;
}

/// Letters and digits only ("T12 PTVF" → "t12ptvf").
std::string alnum(std::string_view v) {
  std::string w = words(v), out;
  for (char c : w)
    if (c != ' ') out.push_back(c);
  return out;
}

/// Street-type abbreviations read as the full word (English, German, French, Spanish...).
std::string_view expand_abbreviation(std::string_view w) {
  static const struct {
    const char* abbr;
    const char* full;
  } table[] = {
      {"st", "street"},        {"str", "strasse"},  {"rd", "road"},        {"ave", "avenue"},
      {"av", "avenue"},        {"avda", "avenida"}, {"blvd", "boulevard"}, {"dr", "drive"},
      {"ln", "lane"},          {"pl", "place"},     {"ct", "court"},       {"cres", "crescent"},
      {"hwy", "highway"},      {"pde", "parade"},   {"tce", "terrace"},    {"cl", "close"},
      {"sq", "square"},        {"cir", "circuit"},  {"pkwy", "parkway"},   {"bd", "boulevard"},
      {"c", "calle"},          {"ul", "ulica"},     {"gt", "gata"},        {"mt", "mount"},
      {"n", "north"},          {"s", "south"},      {"e", "east"},         {"w", "west"},
      {"apt", "apartment"},    {"ste", "suite"},    {"co", "company"},     {"corp", "corporation"},
      {"inc", "incorporated"}, {"ltd", "limited"},  {"sa", "sa"},          {"gmbh", "gmbh"},
  };
  for (const auto& e : table)
    if (w == e.abbr) return e.full;
  return w;
}

/// Words of a street or company with abbreviations spelled out ("Av. Diagonal" → "avenue
/// diagonal"); "strasse" endings split off ("kantstrasse" → "kant strasse").
std::string street_words(std::string_view v) {
  const std::string w = words(v);
  std::string out;
  size_t i = 0;
  while (i < w.size()) {
    size_t j = w.find(' ', i);
    if (j == std::string::npos) j = w.size();
    std::string_view t(w.data() + i, j - i);
    std::string_view full = expand_abbreviation(t);
    if (!out.empty()) out.push_back(' ');
    if (full.size() > 7 && full.substr(full.size() - 7) == "strasse") {
      out.append(full.substr(0, full.size() - 7));
      out.append(" strasse");
    } else {
      out.append(full);
    }
    i = j + 1;
  }
  return out;
}

/// Parses `v` as an ISO 8601 date key "YYYYMMDD" and its day number.
std::string date_key(std::string_view v, bool day_first, int64_t& day) {
  day = std::numeric_limits<int64_t>::min();
  const auto d = parse_date(trim_space(v), day_first);
  if (!d) return alnum(v);
  day = d->day;
  int64_t y = 0;
  unsigned m = 0, dd = 0;
  civil_from_days(d->day, y, m, dd);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04lld%02u%02u", static_cast<long long>(y), m, dd);
  return buf;
}

/// The standardized key of one value of a field.
std::string make_key(CompareKind kind, std::string_view v, const ColumnProfile* cp,
                     std::string_view region, int64_t& day, double& number) {
  switch (kind) {
    case CompareKind::Name:
    case CompareKind::Text:
    case CompareKind::Exact:
      return words(v);
    case CompareKind::Street:
      return street_words(v);
    case CompareKind::Code:
      return alnum(v);
    case CompareKind::Email: {
      // Case-folded, without spaces, a mailto: prefix or enclosing <...> (as crm/email.h
      // standardizes, without its validity checks and typo suggestions, which matching does not
      // need).
      std::string f = fold_key(trim_space(v));
      std::string out;
      out.reserve(f.size());
      for (char c : f)
        if (c != ' ' && c != '\t' && c != '<' && c != '>') out.push_back(c);
      if (out.rfind("mailto:", 0) == 0) out.erase(0, 7);
      return out;
    }
    case CompareKind::Phone: {
      const PhoneNumber n = parse_phone(v, region, false);
      if (n.parsed()) {
        char buf[24];
        const size_t len = format_phone_e164(n, buf);
        return std::string(buf + 1, len - 1);  // digits without the '+'
      }
      std::string digits;
      for (char c : v)
        if (c >= '0' && c <= '9') digits.push_back(c);
      return digits.size() >= 5 ? digits : std::string();
    }
    case CompareKind::Date:
      return date_key(v, cp && cp->day_first, day);
    case CompareKind::Number: {
      const auto n = parse_number(trim_space(v), cp && cp->decimal_comma);
      if (!n) return alnum(v);
      number = n->value;
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.10g", n->value);
      return buf;
    }
    case CompareKind::Country: {
      std::string code = country_alpha2(v);
      return code.empty() ? alnum(v) : code;
    }
  }
  return words(v);
}

/// The keys of one field over one table, appended to `out` (the shared dictionary).
struct KeyBuilder {
  FieldKeys& out;
  // key → id, viewing the keys in out.value (reserved for every row up front, so that its
  // strings never move while the map views them: no second copy of each key).
  std::unordered_map<std::string_view, uint32_t> ids;

  uint32_t intern(std::string key, int64_t day, double number) {
    if (key.empty()) return 0;
    auto it = ids.find(key);
    if (it != ids.end()) {
      ++out.count[it->second];
      return it->second;
    }
    const uint32_t id = static_cast<uint32_t>(out.value.size());
    out.value.push_back(std::move(key));
    ids.emplace(out.value.back(), id);
    out.count.push_back(1);
    if (out.kind == CompareKind::Date) out.day.push_back(day);
    if (out.kind == CompareKind::Number) out.number.push_back(number);
    return id;
  }

  /// Rows between two calls of `tick` (with the rows done since the last).
  static constexpr size_t kTick = 16384;

  void add_table(const Table& t, const Profile& p, const std::string& column, CancelFlag cancel,
                 const std::function<void(size_t)>& tick) {
    const int ci = find_column(t, column);
    if (ci < 0) return;  // checked before; rows count as missing
    const Column& col = t.columns[static_cast<size_t>(ci)];
    const ColumnProfile* cp = find_profile(p, column);
    // Phones: the default region of national numbers, per row from the profile's country column.
    std::string region = cp && !cp->phone_region.empty() ? cp->phone_region : "US";
    const Column* country = nullptr;
    if (out.kind == CompareKind::Phone && cp && !cp->phone_country_column.empty()) {
      const int k = find_column(t, cp->phone_country_column);
      if (k >= 0) country = &t.columns[static_cast<size_t>(k)];
    }
    // Each distinct raw value is standardized once: a cache keyed by the value's bytes in the
    // column (no copy). Phones read with a per-row region are not cached.
    // Both maps are sized for the column's distinct values (from the profile) rather than its
    // rows: a column of a few hundred cities does not clear a million buckets.
    const size_t distinct = std::min<size_t>(cp && cp->distinct ? cp->distinct : t.rows,
                                             std::min<size_t>(t.rows, 1u << 20));
    std::unordered_map<std::string_view, uint32_t> raw_cache;
    raw_cache.reserve(distinct);
    ids.reserve(ids.size() + distinct);
    for (size_t r = 0; r < t.rows; ++r) {
      if ((r & 4095) == 0) check_cancel(cancel);
      if (r % kTick == kTick - 1 && tick) tick(kTick);
      if (col.missing(r)) {
        out.row_id.push_back(0);
        continue;
      }
      const std::string_view v = col.value(r);
      std::string_view row_region = region;
      std::string found;
      if (country && !country->missing(r)) {
        found = country_alpha2(country->value(r));
        if (!found.empty() && is_phone_region(found)) row_region = found;
      }
      const bool cacheable = !country;
      uint32_t id;
      auto it = cacheable ? raw_cache.find(v) : raw_cache.end();
      if (it != raw_cache.end()) {
        id = it->second;
        if (id) ++out.count[id];
      } else {
        int64_t day = std::numeric_limits<int64_t>::min();
        double number = std::nan("");
        std::string key = make_key(out.kind, v, cp, row_region, day, number);
        id = intern(std::move(key), day, number);
        if (cacheable) raw_cache.emplace(v, id);
      }
      out.row_id.push_back(id);
    }
    if (tick) tick(t.rows % kTick);
  }
};

/// The first word of a folded key ("mary ann" → "mary").
std::string_view first_word(std::string_view v) {
  return v.substr(0, std::min(v.find(' '), v.size()));
}

/// Phonetic codes and nickname canonicals of every distinct name of a Name field.
void name_keys(FieldKeys& k, CancelFlag cancel) {
  std::unordered_map<std::string, uint32_t> codes, canon;
  auto code_id = [&](const std::string& code) -> uint32_t {
    if (code.empty()) return 0;
    return codes.emplace(code, static_cast<uint32_t>(codes.size() + 1)).first->second;
  };
  k.phonetic.assign(k.value.size(), 0);
  k.phonetic_alt.assign(k.value.size(), 0);
  k.nick_start.assign(k.value.size() + 1, 0);
  k.nick_ids.clear();
  const bool nicknames = k.role != FieldRole::FamilyName;
  for (size_t id = 1; id < k.value.size(); ++id) {
    if ((id & 4095) == 0) check_cancel(cancel);
    const DoubleMetaphone dm = double_metaphone(k.value[id]);
    k.phonetic[id] = code_id(dm.primary);
    k.phonetic_alt[id] = dm.alternate.empty() ? k.phonetic[id] : code_id(dm.alternate);
    if (nicknames) {
      const std::string_view w =
          k.role == FieldRole::FullName ? first_word(k.value[id]) : std::string_view(k.value[id]);
      for (const std::string& c : nickname_canonicals(w))
        k.nick_ids.push_back(
            canon.emplace(c, static_cast<uint32_t>(canon.size() + 1)).first->second);
    }
    k.nick_start[id + 1] = static_cast<uint32_t>(k.nick_ids.size());
  }
}

}  // namespace

std::vector<FieldKeys> build_keys(const DedupeModel& model, const Table& a, const Profile& pa,
                                  const Table* b, const Profile* pb, CancelFlag cancel,
                                  size_t threads, const ProgressFn& progress) {
  std::vector<FieldKeys> keys(model.fields.size());
  const uint64_t rows = a.rows + (b ? b->rows : 0);
  const uint64_t total = rows * model.fields.size();
  uint64_t done = 0;
  std::mutex mu;
  // Rows done over all fields, reported from whichever thread made them (under a lock).
  const std::function<void(size_t)> tick = [&](size_t n) {
    const std::lock_guard<std::mutex> lock(mu);
    done += n;
    if (progress) progress(Progress{"keys", done, total, rows});
  };
  // Each field is built by one task into its own slot: the same keys on any number of threads.
  parallel_for(model.fields.size(), threads, [&](size_t f) {
    const CompareField& cf = model.fields[f];
    FieldKeys& k = keys[f];
    k.kind = cf.kind;
    k.role = cf.role;
    k.value.emplace_back();
    k.count.push_back(0);
    if (k.kind == CompareKind::Date) k.day.push_back(std::numeric_limits<int64_t>::min());
    if (k.kind == CompareKind::Number) k.number.push_back(std::nan(""));
    k.row_id.reserve(rows);
    k.value.reserve(rows + 1);  // never reallocated while the builder views its strings
    {
      KeyBuilder builder{k, {}};
      builder.add_table(a, pa, cf.column, cancel, tick);
      if (b) builder.add_table(*b, pb ? *pb : pa, cf.column, cancel, tick);
    }
    k.value.shrink_to_fit();
    check_cancel(cancel);
    k.present = 0;
    for (uint32_t id : k.row_id) k.present += id != 0;
    if (k.kind == CompareKind::Name) name_keys(k, cancel);
  });
  return keys;
}

std::string phonetic_code(std::string_view folded) {
  return double_metaphone(folded).primary;
}

}  // namespace crm::dedupe
