// Deterministic generator of orders for the generated customers (crmwb generate --orders).
//
// Design:
// - Customer i (1-based) has the key C + i zero-padded to 7 digits, as generate_customers writes
//   them. Every customer is drawn from its own PRNG seeded by (seed, i), so the orders of a
//   customer do not depend on any other; a second row-stream PRNG injects the messy rows.
// - Period 2019-01-01 .. 2026-10-31. 12% of customers never order. The others are active from a
//   start day (skewed to recent years: the business grows; 8% start in the last 90 days, "new")
//   to an end day (30% churn at a random point, the rest stay active to the end).
// - Orders per year follow a Pareto law (alpha 1.5, at least 0.5 a year, capped at 60): a few
//   customers order very often. Order days are drawn uniformly over the active span and thinned
//   by a monthly seasonality (November and December busiest, January and February quietest).
// - Amounts are log-normal: a per-customer typical basket (median 45.00, sigma 0.8) times a
//   per-order factor (sigma 0.35) times a category factor (jewelry x3, electronics x2, books
//   x0.5...). Each customer has a favourite category (60% of their orders).
// - Messy rows, each a documented share of the order rows: orphan keys (0.4%, customer numbers
//   past the last customer), keys with extra spaces (0.3%) or lower case (0.3%), bad dates
//   (0.15%: 30 February, day-first slashes, "unknown", empty) and bad amounts (0.3%: negative,
//   decimal comma, "free", "n/a", empty).
// - Byte-identical everywhere: integer-only arithmetic, the same xoshiro256** as the customer
//   generator, log-normal and Pareto quantiles from fixed tables (no libm).
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "crm/csv.h"
#include "crm/generate.h"
#include "crm/infer.h"
#include "crm/random.h"

namespace crm {
namespace {

/// The customer generator's PRNG (crm::Xoshiro256) with the draws the orders use.
class OrderRng : public Xoshiro256 {
 public:
  using Xoshiro256::Xoshiro256;
  /// Integer in [0, n) for n >= 1.
  uint32_t below(uint32_t n) { return below32(n); }
  /// True with probability p / 10,000.
  bool per10k(uint32_t p) { return below(10000) < p; }
};

constexpr int32_t kFrom = 17897;  // 2019-01-01
constexpr int32_t kTo = 20757;    // 2026-10-31

// Quantiles at (i + 0.5) / 64, times 1000: exp(0.8 z), exp(0.35 z), and Pareto(1.5) u^(-1/1.5).
constexpr std::array<uint32_t, 64> kBasket = {
    145,  204,  244,  278,  308,  335,  361,  386,  410,  434,  457,  480,  503,  526,  549,  572,
    594,  618,  641,  664,  688,  713,  737,  762,  788,  814,  841,  868,  896,  925,  954,  984,
    1016, 1048, 1082, 1116, 1152, 1190, 1229, 1269, 1312, 1356, 1403, 1453, 1505, 1560, 1619, 1682,
    1750, 1822, 1901, 1987, 2082, 2187, 2304, 2436, 2589, 2768, 2983, 3250, 3600, 4093, 4903, 6917};
constexpr std::array<uint32_t, 64> kVary = {
    429,  499,  540,  571,  597,  620,  641,  660,  677,  694,  710,  726,  740,  755,  769,  783,
    796,  810,  823,  836,  849,  862,  875,  888,  901,  914,  927,  940,  953,  966,  980,  993,
    1007, 1021, 1035, 1049, 1064, 1079, 1094, 1110, 1126, 1143, 1160, 1177, 1196, 1215, 1235, 1256,
    1277, 1300, 1325, 1350, 1378, 1408, 1441, 1476, 1516, 1561, 1613, 1675, 1751, 1853, 2005, 2331};
constexpr std::array<uint32_t, 64> kPareto = {
    1005, 1016, 1027, 1038, 1050, 1062, 1074, 1087, 1100, 1113, 1127,  1141, 1156,
    1171, 1187, 1203, 1220, 1237, 1255, 1274, 1294, 1314, 1335, 1357,  1380, 1403,
    1428, 1454, 1481, 1510, 1540, 1571, 1604, 1639, 1676, 1715, 1756,  1800, 1847,
    1897, 1950, 2008, 2069, 2136, 2208, 2287, 2374, 2469, 2574, 2691,  2822, 2971,
    3140, 3337, 3567, 3842, 4176, 4594, 5135, 5870, 6941, 8686, 12210, 25398};

/// A draw from a quantile table, interpolated between neighbouring entries.
uint64_t draw(const std::array<uint32_t, 64>& t, OrderRng& r) {
  const uint32_t i = r.below(63), f = r.below(1024);
  return (uint64_t{t[i]} * (1024 - f) + uint64_t{t[i + 1]} * f) / 1024;
}

/// A product category with its share of orders and price factor (per mille).
struct Category {
  const char* name;
  uint32_t weight;
  uint32_t price;
};
constexpr Category kCategories[] = {
    {"Electronics", 14, 2000}, {"Clothing", 20, 900}, {"Home & Garden", 14, 1200},
    {"Books", 12, 500},        {"Beauty", 10, 700},   {"Sports", 9, 1100},
    {"Toys", 8, 800},          {"Grocery", 8, 600},   {"Jewelry", 2, 3000},
    {"Office", 3, 900}};
constexpr uint32_t kCategoryWeights = 100;

/// Picks a category index by weight.
uint32_t pick_category(OrderRng& r) {
  uint32_t x = r.below(kCategoryWeights);
  for (uint32_t i = 0; i < std::size(kCategories); ++i) {
    if (x < kCategories[i].weight) return i;
    x -= kCategories[i].weight;
  }
  return 0;
}

/// Relative order volume per month (January first), out of 190.
constexpr uint32_t kSeason[12] = {70, 70, 85, 90, 95, 90, 90, 95, 100, 110, 150, 190};

/// Appends v in decimal, zero-padded to at least `width` digits.
void put_uint(std::string& out, uint64_t v, uint32_t width = 0) {
  char buf[24];
  uint32_t n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n < width) buf[n++] = '0';
  while (n > 0) out += buf[--n];
}

/// Appends cents as 1234.56 (or 1234,56 with a decimal comma).
void put_money(std::string& out, uint64_t cents, char point = '.') {
  put_uint(out, cents / 100);
  out += point;
  put_uint(out, cents % 100, 2);
}

/// Appends a day as YYYY-MM-DD.
void put_day(std::string& out, int32_t day) {
  int64_t y;
  unsigned m, d;
  civil_from_days(day, y, m, d);
  put_uint(out, static_cast<uint64_t>(y), 4);
  out += '-';
  put_uint(out, m, 2);
  out += '-';
  put_uint(out, d, 2);
}

/// One order before rendering.
struct Order {
  int32_t day;
  uint32_t category;
  uint64_t cents;
};

}  // namespace

uint64_t generate_orders(const OrdersOptions& options, const ByteSink& csv, ProgressFn progress,
                         CancelFlag cancel) {
  check_cancel(cancel);
  std::string out = "order_id,customer_id,order_date,amount,category\n";
  std::string field;
  OrderRng mess(options.seed ^ 0x510E527FADE682D1ull);
  std::vector<Order> orders;
  uint64_t written = 0;
  const uint64_t n = options.customers;
  const uint64_t step = n / 100 == 0 ? 1 : n / 100;
  for (uint64_t c = 1; c <= n; ++c) {
    OrderRng r(options.seed * 0x9E3779B97F4A7C15ull ^ (0xBB67AE8584CAA73Bull * c));
    if (c % step == 0) {
      check_cancel(cancel);
      if (progress) progress(Progress{"generate orders", c, n, written});
    }
    if (r.below(100) < 12) continue;  // never ordered
    // Active span: start skewed to recent years (max of two uniforms), or new in the last 90 days.
    const uint32_t span = static_cast<uint32_t>(kTo - kFrom);
    int32_t start;
    if (r.below(100) < 8) {
      start = kTo - static_cast<int32_t>(r.below(90));
    } else {
      start = kFrom + static_cast<int32_t>(std::max(r.below(span), r.below(span)));
    }
    int32_t end = kTo;
    if (r.below(100) < 30)
      end = start + static_cast<int32_t>(r.below(static_cast<uint32_t>(kTo - start) + 1));
    const uint64_t days = static_cast<uint64_t>(end - start) + 1;
    // Orders: rate per year (per mille) times the active years; at least one.
    uint64_t rate = draw(kPareto, r) / 2;  // 0.5 a year and up
    if (rate > 60000) rate = 60000;
    const uint64_t expect = rate * days;  // per mille-years times 365
    uint64_t count = expect / 365000;
    if (r.below(365000) < expect % 365000) ++count;
    if (count == 0) count = 1;
    if (count > 2000) count = 2000;
    const uint64_t basket = 4500 * draw(kBasket, r) / 1000;  // cents
    const uint32_t favourite = pick_category(r);
    orders.clear();
    for (uint64_t k = 0; k < count; ++k) {
      int32_t day = start;
      for (int attempt = 0; attempt < 8; ++attempt) {
        day = start + static_cast<int32_t>(r.below(static_cast<uint32_t>(days)));
        int64_t y;
        unsigned m, d;
        civil_from_days(day, y, m, d);
        if (r.below(190) < kSeason[m - 1]) break;
      }
      const uint32_t cat = r.below(100) < 60 ? favourite : pick_category(r);
      uint64_t cents = basket * draw(kVary, r) / 1000 * kCategories[cat].price / 1000;
      if (cents < 99) cents = 99 + r.below(400);
      orders.push_back(Order{day, cat, cents});
    }
    // Stable: std::sort orders equal days differently in each standard library.
    std::stable_sort(orders.begin(), orders.end(),
                     [](const Order& a, const Order& b) { return a.day < b.day; });
    for (const Order& o : orders) {
      ++written;
      out += 'O';
      put_uint(out, written, 8);
      out += ',';
      // The customer key, sometimes an orphan, padded or lower-cased.
      const uint32_t k = mess.below(10000);
      if (k < 40) {
        out += 'C';
        put_uint(out, n + 1 + mess.below(50000), 7);
      } else if (k < 55) {
        out += " C";
        put_uint(out, c, 7);
      } else if (k < 70) {
        out += 'C';
        put_uint(out, c, 7);
        out += "  ";
      } else if (k < 100) {
        out += 'c';
        put_uint(out, c, 7);
      } else {
        out += 'C';
        put_uint(out, c, 7);
      }
      out += ',';
      // The date, sometimes malformed.
      const uint32_t kd = mess.below(10000);
      if (kd < 4) {
        int64_t y;
        unsigned m, d;
        civil_from_days(o.day, y, m, d);
        put_uint(out, static_cast<uint64_t>(y), 4);
        out += "-02-30";
      } else if (kd < 9) {
        int64_t y;
        unsigned m, d;
        civil_from_days(o.day, y, m, d);
        put_uint(out, d, 2);
        out += '/';
        put_uint(out, m, 2);
        out += '/';
        put_uint(out, static_cast<uint64_t>(y), 4);
      } else if (kd < 12) {
        out += "unknown";
      } else if (kd < 15) {
        // empty
      } else {
        put_day(out, o.day);
      }
      out += ',';
      // The amount, sometimes malformed.
      const uint32_t ka = mess.below(10000);
      if (ka < 8) {
        out += '-';
        put_money(out, o.cents);
      } else if (ka < 16) {
        field.clear();
        put_money(field, o.cents, ',');
        write_csv_field(out, field);
      } else if (ka < 20) {
        out += "free";
      } else if (ka < 25) {
        out += "n/a";
      } else if (ka < 30) {
        // empty
      } else {
        put_money(out, o.cents);
      }
      out += ',';
      write_csv_field(out, kCategories[o.category].name);
      out += '\n';
    }
    if (out.size() >= (1u << 20)) {
      csv(out);
      out.clear();
    }
  }
  if (!out.empty()) csv(out);
  if (progress) progress(Progress{"generate orders", n, n, written});
  return written;
}

}  // namespace crm
