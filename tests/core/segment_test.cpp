// Tests of the segment module: parsing of order fields, the join and its match report, RFM
// scores and segments, the orders generator.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>

#include "crm/csv.h"
#include "crm/generate.h"
#include "crm/report.h"
#include "crm/segment.h"
#include "crm/workbench.h"

namespace {

using crm::OrderIssue;

/// The value of column `name` in row `r`.
std::string cell(const crm::Table& t, const std::string& name, size_t r) {
  for (const crm::Column& c : t.columns)
    if (c.name() == name) return std::string(c.value(r));
  ADD_FAILURE() << "no column " << name;
  return {};
}

TEST(Segment, ParseOrderDay) {
  EXPECT_EQ(crm::parse_order_day("1970-01-02"), 1);
  EXPECT_EQ(crm::parse_order_day(" 2024-02-29 "), 19782);
  EXPECT_EQ(crm::parse_order_day("2024-02-29T10:00:00Z"), 19782);
  EXPECT_EQ(crm::parse_order_day("2024-02-29 23:59"), 19782);
  EXPECT_FALSE(crm::parse_order_day("2023-02-29"));  // not a leap year
  EXPECT_FALSE(crm::parse_order_day("2024-13-01"));
  EXPECT_FALSE(crm::parse_order_day("31/12/2024"));
  EXPECT_FALSE(crm::parse_order_day("2024-1-01"));
  EXPECT_FALSE(crm::parse_order_day("2024-01-01x"));
  EXPECT_FALSE(crm::parse_order_day(""));
}

TEST(Segment, ParseAmount) {
  struct Case {
    const char* in;
    bool ok;
    double v;
  } cases[] = {{"12", true, 12},       {"12.50", true, 12.5},
               {" 0.10 ", true, 0.1},  {"-3.25", true, -3.25},
               {"0", true, 0},         {"12,50", false, 0},
               {"1e3", false, 0},      {"12.", false, 0},
               {".5", false, 0},       {"$12", false, 0},
               {"free", false, 0},     {"", false, 0},
               {"1,234.00", false, 0}, {"123456789012345678901.5", true, 123456789012345678901.5}};
  for (const Case& c : cases) {
    double v = -1;
    EXPECT_EQ(crm::parse_amount(c.in, v), c.ok) << c.in;
    if (c.ok) {
      EXPECT_EQ(v, c.v) << c.in;
    }
  }
  double v;
  ASSERT_TRUE(crm::parse_amount("0.1", v));
  EXPECT_EQ(v, 0.1);  // correctly rounded, like strtod
  ASSERT_TRUE(crm::parse_amount("9007199254740993", v));
  EXPECT_EQ(v, 9007199254740992.0);
}

TEST(Segment, FormatMoneyEqualsPrintf) {
  std::vector<double> values = {0,     0.005,       0.015,        0.125,    0.375,
                                1.005, 2.675,       1e11 + 0.125, 1e13,     0.1,
                                4.35,  1234567.895, 99.995,       0.994999, 5e-324};
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 200000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    values.push_back(static_cast<double>(x % 100000000) / (i % 2 ? 100 : 1000));
    double sum = 0;
    for (int k = 0; k < 7; ++k) sum += static_cast<double>((x >> (k * 8)) % 10000) / 100;
    values.push_back(sum);
  }
  for (double v : values) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    ASSERT_EQ(crm::format_money(v), buf) << v;
  }
}

TEST(Segment, QuintileScoreMatchesPandasQcut) {
  // pd.qcut(pd.Series(range(1, n + 1)).rank(method='first'), 5, labels=[1, 2, 3, 4, 5]),
  // printed by pandas 1.5.3.
  const std::map<int, std::vector<int>> expected = {
      {2, {1, 5}},
      {3, {1, 3, 5}},
      {4, {1, 2, 4, 5}},
      {5, {1, 2, 3, 4, 5}},
      {6, {1, 1, 2, 3, 4, 5}},
      {7, {1, 1, 2, 3, 4, 5, 5}},
      {10, {1, 1, 2, 2, 3, 3, 4, 4, 5, 5}},
      {11, {1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5}},
      {13, {1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 5}},
  };
  for (const auto& [n, scores] : expected)
    for (int r = 1; r <= n; ++r)
      EXPECT_EQ(crm::quintile_score(r, n), scores[r - 1]) << "n " << n << " rank " << r;
  EXPECT_EQ(crm::quintile_score(1, 1), 1);
}

TEST(Segment, SegmentMap) {
  const auto& names = crm::rfm_segment_names();
  auto seg = [&](int r, int f) { return names[crm::rfm_segment(r, f)]; };
  EXPECT_EQ(seg(5, 5), "Champions");
  EXPECT_EQ(seg(5, 4), "Champions");
  EXPECT_EQ(seg(4, 5), "Loyal");
  EXPECT_EQ(seg(3, 4), "Loyal");
  EXPECT_EQ(seg(5, 2), "Potential loyalist");
  EXPECT_EQ(seg(4, 3), "Potential loyalist");
  EXPECT_EQ(seg(5, 1), "New");
  EXPECT_EQ(seg(4, 1), "Promising");
  EXPECT_EQ(seg(3, 3), "Need attention");
  EXPECT_EQ(seg(3, 1), "About to sleep");
  EXPECT_EQ(seg(2, 3), "At risk");
  EXPECT_EQ(seg(1, 4), "At risk");
  EXPECT_EQ(seg(1, 5), "Cannot lose them");
  EXPECT_EQ(seg(2, 2), "Hibernating");
  EXPECT_EQ(seg(1, 2), "Hibernating");
  EXPECT_EQ(seg(1, 1), "Lost");
  EXPECT_EQ(seg(0, 3), "No orders");
}

const char* kCustomers =
    "id,name\n"
    "C1,Ann\n"
    "C2,Bob\n"
    "C3,Cid\n"
    "c4,Dee\n"
    "C1,Ann again\n"
    ",No key\n"
    "C5,Eve\n";

const char* kOrders =
    "order_id,customer,date,total,category\n"
    "1,C1,2024-01-10,10.00,Books\n"      // exact
    "2,C1,2024-03-01,5.50,Toys\n"        // exact
    "3, C2 ,2024-02-01,20.00,Books\n"    // after trim
    "4,c2,2024-02-15,1.00,Books\n"       // after case fold
    "5,C4,2024-02-20,7.00,\n"            // case fold to c4
    "6,C9,2024-01-01,3.00,Books\n"       // orphan
    "7,C9,2024-01-02,3.00,Books\n"       // orphan, same key
    "8,,2024-01-02,3.00,Books\n"         // missing key
    "9,C3,2024-02-30,3.00,Books\n"       // bad date
    "10,C3,,3.00,Books\n"                // missing date
    "11,C3,2024-02-01,-4.00,Books\n"     // negative
    "12,C3,2024-02-01,\"4,00\",Books\n"  // decimal comma
    "13,C3,2024-02-01,n/a,Books\n"       // missing amount (null token)
    "14,C3,2024-04-01,2.00,Books\n";     // exact, newest date

TEST(Segment, JoinReportAccountsForEveryRow) {
  const crm::Table cust = crm::read_csv(kCustomers);
  const crm::Table ord = crm::read_csv(kOrders);
  const crm::OrderColumns cols = crm::resolve_order_columns(cust, ord, {});
  EXPECT_EQ(cols.customer_key, "id");
  EXPECT_EQ(cols.order_key, "customer");
  EXPECT_EQ(cols.order_date, "date");
  EXPECT_EQ(cols.amount, "total");
  EXPECT_EQ(cols.category, "category");
  EXPECT_EQ(cols.order_id, "order_id");
  crm::JoinOptions jo;
  jo.columns = cols;
  const crm::OrderAggregates agg = crm::join_orders(cust, ord, jo);
  const crm::MatchReport& m = agg.report;
  EXPECT_EQ(m.customer_rows, 7u);
  EXPECT_EQ(m.customer_keys, 5u);
  EXPECT_EQ(m.customer_rows_repeated, 1u);
  EXPECT_EQ(m.customer_rows_no_key, 1u);
  EXPECT_EQ(m.order_rows, 14u);
  EXPECT_EQ(m.matched, 6u);
  EXPECT_EQ(m.matched_exact, 3u);
  EXPECT_EQ(m.matched_trimmed, 1u);
  EXPECT_EQ(m.matched_folded, 2u);
  auto ex = [&](OrderIssue i) { return m.excluded[static_cast<size_t>(i)]; };
  EXPECT_EQ(ex(OrderIssue::Orphan), 2u);
  EXPECT_EQ(m.orphan_keys, 1u);
  EXPECT_EQ(ex(OrderIssue::MissingKey), 1u);
  EXPECT_EQ(ex(OrderIssue::BadDate), 1u);
  EXPECT_EQ(ex(OrderIssue::MissingDate), 1u);
  EXPECT_EQ(ex(OrderIssue::NegativeAmount), 1u);
  EXPECT_EQ(ex(OrderIssue::NonNumericAmount), 1u);
  EXPECT_EQ(ex(OrderIssue::MissingAmount), 1u);
  uint64_t total = m.matched;
  for (size_t i = 1; i < crm::kOrderIssues; ++i) total += m.excluded[i];
  EXPECT_EQ(total, m.order_rows);
  EXPECT_EQ(m.customers_with_orders, 4u);     // C1, C2, C3, c4
  EXPECT_EQ(m.customers_without_orders, 1u);  // C5
  ASSERT_TRUE(m.newest_day);
  EXPECT_EQ(crm::format_day(*m.newest_day), "2024-04-01");

  const crm::Table t = crm::with_order_columns(cust, agg);
  EXPECT_EQ(cell(t, "first_order", 0), "2024-01-10");
  EXPECT_EQ(cell(t, "last_order", 0), "2024-03-01");
  EXPECT_EQ(cell(t, "order_count", 0), "2");
  EXPECT_EQ(cell(t, "total_amount", 0), "15.50");
  EXPECT_EQ(cell(t, "avg_amount", 0), "7.75");
  EXPECT_EQ(cell(t, "distinct_categories", 0), "2");
  EXPECT_EQ(cell(t, "order_count", 4), "2");          // the repeated key shares C1's values
  EXPECT_EQ(cell(t, "order_count", 1), "2");          // C2: trimmed and case-folded orders
  EXPECT_EQ(cell(t, "distinct_categories", 3), "0");  // c4's order has no category
  EXPECT_EQ(cell(t, "order_count", 5), "0");          // no key
  EXPECT_EQ(cell(t, "avg_amount", 5), "");
  EXPECT_EQ(cell(t, "order_count", 6), "0");        // C5
  EXPECT_TRUE(t.columns.same(0, cust.columns, 0));  // the customer columns are shared
}

TEST(Segment, AmbiguousFoldedKeysAreExcluded) {
  const crm::Table cust = crm::read_csv("id\nab\nAB\n");
  const crm::Table ord = crm::read_csv("id,date,amount\nAb,2024-01-01,1\nab,2024-01-01,2\n");
  crm::JoinOptions jo;
  jo.columns = crm::resolve_order_columns(cust, ord, {});
  const auto agg = crm::join_orders(cust, ord, jo);
  EXPECT_EQ(agg.report.matched, 1u);
  EXPECT_EQ(agg.report.excluded[static_cast<size_t>(OrderIssue::Ambiguous)], 1u);
}

TEST(Segment, MissingColumnsGetAClearMessage) {
  const crm::Table cust = crm::read_csv("id,name\nC1,a\n");
  const crm::Table ord = crm::read_csv("id,when,amount\nC1,2024-01-01,1\n");
  try {
    crm::resolve_order_columns(cust, ord, {});
    FAIL() << "no error";
  } catch (const crm::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--order-date"), std::string::npos) << e.what();
  }
  crm::OrderColumns c;
  c.order_key = "nope";
  EXPECT_THROW(crm::resolve_order_columns(cust, ord, c), crm::InputError);
  const crm::Table other = crm::read_csv("zzz,date,amount\nQ,2024-01-01,1\n");
  try {
    crm::resolve_order_columns(cust, other, {});
    FAIL() << "no error";
  } catch (const crm::InputError& e) {
    EXPECT_EQ(e.code(), "no_join_key");
  }
}

TEST(Segment, RfmScoresAndNoOrders) {
  const crm::Table cust = crm::read_csv(kCustomers);
  const crm::Table ord = crm::read_csv(kOrders);
  crm::JoinOptions jo;
  jo.columns = crm::resolve_order_columns(cust, ord, {});
  const auto agg = crm::join_orders(cust, ord, jo);
  const crm::RfmResult rfm = crm::compute_rfm(agg, std::nullopt);
  EXPECT_EQ(crm::format_day(rfm.reference_day), "2024-04-02");
  const crm::Table t = crm::with_rfm_columns(cust, agg, rfm);
  // Keys with orders, in customer order: C1 (last 03-01, 2, 15.50), C2 (02-15, 2, 21.00),
  // C3 (04-01, 1, 2.00), c4 (02-20, 1, 7.00). n = 4: rank scores 1, 2, 4, 5.
  EXPECT_EQ(cell(t, "recency_days", 0), "32");
  EXPECT_EQ(cell(t, "recency_days", 2), "1");
  EXPECT_EQ(cell(t, "r_score", 2), "5");  // most recent
  EXPECT_EQ(cell(t, "r_score", 0), "4");
  EXPECT_EQ(cell(t, "r_score", 3), "2");  // c4: 42 days
  EXPECT_EQ(cell(t, "r_score", 1), "1");  // C2: 47 days
  EXPECT_EQ(cell(t, "f_score", 2), "1");  // C3: 1 order, first of the ties
  EXPECT_EQ(cell(t, "f_score", 3), "2");  // c4: 1 order, second
  EXPECT_EQ(cell(t, "f_score", 0), "4");
  EXPECT_EQ(cell(t, "f_score", 1), "5");
  EXPECT_EQ(cell(t, "m_score", 1), "5");
  EXPECT_EQ(cell(t, "m_score", 2), "1");
  EXPECT_EQ(cell(t, "monetary", 1), "21.00");
  EXPECT_EQ(cell(t, "rfm_segment", 2), "New");                      // R5 F1
  EXPECT_EQ(cell(t, "rfm_segment", 1), "Cannot lose them");         // R1 F5
  EXPECT_EQ(cell(t, "rfm_segment", 4), cell(t, "rfm_segment", 0));  // repeated key
  EXPECT_EQ(cell(t, "rfm_segment", 5), "No orders");
  EXPECT_EQ(cell(t, "r_score", 5), "");
  EXPECT_EQ(cell(t, "frequency", 6), "0");
  EXPECT_EQ(cell(t, "rfm_segment", 6), "No orders");
  uint64_t customers = 0;
  double share = 0;
  for (const auto& s : rfm.segments) {
    customers += s.customers;
    share += s.revenue_share;
  }
  EXPECT_EQ(customers, 6u);  // 5 keys + 1 row without a key
  EXPECT_NEAR(share, 1.0, 1e-12);
  EXPECT_EQ(rfm.segments.back().customers, 2u);
}

TEST(Segment, ReferenceDateExcludesLaterOrders) {
  const crm::Table cust = crm::read_csv(kCustomers);
  const crm::Table ord = crm::read_csv(kOrders);
  crm::JoinOptions jo;
  jo.columns = crm::resolve_order_columns(cust, ord, {});
  jo.reference_day = *crm::parse_order_day("2024-02-15");
  const auto agg = crm::join_orders(cust, ord, jo);
  EXPECT_EQ(agg.report.excluded[static_cast<size_t>(OrderIssue::AfterReference)], 3u);
  const auto rfm = crm::compute_rfm(agg, jo.reference_day);
  EXPECT_TRUE(rfm.reference_given);
  for (size_t k = 0; k < agg.count.size(); ++k)
    if (agg.count[k]) {
      EXPECT_GE(rfm.recency[k], 0);
    }
}

TEST(Segment, WorkbenchAddsAVersion) {
  crm::Workbench wb;
  wb.begin_load({});
  const std::string c = kCustomers;
  wb.feed(c.data(), c.size());
  wb.finish_load();
  const crm::Table ord = crm::read_csv(kOrders);
  crm::SegmentOptions so;
  so.aggregates = true;
  crm::SegmentResult r = wb.segment(ord, so);
  ASSERT_EQ(r.added.size(), 13u);
  EXPECT_EQ(r.added.front(), "first_order");
  EXPECT_EQ(r.added.back(), "rfm_segment");
  wb.add_columns(r.table, "segment_rfm", false);
  EXPECT_EQ(wb.version(), 1u);
  EXPECT_EQ(wb.table().columns.size(), 15u);
  EXPECT_TRUE(wb.recipe(true).steps.empty());
  EXPECT_TRUE(wb.undo());
  EXPECT_EQ(wb.table().columns.size(), 2u);
  EXPECT_THROW(wb.add_columns(crm::read_csv(kCustomers), "x", false), crm::InputError) << "stale";
  so.method = "kmeans";
  EXPECT_THROW(wb.segment(ord, so), crm::InputError);
}

TEST(Segment, ReRunReplacesItsColumns) {
  crm::Workbench wb;
  wb.begin_load({});
  // The loaded file has its own `frequency`: a re-run must never replace that one.
  const std::string c = "id,name,frequency\nC1,Ann,x\nC2,Bob,y\nC3,Cy,z\nC4,Di,w\n";
  wb.feed(c.data(), c.size());
  wb.finish_load();
  const crm::Table ord = crm::read_csv(kOrders);
  crm::SegmentOptions so;
  wb.add_columns(wb.segment(ord, so).table, "segment_rfm", false, nullptr, true);
  const std::vector<std::string> first = wb.table().names();
  ASSERT_EQ(first.size(), 10u);
  EXPECT_EQ(first[2], "frequency");
  EXPECT_EQ(first[4], "frequency_2");
  const std::string seg = cell(wb.table(), "rfm_segment", 0);
  // The second run's columns come out of segment() as recency_days_2, frequency_3, ...; with
  // replace they take the places (and names) of the first run's columns.
  const crm::HistoryEntry& e =
      wb.add_columns(wb.segment(ord, so).table, "segment_rfm", false, nullptr, true);
  EXPECT_EQ(wb.table().names(), first);
  EXPECT_EQ(e.step.as, (std::vector<std::string>{"recency_days", "frequency_2", "monetary",
                                                 "r_score", "f_score", "m_score", "rfm_segment"}));
  EXPECT_EQ(cell(wb.table(), "rfm_segment", 0), seg);
  EXPECT_EQ(cell(wb.table(), "frequency", 0), "x");
  EXPECT_EQ(wb.version(), 2u);
  // Without replace the columns are appended with a suffix, as before.
  wb.add_columns(wb.segment(ord, so).table, "segment_rfm", false);
  EXPECT_EQ(wb.table().columns.size(), 17u);
  EXPECT_TRUE(wb.undo());
  EXPECT_TRUE(wb.undo());
  EXPECT_EQ(wb.table().names(), first);
}

TEST(Segment, ResultColumnsComeBackAsTheSameSteps) {
  // A project keeps the columns of result steps as CSV and restores them as the same steps: the
  // same names (a re-run's columns in the earlier run's places), values, missing cells, history.
  const std::string c = "id,name,frequency\nC1,Ann,x\nC2,Bob,y\nC3,Cy,z\nC4,Di,w\nC5,Ed,v\n";
  auto loaded = [&](crm::Workbench& wb) {
    wb.begin_load({});
    wb.feed(c.data(), c.size());
    wb.finish_load();
  };
  crm::Workbench a;
  loaded(a);
  const crm::Table ord = crm::read_csv(kOrders);
  crm::SegmentOptions so;
  a.add_columns(a.segment(ord, so).table, "segment_rfm", false, nullptr, true);
  crm::RecipeStep trim;
  trim.op = "trim";
  trim.columns = {"name"};
  a.apply_step(trim, {}, nullptr, false);
  a.add_columns(a.segment(ord, so).table, "segment_rfm", false, nullptr, true);
  const auto history = a.history();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_THROW(a.result_columns_csv(2), crm::InputError) << "trim adds no result columns";
  EXPECT_THROW(a.result_columns_csv(4), crm::InputError) << "no such step";
  const std::string csv1 = a.result_columns_csv(1);
  const std::string csv3 = a.result_columns_csv(3);
  EXPECT_EQ(csv1.substr(0, csv1.find('\r')),
            "row,recency_days,frequency_2,monetary,r_score,f_score,m_score,rfm_segment");
  EXPECT_NE(csv1.find("\r\n4,,0,0.00,,,,"), std::string::npos) << "C5 has no orders:\n" << csv1;

  crm::Workbench b;
  loaded(b);
  b.restore_result_columns("segment_rfm", csv1, false);
  b.apply_step(trim, {}, nullptr, false);
  b.restore_result_columns("segment_rfm", csv3, false);
  EXPECT_EQ(b.table().names(), a.table().names());
  for (size_t k = 0; k < a.table().columns.size(); ++k)
    for (size_t r = 0; r < a.table().rows; ++r) {
      EXPECT_EQ(b.table().columns[k].value(r), a.table().columns[k].value(r)) << k << "," << r;
      EXPECT_EQ(b.table().columns[k].missing(r), a.table().columns[k].missing(r)) << k << "," << r;
    }
  const auto hb = b.history();
  ASSERT_EQ(hb.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(crm::to_json(hb[i].step), crm::to_json(history[i].step));
  EXPECT_TRUE(b.undo());
  EXPECT_TRUE(b.undo());
  EXPECT_TRUE(a.undo());
  EXPECT_TRUE(a.undo());
  EXPECT_EQ(b.table().names(), a.table().names());

  // Columns that do not fit: refused, nothing changes.
  const size_t v = b.version();
  EXPECT_THROW(b.restore_result_columns("segment_rfm", "row,x\r\n0,1\r\n", false), crm::InputError);
  EXPECT_THROW(
      b.restore_result_columns("segment_rfm", "x,y\r\n0,1\r\n1,2\r\n2,3\r\n3,4\r\n4,5\r\n", false),
      crm::InputError);
  EXPECT_THROW(b.restore_result_columns("segment_rfm",
                                        "row,x\r\n1,1\r\n0,2\r\n2,3\r\n3,4\r\n4,5\r\n", false),
               crm::InputError);
  EXPECT_THROW(b.restore_result_columns("trim", csv1, false), crm::InputError);
  EXPECT_EQ(b.version(), v);
}

TEST(Segment, TakenNamesGetASuffix) {
  const crm::Table cust = crm::read_csv("id,order_count\nC1,9\n");
  const crm::Table ord = crm::read_csv("id,date,amount\nC1,2024-01-01,1\n");
  crm::JoinOptions jo;
  jo.columns = crm::resolve_order_columns(cust, ord, {});
  const auto t = crm::with_order_columns(cust, crm::join_orders(cust, ord, jo));
  EXPECT_EQ(cell(t, "order_count", 0), "9");
  EXPECT_EQ(cell(t, "order_count_2", 0), "1");
}

TEST(Segment, GeneratedOrdersAreDeterministicAndMessy) {
  std::string customers, a, b;
  const uint64_t ids =
      crm::generate_customers({5000, 7, 0.1}, [&](std::string_view s) { customers += s; });
  EXPECT_GT(ids, 4900u);
  EXPECT_LE(ids, 5000u);
  const uint64_t n = crm::generate_orders({ids, 7}, [&](std::string_view s) { a += s; });
  crm::generate_orders({ids, 7}, [&](std::string_view s) { b += s; });
  EXPECT_EQ(a, b);
  EXPECT_GT(n, ids * 2);
  const crm::Table cust = crm::read_csv(customers);
  const crm::Table ord = crm::read_csv(a);
  EXPECT_EQ(ord.rows, n);
  crm::JoinOptions jo;
  jo.columns = crm::resolve_order_columns(cust, ord, {});
  EXPECT_EQ(jo.columns.customer_key, "customer_id");
  EXPECT_EQ(jo.columns.order_key, "customer_id");
  const auto agg = crm::join_orders(cust, ord, jo);
  const auto& m = agg.report;
  EXPECT_GT(m.matched, n * 97 / 100);
  EXPECT_GT(m.matched_trimmed, 0u);
  EXPECT_GT(m.matched_folded, 0u);
  EXPECT_GT(m.excluded[static_cast<size_t>(OrderIssue::Orphan)], 0u);
  EXPECT_GT(m.excluded[static_cast<size_t>(OrderIssue::BadDate)], 0u);
  EXPECT_GT(m.excluded[static_cast<size_t>(OrderIssue::NonNumericAmount)], 0u);
  EXPECT_GT(m.excluded[static_cast<size_t>(OrderIssue::NegativeAmount)], 0u);
  EXPECT_GT(m.customers_without_orders, m.customer_keys / 20);
  EXPECT_LT(m.customers_without_orders, m.customer_keys / 5);
}

}  // namespace
