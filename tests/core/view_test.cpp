// Row views: filters (facets), typed sorting, cell flags, and the workbench's view window/export.
#include <gtest/gtest.h>

#include "crm/view.h"
#include "crm/workbench.h"
#include "test_util.h"

namespace {

const char* kCsv =
    "name,email,signup,spend\n"
    "Ann,ann@example.com,2024-01-05,10.5\n"
    "bob,bob@example,2024-02-11,7\n"
    "Cid, cid@example.com ,05/03/2024,abc\n"
    "Dee,,2024-04-30,-3.25\n"
    "Ann,ann@example.com,2024-01-05,10.5\n"
    "Eve,EVE@EXAMPLE.COM,2023-12-31,100\n";

struct Loaded {
  crm::Workbench wb;
  Loaded() {
    wb.begin_load({});
    wb.feed(kCsv, std::strlen(kCsv));
    wb.finish_load();
    crm::ProfileOptions o;
    o.quality.reference_day = 20000;
    wb.profile(o);
  }
  std::vector<uint32_t> rows(const crm::ViewSpec& spec) {
    wb.set_view(spec);
    return wb.view_window(0, 100).index;
  }
};

crm::ViewSpec filter(crm::FilterKind kind, size_t column, std::string value = {}) {
  crm::ViewSpec s;
  s.filters.push_back({kind, column, std::move(value)});
  return s;
}

struct FilterCase {
  const char* name;
  crm::FilterKind kind;
  size_t column;
  std::string value;
  std::vector<uint32_t> expected;
};

class Filters : public ::testing::TestWithParam<FilterCase> {};

TEST_P(Filters, SelectRows) {
  Loaded l;
  const FilterCase& c = GetParam();
  EXPECT_EQ(l.rows(filter(c.kind, c.column, c.value)), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    View, Filters,
    ::testing::Values(FilterCase{"value", crm::FilterKind::Value, 0, "Ann", {0, 4}},
                      FilterCase{"missing", crm::FilterKind::Missing, 1, "", {3}},
                      FilterCase{"invalid_email", crm::FilterKind::Invalid, 1, "", {1}},
                      FilterCase{"invalid_number", crm::FilterKind::Invalid, 3, "", {2}},
                      FilterCase{"whitespace", crm::FilterKind::Whitespace, 1, "", {2}},
                      FilterCase{"pattern", crm::FilterKind::Pattern, 0, "aaa", {1}},
                      FilterCase{"duplicate", crm::FilterKind::Duplicate, 0, "", {4}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(View, FiltersCombine) {
  Loaded l;
  crm::ViewSpec s = filter(crm::FilterKind::Value, 0, "Ann");
  s.filters.push_back({crm::FilterKind::Duplicate, 0, ""});
  EXPECT_EQ(l.rows(s), (std::vector<uint32_t>{4}));
}

TEST(View, SortsNumbersAndDatesByValueWithInvalidLast) {
  Loaded l;
  crm::ViewSpec s;
  s.sort = crm::SortKey{3, false};
  EXPECT_EQ(l.rows(s), (std::vector<uint32_t>{3, 1, 0, 4, 5, 2}));
  s.sort = crm::SortKey{3, true};
  EXPECT_EQ(l.rows(s), (std::vector<uint32_t>{5, 0, 4, 1, 3, 2}));
  s.sort = crm::SortKey{2, false};  // dates, one in another format
  EXPECT_EQ(l.rows(s).front(), 5u);
}

TEST(View, SortsTextByBytesWithMissingLast) {
  Loaded l;
  crm::ViewSpec s;
  s.sort = crm::SortKey{1, false};
  const auto r = l.rows(s);
  EXPECT_EQ(r.back(), 3u);  // the missing email
}

TEST(View, WindowCarriesFlags) {
  Loaded l;
  l.wb.set_view({});
  const crm::ViewWindow w = l.wb.view_window(1, 4);
  ASSERT_EQ(w.index, (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_TRUE(w.flags[0][1] & crm::kCellInvalid);     // bob@example
  EXPECT_TRUE(w.flags[1][1] & crm::kCellWhitespace);  // " cid@example.com "
  EXPECT_TRUE(w.flags[2][1] & crm::kCellMissing);     // empty email
  EXPECT_EQ(w.rows[0][0], "bob");
}

TEST(View, BadColumnIsAClearError) {
  Loaded l;
  try {
    l.wb.set_view(filter(crm::FilterKind::Missing, 99));
    FAIL();
  } catch (const crm::InputError& e) {
    EXPECT_EQ(e.code(), "bad_view");
  }
}

TEST(View, ExportOfViewWithNeutralization) {
  crm::Workbench wb;
  const std::string csv = "name,note\nAnn,=1+1\nBob,fine\nCid,  @SUM(A1)\n";
  wb.begin_load({});
  wb.feed(csv.data(), csv.size());
  wb.finish_load();
  wb.profile();
  wb.set_view(filter(crm::FilterKind::Value, 1, "fine"));
  std::string out;
  crm::ExportOptions o;
  o.view_only = true;
  wb.export_table(o, [&](std::string_view b) { out += b; });
  EXPECT_EQ(out, "name,note\r\nBob,fine\r\n");
  out.clear();
  o.view_only = false;
  o.neutralize = true;
  wb.export_table(o, [&](std::string_view b) { out += b; });
  EXPECT_EQ(out, "name,note\r\nAnn,'=1+1\r\nBob,fine\r\nCid,'  @SUM(A1)\r\n");
}

}  // namespace
