// The suggested comparison setup: which columns to compare and how, read from column names and
// the profile's types; unique identifiers, provenance and update-time columns left out; and
// candidate blocking rules for the roles found (the run tightens or drops the loose ones).
#include <algorithm>

#include "crm/infer.h"
#include "dedupe/internal.h"
#include "dedupe/parallel.h"

namespace crm {

const char* field_role_name(FieldRole r) {
  switch (r) {
    case FieldRole::Other:
      return "other";
    case FieldRole::GivenName:
      return "given_name";
    case FieldRole::FamilyName:
      return "family_name";
    case FieldRole::FullName:
      return "full_name";
    case FieldRole::Email:
      return "email";
    case FieldRole::Phone:
      return "phone";
    case FieldRole::BirthDate:
      return "birth_date";
    case FieldRole::Street:
      return "street";
    case FieldRole::StreetNumber:
      return "street_number";
    case FieldRole::City:
      return "city";
    case FieldRole::Postcode:
      return "postcode";
    case FieldRole::State:
      return "state";
    case FieldRole::Country:
      return "country";
    case FieldRole::Company:
      return "company";
    case FieldRole::Identifier:
      return "identifier";
  }
  return "other";
}

bool parse_field_role(std::string_view s, FieldRole& out) {
  for (int i = 0; i <= static_cast<int>(FieldRole::Identifier); ++i) {
    const auto r = static_cast<FieldRole>(i);
    if (s == field_role_name(r)) {
      out = r;
      return true;
    }
  }
  return false;
}

namespace {

/// The name lower-cased with only letters and digits ("Date of Birth" → "dateofbirth").
std::string squash(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

bool any_of(const std::string& s, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (s == w) return true;
  return false;
}

bool contains_any(const std::string& s, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (s.find(w) != std::string::npos) return true;
  return false;
}

/// The role and comparator of a column, or false to leave it out.
bool classify(const ColumnProfile& c, const Profile& p, FieldRole& role, CompareKind& kind) {
  const std::string n = squash(c.name);
  const uint32_t hints = column_hints(c.name);
  if (c.type == ValueType::Empty || c.distinct < 2) return false;
  for (const auto& id : p.id_columns)
    if (id == c.name) return false;
  // Provenance and time of entry: where or when a record was made, not who it is.
  if ((hints & kHintLastUpdated) ||
      contains_any(n, {"created", "updated", "modified", "timestamp", "signup", "registered",
                       "source", "batch", "import", "filename", "loaded", "ingest"}))
    return false;
  if (hints & kHintEmail || c.type == ValueType::Email) {
    role = FieldRole::Email, kind = CompareKind::Email;
  } else if (hints & kHintPhone || c.type == ValueType::Phone) {
    role = FieldRole::Phone, kind = CompareKind::Phone;
  } else if (contains_any(n, {"birth", "dob"})) {
    role = FieldRole::BirthDate, kind = CompareKind::Date;
  } else if (any_of(n, {"firstname", "givenname", "forename", "fname", "first", "given",
                        "christianname", "vorname", "prenom"})) {
    role = FieldRole::GivenName, kind = CompareKind::Name;
  } else if (any_of(n, {"lastname", "surname", "familyname", "lname", "last", "family", "nachname",
                        "nom"})) {
    role = FieldRole::FamilyName, kind = CompareKind::Name;
  } else if (any_of(n, {"name", "fullname", "customername", "contactname", "clientname",
                        "personname", "contact"})) {
    role = FieldRole::FullName, kind = CompareKind::Name;
  } else if (any_of(n, {"streetnumber", "housenumber", "streetno", "houseno", "number"})) {
    role = FieldRole::StreetNumber, kind = CompareKind::Code;
  } else if (hints & kHintPostal || c.type == ValueType::PostalCode) {
    role = FieldRole::Postcode, kind = CompareKind::Code;
  } else if (hints & kHintCountry) {
    role = FieldRole::Country, kind = CompareKind::Country;
  } else if (any_of(n, {"street", "address", "address1", "addressline1", "addr", "addr1",
                        "streetaddress", "street1", "strasse", "line1"})) {
    role = FieldRole::Street, kind = CompareKind::Street;
  } else if (any_of(n, {"city", "town", "suburb", "locality", "municipality", "ort", "ville"})) {
    role = FieldRole::City, kind = CompareKind::Text;
  } else if (any_of(n, {"state", "province", "region", "county"})) {
    role = FieldRole::State, kind = CompareKind::Text;
  } else if (contains_any(n, {"company", "organisation", "organization", "employer", "business",
                              "firm", "account"})) {
    role = FieldRole::Company, kind = CompareKind::Street;
  } else if (hints & kHintId) {
    role = FieldRole::Identifier, kind = CompareKind::Code;
  } else if (c.type == ValueType::Date || c.type == ValueType::DateTime ||
             c.type == ValueType::Integer || c.type == ValueType::Decimal ||
             c.type == ValueType::Boolean || c.type == ValueType::Url) {
    return false;  // amounts, counts, flags, links and dates of events describe activity
  } else if (c.type == ValueType::Text && c.length_mean <= 60) {
    role = FieldRole::Other, kind = CompareKind::Text;
  } else {
    return false;
  }
  if (kind == CompareKind::Text && c.type == ValueType::Text && contains_any(n, {"address"}))
    kind = CompareKind::Street;
  return true;
}

}  // namespace

namespace dedupe {

/// The compared columns of the suggested setup, with candidate blocking rules.
DedupeModel suggest_fields(const Table& table, const Profile& profile, const Table* other) {
  DedupeModel m;
  for (const ColumnProfile& c : profile.columns) {
    if (m.fields.size() >= kMaxFields) break;
    FieldRole role = FieldRole::Other;
    CompareKind kind = CompareKind::Text;
    if (!classify(c, profile, role, kind)) continue;
    if (other) {
      bool found = false;
      for (const Column& oc : other->columns) found |= oc.name() == c.name;
      if (!found) continue;
    }
    CompareField f;
    f.column = c.name;
    f.kind = kind;
    f.role = role;
    f.tf = kind == CompareKind::Name || role == FieldRole::City || role == FieldRole::Postcode;
    m.fields.push_back(std::move(f));
  }
  auto col = [&](FieldRole r) -> const std::string* {
    for (const auto& f : m.fields)
      if (f.role == r) return &f.column;
    return nullptr;
  };
  auto rule = [&](std::initializer_list<std::pair<FieldRole, BlockKey>> parts) {
    BlockRule br;
    for (const auto& [r, k] : parts) {
      const std::string* c = col(r);
      if (!c) return;
      br.parts.push_back({*c, k});
    }
    m.rules.push_back(std::move(br));
  };
  using R = FieldRole;
  using K = BlockKey;
  rule({{R::Email, K::Value}});
  rule({{R::Phone, K::Value}});
  for (const auto& f : m.fields)
    if (f.role == R::Identifier) m.rules.push_back({{{f.column, K::Value}}});
  rule({{R::BirthDate, K::Value}});
  rule({{R::FamilyName, K::Phonetic}, {R::GivenName, K::Initial}});
  rule({{R::GivenName, K::Phonetic}, {R::Postcode, K::Value}});
  rule({{R::FamilyName, K::Phonetic}, {R::BirthDate, K::Year}});
  rule({{R::FamilyName, K::First3}, {R::BirthDate, K::Year}});
  rule({{R::FullName, K::Sorted}});
  rule({{R::FullName, K::Phonetic}, {R::Postcode, K::Value}});
  rule({{R::Postcode, K::Value}, {R::StreetNumber, K::Value}});
  rule({{R::Street, K::Sorted}, {R::Postcode, K::Value}});
  rule({{R::Street, K::Sorted}, {R::City, K::Value}});
  rule({{R::Company, K::Sorted}, {R::City, K::Value}});
  return m;
}

/// Keeps the candidate rules that fit the pair budget: a rule making more than `cap` pairs on
/// its own is tightened with a postcode, city, birth year or initial, or else dropped.
void fit_rules(DedupeModel& model, const std::vector<FieldKeys>& keys, const Table& a,
               size_t rows_a, size_t rows_b, uint64_t cap, std::vector<std::string>& warnings,
               CancelFlag cancel, size_t threads, const std::function<void()>& tick) {
  auto col = [&](FieldRole r) -> const std::string* {
    for (const auto& f : model.fields)
      if (f.role == r) return &f.column;
    return nullptr;
  };
  const std::pair<FieldRole, BlockKey> extras[] = {{FieldRole::Postcode, BlockKey::Value},
                                                   {FieldRole::City, BlockKey::Value},
                                                   {FieldRole::BirthDate, BlockKey::Year},
                                                   {FieldRole::GivenName, BlockKey::Initial},
                                                   {FieldRole::FamilyName, BlockKey::Initial}};
  // Each candidate is fitted by one task into its own slot (on several threads natively); the
  // rules kept and the warnings follow the candidates' order.
  const size_t n = model.rules.size();
  std::vector<BlockRule> fitted(n);
  std::vector<char> fits(n, 0);  // not vector<bool>: tasks write neighbouring slots at once
  std::vector<std::string> dropped(n);
  parallel_for(n, threads, [&](size_t i) {
    const BlockRule& candidate = model.rules[i];
    BlockRule r = candidate;
    for (size_t step = 0;; ++step) {
      DedupeModel one;
      one.fields = model.fields;
      one.rules = {r};
      const auto blocks = build_blocks(one, keys, a, rows_a, rows_b, cancel, 1, tick);
      if (blocks[0].estimated <= cap) {
        fits[i] = blocks[0].estimated > 0;
        fitted[i] = r;
        break;
      }
      // Tighten with the next extra key the rule does not use yet.
      bool added = false;
      for (const auto& [role, key] : extras) {
        const std::string* c = col(role);
        if (!c) continue;
        bool used = false;
        for (const auto& p : r.parts) used |= p.column == *c;
        if (used) continue;
        r.parts.push_back({*c, key});
        added = true;
        break;
      }
      if (!added || step >= 3) {
        dropped[i] = "blocking rule " + block_rule_text(candidate) +
                     " was left out: it would compare " + group_thousands(blocks[0].estimated) +
                     " pairs";
        break;
      }
    }
  });
  std::vector<BlockRule> kept;
  for (size_t i = 0; i < n; ++i) {
    if (!dropped[i].empty()) warnings.push_back(dropped[i]);
    if (!fits[i]) continue;
    bool dup = false;
    for (const auto& k : kept) dup |= block_rule_text(k) == block_rule_text(fitted[i]);
    if (!dup) kept.push_back(fitted[i]);
  }
  model.rules = std::move(kept);
}

}  // namespace dedupe
}  // namespace crm
