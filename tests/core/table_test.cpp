// Columnar storage: arenas, offsets, missing bitmap, row windows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crm/table.h"

namespace {

TEST(Table, ColumnStoresValuesBackToBack) {
  crm::Column c("name");
  c.append("Ann", false);
  c.append("", true);
  c.append_bytes("Bo", 2);
  c.append_bytes("b", 1);
  EXPECT_EQ(c.pending(), "Bob");
  c.end_value(false);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c.value(0), "Ann");
  EXPECT_EQ(c.value(1), "");
  EXPECT_EQ(c.value(2), "Bob");
  EXPECT_FALSE(c.missing(0));
  EXPECT_TRUE(c.missing(1));
  EXPECT_EQ(c.missing_count(), 1u);
  EXPECT_EQ(c.byte_size(), 6u);
}

TEST(Table, PatchedEqualsAColumnBuiltRowByRow) {
  crm::Column in("v");
  for (int i = 0; i < 150; ++i)
    in.append(i % 7 == 0 ? "" : "value" + std::to_string(i), i % 7 == 0);
  // Rows changed: the first, two in a row, one across a bitmap word, the last; longer, shorter,
  // empty and missing outputs.
  const std::vector<uint32_t> rows = {0, 5, 6, 63, 64, 100, 149};
  const std::vector<std::string> values = {"first", "", "a much longer value", "x", "", "y", "z"};
  const std::vector<bool> missing = {false, true, false, false, true, false, false};
  const crm::Column got = in.patched(
      rows, [&](size_t k) { return std::pair<std::string_view, bool>(values[k], missing[k]); });
  crm::Column want("v");
  for (size_t i = 0, k = 0; i < in.size(); ++i) {
    if (k < rows.size() && rows[k] == i) {
      want.append(values[k], missing[k]);
      ++k;
    } else {
      want.append(in.value(i), in.missing(i));
    }
  }
  ASSERT_EQ(got.size(), want.size());
  EXPECT_EQ(got.name(), "v");
  EXPECT_EQ(got.byte_size(), want.byte_size());
  EXPECT_EQ(got.missing_count(), want.missing_count());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got.value(i), want.value(i)) << i;
    EXPECT_EQ(got.missing(i), want.missing(i)) << i;
  }
  EXPECT_EQ(in.patched({}, [&](size_t) { return std::pair<std::string_view, bool>(); }).byte_size(),
            in.byte_size());
}

// patch(): an overlay while few rows change (also when an overlay is patched again: it merges
// the changes and reads from the same full column), a full column past a quarter of the rows;
// every way, the values are those of a column built row by row.
TEST(Table, PatchMakesOverlaysThatReadLikeFullColumns) {
  auto in = std::make_shared<crm::Column>("v");
  for (int i = 0; i < 400; ++i)
    in->append(i % 7 == 0 ? "" : "value" + std::to_string(i), i % 7 == 0);
  std::vector<std::string> want(400);
  std::vector<bool> want_missing(400);
  for (size_t i = 0; i < 400; ++i) {
    want[i] = std::string(in->value(i));
    want_missing[i] = in->missing(i);
  }
  auto check = [&](const crm::Column& got, const char* where) {
    ASSERT_EQ(got.size(), 400u) << where;
    size_t missing = 0;
    for (size_t i = 0; i < 400; ++i) {
      EXPECT_EQ(got.value(i), want[i]) << where << " row " << i;
      EXPECT_EQ(got.missing(i), want_missing[i]) << where << " row " << i;
      missing += want_missing[i];
    }
    EXPECT_EQ(got.missing_count(), missing) << where;
    const crm::Column copy = got.clone();
    for (size_t i = 0; i < 400; ++i) EXPECT_EQ(copy.value(i), want[i]) << where << " clone";
  };
  auto patch = [&](const std::shared_ptr<crm::Column>& base, std::vector<uint32_t> rows,
                   const std::string& tag) {
    std::vector<std::string> values;
    for (uint32_t r : rows) {
      values.push_back(r % 5 == 0 ? "" : tag + std::to_string(r));
      want[r] = values.back();
      want_missing[r] = r % 5 == 0;
    }
    return std::make_shared<crm::Column>(crm::Column::patch(base, rows, [&](size_t k) {
      return std::pair<std::string_view, bool>(values[k], rows[k] % 5 == 0);
    }));
  };
  const auto a = patch(in, {0, 5, 6, 63, 64, 100, 399}, "a");
  EXPECT_TRUE(a->is_overlay());
  check(*a, "overlay");
  const auto b = patch(a, {1, 6, 64, 65, 200}, "b");  // two rows changed again
  EXPECT_TRUE(b->is_overlay());
  check(*b, "overlay of an overlay");
  EXPECT_EQ(crm::Column::patch(b, {}, [](size_t) { return std::pair<std::string_view, bool>(); })
                .value(6),
            "b6");
  std::vector<uint32_t> many;
  for (uint32_t r = 0; r < 400; r += 3) many.push_back(r);
  const auto c = patch(b, many, "c");  // past a quarter: a full column again
  EXPECT_FALSE(c->is_overlay());
  check(*c, "full column from an overlay");
  // patched() of an overlay: a full column, row by row.
  const auto d = patch(in, {2, 3}, "d");
  ASSERT_TRUE(d->is_overlay());
  const crm::Column e =
      d->patched({7}, [](size_t) { return std::pair<std::string_view, bool>("p", false); });
  EXPECT_FALSE(e.is_overlay());
  for (size_t i = 0; i < 400; ++i) {
    const std::string expect = i == 7             ? "p"
                               : i == 2 || i == 3 ? "d" + std::to_string(i)
                                                  : std::string(in->value(i));
    EXPECT_EQ(e.value(i), expect) << i;
  }
}

TEST(Table, MissingBitmapAcrossWordBoundaries) {
  crm::Column c;
  for (int i = 0; i < 200; ++i) c.append(std::to_string(i), i % 3 == 0);
  for (int i = 0; i < 200; ++i) EXPECT_EQ(c.missing(i), i % 3 == 0) << i;
  EXPECT_EQ(c.missing_count(), 67u);
}

TEST(Table, ReplaceAndDiscardPending) {
  crm::Column c;
  c.append_bytes("abc", 3);
  c.replace_pending("xyz!");
  c.end_value(false);
  c.append_bytes("zzz", 3);
  c.discard_pending();
  c.end_value(true);
  EXPECT_EQ(c.value(0), "xyz!");
  EXPECT_EQ(c.value(1), "");
}

TEST(Table, WindowIsClamped) {
  crm::Table t;
  t.columns.emplace_back("a");
  t.columns.emplace_back("b");
  for (int i = 0; i < 5; ++i) {
    t.columns[0].append(std::to_string(i), false);
    std::string v = "v";  // not "v" + ...: GCC 12 warns falsely (-Wrestrict) on that
    v += std::to_string(i);
    t.columns[1].append(v, false);
  }
  t.rows = 5;
  const auto w = t.window(3, 100);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0], (std::vector<std::string>{"3", "v3"}));
  EXPECT_EQ(w[1], (std::vector<std::string>{"4", "v4"}));
  EXPECT_TRUE(t.window(7, 9).empty());
  EXPECT_TRUE(t.window(4, 2).empty());
  EXPECT_EQ(t.names(), (std::vector<std::string>{"a", "b"}));
}

struct MissingCase {
  const char* name;
  std::string value;
  bool missing;
};

class MissingValues : public ::testing::TestWithParam<MissingCase> {};

TEST_P(MissingValues, DefaultTokens) {
  EXPECT_EQ(crm::is_missing_value(GetParam().value, crm::default_null_tokens()),
            GetParam().missing);
}

INSTANTIATE_TEST_SUITE_P(
    Table, MissingValues,
    ::testing::Values(MissingCase{"empty", "", true}, MissingCase{"spaces", "   ", true},
                      MissingCase{"tab_newline", "\t\n", true}, MissingCase{"NULL", "NULL", true},
                      MissingCase{"padded_na", " N/A ", true}, MissingCase{"dash", "-", true},
                      MissingCase{"None", "None", true}, MissingCase{"nan_is_value", "nan", false},
                      MissingCase{"zero", "0", false}, MissingCase{"word", "Nancy", false},
                      MissingCase{"lower_none", "none", false}, MissingCase{"dashes", "--", false}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Table, CustomTokens) {
  EXPECT_TRUE(crm::is_missing_value("(not set)", {"(not set)"}));
  EXPECT_FALSE(crm::is_missing_value("NULL", {"(not set)"}));
}

}  // namespace

namespace crm {
namespace {

// Table versions: a copy shares every column; own() copies a shared column before it changes, so
// the other version keeps its values.
TEST(TableVersions, CopySharesColumnsAndOwnCopiesOnWrite) {
  Table a;
  a.columns.emplace_back("x").append("1", false);
  a.columns.emplace_back("y").append("2", false);
  a.rows = 1;
  Table b = a;
  EXPECT_TRUE(b.columns.same(0, a.columns, 0));
  EXPECT_TRUE(b.columns.same(1, a.columns, 1));
  Column& x = b.columns.own(0);
  x.set_name("x2");
  EXPECT_FALSE(b.columns.same(0, a.columns, 0));
  EXPECT_TRUE(b.columns.same(1, a.columns, 1));
  EXPECT_EQ(a.columns[0].name(), "x");
  EXPECT_EQ(b.columns[0].name(), "x2");
  EXPECT_EQ(b.columns[0].value(0), "1");
  Column& y = b.columns.own(1);  // shared: copied
  EXPECT_FALSE(b.columns.same(1, a.columns, 1));
  EXPECT_EQ(&y, &b.columns.own(1));  // now owned: no further copy
}

}  // namespace
}  // namespace crm
