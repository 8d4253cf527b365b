// Personal data (core/src/privacy): detectors, masking rules, years and bands, the protect
// configuration, protected exports, and HMAC-SHA256 against Python's hmac/hashlib.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "crm/common.h"
#include "crm/privacy.h"
#include "test_util.h"

namespace crm {
namespace {

using test::make_table;
using test::Values;

ProjectKey key_of(uint8_t seed) {
  ProjectKey k{};
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(seed * 31 + i * 7);
  return k;
}

std::string hex(const uint8_t* p, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += d[p[i] >> 4];
    s += d[p[i] & 15];
  }
  return s;
}

// ---- masking rules, one table per kind ----

struct MaskCase {
  const char* name;
  PiiKind kind;
  std::string in, out;
};

TEST(Privacy, MaskRules) {
  const MaskCase cases[] = {
      {"email", PiiKind::Email, "john@gmail.com", "j•••@gmail.com"},
      {"email trimmed", PiiKind::Email, "  Ann.Lee@Example.org ", "A•••@Example.org"},
      {"email unicode first letter", PiiKind::Email, "émile@mail.fr", "é•••@mail.fr"},
      {"not an email", PiiKind::Email, "nobody", "••••••"},
      {"phone international", PiiKind::Phone, "+49 1512 3456789", "+49 •••• •••••89"},
      {"phone 00 prefix", PiiKind::Phone, "0049 30 1234567", "0049 •• •••••67"},
      {"phone national", PiiKind::Phone, "(555) 123-4567", "(•••) •••-••67"},
      {"name", PiiKind::Name, "John Smith", "J••• S••••"},
      {"name accents", PiiKind::Name, "Zoë d'Arc", "Z•• d'A••"},
      {"address", PiiKind::Address, "12 Main Street", "•• M••• S•••••"},
      {"postcode", PiiKind::Postcode, "10115", "10•••"},
      {"postcode uk", PiiKind::Postcode, "SW1A 1AA", "SW•• •••"},
      {"birth date", PiiKind::BirthDate, "1985-02-14", "1985"},
      {"birth date other layout", PiiKind::BirthDate, "14.02.1985", "1985"},
      {"birth date unreadable", PiiKind::BirthDate, "unknown", "•••••••"},
      {"ssn", PiiKind::NationalId, "123-45-6789", "•••-••-••89"},
      {"ipv4", PiiKind::IpAddress, "192.168.10.24", "192.168.••.••"},
      {"ipv6", PiiKind::IpAddress, "2001:db8::1", "2001:db8::•"},
      {"free text", PiiKind::FreeText, "Call me at +44 20 7946 0958 or mail ann@x.org.",
       "Call me at +44 •• •••• ••58 or mail a•••@x.org."},
      {"free text without pii", PiiKind::FreeText, "Prefers calls in 2024",
       "Prefers calls in 2024"},
      {"other", PiiKind::None, "secret", "s•••••"},
      {"empty", PiiKind::Email, "  ", ""},
  };
  for (const MaskCase& c : cases) EXPECT_EQ(mask_value(c.in, c.kind), c.out) << c.name;
}

TEST(Privacy, YearsAndBands) {
  ColumnProtection p;
  EXPECT_EQ(year_of("1985-02-14"), "1985");
  EXPECT_EQ(year_of("Mar 5, 1979"), "1979");
  EXPECT_EQ(year_of("no date"), "");
  EXPECT_EQ(generalize_value("1985-02-14", PiiKind::BirthDate, p), "1980-1989");
  EXPECT_EQ(generalize_value("37", PiiKind::Age, p), "30-39");
  p.band = 5;
  EXPECT_EQ(generalize_value("37", PiiKind::Age, p), "35-39");
  EXPECT_EQ(generalize_value("-3", PiiKind::Age, p), "");
  EXPECT_EQ(generalize_value("thirty", PiiKind::Age, p), "");
  p.band = 1;
  EXPECT_EQ(generalize_value("1985-02-14", PiiKind::BirthDate, p), "1985");
  p.digits = 2;
  EXPECT_EQ(generalize_value("10115", PiiKind::Postcode, p), "10");
  p.digits = 3;
  EXPECT_EQ(generalize_value("sw1a 1aa", PiiKind::Postcode, p), "SW1");
}

// ---- every rule of a protected export, one named-case table (what each action makes of a value
// of each kind: README "Personal data", "What each action writes") ----

struct RuleCase {
  const char* name;
  ProtectAction action;
  PiiKind kind;
  const char* in;
  const char* out;
  uint32_t digits = 2;
  uint32_t band = 10;
};

TEST(Privacy, ProtectRulesTable) {
  const RuleCase cases[] = {
      {"email mask", ProtectAction::Mask, PiiKind::Email, "john@gmail.com", "j•••@gmail.com"},
      {"phone mask", ProtectAction::Mask, PiiKind::Phone, "+49 1512 3456789", "+49 •••• •••••89"},
      {"phone mask national", ProtectAction::Mask, PiiKind::Phone, "(415) 555-0100",
       "(•••) •••-••00"},
      {"name mask", ProtectAction::Mask, PiiKind::Name, "John Smith", "J••• S••••"},
      {"street mask", ProtectAction::Mask, PiiKind::Address, "221B Baker Street",
       "•••• B•••• S•••••"},
      {"date of birth year", ProtectAction::Year, PiiKind::BirthDate, "1985-02-14", "1985"},
      {"date of birth year, US layout", ProtectAction::Year, PiiKind::BirthDate, "02/14/1985",
       "1985"},
      {"date of birth not a date", ProtectAction::Year, PiiKind::BirthDate, "soon", ""},
      {"date of birth mask is the year", ProtectAction::Mask, PiiKind::BirthDate, "1985-02-14",
       "1985"},
      {"date of birth band", ProtectAction::Generalize, PiiKind::BirthDate, "1985-02-14",
       "1980-1989"},
      {"postcode generalize 2", ProtectAction::Generalize, PiiKind::Postcode, "10115", "10"},
      {"postcode generalize 3, UK", ProtectAction::Generalize, PiiKind::Postcode, "sw1a 1aa", "SW1",
       3},
      {"postcode mask", ProtectAction::Mask, PiiKind::Postcode, "94103", "94•••"},
      {"age band 10", ProtectAction::Generalize, PiiKind::Age, "37", "30-39"},
      {"age band 5", ProtectAction::Generalize, PiiKind::Age, "37", "35-39", 2, 5},
      {"age band 1", ProtectAction::Generalize, PiiKind::Age, "37", "37", 2, 1},
      {"age not a number", ProtectAction::Generalize, PiiKind::Age, "old", ""},
      {"national id mask", ProtectAction::Mask, PiiKind::NationalId, "123-45-6789", "•••-••-••89"},
      {"national id mask, letters", ProtectAction::Mask, PiiKind::NationalId, "AB123456C",
       "•••••••6C"},
      {"IPv4 mask", ProtectAction::Mask, PiiKind::IpAddress, "192.168.10.24", "192.168.••.••"},
      {"IPv6 mask", ProtectAction::Mask, PiiKind::IpAddress, "2001:db8:85a3::8a2e",
       "2001:db8:••••::••••"},
      {"free text mask", ProtectAction::Mask, PiiKind::FreeText, "mail ann@x.org",
       "mail a•••@x.org"},
      {"not personal mask", ProtectAction::Mask, PiiKind::None, "ann@x.org", "a••@•.•••"},
      {"not personal generalize", ProtectAction::Generalize, PiiKind::None, "ABC-123", "AB"},
      {"keep", ProtectAction::Keep, PiiKind::Email, "john@gmail.com", "john@gmail.com"},
  };
  for (const RuleCase& c : cases) {
    ColumnProtection p;
    p.action = c.action;
    p.digits = c.digits;
    p.band = c.band;
    EXPECT_EQ(protect_value(c.in, p, c.kind, nullptr), c.out) << c.name;
  }
  // Pseudonymize: the token of the standardized value (Python's hmac oracle below checks the
  // HMAC itself); without a key it is refused.
  const ProjectKey k = key_of(3);
  ColumnProtection ps;
  ps.action = ProtectAction::Pseudonymize;
  EXPECT_EQ(protect_value(" Ann@Example.ORG", ps, PiiKind::Email, &k),
            pseudonymize_value("ann@example.org", PiiKind::Email, k));
  EXPECT_EQ(protect_value("+1 (415) 555-0100", ps, PiiKind::Phone, &k),
            pseudonymize_value("+14155550100", PiiKind::Phone, k));
  EXPECT_THROW(protect_value("x", ps, PiiKind::Email, nullptr), InputError);
}

// ---- detectors, one table per kind ----

struct DetectCase {
  const char* name;
  std::string column;
  Values values;
  PiiKind kind;
};

TEST(Privacy, Detectors) {
  const DetectCase cases[] = {
      {"email by values", "contact", {"a@b.org", "c@d.com", "e@f.net"}, PiiKind::Email},
      {"phone by name", "Mobile", {"+44 20 7946 0958", "+44 20 7946 0959", ""}, PiiKind::Phone},
      {"birth date",
       "date_of_birth",
       {"1985-02-14", "1990-01-01", "1979-11-30"},
       PiiKind::BirthDate},
      {"dates without a birth name", "signup", {"2020-01-01", "2021-02-02"}, PiiKind::None},
      {"age", "Age", {"34", "51", "29"}, PiiKind::Age},
      {"ssn by values", "ref", {"123-45-6789", "987-65-4321"}, PiiKind::NationalId},
      {"ip by values",
       "last_login_from",
       {"10.0.0.1", "192.168.1.20", "8.8.8.8"},
       PiiKind::IpAddress},
      {"street by values",
       "line1",
       {"12 Main Street", "5 Oak Ave", "77 High Rd"},
       PiiKind::Address},
      {"street by name", "Straße", {"Hauptstraße 5", "Am Markt 3"}, PiiKind::Address},
      {"postcode", "zip", {"10115", "20095"}, PiiKind::Postcode},
      {"names", "first_name", {"Ann", "Bob", "Zoë"}, PiiKind::Name},
      {"full name", "Customer Name", {"Ann Lee", "Bob Ray"}, PiiKind::Name},
      {"company name is not a person", "company_name", {"Acme", "Zephyr Labs"}, PiiKind::None},
      {"notes with contacts",
       "notes",
       {"Call back on +1 415 555 0100 after lunch", "Prefers email: ann@example.org please",
        "Nothing special to report here at all"},
       PiiKind::FreeText},
      {"notes without contacts",
       "notes",
       {"Nothing special to report here at all", "Another long remark with no contact"},
       PiiKind::None},
      {"plain numbers", "amount", {"12.5", "7", "100"}, PiiKind::None},
  };
  for (const DetectCase& c : cases) {
    const Table t = make_table({{c.column, c.values}});
    Profile p = profile_table(t);
    const auto f = detect_personal_data(t, p);
    if (c.kind == PiiKind::None) {
      EXPECT_TRUE(f.empty()) << c.name << ": " << (f.empty() ? "" : pii_kind_name(f[0].kind));
    } else {
      ASSERT_EQ(f.size(), 1u) << c.name;
      EXPECT_EQ(f[0].kind, c.kind) << c.name << ": " << pii_kind_name(f[0].kind);
      EXPECT_FALSE(f[0].evidence.empty()) << c.name;
    }
  }
}

// ---- configuration ----

TEST(Privacy, Config) {
  const ProtectConfig c = parse_protect_config(
      R"({"crmwb_protect": 1, "columns": {"email": "pseudonymize", "phone": "mask",
          "birth_date": "year", "notes": "drop",
          "zip": {"action": "generalize", "digits": 3}, "ref": {"action": "mask", "as": "national_id"}}})");
  ASSERT_EQ(c.columns.size(), 6u);
  for (const auto& [name, p] : c.columns) {
    if (name == "zip") {
      EXPECT_EQ(p.action, ProtectAction::Generalize);
      EXPECT_EQ(p.digits, 3u);
    }
    if (name == "ref") {
      EXPECT_EQ(p.as, PiiKind::NationalId);
      EXPECT_TRUE(p.as_given);
    }
    if (name == "email") {
      EXPECT_FALSE(p.as_given);  // the detected kind applies
    }
    if (name == "notes") {
      EXPECT_EQ(p.action, ProtectAction::Drop);
    }
  }
  const std::pair<const char*, const char*> bad[] = {
      {"[]", "must be a JSON object"},
      {"{\"columns\": {}}", "\"crmwb_protect\": 1 is missing"},
      {"{\"crmwb_protect\": 2, \"columns\": {}}", "newer crmwb"},
      {"{\"crmwb_protect\": 1}", "\"columns\" must be an object"},
      {"{\"crmwb_protect\": 1, \"columns\": {\"email\": \"hash\"}}",
       "column 'email': unknown action 'hash'"},
      {"{\"crmwb_protect\": 1, \"columns\": {\"zip\": {\"action\": \"generalize\", \"digits\": "
       "0}}}",
       "column 'zip': \"digits\" must be a whole number from 1 to 10"},
      {"{\"crmwb_protect\": 1, \"columns\": {\"zip\": {\"action\": \"mask\", \"digits\": 2}}}",
       "column 'zip': \"digits\" goes with the action generalize"},
      {"{\"crmwb_protect\": 1, \"columns\": {\"x\": {\"action\": \"mask\", \"as\": \"dna\"}}}",
       "column 'x': \"as\" must be one of"},
      {"{\"crmwb_protect\": 1, \"columns\": {\"x\": {\"as\": \"email\"}}}",
       "column 'x': \"action\" is missing"},
      {"{\"crmwb_protect\": 1, \"columns\": {\"x\": 3}}", "column 'x': give an action"},
      {"{\"crmwb_protect\": 1, \"colums\": {}}", "unknown field \"colums\""},
      {"{\"crmwb_protect\": 1, ", "not valid JSON"},
  };
  for (const auto& [text, want] : bad) {
    try {
      parse_protect_config(text);
      ADD_FAILURE() << text;
    } catch (const InputError& e) {
      EXPECT_EQ(e.code(), "bad_protect_config") << text;
      EXPECT_NE(std::string(e.what()).find(want), std::string::npos) << text << " -> " << e.what();
    }
  }
}

TEST(Privacy, KeyFile) {
  const ProjectKey k = key_of(3);
  EXPECT_EQ(parse_key_file(std::string(reinterpret_cast<const char*>(k.data()), 32)), k);
  EXPECT_EQ(parse_key_file(hex(k.data(), 32) + "\n"), k);
  EXPECT_THROW(parse_key_file("abc"), InputError);
  EXPECT_THROW(parse_key_file(std::string(64, 'z')), InputError);
}

// ---- pseudonyms ----

TEST(Privacy, PseudonymsStandardizeFirst) {
  const ProjectKey k = key_of(1);
  EXPECT_EQ(pseudonymize_value("John@X.com", PiiKind::Email, k),
            pseudonymize_value(" john@x.com ", PiiKind::Email, k));
  EXPECT_EQ(pseudonymize_value("(415) 555-0100", PiiKind::Phone, k, "US"),
            pseudonymize_value("+1 415 555 0100", PiiKind::Phone, k, "GB"));
  EXPECT_EQ(pseudonymize_value("Émile  Zola", PiiKind::Name, k),
            pseudonymize_value("emile zola", PiiKind::Name, k));
  EXPECT_NE(pseudonymize_value("john@x.com", PiiKind::Email, k),
            pseudonymize_value("john@x.com", PiiKind::Email, key_of(2)));
  EXPECT_EQ(pseudonymize_value("", PiiKind::Email, k), "");
  EXPECT_EQ(pseudonymize_value("a@b.org", PiiKind::Email, k).size(), 32u);
  EXPECT_EQ(pseudonym_input("(415) 555-0100", PiiKind::Phone, "US"), "+14155550100");
  EXPECT_EQ(pseudonym_input(" John@X.com", PiiKind::Email, "US"), "john@x.com");
}

/// Runs Python's hmac/hashlib (the oracle) on `messages` under `key`: hex digests, one per line.
std::vector<std::string> python_hmac(const ProjectKey& key,
                                     const std::vector<std::string>& messages) {
  const std::string in = ::testing::TempDir() + "privacy_hmac_in.txt";
  {
    std::ofstream f(in, std::ios::binary);
    f << hex(key.data(), key.size()) << "\n";
    for (const std::string& m : messages)
      f << hex(reinterpret_cast<const uint8_t*>(m.data()), m.size()) << "\n";
  }
  const std::string cmd =
      "/usr/bin/python3 -c \"import sys,hmac,hashlib\n"
      "lines=open(sys.argv[1]).read().split('\\n')[:-1]\n"
      "k=bytes.fromhex(lines[0])\n"
      "for m in lines[1:]: print(hmac.new(k, bytes.fromhex(m), hashlib.sha256).hexdigest())\" " +
      in;
  std::vector<std::string> out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char line[256];
  while (std::fgets(line, sizeof line, p)) {
    std::string s(line);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    out.push_back(s);
  }
  pclose(p);
  return out;
}

TEST(Privacy, HmacMatchesPython) {
  std::mt19937 rng(7);
  std::vector<std::string> messages = {"",
                                       "a",
                                       "john@x.com",
                                       "+14155550100",
                                       "émile zola",
                                       "Müller",
                                       "東京都千代田区",
                                       "🙂 emoji",
                                       std::string(55, 'x'),
                                       std::string(56, 'y'),
                                       std::string(64, 'z'),
                                       std::string(1000, 'q'),
                                       std::string("nul\0inside", 10)};
  for (int i = 0; i < 2000; ++i) {  // random bytes of every length up to 300
    std::string m(static_cast<size_t>(rng() % 300), '\0');
    for (char& c : m) c = static_cast<char>(rng() & 0xFF);
    messages.push_back(m);
  }
  for (uint8_t seed : {0, 1, 200}) {
    const ProjectKey k = key_of(seed);
    const auto want = python_hmac(k, messages);
    ASSERT_EQ(want.size(), messages.size()) << "python3 hmac oracle did not run";
    for (size_t i = 0; i < messages.size(); ++i) {
      const auto mac = hmac_sha256(k, messages[i]);
      ASSERT_EQ(hex(mac.data(), mac.size()), want[i]) << "message " << i;
    }
    // The token is the first 16 bytes of the HMAC of the standardized value.
    const std::vector<std::string> values = {"ann@example.org", "Zoë Lee", "10115"};
    std::vector<std::string> inputs;
    for (const std::string& v : values) inputs.push_back(pseudonym_input(v, PiiKind::None, "US"));
    const auto tokens = python_hmac(k, inputs);
    ASSERT_EQ(tokens.size(), values.size());
    for (size_t i = 0; i < values.size(); ++i)
      EXPECT_EQ(pseudonymize_value(values[i], PiiKind::None, k), tokens[i].substr(0, 32));
  }
}

// ---- protected export ----

TEST(Privacy, ProtectTable) {
  const Table t = make_table({{"id", {"1", "2", "3"}},
                              {"email", {"Ann@X.com", "ann@x.com", ""}},
                              {"phone", {"+49 1512 3456789", "", "+1 415 555 0100"}},
                              {"notes", {"secret", "secret", "secret"}},
                              {"zip", {"10115", "20095", "N/A"}}});
  const Profile p = profile_table(t);
  const auto findings = detect_personal_data(t, p);
  const ProtectConfig c = parse_protect_config(
      R"({"crmwb_protect": 1, "columns": {"email": "pseudonymize", "phone": "mask",
          "notes": "drop", "zip": {"action": "generalize", "digits": 2, "as": "postcode"}}})");
  const ProjectKey k = key_of(5);
  std::string out;
  const ProtectResult r =
      protect_table(t, p, findings, c, &k, [&](std::string_view b) { out += b; });
  const std::string tok = pseudonymize_value("ann@x.com", PiiKind::Email, k);
  EXPECT_EQ(out, "id,email,phone,zip\n1," + tok + ",+49 •••• •••••89,10\n2," + tok +
                     ",,20\n3,,+1 ••• ••• ••00,\n");
  EXPECT_EQ(r.rows, 3u);
  ASSERT_EQ(r.columns.size(), 5u);
  EXPECT_EQ(r.columns[3].action, ProtectAction::Drop);
  EXPECT_EQ(r.columns[1].changed, 2u);
  EXPECT_EQ(r.columns[4].changed, 3u);  // the N/A null token is written empty
  // Pseudonymize without a key, and an unknown column: errors naming the column.
  try {
    protect_table(t, p, findings, c, nullptr, [](std::string_view) {});
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("column 'email': pseudonymize needs the project key"),
              std::string::npos);
  }
  const ProtectConfig unknown =
      parse_protect_config(R"({"crmwb_protect": 1, "columns": {"mail": "mask"}})");
  EXPECT_THROW(protect_table(t, p, findings, unknown, &k, [](std::string_view) {}), InputError);
}

TEST(Privacy, AsNoneOverridesTheDetectedKind) {
  // The page writes "as": "none" when the user marks a column "not personal" and still picks an
  // action: the values are then read as no particular kind, not as the detected email.
  const Table t = make_table({{"contact", {"ann@example.org", "bob@example.com"}}});
  const Profile p = profile_table(t);
  const auto findings = detect_personal_data(t, p);
  ASSERT_EQ(findings.size(), 1u);
  ASSERT_EQ(findings[0].kind, PiiKind::Email);
  auto run = [&](const char* json) {
    std::string out;
    const ProtectResult r = protect_table(t, p, findings, parse_protect_config(json), nullptr,
                                          [&](std::string_view b) { out += b; });
    return std::make_pair(out, r.columns[0].kind);
  };
  const auto detected = run(R"({"crmwb_protect": 1, "columns": {"contact": "mask"}})");
  EXPECT_EQ(detected.first, "contact\na•••@example.org\nb•••@example.com\n");
  EXPECT_EQ(detected.second, PiiKind::Email);
  const auto none =
      run(R"({"crmwb_protect": 1, "columns": {"contact": {"action": "mask", "as": "none"}}})");
  EXPECT_EQ(none.first, "contact\na••@•••••••.•••\nb••@•••••••.•••\n");
  EXPECT_EQ(none.second, PiiKind::None);
}

TEST(Privacy, ProtectRowsSlicesProgressAndCancel) {
  std::vector<std::string> emails, zips;
  for (int i = 0; i < 10000; ++i) {
    emails.push_back("user" + std::to_string(i) + "@example.org");
    zips.push_back(std::to_string(10000 + i));
  }
  const Table t = make_table({{"email", emails}, {"zip", zips}});
  const Profile p = profile_table(t);
  const auto findings = detect_personal_data(t, p);
  const ProtectConfig c =
      parse_protect_config(R"({"crmwb_protect": 1, "columns": {"email": "mask", "zip": "drop"}})");
  std::string whole;
  std::vector<Progress> seen;
  const ProtectResult all = protect_table(
      t, p, findings, c, nullptr, [&](std::string_view b) { whole += b; }, nullptr,
      [&](const Progress& pr) { seen.push_back(pr); });
  EXPECT_EQ(all.rows, 10000u);
  EXPECT_EQ(all.columns[1].changed, 10000u);
  ASSERT_GE(seen.size(), 3u);  // the start, every 4096 rows, the end
  EXPECT_EQ(seen.front().done, 0u);
  EXPECT_EQ(seen.back().done, 10000u);
  EXPECT_EQ(seen.back().total, 10000u);
  EXPECT_EQ(seen.back().stage, "protect");
  // Slices written in order (the header with the first) make the same bytes; counts add up.
  std::string sliced;
  uint64_t rows = 0, changed = 0;
  for (uint64_t first = 0; first < 10000; first += 3000) {
    ProtectRows pr;
    pr.first = first;
    pr.limit = 3000;
    pr.header = first == 0;
    const ProtectResult r = protect_table(
        t, p, findings, c, nullptr, [&](std::string_view b) { sliced += b; }, nullptr, {}, pr);
    rows += r.rows;
    changed += r.columns[0].changed;
  }
  EXPECT_EQ(sliced, whole);
  EXPECT_EQ(rows, all.rows);
  EXPECT_EQ(changed, all.columns[0].changed);
  // A preview: the first rows only.
  ProtectRows head;
  head.limit = 2;
  std::string preview;
  EXPECT_EQ(
      protect_table(
          t, p, findings, c, nullptr, [&](std::string_view b) { preview += b; }, nullptr, {}, head)
          .rows,
      2u);
  EXPECT_EQ(preview, "email\nu•••@example.org\nu•••@example.org\n");
  ProtectRows past;
  past.first = 20000;
  EXPECT_EQ(protect_table(
                t, p, findings, c, nullptr, [](std::string_view) {}, nullptr, {}, past)
                .rows,
            0u);
  // A cancel raised from the progress callback stops the run.
  std::atomic<bool> cancel{false};
  EXPECT_THROW(protect_table(
                   t, p, findings, c, nullptr, [](std::string_view) {}, &cancel,
                   [&](const Progress& pr) {
                     if (pr.done > 0) cancel = true;
                   }),
               Cancelled);
}

}  // namespace
}  // namespace crm
