// Deterministic generator of realistic, messy customer data with known duplicate groups.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "crm/common.h"

namespace crm {

/// Parameters of the generator.
struct GenerateOptions {
  uint64_t rows = 1000;
  uint64_t seed = 1;
  double dup_rate = 0.1;  // share of rows that are near-duplicates of another customer
};

/// Receives output bytes in order.
using ByteSink = std::function<void(std::string_view)>;

/// Writes `rows` customer records as UTF-8 CSV (with header) to `csv`, and, if `truth` is set,
/// the true entity of every row as CSV `row,entity_id` (row = 0-based data row index).
/// Output is byte-identical for the same options on every platform (native and WebAssembly).
/// Returns the number of customer_id values issued: C0000001 up to that number.
uint64_t generate_customers(const GenerateOptions& options, const ByteSink& csv,
                            const ByteSink& truth = {}, ProgressFn progress = {},
                            CancelFlag cancel = nullptr);

/// Parameters of the orders generator.
struct OrdersOptions {
  uint64_t customers = 0;  // customer keys C0000001 .. C{customers} (generate_customers' result)
  uint64_t seed = 1;
};

/// Writes orders of the generated customers as UTF-8 CSV order_id,customer_id,order_date,amount,
/// category (skewed spend, seasonality, churned and new customers, customers without orders,
/// orphan and malformed rows; see generate_orders.cpp). Byte-identical for the same options on
/// every platform. Returns the number of order rows.
uint64_t generate_orders(const OrdersOptions& options, const ByteSink& csv,
                         ProgressFn progress = {}, CancelFlag cancel = nullptr);

}  // namespace crm
