// Country standardizer (core/src/standardize/country.cpp), including the iso-codes oracle.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "crm/country.h"
#include "standardize/country_data.h"

namespace crm {
namespace {

struct Case {
  const char* name;
  std::string in;
  CountryForm form;
  bool ok;
  std::string out;     // expected output
  std::string reason;  // expected substring of the reason ("" = no reason)
  std::string suggestion = {};
};

TEST(Country, Values) {
  const auto A2 = CountryForm::kAlpha2, A3 = CountryForm::kAlpha3, N = CountryForm::kName;
  const Case cases[] = {
      {"alpha-2", "DE", A2, true, "DE", ""},
      {"alpha-2 lower, spaces", "  de ", A2, true, "DE", ""},
      {"alpha-3", "deu", A2, true, "DE", ""},
      {"numeric", "276", A2, true, "DE", ""},
      {"numeric leading zero", "004", A3, true, "AFG", ""},
      {"numeric too short", "4", A2, false, "4", "3 digits", "AF"},
      {"english name", "Germany", A3, true, "DEU", ""},
      {"official name", "Federal Republic of Germany", A2, true, "DE", ""},
      {"common name", "Bolivia", N, true, "Bolivia, Plurinational State of", ""},
      {"german", "Deutschland", A2, true, "DE", ""},
      {"french accents", "\xC3\x89tats-Unis", A2, true, "US", ""},  // États-Unis
      {"french no accents", "ETATS UNIS", A2, true, "US", ""},
      {"spanish", "Pa\xC3\xADses Bajos", A2, true, "NL", ""},  // Países Bajos
      {"italian", "Regno Unito", A2, true, "GB", ""},
      {"dutch", "Verenigde Staten", A2, true, "US", ""},
      {"portuguese", "Alemanha", A2, true, "DE", ""},
      {"brazilian", "Vietn\xC3\xA3", A2, true, "VN", ""},                        // Vietnã
      {"chinese simplified", "\xE5\xBE\xB7\xE5\x9B\xBD", A2, true, "DE", ""},    // 德国
      {"chinese traditional", "\xE5\xBE\xB7\xE5\x9C\x8B", A2, true, "DE", ""},   // 德國
      {"japanese", "\xE3\x83\x89\xE3\x82\xA4\xE3\x83\x84", A2, true, "DE", ""},  // ドイツ
      {"alias USA", "U.S.A.", A2, true, "US", ""},
      {"alias usa lower", "usa", A3, true, "USA", ""},
      {"alias the", "The Netherlands", A2, true, "NL", ""},
      {"alias UK", "U.K.", A2, true, "GB", ""},
      {"alias Great Britain", "great britain", A2, true, "GB", ""},
      {"judgment England", "England", A2, true, "GB", "part of the United Kingdom"},
      {"judgment Holland", "Holland", A2, true, "NL", "provinces"},
      {"korea", "South Korea", A2, true, "KR", ""},
      {"north korea", "North Korea", A2, true, "KP", ""},
      {"russia", "Russia", A2, true, "RU", ""},
      {"vietnam", "Vietnam", A2, true, "VN", ""},
      {"czech", "Czech Republic", A2, true, "CZ", ""},
      {"ivory coast", "Ivory Coast", A2, true, "CI", ""},
      {"swaziland", "Swaziland", A2, true, "SZ", ""},
      {"burma", "Burma", A2, true, "MM", ""},
      {"turkey", "Turkey", A2, true, "TR", ""},
      {"tuerkiye", "T\xC3\xBCrkiye", A2, true, "TR", ""},
      {"ampersand", "Bosnia & Herzegovina", A2, true, "BA", ""},
      {"st", "St. Lucia", A2, true, "LC", ""},
      {"comma form", "Korea, Republic of", A2, true, "KR", ""},
      {"name form", "us", N, true, "United States", ""},
      {"pt_BR clash settled",
       "Rep\xC3\xBA"
       "blica Isl\xC3\xA2mica do Paquist\xC3\xA3o",
       A2, true, "PK", ""},
      {"misspelled", "Germny", A2, false, "Germny", "did you mean Germany (DE)?", "DE"},
      {"misspelled french", "Frnace", A3, false, "Frnace", "did you mean France", "FRA"},
      {"unknown", "Atlantis", A2, false, "Atlantis", "not a recognized country"},
      {"kosovo not in ISO 3166-1", "XK", A2, false, "XK", "not a recognized"},
      {"punctuation only", "--", A2, false, "--", "no letters or digits"},
      {"NA is Namibia", "NA", A2, true, "NA", ""},
      {"n/a is not Namibia", "n/a", A2, false, "n/a", "not available", "NA"},
      {"n.a. is not Namibia", "n.a.", A3, false, "n.a.", "not available", "NAM"},
      {"empty", "", A2, false, "", "no letters or digits"},
      {"invalid utf8", "Fr\xFF", A2, false, "Fr\xFF", "not a recognized"},
  };
  for (const auto& c : cases) {
    Standardized r = standardize_country(c.in, c.form);
    EXPECT_EQ(r.ok, c.ok) << c.name;
    EXPECT_EQ(r.output, c.out) << c.name;
    if (c.reason.empty())
      EXPECT_EQ(r.reason, "") << c.name;
    else
      EXPECT_NE(r.reason.find(c.reason), std::string::npos) << c.name << ": " << r.reason;
    EXPECT_EQ(r.suggestion, c.suggestion) << c.name;
  }
}

TEST(Country, Keys) {
  EXPECT_EQ(country_key("U.S.A."), "usa");
  EXPECT_EQ(country_key(" The  Gambia "), "gambia");
  EXPECT_EQ(country_key("C\xC3\xB4te d\xE2\x80\x99Ivoire"), "cotedivoire");  // Côte d’Ivoire
  EXPECT_EQ(country_key("Trinidad & Tobago"), "trinidadandtobago");
  EXPECT_EQ(country_key("St. Kitts"), "saintkitts");
  EXPECT_EQ(country_key("Korea (South)"), "koreasouth");
}

TEST(Country, FormsAndTable) {
  CountryForm f;
  EXPECT_TRUE(parse_country_form("alpha3", f));
  EXPECT_EQ(f, CountryForm::kAlpha3);
  EXPECT_FALSE(parse_country_form("iso", f));
  EXPECT_GE(country_count(), 249u);  // 249 in iso-codes 4.15.0
  EXPECT_EQ(country_at(0).alpha2, "AD");
  EXPECT_STRNE(iso_codes_version(), "unknown");
  auto de = find_country("Allemagne");
  ASSERT_TRUE(de.has_value());
  EXPECT_EQ(de->alpha3, "DEU");
  EXPECT_EQ(de->numeric, "276");
  EXPECT_FALSE(find_country("Atlantis").has_value());
}

// The clash rules on a made-up table: the strongest source wins, a tie is ambiguous.
TEST(Country, ClashRules) {
  using country_data::Source;
  const country_data::Name names[] = {
      {"Xland", 1, Source::kEnglish, "en", ""},     {"Xland", 2, Source::kTranslation, "de", ""},
      {"Yland", 3, Source::kTranslation, "fr", ""}, {"Y-Land", 4, Source::kTranslation, "es", ""},
      {"Zland", 5, Source::kTranslation, "it", ""}, {"zland", 6, Source::kAlias, "alias", "note"},
      {"XL", 7, Source::kCode, "code", ""},         {"X.L.", 1, Source::kAlias, "alias", ""},
      {"Wland", 8, Source::kTranslation, "pt", ""}, {"WLAND", 8, Source::kTranslation, "ja", ""},
  };
  auto keys = country_data::build_keys(names, std::size(names));
  auto find = [&](const std::string& k) -> const country_data::KeyEntry* {
    for (const auto& e : keys)
      if (e.key == k) return &e;
    return nullptr;
  };
  ASSERT_EQ(keys.size(), 5u);
  EXPECT_EQ(find("xland")->country, 1);                         // English beats a translation
  EXPECT_EQ(find("yland")->country, country_data::kAmbiguous);  // two translations tie
  EXPECT_EQ(find("yland")->clashing, (std::vector<uint16_t>{3, 4}));
  EXPECT_EQ(find("zland")->country, 6);  // an alias beats a translation, and brings its note
  EXPECT_STREQ(find("zland")->note, "note");
  EXPECT_EQ(find("xl")->country, 7);  // a code beats an alias
  EXPECT_TRUE(find("xl")->code);
  EXPECT_EQ(find("wland")->country, 8);  // the same country twice is no clash
  EXPECT_TRUE(find("wland")->clashing.empty());
}

// Every alias in country_aliases.txt resolves to its own country (never shadowed by a code or an
// English name of another).
TEST(Country, EveryAliasResolves) {
  size_t aliases = 0;
  for (size_t i = 0; i < country_data::kNameCount; ++i) {
    const auto& n = country_data::kNames[i];
    if (n.source != country_data::Source::kAlias) continue;
    ++aliases;
    Standardized r = standardize_country(n.text);
    EXPECT_TRUE(r.ok) << n.text << ": " << r.reason;
    EXPECT_EQ(r.output, country_data::kCountries[n.country].alpha2) << n.text;
  }
  EXPECT_GT(aliases, 50u);
}

TEST(Country, Column) {
  Column in("country");
  const std::vector<std::pair<std::string, bool>> rows = {
      {"Germany", false}, {"DE", false},     {"", true},         {"N/A", true},
      {"germany", false}, {"Germny", false}, {"England", false}, {"Germany", false}};
  for (const auto& [v, m] : rows) in.append(v, m);
  ColumnStandardization out = standardize_country_column(in);
  ASSERT_EQ(out.column.size(), rows.size());
  EXPECT_EQ(out.column.name(), "country");
  const std::vector<std::string> want = {"DE", "DE", "", "N/A", "DE", "Germny", "GB", "DE"};
  const std::vector<CellStatus> status = {
      CellStatus::kChanged, CellStatus::kUnchanged, CellStatus::kMissing, CellStatus::kMissing,
      CellStatus::kChanged, CellStatus::kFlagged,   CellStatus::kChanged, CellStatus::kChanged};
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(out.column.value(i), want[i]) << i;
    EXPECT_EQ(out.column.missing(i), rows[i].second) << i;
    EXPECT_EQ(out.status[i], status[i]) << i;
  }
  EXPECT_EQ(out.changed, 4u);
  EXPECT_EQ(out.flagged, 1u);
  EXPECT_EQ(out.missing, 2u);
  EXPECT_EQ(out.distinct, 5u);  // Germany, DE, germany, Germny, England
  ASSERT_EQ(out.notes.size(), 2u);
  ASSERT_NE(out.note[5], ColumnStandardization::kNoNote);
  EXPECT_EQ(out.notes[out.note[5]].suggestion, "DE");
  ASSERT_NE(out.note[6], ColumnStandardization::kNoNote);
  EXPECT_NE(out.notes[out.note[6]].reason.find("United Kingdom"), std::string::npos);
  EXPECT_EQ(out.note[0], ColumnStandardization::kNoNote);
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> f;
  std::stringstream ss(line);
  std::string x;
  while (std::getline(ss, x, '\t')) f.push_back(x);
  return f;
}

// The oracle (tests/core/iso3166_oracle.py, Python's gettext over Debian's files): every alpha-2,
// alpha-3, numeric code, name, official and common name and every shipped translation (and their
// upper-case and accent-free spellings) resolves to its entry in all three forms.
TEST(IsoCodesOracle, EveryCodeNameAndTranslationResolves) {
  std::ifstream f(CRM_ISO_ORACLE);
  ASSERT_TRUE(f) << "missing " << CRM_ISO_ORACLE;
  std::string line;
  size_t rows = 0, wrong = 0;
  std::map<std::string, std::string> collisions;  // input -> how it resolved
  while (std::getline(f, line)) {
    auto t = split_tabs(line);
    ASSERT_EQ(t.size(), 5u) << line;
    ++rows;
    Standardized r = standardize_country(t[0]);
    if (t[1].find('|') != std::string::npos) {  // a collision: one of them, or flagged ambiguous
      bool fine = r.ok ? ("|" + t[1] + "|").find("|" + r.output + "|") != std::string::npos
                       : r.reason.rfind("ambiguous", 0) == 0;
      EXPECT_TRUE(fine) << t[0] << " (" << t[1] << "): " << r.output << " " << r.reason;
      collisions[t[0]] = t[1] + " -> " + (r.ok ? r.output : r.reason);
      continue;
    }
    Standardized a3 = standardize_country(t[0], CountryForm::kAlpha3);
    Standardized nm = standardize_country(t[0], CountryForm::kName);
    if (!r.ok || r.output != t[1] || a3.output != t[2] || nm.output != t[3]) {
      if (++wrong <= 30)
        ADD_FAILURE() << t[4] << " \"" << t[0] << "\" should be " << t[1] << ", got " << r.output
                      << " " << r.reason;
    }
  }
  EXPECT_EQ(wrong, 0u);
  EXPECT_GT(rows, 10000u);
  for (const auto& [in, how] : collisions) std::cout << "collision: " << in << ": " << how << "\n";
  std::cout << rows << " oracle rows, " << collisions.size() << " colliding spellings\n";
}

}  // namespace
}  // namespace crm
