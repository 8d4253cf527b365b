// Row views: filters (facets), typed sorting, cell flags, and the workbench's view window/export.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>

#include "crm/generate.h"
#include "crm/infer.h"
#include "crm/text.h"
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

// ---------------------------------------------------------------------------------------------
// The filters and cell flags read the profile's per-row verdicts; here they are checked against
// the classifiers run on every value (what views did before the verdicts were kept).

// CellFlag bits of one cell, from the classifiers.
// (A phone column may read regions from the country column of `t`.)
uint8_t classified_flags(const crm::ColumnProfile& cp, const crm::Column& col, size_t r,
                         const crm::Table& t) {
  if (col.missing(r)) return crm::kCellMissing;
  const std::string_view v = col.value(r);
  // The profile judges a distinct value by the country of the first row that holds it.
  std::string_view country;
  for (const crm::Column& c : t.columns) {
    if (cp.phone_country_column.empty() || c.name() != cp.phone_country_column) continue;
    size_t first = r;
    for (size_t k = 0; k < r; ++k) {
      if (!col.missing(k) && col.value(k) == v) {
        first = k;
        break;
      }
    }
    if (!c.missing(first)) country = c.value(first);
  }
  uint8_t f = 0;
  if (!crm::value_valid(cp, v, country)) {
    f |= crm::kCellInvalid;  // invalid, not also off-format
  } else if (!crm::value_consistent(cp, v, country)) {
    f |= crm::kCellInconsistent;
  }
  if (crm::trim_space(v).size() != v.size()) f |= crm::kCellWhitespace;
  return f;
}

// Rows equal to an earlier row, found with a map of whole rows (missing values alike).
std::vector<uint32_t> mapped_duplicates(const crm::Table& t) {
  std::vector<uint32_t> out;
  std::map<std::vector<std::string>, uint32_t> seen;
  for (size_t r = 0; r < t.rows; ++r) {
    std::vector<std::string> key;
    for (const crm::Column& c : t.columns) {
      key.push_back(c.missing(r) ? std::string("\x01") : std::string(c.value(r)));
    }
    if (!seen.emplace(std::move(key), r).second) out.push_back(static_cast<uint32_t>(r));
  }
  return out;
}

// Checks every filter kind on every column of the workbench's table (profiled as `p`), and the
// cell flags of every cell, against the classifiers; returns the number of filters checked.
size_t expect_views_match_classifiers(crm::Workbench& wb, const crm::Profile& p) {
  const crm::Table& t = wb.table();
  size_t checked = 0;
  auto check = [&](const crm::RowFilter& f, const std::vector<uint32_t>& expected) {
    SCOPED_TRACE(t.columns[f.column].name() + " kind " + std::to_string(static_cast<int>(f.kind)) +
                 " value " + f.value);
    crm::ViewSpec spec;
    spec.filters.push_back(f);
    wb.set_view(spec);
    ASSERT_EQ(wb.view_size(), expected.size());
    EXPECT_EQ(wb.view_window(0, expected.size()).index, expected);
    ++checked;
  };
  using K = crm::FilterKind;
  check({K::Duplicate, 0, ""}, mapped_duplicates(t));
  for (size_t c = 0; c < t.columns.size(); ++c) {
    const crm::Column& col = t.columns[c];
    const crm::ColumnProfile& cp = p.columns[c];
    // Per row: the classifiers' flags and shape.
    std::vector<uint8_t> flags(t.rows);
    std::vector<std::string> shape(t.rows);
    std::map<std::string, uint64_t> shapes;
    for (size_t r = 0; r < t.rows; ++r) {
      flags[r] = classified_flags(cp, col, r, t);
      if (!col.missing(r)) ++shapes[shape[r] = crm::value_pattern(col.value(r))];
    }
    auto rows_where = [&](auto keep) {
      std::vector<uint32_t> out;
      for (size_t r = 0; r < t.rows; ++r) {
        if (keep(r)) out.push_back(static_cast<uint32_t>(r));
      }
      return out;
    };
    for (uint8_t bit :
         {crm::kCellMissing, crm::kCellInvalid, crm::kCellInconsistent, crm::kCellWhitespace}) {
      const K kind = bit == crm::kCellMissing        ? K::Missing
                     : bit == crm::kCellInvalid      ? K::Invalid
                     : bit == crm::kCellInconsistent ? K::Inconsistent
                                                     : K::Whitespace;
      check({kind, c, ""}, rows_where([&](size_t r) { return (flags[r] & bit) != 0; }));
    }
    // Every listed shape (ranked in the verdicts or not), an unlisted one, one that never occurs.
    std::vector<std::string> probes;
    for (const crm::ValueCount& vc : cp.patterns) {
      probes.push_back(vc.value);
      shapes.erase(vc.value);
    }
    if (!shapes.empty()) probes.push_back(shapes.begin()->first);
    probes.push_back("no such shape");
    for (const std::string& s : probes) {
      check({K::Pattern, c, s},
            rows_where([&](size_t r) { return !col.missing(r) && shape[r] == s; }));
    }
    if (!cp.top.empty()) {
      const std::string& v = cp.top.back().value;
      check({K::Value, c, v}, rows_where([&](size_t r) { return col.value(r) == v; }));
    }
  }
  // Cell flags of every cell, in a view that is not in table order.
  crm::ViewSpec sorted;
  sorted.sort = crm::SortKey{0, true};
  wb.set_view(sorted);
  const crm::ViewWindow w = wb.view_window(0, t.rows);
  size_t wrong = 0;
  for (size_t i = 0; i < w.index.size() && wrong < 5; ++i) {
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const uint8_t expected = classified_flags(p.columns[c], t.columns[c], w.index[i], t);
      EXPECT_EQ(w.flags[i][c], expected) << t.columns[c].name() << " row " << w.index[i]
                                         << " value '" << t.columns[c].value(w.index[i]) << "'";
      wrong += w.flags[i][c] != expected;
    }
  }
  return checked;
}

void load(crm::Workbench& wb, std::string_view csv) {
  wb.begin_load({});
  wb.feed(csv.data(), csv.size());
  wb.finish_load();
}

TEST(RowVerdicts, GeneratedDataMatchesClassifiers) {
  for (uint64_t seed : {1, 2}) {
    std::string csv;
    crm::generate_customers({10000, seed, 0.2}, [&](std::string_view b) { csv += b; });
    crm::Workbench wb;
    load(wb, csv);
    const crm::Profile& p = wb.profile();
    EXPECT_GT(expect_views_match_classifiers(wb, p), 14u * 6);
  }
}

TEST(RowVerdicts, MessyColumnsMatchClassifiers) {
  crm::Workbench wb;
  load(wb, kCsv);
  expect_views_match_classifiers(wb, wb.profile());
  // The table of the profile tests' mixed formats (read day first, shapes, cases, countries...).
  const char* mixed =
      "event_date,phone,zip,is_active,country,amount,birth_date\n"
      "05/03/2021,(555) 123-4567,02134,yes,US,1200.50,19850312\n"
      "25/12/2020,555-123-4567,90210,no,DE,35,20010101\n"
      "2021-03-05,+1 555 123 4567,SW1A 1AA,Y,Germany,$7.25,19991231\n"
      "03/04/2021 10:30,(555) 765-4321,K1A 0B1,N,FRA,\"1,000\",\n"
      "5/3/2021,12345,1234 AB,1,fr,12,20200230\n"
      "13/01/2022,(555) 000-1111,123,0,xx,0412,19700101\n"
      "2021-02-30,555.123.4567,,TRUE,United Kingdom,-0,18001231\n"
      ",,10001-1234,false,,,unknown\n"
      "07.08.2021,555 987 6543,60601,,US,1e3,20240229\n"
      "12/11/2019,(555) 123-4567,ABCDE,maybe,GB,99.5,19850312\n"
      "04/05/2020 09:15 PM, 2021-02-03 ,02134,Yes,ES, 12 ,20000101\n"
      "not a date,+44 20 7946 0958,73301,no,DEU,abc,19601010\n";
  crm::Workbench wb2;
  load(wb2, mixed);
  expect_views_match_classifiers(wb2, wb2.profile());
}

// High-cardinality columns long enough that the profiler counts them in partitions (more than
// 32768 distinct values with more than 262144 rows left), with repeats, missing values,
// whitespace, another letter case and invalid values among them.
TEST(RowVerdicts, PartitionedColumnsMatchClassifiers) {
  std::string csv = "email,phone,code,ref\n";
  for (uint32_t i = 0; i < 330000; ++i) {
    const uint32_t k = (i * 2654435761u) % 200000;  // repeats, first seen anywhere
    std::string email = "user" + std::to_string(k) + "@example.com";
    if (k % 97 == 0) email = "USER" + std::to_string(k) + "@EXAMPLE.COM";
    if (k % 89 == 0) email = " " + email;
    if (k % 83 == 0) email = "user" + std::to_string(k);
    if (i % 101 == 0) email = "";
    std::string phone =
        "(555) " + std::to_string(100 + k % 900) + "-" + std::to_string(1000 + k % 9000);
    if (k % 7 == 0) phone = "555-" + std::to_string(100 + k % 900) + "-" + std::to_string(1000 + k);
    if (k % 211 == 0) phone = "n/a";
    // An id column: one shape, every value alike but for some missing ones.
    const std::string ref = i % 50 == 0 ? "" : "R" + std::to_string(100000 + k);
    csv += email + "," + phone + ",C" + std::to_string(k % 5000) + "," + ref + "\n";
  }
  crm::Workbench wb;
  load(wb, csv);
  const crm::Profile& p = wb.profile();
  ASSERT_EQ(p.columns[0].type, crm::ValueType::Email);
  ASSERT_GT(p.columns[0].distinct, 32768u);
  ASSERT_GT(p.duplicate_rows, 0u);
  expect_views_match_classifiers(wb, p);
}

// Threads, steps and a cancelled run give the same verdicts.
TEST(RowVerdicts, SameWithThreadsAndSteps) {
  std::string csv;
  crm::generate_customers({5000, 4, 0.3}, [&](std::string_view b) { csv += b; });
  const crm::Table t = crm::test::read_chunked(csv, 0);
  crm::ProfileOptions o;
  o.row_verdicts = true;
  crm::TableProfiler one(t, o);
  one.run();
  one.finish();
  const crm::RowVerdicts expected = one.take_row_verdicts();
  ASSERT_EQ(expected.cells.size(), t.columns.size());
  o.threads = 3;
  crm::TableProfiler three(t, o);
  three.run();
  three.finish();
  const crm::RowVerdicts threaded = three.take_row_verdicts();
  EXPECT_EQ(threaded.cells, expected.cells);
  EXPECT_EQ(threaded.duplicates, expected.duplicates);
  EXPECT_EQ(expected.duplicates, crm::duplicate_rows(t));

  crm::Workbench wb;
  load(wb, csv);
  wb.profile();
  crm::ViewSpec dup;
  dup.filters.push_back({crm::FilterKind::Duplicate, 0, ""});
  const size_t n = wb.set_view(dup);
  // A cancelled profile keeps the previous one (and its verdicts) for views.
  wb.begin_profile();
  size_t done = 0, total = 0;
  ASSERT_TRUE(wb.profile_step(done, total));
  std::atomic<bool> cancel{true};
  EXPECT_THROW(wb.profile_step(done, total, &cancel), crm::Cancelled);
  EXPECT_EQ(wb.set_view(dup), n);
  // A stepwise profile gives the same views.
  wb.begin_profile();
  while (wb.profile_step(done, total)) {
  }
  const crm::Profile& p = wb.finish_profile();
  EXPECT_EQ(wb.set_view(dup), n);
  EXPECT_EQ(wb.view_window(0, n).index, expected.duplicates);
  expect_views_match_classifiers(wb, p);
}

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

TEST(View, SortsTextWithMissingLast) {
  Loaded l;
  crm::ViewSpec s;
  s.sort = crm::SortKey{1, false};
  const auto r = l.rows(s);
  EXPECT_EQ(r.back(), 3u);  // the missing email
}

// A text column sorts case- and accent-insensitively, ties broken by the exact bytes; missing
// values stay last in both directions; the same value keeps table order.
TEST(View, SortsTextByCollation) {
  crm::Workbench wb;
  load(wb,
       "who,n\nbob,1\nAnn,2\nclaudia.f@x.org,3\nCLAUDIA.F@X.ORG,4\n\u00c9mile,5\nemile,6\nZo\u00eb,"
       "7\n"
       "adam,8\n,9\nbob,10\n\u00e9lan,11\nEmil,12\n");
  wb.profile();
  crm::ViewSpec s;
  s.sort = crm::SortKey{0, false};
  wb.set_view(s);
  EXPECT_EQ(wb.view_window(0, 20).index,
            (std::vector<uint32_t>{7, 1, 0, 9, 3, 2, 10, 11, 5, 4, 6, 8}));
  s.sort = crm::SortKey{0, true};
  wb.set_view(s);
  EXPECT_EQ(wb.view_window(0, 20).index,
            (std::vector<uint32_t>{6, 4, 5, 11, 10, 2, 3, 0, 9, 1, 7, 8}));
}

// The sort agrees with crm::collate_compare on generated data (accents, cases, long common
// prefixes that tie on the 8-byte prefix).
TEST(View, TextSortMatchesCollateCompare) {
  std::string csv;
  crm::generate_customers({3000, 5, 0.2}, [&](std::string_view b) { csv += b; });
  crm::Workbench wb;
  load(wb, csv);
  const crm::Profile& p = wb.profile();
  const crm::Table& t = wb.table();
  for (size_t c = 0; c < t.columns.size(); ++c) {
    const crm::ValueType ty = p.columns[c].type;
    if (ty == crm::ValueType::Integer || ty == crm::ValueType::Decimal ||
        ty == crm::ValueType::Date || ty == crm::ValueType::DateTime) {
      continue;
    }
    const crm::Column& col = t.columns[c];
    std::vector<uint32_t> expected(t.rows);
    std::iota(expected.begin(), expected.end(), 0u);
    std::stable_sort(expected.begin(), expected.end(), [&](uint32_t a, uint32_t b) {
      if (col.missing(a) || col.missing(b)) return !col.missing(a) && col.missing(b);
      return crm::collate_compare(col.value(a), col.value(b)) < 0;
    });
    crm::ViewSpec s;
    s.sort = crm::SortKey{c, false};
    wb.set_view(s);
    EXPECT_EQ(wb.view_window(0, t.rows).index, expected) << col.name();
    // Descending: equal values still in table order, missing values still last.
    std::iota(expected.begin(), expected.end(), 0u);
    std::stable_sort(expected.begin(), expected.end(), [&](uint32_t a, uint32_t b) {
      if (col.missing(a) || col.missing(b)) return !col.missing(a) && col.missing(b);
      return crm::collate_compare(col.value(b), col.value(a)) < 0;
    });
    s.sort = crm::SortKey{c, true};
    wb.set_view(s);
    EXPECT_EQ(wb.view_window(0, t.rows).index, expected) << col.name() << " descending";
  }
}

crm::ViewSpec search(size_t column, std::string text) {
  return filter(crm::FilterKind::Search, column, std::move(text));
}

TEST(View, SearchIsCaseAndAccentInsensitive) {
  crm::Workbench wb;
  load(wb,
       "name,city\nClaudia F,Stra\u00dfe "
       "1\nclaudia.f,K\u00f6ln\n\u00c9mile,koln\nEMILE,\u6771\u4eac\u90fd\n"
       "bob,\nmile end,Oslo\n");
  wb.profile();
  auto rows = [&](const crm::ViewSpec& s) {
    wb.set_view(s);
    return wb.view_window(0, 100).index;
  };
  using R = std::vector<uint32_t>;
  EXPECT_EQ(rows(search(crm::kAllColumns, "claudia")), (R{0, 1}));
  EXPECT_EQ(rows(search(crm::kAllColumns, "CLAUDIA")), (R{0, 1}));
  EXPECT_EQ(rows(search(crm::kAllColumns, "\u00e9mile")), (R{2, 3}));
  EXPECT_EQ(rows(search(crm::kAllColumns, "mile")), (R{2, 3, 5}));
  EXPECT_EQ(rows(search(crm::kAllColumns, "KOLN")), (R{1, 2}));       // ö folds to o
  EXPECT_EQ(rows(search(crm::kAllColumns, "strasse")), (R{0}));       // ß folds to ss
  EXPECT_EQ(rows(search(crm::kAllColumns, "\u6771\u4eac")), (R{3}));  // not ASCII
  EXPECT_EQ(rows(search(1, "mile")), (R{}));                          // one column
  EXPECT_EQ(rows(search(0, "o")), (R{4}));
  EXPECT_EQ(rows(search(crm::kAllColumns, "a f")), (R{0}));
  EXPECT_EQ(rows(search(0, "fcl")), (R{}));  // within one value only, never across two
  EXPECT_EQ(rows(search(crm::kAllColumns, "")).size(), 6u);  // an empty search keeps all
  crm::ViewSpec both = search(crm::kAllColumns, "mile");
  both.filters.push_back({crm::FilterKind::Search, 1, "koln"});
  EXPECT_EQ(rows(both), (R{2}));  // searches combine with each other and other filters
  crm::ViewSpec missing = filter(crm::FilterKind::Missing, 1);
  missing.filters.push_back({crm::FilterKind::Search, crm::kAllColumns, "B"});
  EXPECT_EQ(rows(missing), (R{4}));
  try {
    wb.set_view(search(7, "x"));
    FAIL();
  } catch (const crm::InputError& e) {
    EXPECT_EQ(e.code(), "bad_view");
  }
}

// Search folds Latin letters (U+0080..U+024F) with a table: it agrees with crm::fold_key on every
// one of them, next to ASCII and to each other.
TEST(View, SearchFoldsLatinLikeFoldKey) {
  std::vector<std::string> values;
  std::string csv = "v\n";
  for (char32_t cp = 0x80; cp < 0x250; ++cp) {
    std::string ch = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    std::string next = {static_cast<char>(0xC0 | ((cp + 1) >> 6)),
                        static_cast<char>(0x80 | ((cp + 1) & 0x3F))};
    values.push_back("A" + ch + "b" + next + ch);
    csv += "\"" + values.back() + "\"\n";
  }
  crm::Workbench wb;
  load(wb, csv);
  wb.profile();
  ASSERT_EQ(wb.table().rows, values.size());
  EXPECT_EQ(wb.table().columns[0].value(values.size() - 1), values.back());
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string needle = crm::fold_key(values[i]);
    std::vector<uint32_t> expected;
    for (size_t r = 0; r < values.size(); ++r) {
      if (crm::fold_key(values[r]).find(needle) != std::string::npos) {
        expected.push_back(static_cast<uint32_t>(r));
      }
    }
    if (needle.empty()) continue;
    wb.set_view(search(0, values[i]));
    EXPECT_EQ(wb.view_window(0, values.size()).index, expected) << values[i];
  }
}

// The block scan (ASCII runs, values that straddle, non-ASCII rows) and the row-by-row test of
// small selections agree with a plain search of every value's fold key.
TEST(View, SearchMatchesFoldKeysOnGeneratedData) {
  std::string csv;
  crm::generate_customers({6000, 3, 0.2}, [&](std::string_view b) { csv += b; });
  crm::Workbench wb;
  load(wb, csv);
  wb.profile();
  const crm::Table& t = wb.table();
  for (const char* text : {"m", "MÜLLER", "muller", "son", "@example", "e.c", "1", "-0", ", ",
                           "renee", "zzz", "ö", "an,"}) {
    const std::string needle = crm::fold_key(text);
    for (size_t column : {crm::kAllColumns, size_t{1}, size_t{2}}) {
      std::vector<uint32_t> expected;
      for (size_t r = 0; r < t.rows; ++r) {
        for (size_t c = 0; c < t.columns.size(); ++c) {
          if (column != crm::kAllColumns && c != column) continue;
          if (crm::fold_key(t.columns[c].value(r)).find(needle) != std::string::npos) {
            expected.push_back(static_cast<uint32_t>(r));
            break;
          }
        }
      }
      wb.set_view(search(column, text));
      EXPECT_EQ(wb.view_window(0, t.rows).index, expected) << text << " in " << column;
      // After a filter keeping few rows, the rows are tested one by one.
      wb.set_view(filter(crm::FilterKind::Duplicate, 0));
      std::vector<uint32_t> subset;
      for (uint32_t r : wb.view_window(0, t.rows).index) {
        if (std::binary_search(expected.begin(), expected.end(), r)) subset.push_back(r);
      }
      crm::ViewSpec s = filter(crm::FilterKind::Duplicate, 0);
      s.filters.push_back({crm::FilterKind::Search, column, text});
      wb.set_view(s);
      EXPECT_EQ(wb.view_window(0, t.rows).index, subset) << text << " in duplicates";
    }
  }
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

// Rows whose last update is older than the timeliness window, and rows that repeat a record but
// for the id columns; rescore() moves the window without profiling again.
TEST(View, StaleAndDuplicateRecordFilters) {
  const char* csv =
      "id,name,last_updated\n"
      "1,Ann,2024-06-30\n"
      "2,Bob,2026-11-01\n"
      "3,Ann,2024-06-30\n"
      "4,Cid,not a date\n"
      "5,Dee,\n"
      "6,Eve,2026-12-03T10:00:00\n";
  crm::Workbench wb;
  load(wb, csv);
  crm::ProfileOptions o;
  o.quality.reference_day = crm::days_from_civil(2026, 12, 3);
  wb.profile(o);
  auto rows = [&](crm::FilterKind k) {
    crm::ViewSpec spec;
    spec.filters.push_back({k, 0, ""});
    wb.set_view(spec);
    return wb.view_window(0, 100).index;
  };
  EXPECT_EQ(rows(crm::FilterKind::Stale), (std::vector<uint32_t>{0, 2}));
  EXPECT_EQ(rows(crm::FilterKind::DuplicateRecord), (std::vector<uint32_t>{2}));
  EXPECT_TRUE(rows(crm::FilterKind::Duplicate).empty());
  crm::FilterKind k;
  ASSERT_TRUE(crm::parse_filter_kind("stale", k));
  EXPECT_EQ(k, crm::FilterKind::Stale);
  ASSERT_TRUE(crm::parse_filter_kind("duplicate_record", k));
  EXPECT_EQ(k, crm::FilterKind::DuplicateRecord);

  crm::QualityOptions q;
  q.reference_day = crm::days_from_civil(2024, 6, 30);
  q.timeliness_days = 30;
  const crm::Profile& p = wb.rescore(q);
  EXPECT_EQ(p.quality.timely, 4u);  // all but 2026 dates after the reference count as timely
  EXPECT_EQ(p.quality.reference_day, crm::days_from_civil(2024, 6, 30));
  EXPECT_TRUE(rows(crm::FilterKind::Stale).empty());
  q.timeliness_days = 0;
  q.reference_day = crm::days_from_civil(2026, 12, 3);
  wb.rescore(q);
  EXPECT_EQ(rows(crm::FilterKind::Stale), (std::vector<uint32_t>{0, 1, 2}));
}
