// libFuzzer target: any orders file (and a customers file cut from the same bytes) must give a
// match report that accounts for every order row, finite RFM values and scores 1-5, or an
// InputError — never a crash, a hang or another exception.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crm/csv.h"
#include "crm/segment.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // Up to the first NUL: the customers; after it: the orders (else fixed customers).
  const size_t cut = text.find('\0');
  const std::string_view cust_text = cut == std::string_view::npos
                                         ? std::string_view("id,name\nC1,a\nc1,b\nC2,c\n")
                                         : text.substr(0, cut);
  const std::string_view ord_text = cut == std::string_view::npos ? text : text.substr(cut + 1);
  // The amount and date parsers on the raw bytes.
  double v = 0;
  if (crm::parse_amount(ord_text, v) && !std::isfinite(v)) std::abort();
  (void)crm::parse_order_day(ord_text);
  try {
    const crm::Table cust = crm::read_csv(cust_text);
    const crm::Table ord = crm::read_csv(ord_text);
    crm::JoinOptions jo;
    jo.columns = crm::resolve_order_columns(cust, ord, {});
    const crm::OrderAggregates agg = crm::join_orders(cust, ord, jo);
    uint64_t total = agg.report.matched;
    for (size_t i = 1; i < crm::kOrderIssues; ++i) total += agg.report.excluded[i];
    if (total != ord.rows) std::abort();
    const crm::RfmResult rfm = crm::compute_rfm(agg, std::nullopt);
    for (size_t k = 0; k < agg.count.size(); ++k) {
      if (!agg.count[k]) continue;
      if (!std::isfinite(agg.total[k]) || agg.total[k] < 0) std::abort();
      if (rfm.r_score[k] < 1 || rfm.r_score[k] > 5 || rfm.f_score[k] < 1 || rfm.m_score[k] > 5)
        std::abort();
      if (rfm.recency[k] < 1) std::abort();
    }
    const crm::Table out = crm::with_rfm_columns(crm::with_order_columns(cust, agg), agg, rfm);
    if (out.rows != cust.rows) std::abort();
    (void)crm::to_json(rfm).dump();
  } catch (const crm::InputError&) {
  }
  return 0;
}
