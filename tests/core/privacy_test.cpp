// Personal data (core/src/privacy): detectors, masking rules, years and bands, the protect
// configuration, protected exports, and HMAC-SHA256 against Python's hmac/hashlib.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace crm
