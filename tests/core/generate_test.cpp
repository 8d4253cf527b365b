// Tests of the deterministic messy customer-data generator.
#include "crm/generate.h"
#include "crm/nicknames.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Record = std::vector<std::string>;

constexpr const char* kHeader =
    "customer_id,first_name,last_name,email,phone,company,street,city,postal_code,country,"
    "signup_date,last_updated,total_spend,order_count\n";

enum Col {
  kId,
  kFirst,
  kLast,
  kEmail,
  kPhone,
  kCompany,
  kStreet,
  kCity,
  kPostal,
  kCountry,
  kSignup,
  kUpdated,
  kSpend,
  kOrders
};

/// Generated CSV and truth bytes.
struct Output {
  std::string csv;
  std::string truth;
};

/// Runs the generator into strings.
Output generate(uint64_t rows, uint64_t seed, double dup_rate) {
  Output out;
  crm::GenerateOptions o;
  o.rows = rows;
  o.seed = seed;
  o.dup_rate = dup_rate;
  crm::generate_customers(
      o, [&](std::string_view s) { out.csv.append(s); },
      [&](std::string_view s) { out.truth.append(s); });
  return out;
}

/// Minimal RFC 4180 parser (quotes, doubled quotes, CR/LF inside quotes); no header handling.
std::vector<Record> parse_csv(const std::string& text) {
  std::vector<Record> records;
  Record rec;
  std::string field;
  bool quoted = false;
  bool any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    any = true;
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rec.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      rec.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(rec));
      rec.clear();
      any = false;
    } else {
      field += c;
    }
  }
  if (any) {
    rec.push_back(std::move(field));
    records.push_back(std::move(rec));
  }
  return records;
}

/// Data records of a generated CSV (header removed).
std::vector<Record> data_records(const std::string& csv) {
  std::vector<Record> all = parse_csv(csv);
  if (!all.empty()) all.erase(all.begin());
  return all;
}

/// Entity id of every data row, checking the truth format along the way.
std::vector<uint64_t> truth_entities(const std::string& truth) {
  std::vector<uint64_t> out;
  std::istringstream in(truth);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "row,entity_id");
  uint64_t expected_row = 0;
  while (std::getline(in, line)) {
    const size_t comma = line.find(',');
    EXPECT_NE(comma, std::string::npos) << line;
    if (comma == std::string::npos) break;
    EXPECT_EQ(std::stoull(line.substr(0, comma)), expected_row);
    out.push_back(std::stoull(line.substr(comma + 1)));
    ++expected_row;
  }
  return out;
}

/// Share of rows whose entity already appeared on an earlier row.
double duplicate_share(const std::vector<uint64_t>& entities) {
  std::set<uint64_t> seen;
  uint64_t dups = 0;
  for (uint64_t e : entities) {
    if (!seen.insert(e).second) ++dups;
  }
  return entities.empty() ? 0.0 : static_cast<double>(dups) / static_cast<double>(entities.size());
}

/// True if s is well-formed UTF-8.
bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

/// Trims ASCII spaces.
std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(' ');
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(' ') - a + 1);
}

/// True for the generator's missing-value spellings.
bool is_missing(const std::string& v) {
  const std::string t = trim(v);
  return t.empty() || t == "N/A" || t == "n/a" || t == "null" || t == "NULL" || t == "-";
}

/// Reads all digits of s[pos, pos+n) as a number; -1 if any is not a digit.
int digits(const std::string& s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

/// Parses the generator's date formats (ISO may carry a time) to an order-preserving key;
/// -1 if not a real date.
int64_t date_key(const std::string& raw) {
  const std::string s = trim(raw);
  int y = -1, m = -1, d = -1;
  static const char* kMon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
    y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
  } else if (s.size() == 10 && s[2] == '/' && s[5] == '/') {
    m = digits(s, 0, 2), d = digits(s, 3, 2), y = digits(s, 6, 4);
  } else if (s.size() == 10 && s[2] == '.' && s[5] == '.') {
    d = digits(s, 0, 2), m = digits(s, 3, 2), y = digits(s, 6, 4);
  } else if (s.size() >= 11 && s[3] == ' ') {
    for (int i = 0; i < 12; ++i) {
      if (s.compare(0, 3, kMon[i]) == 0) m = i + 1;
    }
    const size_t comma = s.find(", ");
    if (comma == std::string::npos) return -1;
    d = digits(s, 4, comma - 4);
    y = digits(s, comma + 2, 4);
  }
  if (y < 0 || m < 1 || m > 12 || d < 1) return -1;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return -1;
  return (static_cast<int64_t>(y) * 12 + m) * 31 + d;
}

/// True if s looks like "1234.50".
bool canonical_money(const std::string& s) {
  const size_t dot = s.find('.');
  if (dot == std::string::npos || dot == 0 || s.size() != dot + 3) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i != dot && (s[i] < '0' || s[i] > '9')) return false;
  }
  return true;
}

/// Reads a whole file as bytes.
std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---------------------------------------------------------------------------------------------

struct SeedCase {
  const char* name;
  uint64_t rows;
  uint64_t seed;
  double dup_rate;
};

class SameSeed : public testing::TestWithParam<SeedCase> {};

TEST_P(SameSeed, IdenticalBytes) {
  const SeedCase& c = GetParam();
  const Output a = generate(c.rows, c.seed, c.dup_rate);
  const Output b = generate(c.rows, c.seed, c.dup_rate);
  EXPECT_EQ(a.csv, b.csv);
  EXPECT_EQ(a.truth, b.truth);
}

INSTANTIATE_TEST_SUITE_P(Generate, SameSeed,
                         testing::Values(SeedCase{"tiny", 3, 1, 0.1},
                                         SeedCase{"default_rate", 5000, 7, 0.1},
                                         SeedCase{"many_dups", 5000, 99, 0.5},
                                         SeedCase{"no_dups", 2000, 0, 0.0},
                                         SeedCase{"max_seed", 2000, UINT64_MAX, 0.2}),
                         [](const testing::TestParamInfo<SeedCase>& i) { return i.param.name; });

TEST(Generate, DifferentSeedDiffers) {
  const Output a = generate(500, 1, 0.1);
  const Output b = generate(500, 2, 0.1);
  EXPECT_NE(a.csv, b.csv);
  // Not just a shifted copy: the first data rows differ.
  EXPECT_NE(data_records(a.csv)[0], data_records(b.csv)[0]);
}

TEST(Generate, HeaderExactAndZeroRows) {
  const Output empty = generate(0, 5, 0.1);
  EXPECT_EQ(empty.csv, kHeader);
  EXPECT_EQ(empty.truth, "row,entity_id\n");
  const Output some = generate(10, 5, 0.1);
  EXPECT_EQ(some.csv.substr(0, std::string(kHeader).size()), kHeader);
}

TEST(Generate, TruthSinkIsOptional) {
  crm::GenerateOptions o;
  o.rows = 300;
  o.seed = 11;
  std::string csv;
  crm::generate_customers(o, [&](std::string_view s) { csv.append(s); });
  EXPECT_EQ(csv, generate(300, 11, o.dup_rate).csv);
}

struct CountCase {
  const char* name;
  uint64_t rows;
  double dup_rate;
};

class RowCount : public testing::TestWithParam<CountCase> {};

TEST_P(RowCount, RecordsFieldsAndTruthLines) {
  const CountCase& c = GetParam();
  const Output out = generate(c.rows, 3, c.dup_rate);
  const std::vector<Record> recs = data_records(out.csv);
  ASSERT_EQ(recs.size(), c.rows);
  for (size_t i = 0; i < recs.size(); ++i) {
    ASSERT_EQ(recs[i].size(), 14u) << "row " << i;
  }
  EXPECT_EQ(truth_entities(out.truth).size(), c.rows);
  ASSERT_FALSE(out.csv.empty());
  EXPECT_EQ(out.csv.back(), '\n');
}

INSTANTIATE_TEST_SUITE_P(Generate, RowCount,
                         testing::Values(CountCase{"one", 1, 0.1},
                                         CountCase{"two_all_dups", 2, 1.0},
                                         CountCase{"seventeen", 17, 0.2},
                                         CountCase{"uneven_progress", 250, 0.1},
                                         CountCase{"thousands", 12345, 0.3}),
                         [](const testing::TestParamInfo<CountCase>& i) { return i.param.name; });

struct RateCase {
  const char* name;
  double dup_rate;
};

class DuplicateShare : public testing::TestWithParam<RateCase> {};

TEST_P(DuplicateShare, MatchesDupRate) {
  const RateCase& c = GetParam();
  const Output out = generate(20000, 21, c.dup_rate);
  const double share = duplicate_share(truth_entities(out.truth));
  EXPECT_NEAR(share, c.dup_rate, 0.015);
}

INSTANTIATE_TEST_SUITE_P(Generate, DuplicateShare,
                         testing::Values(RateCase{"none", 0.0}, RateCase{"five_pct", 0.05},
                                         RateCase{"ten_pct", 0.1}, RateCase{"thirty_pct", 0.3}),
                         [](const testing::TestParamInfo<RateCase>& i) { return i.param.name; });

// Exact duplicate rows are part of dup_rate, so a zero rate means one row per entity.
TEST(Generate, ZeroDupRateGivesDistinctEntitiesAndIds) {
  const Output out = generate(10000, 8, 0.0);
  const std::vector<uint64_t> ents = truth_entities(out.truth);
  EXPECT_EQ(std::set<uint64_t>(ents.begin(), ents.end()).size(), ents.size());
  std::set<std::string> ids;
  for (const Record& r : data_records(out.csv)) ids.insert(r[kId]);
  EXPECT_EQ(ids.size(), ents.size());
}

TEST(Generate, OutOfRangeDupRatesAreClamped) {
  for (double rate : {-1.0, std::numeric_limits<double>::quiet_NaN()}) {
    const Output out = generate(2000, 4, rate);
    EXPECT_EQ(duplicate_share(truth_entities(out.truth)), 0.0) << rate;
  }
  const Output all = generate(2000, 4, 5.0);
  EXPECT_EQ(data_records(all.csv).size(), 2000u);
  EXPECT_GT(duplicate_share(truth_entities(all.truth)), 0.5);
}

TEST(Generate, ExactDuplicateRowsShareIdAndEntity) {
  const Output out = generate(50000, 12, 0.1);
  const std::vector<Record> recs = data_records(out.csv);
  const std::vector<uint64_t> ents = truth_entities(out.truth);
  std::map<Record, size_t> first_seen;
  size_t exact = 0;
  for (size_t i = 0; i < recs.size(); ++i) {
    auto [it, inserted] = first_seen.emplace(recs[i], i);
    if (!inserted) {
      ++exact;
      EXPECT_EQ(ents[it->second], ents[i]) << "row " << i;
    }
  }
  // 2% of the 10% duplicate rows: about 100 of 50,000.
  EXPECT_GT(exact, 40u);
  EXPECT_LT(exact, 250u);
}

// Some duplicates are the same record entered again: every field equal but a fresh customer_id,
// so that duplicate records (rows equal but for the id column) outnumber duplicate rows.
TEST(Generate, ReenteredRecordsHaveFreshIds) {
  const Output out = generate(50000, 12, 0.1);
  const std::vector<Record> recs = data_records(out.csv);
  const std::vector<uint64_t> ents = truth_entities(out.truth);
  std::map<Record, size_t> first_seen;
  std::set<std::string> ids;
  size_t reentered = 0;
  for (size_t i = 0; i < recs.size(); ++i) {
    Record rest(recs[i].begin() + 1, recs[i].end());
    auto [it, inserted] = first_seen.emplace(rest, i);
    const bool new_id = ids.insert(recs[i][0]).second;
    if (!inserted && new_id) {
      ++reentered;
      EXPECT_EQ(ents[it->second], ents[i]) << "row " << i;
    }
  }
  // 3% of the 98% of the 10% duplicate rows that are not exact copies: about 150 of 50,000.
  EXPECT_GT(reentered, 70u);
  EXPECT_LT(reentered, 300u);
}

TEST(Generate, NearDuplicatesVaryAndSpreadOut) {
  const Output out = generate(30000, 13, 0.2);
  const std::vector<Record> recs = data_records(out.csv);
  const std::vector<uint64_t> ents = truth_entities(out.truth);
  std::map<uint64_t, std::vector<size_t>> groups;
  for (size_t i = 0; i < ents.size(); ++i) groups[ents[i]].push_back(i);

  size_t big_groups = 0, name_changed = 0, email_case_only = 0, far_apart = 0, new_ids = 0;
  for (const auto& [entity, rows] : groups) {
    if (rows.size() < 2) continue;
    if (rows.size() >= 3) ++big_groups;
    const Record& a = recs[rows[0]];
    for (size_t k = 1; k < rows.size(); ++k) {
      const Record& b = recs[rows[k]];
      if (b[kId] != a[kId]) ++new_ids;
      if (trim(b[kFirst]) != trim(a[kFirst]) && !is_missing(a[kFirst]) && !is_missing(b[kFirst])) {
        ++name_changed;
      }
      std::string ea = trim(a[kEmail]), eb = trim(b[kEmail]);
      if (ea != eb && ea.find('@') != std::string::npos) {
        std::transform(ea.begin(), ea.end(), ea.begin(), ::tolower);
        std::transform(eb.begin(), eb.end(), eb.begin(), ::tolower);
        if (ea == eb) ++email_case_only;
      }
      if (rows[k] - rows[k - 1] > 100) ++far_apart;
    }
  }
  EXPECT_GT(big_groups, 100u);
  EXPECT_GT(name_changed, 300u);
  EXPECT_GT(email_case_only, 100u);
  EXPECT_GT(far_apart, 1000u);
  EXPECT_GT(new_ids, 4000u);
}

TEST(Generate, RealisticInternationalContent) {
  const Output out = generate(20000, 14, 0.1);
  EXPECT_TRUE(valid_utf8(out.csv));
  for (const char* s : {"é", "ü", "ö", "ñ", "ł", "ø", "ễ", "Zoë", "O'", "van der ", "de la "}) {
    EXPECT_NE(out.csv.find(s), std::string::npos) << s;
  }
  const std::vector<Record> recs = data_records(out.csv);
  std::map<std::string, size_t> countries;
  size_t us_paren_phone = 0, intl_phone = 0, iso_dates = 0;
  for (const Record& r : recs) {
    ++countries[r[kCountry]];
    if (r[kPhone].rfind("(", 0) == 0) ++us_paren_phone;
    if (r[kPhone].rfind("+", 0) == 0) ++intl_phone;
    if (r[kSignup].size() == 10 && r[kSignup][4] == '-') ++iso_dates;
  }
  for (const char* iso : {"US", "GB", "DE", "FR", "ES", "IT", "NL", "PL", "SE", "MX", "IE"}) {
    EXPECT_GT(countries[iso], 100u) << iso;
  }
  EXPECT_GT(countries["US"], recs.size() / 5);
  EXPECT_GT(us_paren_phone, 1000u);
  EXPECT_GT(intl_phone, 1000u);
  EXPECT_GT(iso_dates, recs.size() * 7 / 10);
}

TEST(Generate, NoiseIsPresentAtModestRates) {
  const Output out = generate(30000, 15, 0.1);
  const std::vector<Record> recs = data_records(out.csv);
  const double n = static_cast<double>(recs.size());
  size_t missing_email = 0, no_at = 0, double_at = 0, bad_date = 0, negative = 0, text_spend = 0,
         padded = 0, upper_name = 0, missing_phone = 0, short_phone = 0;
  for (const Record& r : recs) {
    const std::string email = trim(r[kEmail]);
    if (is_missing(r[kEmail])) {
      ++missing_email;
    } else if (email.find('@') == std::string::npos) {
      ++no_at;
    } else if (email.find("@@") != std::string::npos) {
      ++double_at;
    }
    for (int col : {kSignup, kUpdated}) {
      if (!is_missing(r[col]) && date_key(r[col]) < 0) ++bad_date;
    }
    if (r[kSpend].size() > 1 && r[kSpend][0] == '-') ++negative;
    if (!is_missing(r[kSpend]) && r[kSpend].find_first_of("0123456789") == std::string::npos) {
      ++text_spend;
    }
    for (const std::string& v : r) {
      if (!v.empty() && trim(v) != v && !trim(v).empty()) ++padded;
    }
    const std::string& fn = r[kFirst];
    if (fn.size() > 2 &&
        std::all_of(fn.begin(), fn.end(), [](char c) { return !(c >= 'a' && c <= 'z'); }) &&
        std::any_of(fn.begin(), fn.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      ++upper_name;
    }
    if (is_missing(r[kPhone])) {
      ++missing_phone;
    } else {
      const std::string p = r[kPhone];
      if (std::count_if(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; }) < 7) {
        ++short_phone;
      }
    }
  }
  // Each kind of noise exists, none dominates.
  EXPECT_GT(missing_email / n, 0.01);
  EXPECT_LT(missing_email / n, 0.08);
  EXPECT_GT(missing_phone / n, 0.01);
  EXPECT_LT(missing_phone / n, 0.08);
  EXPECT_GT(no_at, 10u);
  EXPECT_GT(double_at, 10u);
  EXPECT_GT(bad_date, 50u);
  EXPECT_GT(negative, 20u);
  EXPECT_GT(text_spend, 20u);
  EXPECT_GT(padded, 500u);
  EXPECT_GT(upper_name, 100u);
  EXPECT_GT(short_phone, 50u);
  // RFC 4180 quoting is exercised: quoted commas, doubled quotes and embedded newlines.
  EXPECT_NE(out.csv.find(", "), std::string::npos);
  EXPECT_NE(out.csv.find("\"\""), std::string::npos);
  size_t multiline = 0;
  for (const Record& r : recs) multiline += r[kStreet].find('\n') != std::string::npos;
  EXPECT_GT(multiline, 0u);
}

// The variants of near-duplicate rows (README, Generator): nicknames from the bundled table,
// swapped given/family names, phones written internationally or with dots, dates in another
// layout. Rates are of (first row, later row) pairs of one entity.
TEST(Generate, NearDuplicateVariants) {
  const Output out = generate(30000, 21, 0.3);
  const std::vector<Record> recs = data_records(out.csv);
  const std::vector<uint64_t> ents = truth_entities(out.truth);
  std::map<uint64_t, std::vector<size_t>> groups;
  for (size_t i = 0; i < ents.size(); ++i) groups[ents[i]].push_back(i);
  size_t pairs = 0, nick = 0, swapped = 0, intl = 0, dotted = 0, month_name = 0;
  for (const auto& [entity, rows] : groups) {
    const Record& a = recs[rows[0]];
    for (size_t k = 1; k < rows.size(); ++k) {
      const Record& b = recs[rows[k]];
      ++pairs;
      if (crm::are_nicknames(trim(a[kFirst]), trim(b[kFirst]))) ++nick;
      if (!is_missing(a[kFirst]) && trim(b[kFirst]) == trim(a[kLast]) &&
          trim(b[kLast]) == trim(a[kFirst])) {
        ++swapped;
      }
      const std::string pa = trim(a[kPhone]), pb = trim(b[kPhone]);
      if (!pa.empty() && pa[0] != '+' && !pb.empty() && pb[0] == '+') ++intl;
      if (pb.find('.') != std::string::npos) ++dotted;
      if (b[kSignup].find(", ") != std::string::npos) ++month_name;
    }
  }
  ASSERT_GT(pairs, 7000u);
  EXPECT_GT(nick, pairs * 4 / 100) << nick << " of " << pairs;
  EXPECT_GT(swapped, pairs / 100) << swapped << " of " << pairs;
  EXPECT_LT(swapped, pairs / 10) << swapped << " of " << pairs;
  EXPECT_GT(intl, pairs * 8 / 100) << intl << " of " << pairs;
  EXPECT_GT(dotted, pairs * 8 / 100) << dotted << " of " << pairs;
  EXPECT_GT(month_name, pairs * 8 / 100) << month_name << " of " << pairs;
}

TEST(Generate, SignupBeforeLastUpdated) {
  const Output out = generate(20000, 16, 0.2);
  size_t compared = 0;
  for (const Record& r : data_records(out.csv)) {
    const int64_t a = date_key(r[kSignup]);
    const int64_t b = date_key(r[kUpdated]);
    if (a < 0 || b < 0) continue;
    ++compared;
    EXPECT_LT(a, b) << r[kId] << " " << r[kSignup] << " " << r[kUpdated];
  }
  EXPECT_GT(compared, 19000u);
}

TEST(Generate, SpendMostlyCanonicalAndCountsIntegers) {
  const Output out = generate(20000, 17, 0.1);
  const std::vector<Record> recs = data_records(out.csv);
  size_t canonical = 0, integer_orders = 0;
  for (const Record& r : recs) {
    canonical += canonical_money(r[kSpend]);
    integer_orders +=
        !r[kOrders].empty() && r[kOrders].find_first_not_of("0123456789") == std::string::npos;
    if (r[kSpend].find_first_of("0123456789") != std::string::npos) {  // no "1.2e+03"
      EXPECT_EQ(r[kSpend].find_first_of("eE"), std::string::npos) << r[kSpend];
    }
  }
  EXPECT_GT(canonical, recs.size() * 9 / 10);
  EXPECT_GT(integer_orders, recs.size() * 95 / 100);
}

TEST(Generate, FlushesInChunksAndReportsProgress) {
  crm::GenerateOptions o;
  o.rows = 30000;
  o.seed = 18;
  std::vector<size_t> chunks;
  std::string joined;
  std::vector<crm::Progress> reports;
  crm::generate_customers(
      o,
      [&](std::string_view s) {
        chunks.push_back(s.size());
        joined.append(s);
      },
      {}, [&](const crm::Progress& p) { reports.push_back(p); });
  EXPECT_EQ(joined, generate(30000, 18, o.dup_rate).csv);
  EXPECT_GT(chunks.size(), 2u);
  for (size_t c : chunks) EXPECT_LE(c, (size_t{1} << 20) + 65536);
  ASSERT_GE(reports.size(), 90u);
  EXPECT_LE(reports.size(), 110u);
  uint64_t last = 0;
  for (const crm::Progress& p : reports) {
    EXPECT_EQ(p.stage, "generate");
    EXPECT_EQ(p.total, o.rows);
    EXPECT_EQ(p.rows, p.done);
    EXPECT_GT(p.done, last);
    last = p.done;
  }
  EXPECT_EQ(reports.back().done, o.rows);
}

TEST(Generate, CancelFlagStopsGeneration) {
  std::atomic<bool> cancel{true};
  crm::GenerateOptions o;
  o.rows = 1000;
  EXPECT_THROW(crm::generate_customers(
                   o, [](std::string_view) {}, {}, {}, &cancel),
               crm::Cancelled);
  // Raised midway: stops at the next progress check.
  std::atomic<bool> later{false};
  uint64_t reports = 0;
  o.rows = 100000;
  EXPECT_THROW(crm::generate_customers(
                   o, [](std::string_view) {}, {},
                   [&](const crm::Progress&) {
                     if (++reports == 3) later = true;
                   },
                   &later),
               crm::Cancelled);
  EXPECT_EQ(reports, 3u);
}

// Pins the exact bytes so the native and WebAssembly builds can be checked against one file.
TEST(Generate, GoldenSeed42Rows20) {
  const std::string path = std::string(CRM_TEST_DATA) + "/generate_seed42_rows20.csv";
  const std::string golden = read_file(path);
  ASSERT_FALSE(golden.empty()) << "missing " << path;
  const Output out = generate(20, 42, 0.2);
  EXPECT_EQ(out.csv, golden);
  EXPECT_EQ(data_records(out.csv).size(), 20u);
  EXPECT_EQ(out.truth,
            "row,entity_id\n0,0\n1,1\n2,0\n3,2\n4,3\n5,4\n6,5\n7,6\n8,7\n9,8\n10,7\n11,9\n12,"
            "10\n13,5\n14,0\n15,11\n16,7\n17,12\n18,13\n19,2\n");
}

}  // namespace
