// Serialization of the segment module's results: JSON and the terminal summary.
#include <cmath>
#include <cstdio>

#include "crm/segment.h"

namespace crm {

namespace {

/// `v` rounded to `places` decimals (JSON numbers that print the same everywhere).
double rounded(double v, int places) {
  const double f = places == 2 ? 100.0 : 1e6;  // the two precisions used
  return std::round(v * f) / f;
}

/// A share as a percentage with one decimal ("12.5%").
std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100);
  return buf;
}

}  // namespace

nlohmann::json to_json(const MatchReport& r) {
  nlohmann::json cols = {
      {"customer_key", r.columns.customer_key}, {"order_key", r.columns.order_key},
      {"order_date", r.columns.order_date},     {"amount", r.columns.amount},
      {"order_id", r.columns.order_id},         {"category", r.columns.category}};
  nlohmann::json excluded = nlohmann::json::object();
  for (size_t i = 1; i < kOrderIssues; ++i)
    excluded[order_issue_code(static_cast<OrderIssue>(i))] = r.excluded[i];
  nlohmann::json samples = nlohmann::json::array();
  for (const ExcludedOrder& s : r.samples)
    samples.push_back({{"row", s.row},
                       {"issue", order_issue_code(s.issue)},
                       {"key", s.key},
                       {"date", s.date},
                       {"amount", s.amount}});
  nlohmann::json j = {{"columns", cols},
                      {"customer_rows", r.customer_rows},
                      {"customer_keys", r.customer_keys},
                      {"customer_rows_without_key", r.customer_rows_no_key},
                      {"customer_rows_repeating_a_key", r.customer_rows_repeated},
                      {"customers_with_orders", r.customers_with_orders},
                      {"customers_without_orders", r.customers_without_orders},
                      {"order_rows", r.order_rows},
                      {"matched", r.matched},
                      {"matched_exact", r.matched_exact},
                      {"matched_after_trim", r.matched_trimmed},
                      {"matched_after_case_fold", r.matched_folded},
                      {"orphan_keys", r.orphan_keys},
                      {"excluded", excluded},
                      {"excluded_samples", samples}};
  j["newest_order_date"] =
      r.newest_day ? nlohmann::json(format_day(*r.newest_day)) : nlohmann::json(nullptr);
  return j;
}

nlohmann::json to_json(const KeySuggestion& s) {
  return {{"customer_column", s.customer_column},
          {"order_column", s.order_column},
          {"overlap", rounded(s.overlap, 6)},
          {"name_match", s.name_match},
          {"score", rounded(s.score, 6)}};
}

nlohmann::json to_json(const RfmResult& rfm) {
  nlohmann::json segs = nlohmann::json::array();
  for (const RfmSegmentStat& s : rfm.segments)
    segs.push_back({{"segment", s.name},
                    {"customers", s.customers},
                    {"customer_share", rounded(s.customer_share, 6)},
                    {"revenue", rounded(s.revenue, 2)},
                    {"revenue_share", rounded(s.revenue_share, 6)}});
  return {{"method", "rfm"},
          {"reference_date", format_day(rfm.reference_day)},
          {"reference_date_given", rfm.reference_given},
          {"customers", rfm.customers},
          {"revenue", rounded(rfm.revenue, 2)},
          {"segments", segs},
          {"match", to_json(rfm.match)}};
}

nlohmann::json to_json(const SegmentResult& r) {
  nlohmann::json j = r.method == "rfm" ? to_json(r.rfm) : nlohmann::json{{"method", r.method}};
  j["added_columns"] = r.added;
  return j;
}

std::string format_rfm_text(const RfmResult& rfm, const std::string& customers_file,
                            const std::string& orders_file) {
  const MatchReport& m = rfm.match;
  std::string s;
  s += "customers: " + customers_file + " (" + group_thousands(m.customer_rows) + " rows, " +
       group_thousands(m.customer_keys) + " distinct " + m.columns.customer_key + ")\n";
  if (m.customer_rows_repeated)
    s += "  " + group_thousands(m.customer_rows_repeated) +
         " rows repeat an earlier row's key and share its values\n";
  if (m.customer_rows_no_key)
    s += "  " + group_thousands(m.customer_rows_no_key) + " rows have no key (segment No orders)\n";
  s += "orders: " + orders_file + " (" + group_thousands(m.order_rows) + " rows, joined on " +
       m.columns.order_key + ")\n";
  s += "  counted: " + group_thousands(m.matched) + " (" + group_thousands(m.matched_exact) +
       " exact, " + group_thousands(m.matched_trimmed) + " after trimming spaces, " +
       group_thousands(m.matched_folded) + " after ignoring case)\n";
  for (size_t i = 1; i < kOrderIssues; ++i) {
    if (!m.excluded[i]) continue;
    const auto issue = static_cast<OrderIssue>(i);
    s += "  excluded " + group_thousands(m.excluded[i]) + ": " + order_issue_text(issue);
    if (issue == OrderIssue::Orphan) s += " [" + group_thousands(m.orphan_keys) + " keys]";
    std::string rows;
    for (const ExcludedOrder& e : m.samples)
      if (e.issue == issue) rows += (rows.empty() ? "" : ", ") + std::to_string(e.row + 1);
    s += " (e.g. data rows " + rows + ")\n";
  }
  s += "customers with orders: " + group_thousands(m.customers_with_orders) +
       ", without: " + group_thousands(m.customers_without_orders + m.customer_rows_no_key) + "\n";
  s += "reference date: " + format_day(rfm.reference_day) +
       (rfm.reference_given ? "\n" : " (the day after the newest order)\n");
  s += "segment                customers   share    revenue  share\n";
  for (const RfmSegmentStat& g : rfm.segments) {
    char line[160];
    std::snprintf(line, sizeof line, "%-20s %11s %7s %10s %6s\n", g.name.c_str(),
                  group_thousands(g.customers).c_str(), percent(g.customer_share).c_str(),
                  format_money(g.revenue).c_str(), percent(g.revenue_share).c_str());
    s += line;
  }
  return s;
}

}  // namespace crm
