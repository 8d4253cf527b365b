// RFM: recency, frequency and monetary value per customer, quintile scores and named segments.
#include <algorithm>
#include <numeric>

#include "crm/segment.h"

namespace crm {

namespace {

/// Segment indexes into rfm_segment_names().
enum Seg : uint8_t {
  kChampions,
  kLoyal,
  kPotentialLoyalist,
  kNew,
  kPromising,
  kNeedAttention,
  kAboutToSleep,
  kAtRisk,
  kCannotLose,
  kHibernating,
  kLost,
  kNoOrders,
};

/// Scores 1-5 by quintiles of rank: `order` lists the keys to score sorted by value, ties in
/// key order (pandas rank(method='first') on a series in key order).
void score_by_rank(const std::vector<uint32_t>& order, std::vector<uint8_t>& out, bool reverse) {
  const uint64_t n = order.size();
  for (uint64_t i = 0; i < n; ++i) {
    const uint8_t s = quintile_score(i + 1, n);
    out[order[i]] = reverse ? static_cast<uint8_t>(6 - s) : s;
  }
}

/// `keys` (ascending) ordered by value(k), ties in key order: a counting sort when the values are
/// small (recency days, order counts), else a comparison sort.
template <typename Value>
void sort_by_small_value(const std::vector<uint32_t>& keys, Value value,
                         std::vector<uint32_t>& out) {
  out.assign(keys.size(), 0);
  uint32_t hi = 0;
  for (uint32_t k : keys) hi = std::max(hi, value(k));
  if (hi > (1u << 24)) {
    out = keys;
    std::stable_sort(out.begin(), out.end(),
                     [&](uint32_t a, uint32_t b) { return value(a) < value(b); });
    return;
  }
  std::vector<uint32_t> start(static_cast<size_t>(hi) + 2, 0);
  for (uint32_t k : keys) ++start[value(k) + 1];
  for (size_t v = 1; v < start.size(); ++v) start[v] += start[v - 1];
  for (uint32_t k : keys) out[start[value(k)]++] = k;
}

}  // namespace

const std::vector<std::string>& rfm_segment_names() {
  static const std::vector<std::string> kNames = {"Champions",
                                                  "Loyal",
                                                  "Potential loyalist",
                                                  "New",
                                                  "Promising",
                                                  "Need attention",
                                                  "About to sleep",
                                                  "At risk",
                                                  "Cannot lose them",
                                                  "Hibernating",
                                                  "Lost",
                                                  "No orders"};
  return kNames;
}

uint8_t rfm_segment(uint8_t r, uint8_t f) {
  // Rows: R 5..1; columns: F 1..5 (see the README's segment map).
  static constexpr uint8_t kMap[5][5] = {
      /* R5 */ {kNew, kPotentialLoyalist, kPotentialLoyalist, kChampions, kChampions},
      /* R4 */ {kPromising, kPotentialLoyalist, kPotentialLoyalist, kLoyal, kLoyal},
      /* R3 */ {kAboutToSleep, kAboutToSleep, kNeedAttention, kLoyal, kLoyal},
      /* R2 */ {kHibernating, kHibernating, kAtRisk, kAtRisk, kCannotLose},
      /* R1 */ {kLost, kHibernating, kAtRisk, kAtRisk, kCannotLose},
  };
  if (r < 1 || r > 5 || f < 1 || f > 5) return kNoOrders;
  return kMap[5 - r][f - 1];
}

uint8_t quintile_score(uint64_t rank, uint64_t n) {
  // qcut's edges on ranks 1..n are 1 + (n-1) k / 5; rank falls in bin k when it is <= edge k
  // and > edge k-1: the smallest k with 5 (rank-1) <= k (n-1). A single value gets bin 1
  // (pandas refuses to cut it).
  if (n <= 1 || rank <= 1) return 1;
  const uint64_t num = 5 * (rank - 1), den = n - 1;
  const uint64_t k = (num + den - 1) / den;
  return static_cast<uint8_t>(std::clamp<uint64_t>(k, 1, 5));
}

RfmResult compute_rfm(const OrderAggregates& agg, std::optional<int64_t> reference_day,
                      CancelFlag cancel) {
  RfmResult out;
  out.match = agg.report;
  out.reference_given = reference_day.has_value();
  if (reference_day) {
    out.reference_day = *reference_day;
  } else if (agg.report.newest_day) {
    out.reference_day = *agg.report.newest_day + 1;
  }
  const size_t nkeys = agg.count.size();
  out.recency.assign(nkeys, 0);
  out.r_score.assign(nkeys, 0);
  out.f_score.assign(nkeys, 0);
  out.m_score.assign(nkeys, 0);
  out.segment.assign(nkeys, kNoOrders);
  std::vector<uint32_t> with;
  with.reserve(nkeys);
  for (uint32_t k = 0; k < nkeys; ++k) {
    if (!agg.count[k]) continue;
    with.push_back(k);
    out.recency[k] = static_cast<int32_t>(out.reference_day - agg.last[k]);
  }
  check_cancel(cancel);
  std::vector<uint32_t> order;
  sort_by_small_value(
      with, [&](uint32_t k) { return static_cast<uint32_t>(out.recency[k]); }, order);
  score_by_rank(order, out.r_score, true);  // the most recent get 5
  sort_by_small_value(
      with, [&](uint32_t k) { return agg.count[k]; }, order);
  score_by_rank(order, out.f_score, false);
  {
    std::vector<std::pair<double, uint32_t>> m;
    m.reserve(with.size());
    for (uint32_t k : with) m.emplace_back(agg.total[k], k);
    std::sort(m.begin(), m.end());  // by value, ties by key order
    for (size_t i = 0; i < m.size(); ++i) order[i] = m[i].second;
  }
  score_by_rank(order, out.m_score, false);
  check_cancel(cancel);

  const auto& names = rfm_segment_names();
  out.segments.resize(names.size());
  for (size_t i = 0; i < names.size(); ++i) out.segments[i].name = names[i];
  for (uint32_t k : with) out.segment[k] = rfm_segment(out.r_score[k], out.f_score[k]);
  for (uint32_t k = 0; k < nkeys; ++k) {
    RfmSegmentStat& s = out.segments[out.segment[k]];
    ++s.customers;
    if (agg.count[k]) s.revenue += agg.total[k];
  }
  out.segments[kNoOrders].customers += agg.report.customer_rows_no_key;
  for (const RfmSegmentStat& s : out.segments) {
    out.customers += s.customers;
    out.revenue += s.revenue;
  }
  for (RfmSegmentStat& s : out.segments) {
    s.customer_share = out.customers ? static_cast<double>(s.customers) / out.customers : 0;
    s.revenue_share = out.revenue > 0 ? s.revenue / out.revenue : 0;
  }
  return out;
}

Table with_rfm_columns(const Table& customers, const OrderAggregates& agg, const RfmResult& rfm) {
  Table t = customers;  // shares every column
  t.warnings.clear();
  Column rec(unique_column_name(t, "recency_days")), freq(unique_column_name(t, "frequency")),
      mon(unique_column_name(t, "monetary")), rs(unique_column_name(t, "r_score")),
      fs(unique_column_name(t, "f_score")), ms(unique_column_name(t, "m_score")),
      seg(unique_column_name(t, "rfm_segment"));
  const size_t n = customers.rows;
  for (Column* c : {&rec, &freq, &mon, &rs, &fs, &ms, &seg}) c->reserve(n, n * 6);
  const auto& names = rfm_segment_names();
  auto digit = [](uint8_t s) { return std::string(1, static_cast<char>('0' + s)); };
  for (size_t r = 0; r < n; ++r) {
    const uint32_t k = agg.row_key[r];
    if (k != kNoKey && agg.count[k]) {
      rec.append(std::to_string(rfm.recency[k]), false);
      freq.append(std::to_string(agg.count[k]), false);
      mon.append(format_money(agg.total[k]), false);
      rs.append(digit(rfm.r_score[k]), false);
      fs.append(digit(rfm.f_score[k]), false);
      ms.append(digit(rfm.m_score[k]), false);
      seg.append(names[rfm.segment[k]], false);
    } else {
      rec.append("", true);
      freq.append("0", false);
      mon.append("0.00", false);
      rs.append("", true);
      fs.append("", true);
      ms.append("", true);
      seg.append(names.back(), false);
    }
  }
  for (Column* c : {&rec, &freq, &mon, &rs, &fs, &ms, &seg}) t.columns.push_back(std::move(*c));
  return t;
}

}  // namespace crm
