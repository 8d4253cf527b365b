// Tests of "find a person" (crm/person.h) and the erasure step (erase_rows): queries written
// differently from the records still find them, every compared column says why, and an erased
// row's values leave the table, the change log and the dropped-rows export.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "crm/generate.h"
#include "crm/person.h"
#include "crm/recipe.h"
#include "crm/workbench.h"

using namespace crm;

namespace {

void load_text(Workbench& wb, const std::string& csv) {
  wb.begin_load({});
  wb.feed(csv.data(), csv.size());
  wb.finish_load();
  wb.profile();
}

/// A generated customer table (with its truth: entity per row), loaded and profiled.
std::vector<uint64_t> load_generated(Workbench& wb, uint64_t rows, uint64_t seed) {
  GenerateOptions g;
  g.rows = rows;
  g.seed = seed;
  g.dup_rate = 0.25;
  std::string csv, truth;
  generate_customers(
      g, [&](std::string_view b) { csv.append(b); }, [&](std::string_view b) { truth.append(b); });
  load_text(wb, csv);
  std::vector<uint64_t> entity;
  std::istringstream in(truth);
  std::string line;
  std::getline(in, line);  // row,entity_id
  while (std::getline(in, line)) entity.push_back(std::stoull(line.substr(line.find(',') + 1)));
  return entity;
}

std::string value(const Table& t, const std::string& column, size_t row) {
  for (const Column& c : t.columns)
    if (c.name() == column) return c.missing(row) ? "" : std::string(c.value(row));
  return "";
}

const PersonReason* reason(const PersonMatch& m, const std::string& column) {
  for (const PersonReason& r : m.why)
    if (r.column == column) return &r;
  return nullptr;
}

// Ten people after 2,000 generated customers (rows 2000-2009): a file large enough for the
// weights to tell a rare value from a common one (in a file of ten rows no value can be).
const char* kPeople =
    "P1,John,Smith,john.smith@example.com,(415) 555-0123,,1 Main St,San Francisco,94105,US\n"
    "P2,Mary,Jones,mary.jones@example.com,(212) 555-0188,,2 Oak Ave,New York,10001,US\n"
    "P3,Johnny,Smith,jsmith77@example.net,+1 312 555 0199,,3 Elm St,Chicago,60601,US\n"
    "P4,Peter,Brown,peter.b@example.org,(617) 555-0142,,4 Pine Rd,Boston,02108,US\n"
    "P5,Joan,Smyth,joan.smyth@example.com,(503) 555-0177,,5 Ash Ct,Portland,97201,US\n"
    "P6,Ann,Lee,ann.lee@example.com,(206) 555-0110,,6 Bay St,Seattle,98101,US\n"
    "P7,Robert,Miller,bob.miller@example.com,(702) 555-0101,,7 Sun Blvd,Las Vegas,89101,US\n"
    "P8,Linda,Garcia,linda.g@example.com,(305) 555-0166,,8 Sea Dr,Miami,33101,US\n"
    "P9,Jonathan,Smith,JOHN.SMITH@example.com,415.555.0123,,1 Main Street,San Francisco,94105,US\n"
    "P10,Susan,Clark,susan.clark@example.com,(480) 555-0133,,10 Sky Ln,Phoenix,85001,US\n";
constexpr uint64_t kP = 2000;  // row of P1

void load_people(Workbench& wb) {
  GenerateOptions g;
  g.rows = kP;
  g.seed = 3;
  std::string csv;
  generate_customers(g, [&](std::string_view b) { csv.append(b); });
  // The generator's columns: customer_id, first_name, last_name, email, phone, company, street,
  // city, postal_code, country, then four more left empty here.
  std::istringstream in(kPeople);
  std::string line;
  while (std::getline(in, line)) csv += line + ",,,,\n";
  load_text(wb, csv);
}

}  // namespace

TEST(Person, InitialAndAnotherPhoneLayoutFindTheRecord) {
  Workbench wb;
  load_people(wb);
  PersonQuery q;
  q.name = "J. Smith";
  q.phone = "+1 415 555 0123";
  const PersonSearch s = wb.find_person(q);
  ASSERT_GE(s.matches.size(), 2u);
  std::set<uint64_t> strong;
  for (const PersonMatch& m : s.matches)
    if (std::string(m.strength) == "strong") strong.insert(m.row);
  EXPECT_EQ(strong, (std::set<uint64_t>{kP, kP + 8})) << person_search_json(s);
  const PersonMatch& top = s.matches[0];
  ASSERT_NE(reason(top, "phone"), nullptr);
  EXPECT_EQ(reason(top, "phone")->level, "exact");
  EXPECT_EQ(reason(top, "last_name")->level, "exact");
  EXPECT_EQ(reason(top, "first_name")->level, "initial");
  EXPECT_GT(reason(top, "phone")->weight, 0);
  // The reasons add up to the row's weight.
  double sum = 0;
  for (const PersonReason& r : top.why) sum += r.weight;
  EXPECT_NEAR(sum, top.weight, 1e-4);
}

TEST(Person, EmailIsComparedStandardizedAndNamesByNickname) {
  Workbench wb;
  load_people(wb);
  PersonQuery q;
  q.email = "  John.Smith@EXAMPLE.com ";
  PersonSearch s = wb.find_person(q);
  ASSERT_GE(s.matches.size(), 2u);
  EXPECT_EQ(reason(s.matches[0], "email")->level, "exact");
  EXPECT_EQ(reason(s.matches[1], "email")->level, "exact");
  EXPECT_EQ(std::set<uint64_t>({s.matches[0].row, s.matches[1].row}),
            (std::set<uint64_t>{kP, kP + 8}));
  PersonQuery byname;
  byname.name = "Bob Miller";
  s = wb.find_person(byname);
  ASSERT_FALSE(s.matches.empty());
  EXPECT_EQ(s.matches[0].row, kP + 6);
  EXPECT_EQ(reason(s.matches[0], "first_name")->level, "nickname");
  PersonQuery turned;
  turned.name = "Miller, Robert";
  s = wb.find_person(turned);
  ASSERT_FALSE(s.matches.empty());
  EXPECT_EQ(s.matches[0].row, kP + 6);
  EXPECT_EQ(reason(s.matches[0], "first_name")->level, "exact");
}

TEST(Person, ColumnValuesAndNotesAboutWhatWasNotUsed) {
  Workbench wb;
  load_text(wb, "id,name,city\n1,Ann Lee,Oslo\n2,Bo Ek,Lund\n3,Ann Lee,Bergen\n");
  PersonQuery q;
  q.name = "Ann Lee";
  q.email = "ann@example.com";
  q.values = {{"city", "Oslo"}};
  const PersonSearch s = wb.find_person(q);
  ASSERT_FALSE(s.matches.empty());
  EXPECT_EQ(s.matches[0].row, 0u);
  bool noted = false;
  for (const auto& n : s.notes) noted |= n.find("e-mail") != std::string::npos;
  EXPECT_TRUE(noted);
  PersonQuery bad;
  bad.values = {{"nope", "x"}};
  EXPECT_THROW(wb.find_person(bad), InputError);
  PersonQuery none;
  none.email = "x@y.z";
  EXPECT_THROW(wb.find_person(none), InputError);  // no column holds e-mails: nothing to compare
}

TEST(Person, FindsEveryRecordOfGeneratedPeople) {
  // Truth from the generator: query with one record's name, e-mail and phone; the entity's
  // other records (typos, nicknames, other layouts) should be found as strong matches.
  Workbench wb;
  const std::vector<uint64_t> entity = load_generated(wb, 3000, 11);
  std::map<uint64_t, std::vector<uint64_t>> rows_of;
  for (size_t r = 0; r < entity.size(); ++r) rows_of[entity[r]].push_back(r);
  const Table& t = wb.table();
  uint64_t want = 0, got = 0, strong = 0, wrong = 0, people = 0;
  for (const auto& [id, rows] : rows_of) {
    if (rows.size() < 2 || people >= 60) continue;
    ++people;
    PersonQuery q;
    q.name = value(t, "first_name", rows[0]) + " " + value(t, "last_name", rows[0]);
    q.email = value(t, "email", rows[0]);
    q.phone = value(t, "phone", rows[0]);
    const PersonSearch s = wb.find_person(q);
    std::set<uint64_t> mine(rows.begin(), rows.end());
    want += rows.size();
    for (const PersonMatch& m : s.matches) {
      if (std::string(m.strength) != "strong") continue;
      ++strong;
      if (mine.count(m.row)) {
        ++got;
      } else {
        ++wrong;
      }
    }
  }
  ASSERT_EQ(people, 60u);
  const double recall = static_cast<double>(got) / static_cast<double>(want);
  const double precision = static_cast<double>(got) / static_cast<double>(strong);
  std::printf("find a person, 60 generated people: recall %.3f, precision %.3f\n", recall,
              precision);
  EXPECT_GE(recall, 0.9);
  EXPECT_GE(precision, 0.9);
}

TEST(Person, QueryReaderRefusesMistakes) {
  EXPECT_EQ(parse_person_query(R"({"email": " a@b.c ", "limit": 5})").email, "a@b.c");
  EXPECT_EQ(parse_person_query(R"({"values": {"city": "Oslo"}})").values.size(), 1u);
  for (const char* bad : {"", "[]", R"({"mail": "a"})", R"({"email": 5})", R"({"limit": 0})",
                          R"({"limit": -1})", R"({"values": {"a": 1}})", R"({"values": []})",
                          R"({"limit": 1e999})"}) {
    try {
      parse_person_query(bad);
      ADD_FAILURE() << bad;
    } catch (const InputError& e) {
      EXPECT_EQ(e.code(), "bad_query") << bad;
    }
  }
}

TEST(Person, EraseRowsRemovesTheRowsAndNeverWritesTheirValues) {
  Workbench wb;
  load_people(wb);
  // A step before the erasure that changes the person's value (lower-cased e-mails).
  wb.apply_step(parse_recipe_step(
      nlohmann::json::parse(R"({"op": "case", "column": "city", "mode": "upper"})"), 1));
  PersonQuery q;
  q.email = "john.smith@example.com";
  const PersonSearch s = wb.find_person(q);
  std::vector<uint64_t> rows;
  for (const PersonMatch& m : s.matches)
    if (std::string(m.strength) == "strong") rows.push_back(m.original_row);
  ASSERT_EQ(rows, (std::vector<uint64_t>{kP, kP + 8}));
  const HistoryEntry& e = wb.apply_step(parse_recipe_step(
      nlohmann::json{{"op", "erase_rows"}, {"rows", rows}, {"reason", "GDPR art. 17, ticket 42"}},
      2));
  EXPECT_EQ(e.dropped, 2u);
  EXPECT_EQ(wb.table().rows, kP + 8);
  std::string log, dropped;
  wb.change_log([&](std::string_view b) { log.append(b); });
  wb.dropped_rows([&](std::string_view b) { dropped.append(b); });
  // The erased rows' lines: the step-1 change without its values, and the erasure.
  std::istringstream lines(log);
  std::string line;
  std::vector<std::string> theirs;
  while (std::getline(lines, line))
    if (line.rfind("2000,", 0) == 0 || line.rfind("2008,", 0) == 0) theirs.push_back(line);
  EXPECT_EQ(theirs, (std::vector<std::string>{
                        "2000,city,,,1,values removed: the row was erased at step 2\r",
                        "2008,city,,,1,values removed: the row was erased at step 2\r",
                        "2000,,,,2,\"row erased: GDPR art. 17, ticket 42\"\r",
                        "2008,,,,2,\"row erased: GDPR art. 17, ticket 42\"\r"}));
  EXPECT_EQ(dropped.find("Smith"), std::string::npos) << dropped;
  // Not portable: another file's rows are other people.
  EXPECT_EQ(recipe_to_json(wb.recipe(true)).find("erase_rows"), std::string::npos);
  EXPECT_NE(recipe_to_json(wb.recipe(false)).find("erase_rows"), std::string::npos);
  // The person is no longer found; undo brings the rows back.
  for (const PersonMatch& m : wb.find_person(q).matches)
    EXPECT_TRUE(m.original_row != kP && m.original_row != kP + 8);
  ASSERT_TRUE(wb.undo());
  EXPECT_EQ(wb.table().rows, kP + 10);
}

TEST(Person, EraseRowsStepIsChecked) {
  auto step = [](const char* text) {
    return parse_recipe_step(nlohmann::json::parse(text), 1);
  };
  EXPECT_TRUE(step(R"({"op": "erase_rows", "rows": [3, 1], "reason": "asked"})").row_specific);
  for (const char* bad :
       {R"({"op": "erase_rows", "rows": [1]})", R"({"op": "erase_rows", "reason": "x"})",
        R"({"op": "erase_rows", "rows": [], "reason": "x"})",
        R"({"op": "erase_rows", "rows": [1, 1], "reason": "x"})",
        R"({"op": "erase_rows", "rows": [-1], "reason": "x"})",
        R"({"op": "erase_rows", "rows": ["1"], "reason": "x"})",
        R"({"op": "erase_rows", "column": "a", "rows": [1], "reason": "x"})"}) {
    EXPECT_THROW(step(bad), InputError) << bad;
  }
  Workbench wb;
  load_people(wb);
  EXPECT_THROW(wb.apply_step(step(R"({"op": "erase_rows", "rows": [2010], "reason": "x"})")),
               InputError);
  EXPECT_EQ(wb.version(), 0u);
}
