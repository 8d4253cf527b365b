// Joining orders to customers: key suggestions, column resolution, the match report and the
// per-customer aggregates.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "crm/infer.h"
#include "crm/segment.h"
#include "segment/keys.h"

namespace crm {

using seg::StringIndex;

namespace {

/// Index of the column named `name`, or -1.
int find_column(const Table& t, std::string_view name) {
  for (size_t i = 0; i < t.columns.size(); ++i)
    if (t.columns[i].name() == name) return static_cast<int>(i);
  return -1;
}

/// The column names of a table as "a, b, c" for messages.
std::string list_names(const Table& t) {
  std::string s;
  for (const Column& c : t.columns) s += (s.empty() ? "" : ", ") + c.name();
  return s;
}

/// Normalized names that say "this is the customer's id".
bool id_like(const std::string& n) {
  static const char* kIds[] = {"id",           "customerid",     "custid",    "clientid",
                               "customerno",   "customernumber", "accountid", "customerkey",
                               "clientnumber", "memberid",       "contactid", "userid"};
  for (const char* k : kIds)
    if (n == k) return true;
  return false;
}

/// True when a column may hold keys: not mostly missing, and its name is id-like or it has no
/// obvious other role.
bool key_candidate(const std::string& norm) {
  if (id_like(norm)) return true;
  for (const char* part : {"id", "key", "email", "number", "code", "no", "account"})
    if (norm.find(part) != std::string::npos) return true;
  return false;
}

/// The first column whose normalized name is in `names` (in preference order), else the first
/// whose normalized name contains one of `parts`; "" if none. Columns in `taken` are skipped.
std::string pick_by_name(const Table& t, std::initializer_list<const char*> names,
                         std::initializer_list<const char*> parts,
                         const std::vector<std::string>& taken) {
  auto free = [&](const std::string& n) {
    return std::find(taken.begin(), taken.end(), n) == taken.end();
  };
  for (const char* want : names)
    for (const Column& c : t.columns)
      if (free(c.name()) && seg::norm_name(c.name()) == want) return c.name();
  for (const char* part : parts)
    for (const Column& c : t.columns)
      if (free(c.name()) && seg::norm_name(c.name()).find(part) != std::string::npos)
        return c.name();
  return {};
}

}  // namespace

std::string unique_column_name(const Table& t, const std::string& base) {
  std::string name = base;
  for (int i = 2; find_column(t, name) >= 0; ++i) name = base + "_" + std::to_string(i);
  return name;
}

const char* order_issue_code(OrderIssue issue) {
  switch (issue) {
    case OrderIssue::None:
      return "counted";
    case OrderIssue::MissingKey:
      return "missing_key";
    case OrderIssue::Orphan:
      return "orphan";
    case OrderIssue::Ambiguous:
      return "ambiguous_key";
    case OrderIssue::MissingDate:
      return "missing_date";
    case OrderIssue::BadDate:
      return "bad_date";
    case OrderIssue::MissingAmount:
      return "missing_amount";
    case OrderIssue::NonNumericAmount:
      return "non_numeric_amount";
    case OrderIssue::NegativeAmount:
      return "negative_amount";
    case OrderIssue::AfterReference:
      return "after_reference_date";
  }
  return "unknown";
}

const char* order_issue_text(OrderIssue issue) {
  switch (issue) {
    case OrderIssue::None:
      return "counted";
    case OrderIssue::MissingKey:
      return "the customer key is empty";
    case OrderIssue::Orphan:
      return "no customer has this key (orphan order)";
    case OrderIssue::Ambiguous:
      return "the key matches several customers once case is ignored";
    case OrderIssue::MissingDate:
      return "the order date is empty";
    case OrderIssue::BadDate:
      return "the order date is not a real YYYY-MM-DD date";
    case OrderIssue::MissingAmount:
      return "the amount is empty";
    case OrderIssue::NonNumericAmount:
      return "the amount is not a plain number like 12.50";
    case OrderIssue::NegativeAmount:
      return "the amount is negative";
    case OrderIssue::AfterReference:
      return "the order is dated after the reference date";
  }
  return "unknown";
}

std::optional<int32_t> parse_order_day(std::string_view v) {
  v = seg::trim(v);
  if (v.size() < 10 || v[4] != '-' || v[7] != '-') return std::nullopt;
  if (v.size() > 10 && v[10] != 'T' && v[10] != ' ') return std::nullopt;
  unsigned d8[8];
  static constexpr size_t kPos[8] = {0, 1, 2, 3, 5, 6, 8, 9};
  for (size_t i = 0; i < 8; ++i) {
    const char c = v[kPos[i]];
    if (c < '0' || c > '9') return std::nullopt;
    d8[i] = static_cast<unsigned>(c - '0');
  }
  const int64_t y = d8[0] * 1000 + d8[1] * 100 + d8[2] * 10 + d8[3];
  const unsigned m = d8[4] * 10 + d8[5], d = d8[6] * 10 + d8[7];
  if (!valid_civil(y, m, d)) return std::nullopt;
  return static_cast<int32_t>(days_from_civil(y, m, d));
}

bool parse_amount(std::string_view v, double& out) {
  v = seg::trim(v);
  size_t i = 0;
  const bool neg = !v.empty() && v[0] == '-';
  if (neg) ++i;
  uint64_t mant = 0;
  int digits = 0, frac = 0;
  size_t int_digits = 0;
  for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i, ++int_digits) {
    if (mant || v[i] != '0') ++digits;
    if (digits <= 19) mant = mant * 10 + static_cast<uint64_t>(v[i] - '0');
  }
  if (int_digits == 0) return false;
  if (i < v.size() && v[i] == '.') {
    ++i;
    size_t f = 0;
    for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i, ++f) {
      if (mant || v[i] != '0') ++digits;
      if (digits <= 19) {
        mant = mant * 10 + static_cast<uint64_t>(v[i] - '0');
        ++frac;
      }
    }
    if (f == 0) return false;
  }
  if (i != v.size()) return false;
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  double x;
  if (digits <= 15 && frac <= 22) {
    // Both operands are exact doubles, so the quotient is correctly rounded (= strtod).
    x = static_cast<double>(mant) / kPow10[frac];
  } else {
    const std::string s(v);
    x = std::strtod(s.c_str(), nullptr);
    if (!std::isfinite(x)) return false;
  }
  out = neg ? -x : x;
  return true;
}

std::string format_money(double v) {
  // Fast path: away from a half-cent tie, rounding v * 100 (within an ulp of the exact product)
  // gives what printf gives; near a tie or for large values, printf decides.
  if (v >= 0 && v < 1e12) {
    const double x = v * 100;
    const double fl = std::floor(x);
    const double frac = x - fl;
    if (std::fabs(frac - 0.5) > 1e-6) {
      const auto cents = static_cast<uint64_t>(frac > 0.5 ? fl + 1 : fl);
      std::string out = std::to_string(cents / 100);
      out.push_back('.');
      out.push_back(static_cast<char>('0' + cents % 100 / 10));
      out.push_back(static_cast<char>('0' + cents % 10));
      return out;
    }
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string format_day(int64_t day) {
  int64_t y;
  unsigned m, d;
  civil_from_days(day, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

namespace {

/// The folded non-missing values among the first rows of an orders column, indexed, with how
/// often each occurs; scanning a customer column marks the values it has.
struct OrderSample {
  std::string arena;  // folded values back to back (never grows once indexed)
  StringIndex index;  // folded value -> distinct id
  std::vector<uint32_t> count;
  size_t seen = 0;  // non-missing values in the sample
};

/// The sample of the first `sample` rows of `oc`.
std::unique_ptr<OrderSample> sample_column(const Column& oc, size_t sample) {
  auto s = std::make_unique<OrderSample>();
  std::vector<size_t> ends;
  for (size_t r = 0; r < sample; ++r) {
    if (oc.missing(r)) continue;
    seg::append_folded(s->arena, oc.value(r));
    ends.push_back(s->arena.size());
  }
  s->seen = ends.size();
  s->index = StringIndex(ends.size());
  size_t start = 0;
  for (size_t e : ends) {
    bool ins;
    const uint32_t id = s->index.insert(std::string_view(s->arena).substr(start, e - start),
                                        static_cast<uint32_t>(s->count.size()), ins);
    if (ins) s->count.push_back(0);
    ++s->count[id];
    start = e;
  }
  return s;
}

/// For each sample, the share of its values found in customer column `cc` (one scan of `cc`).
std::vector<double> overlaps(const Column& cc, size_t rows,
                             const std::vector<const OrderSample*>& samples) {
  std::vector<std::vector<uint8_t>> found(samples.size());
  for (size_t i = 0; i < samples.size(); ++i) found[i].assign(samples[i]->count.size(), 0);
  std::string tmp;
  for (size_t r = 0; r < rows; ++r) {
    if (cc.missing(r)) continue;
    tmp.clear();
    seg::append_folded(tmp, cc.value(r));
    for (size_t i = 0; i < samples.size(); ++i) {
      const uint32_t id = samples[i]->index.find(tmp);
      if (id != StringIndex::kNone) found[i][id] = 1;
    }
  }
  std::vector<double> out(samples.size(), 0);
  for (size_t i = 0; i < samples.size(); ++i) {
    uint64_t hit = 0;
    for (size_t id = 0; id < found[i].size(); ++id)
      if (found[i][id]) hit += samples[i]->count[id];
    if (samples[i]->seen) out[i] = static_cast<double>(hit) / static_cast<double>(samples[i]->seen);
  }
  return out;
}

/// True when two column names say they hold the same key.
bool names_agree(const std::string& customer_norm, const std::string& order_norm) {
  return customer_norm == order_norm || (id_like(customer_norm) && id_like(order_norm));
}

}  // namespace

std::vector<KeySuggestion> suggest_join_keys(const Table& customers, const Table& orders,
                                             size_t limit, size_t sample) {
  std::vector<size_t> cust_cols;
  for (size_t i = 0; i < customers.columns.size(); ++i) {
    const std::string n = seg::norm_name(customers.columns[i].name());
    bool same_name = false;
    for (const Column& o : orders.columns) same_name |= seg::norm_name(o.name()) == n;
    if ((same_name || key_candidate(n)) && cust_cols.size() < 8) cust_cols.push_back(i);
  }
  const size_t nsample = std::min(sample, orders.rows);
  std::vector<std::unique_ptr<OrderSample>> kept;
  std::vector<const OrderSample*> samples;
  for (size_t oj = 0; oj < orders.columns.size() && oj < 16; ++oj) {
    kept.push_back(sample_column(orders.columns[oj], nsample));
    samples.push_back(kept.back().get());
  }
  std::vector<KeySuggestion> out;
  for (size_t ci : cust_cols) {
    const Column& cc = customers.columns[ci];
    const std::vector<double> ov = overlaps(cc, customers.rows, samples);
    const std::string cn = seg::norm_name(cc.name());
    for (size_t oj = 0; oj < samples.size(); ++oj) {
      const Column& oc = orders.columns[oj];
      KeySuggestion s;
      s.customer_column = cc.name();
      s.order_column = oc.name();
      s.overlap = ov[oj];
      s.name_match = names_agree(cn, seg::norm_name(oc.name()));
      s.score = s.overlap + (s.name_match ? 0.25 : 0);
      if (s.overlap > 0 || s.name_match) out.push_back(std::move(s));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const KeySuggestion& a, const KeySuggestion& b) {
    return a.score > b.score;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

OrderColumns resolve_order_columns(const Table& customers, const Table& orders, OrderColumns c) {
  auto need = [](const Table& t, const std::string& name, const char* which, const char* flag) {
    if (find_column(t, name) < 0)
      throw InputError("missing_column", std::string("the ") + which + " have no column '" + name +
                                             "' (columns: " + list_names(t) +
                                             "); name the right one with " + flag);
  };
  if (c.customer_key.empty() || c.order_key.empty()) {
    // First the pairs whose names agree: one with most order keys found is taken as is (the
    // full suggestion indexes every key-like customer column, which costs time on big files).
    const size_t nsample = std::min<size_t>(20000, orders.rows);
    for (const Column& cc : customers.columns) {
      if (!c.customer_key.empty() && cc.name() != c.customer_key) continue;
      const std::string cn = seg::norm_name(cc.name());
      for (const Column& oc : orders.columns) {
        if (!c.order_key.empty() && oc.name() != c.order_key) continue;
        if (!names_agree(cn, seg::norm_name(oc.name()))) continue;
        const auto sample = sample_column(oc, nsample);
        if (overlaps(cc, customers.rows, {sample.get()})[0] >= 0.5) {
          c.customer_key = cc.name();
          c.order_key = oc.name();
          break;
        }
      }
      if (!c.customer_key.empty() && !c.order_key.empty()) break;
    }
  }
  if (c.customer_key.empty() || c.order_key.empty()) {
    const auto s = suggest_join_keys(customers, orders, 20);
    for (const KeySuggestion& k : s) {
      if (!c.customer_key.empty() && k.customer_column != c.customer_key) continue;
      if (!c.order_key.empty() && k.order_column != c.order_key) continue;
      if (k.overlap <= 0 && !k.name_match) continue;
      c.customer_key = k.customer_column;
      c.order_key = k.order_column;
      break;
    }
    if (c.customer_key.empty() || c.order_key.empty())
      throw InputError("no_join_key",
                       "no column of the orders matches a customer key column by name or by "
                       "values; name them with --customer-key and --order-key (customer "
                       "columns: " +
                           list_names(customers) + "; order columns: " + list_names(orders) + ")");
  }
  need(customers, c.customer_key, "customers", "--customer-key");
  need(orders, c.order_key, "orders", "--order-key");
  std::vector<std::string> taken = {c.order_key};
  auto fill = [&](std::string& field, std::initializer_list<const char*> names,
                  std::initializer_list<const char*> parts) {
    if (field.empty()) field = pick_by_name(orders, names, parts, taken);
    if (!field.empty()) taken.push_back(field);
  };
  fill(c.order_date, {"orderdate", "date", "purchasedate", "invoicedate", "orderedat", "createdat"},
       {"date"});
  fill(c.amount,
       {"amount", "orderamount", "total", "ordertotal", "value", "revenue", "sales", "price",
        "spend"},
       {"amount", "total", "revenue"});
  fill(c.order_id, {"orderid", "ordernumber", "orderno", "invoiceid", "invoicenumber", "id"}, {});
  fill(c.category, {"category", "productcategory", "productline", "product", "department"},
       {"category"});
  if (c.order_date.empty())
    throw InputError("missing_column", "the orders have no order date column (columns: " +
                                           list_names(orders) + "); name it with --order-date");
  if (c.amount.empty())
    throw InputError("missing_column", "the orders have no amount column (columns: " +
                                           list_names(orders) + "); name it with --amount");
  need(orders, c.order_date, "orders", "--order-date");
  need(orders, c.amount, "orders", "--amount");
  if (!c.order_id.empty()) need(orders, c.order_id, "orders", "--order-id");
  if (!c.category.empty()) need(orders, c.category, "orders", "--category");
  return c;
}

OrderAggregates join_orders(const Table& customers, const Table& orders, const JoinOptions& options,
                            ProgressFn progress, CancelFlag cancel) {
  const OrderColumns& cols = options.columns;
  const int ck = find_column(customers, cols.customer_key);
  const int ok = find_column(orders, cols.order_key);
  const int od = find_column(orders, cols.order_date);
  const int oa = find_column(orders, cols.amount);
  const int oc = cols.category.empty() ? -1 : find_column(orders, cols.category);
  if (ck < 0 || ok < 0 || od < 0 || oa < 0 || (!cols.category.empty() && oc < 0))
    throw InputError("missing_column", "a join column is missing (resolve the columns first)");

  OrderAggregates agg;
  MatchReport& rep = agg.report;
  rep.columns = cols;
  rep.customer_rows = customers.rows;
  rep.order_rows = orders.rows;
  agg.has_category = oc >= 0;

  // Customer keys as written, in first-appearance order.
  const Column& ckey = customers.columns[static_cast<size_t>(ck)];
  StringIndex exact(customers.rows);
  agg.row_key.resize(customers.rows);
  std::vector<std::string_view> keys;
  keys.reserve(customers.rows);
  for (size_t r = 0; r < customers.rows; ++r) {
    if (ckey.missing(r)) {
      agg.row_key[r] = kNoKey;
      ++rep.customer_rows_no_key;
      continue;
    }
    bool ins;
    const std::string_view k = ckey.value(r);
    agg.row_key[r] = exact.insert(k, static_cast<uint32_t>(keys.size()), ins);
    if (ins) {
      keys.push_back(k);
    } else {
      ++rep.customer_rows_repeated;
    }
  }
  const size_t nkeys = keys.size();
  rep.customer_keys = nkeys;
  // One record per key (one cache line touched per counted order).
  struct Acc {
    double total = 0, comp = 0;  // Kahan sum and compensation
    uint64_t cat_mask = 0;       // categories with ids < 64
    uint32_t count = 0;
    int32_t first = INT32_MAX, last = INT32_MIN;
  };
  std::vector<Acc> acc(nkeys);
  std::vector<uint64_t> cat_pairs;  // key << 32 | category id, for category ids >= 64

  // Folded keys (trimmed, ASCII lower case), built at the first key that needs them.
  std::string folded_arena;
  std::unique_ptr<StringIndex> folded;
  constexpr uint32_t kAmbiguous = StringIndex::kNone - 1;
  auto build_folded = [&]() {
    std::vector<size_t> ends;
    ends.reserve(nkeys);
    folded_arena.reserve(ckey.byte_size());
    for (std::string_view k : keys) {
      seg::append_folded(folded_arena, k);
      ends.push_back(folded_arena.size());
    }
    folded = std::make_unique<StringIndex>(nkeys);
    size_t start = 0;
    for (size_t i = 0; i < nkeys; ++i) {
      const std::string_view f = std::string_view(folded_arena).substr(start, ends[i] - start);
      start = ends[i];
      bool ins;
      const uint32_t prev = folded->insert(f, static_cast<uint32_t>(i), ins);
      if (!ins && prev != static_cast<uint32_t>(i)) folded->set(f, kAmbiguous);
    }
  };

  StringIndex cats(64);
  StringIndex orphans(1024);
  std::string tmp;
  size_t samples_of[kOrderIssues] = {};
  const Column& okey = orders.columns[static_cast<size_t>(ok)];
  const Column& odate = orders.columns[static_cast<size_t>(od)];
  const Column& oamt = orders.columns[static_cast<size_t>(oa)];
  const Column* ocat = oc >= 0 ? &orders.columns[static_cast<size_t>(oc)] : nullptr;
  const bool have_ref = options.reference_day.has_value();
  const int64_t ref = have_ref ? *options.reference_day : 0;
  int64_t newest = INT64_MIN;
  std::string_view last_kv;  // the last key that matched as written, and its index
  uint32_t last_key = StringIndex::kNone;
  const uint64_t n = orders.rows;
  const uint64_t step = std::max<uint64_t>(n / 100, 1u << 16);

  for (uint64_t r = 0; r < n; ++r) {
    if ((r & 0xFFFF) == 0) {
      check_cancel(cancel);
      if (progress && r && r % step < 0x10000) progress(Progress{"join", r, n, r});
    }
    OrderIssue issue = OrderIssue::None;
    uint32_t key = StringIndex::kNone;
    int kind = 0;  // 0 exact, 1 trimmed, 2 folded
    const std::string_view kv = okey.value(r);
    if (okey.missing(r)) {
      issue = OrderIssue::MissingKey;
    } else if (last_key != StringIndex::kNone && kv == last_kv) {
      key = last_key;  // orders of one customer often come together
    } else {
      // The customer after the last one matched (orders sorted like the customers), else look up.
      const uint32_t next = last_key + 1;
      key = next < nkeys && last_key != StringIndex::kNone && keys[next] == kv ? next
                                                                               : exact.find(kv);
      if (key != StringIndex::kNone) {
        last_kv = kv;
        last_key = key;
      }
      if (key == StringIndex::kNone) {
        const std::string_view t = seg::trim(kv);
        if (t.size() != kv.size()) key = exact.find(t);
        if (key != StringIndex::kNone) {
          kind = 1;
        } else {
          if (!folded) build_folded();
          tmp.clear();
          seg::append_folded(tmp, kv);
          key = folded->find(tmp);
          kind = 2;
          if (key == kAmbiguous) {
            issue = OrderIssue::Ambiguous;
          } else if (key == StringIndex::kNone) {
            issue = OrderIssue::Orphan;
          }
        }
      }
    }
    // The date and amount are checked for every row (the newest date counts every valid date).
    std::optional<int32_t> day;
    if (!odate.missing(r)) day = parse_order_day(odate.value(r));
    if (day && *day > newest) newest = *day;
    if (issue == OrderIssue::None) {
      double amount = 0;
      if (odate.missing(r)) {
        issue = OrderIssue::MissingDate;
      } else if (!day) {
        issue = OrderIssue::BadDate;
      } else if (oamt.missing(r)) {
        issue = OrderIssue::MissingAmount;
      } else if (!parse_amount(oamt.value(r), amount)) {
        issue = OrderIssue::NonNumericAmount;
      } else if (amount < 0) {
        issue = OrderIssue::NegativeAmount;
      } else if (have_ref && *day > ref) {
        issue = OrderIssue::AfterReference;
      } else {
        // Kahan summation as pandas' groupby sum does it, so totals agree to the last bit.
        Acc& a = acc[key];
        const double y = amount - a.comp;
        const double t = a.total + y;
        a.comp = (t - a.total) - y;
        a.total = t;
        ++a.count;
        if (*day < a.first) a.first = *day;
        if (*day > a.last) a.last = *day;
        if (ocat && !ocat->missing(r)) {
          bool ins;
          const uint32_t c = cats.insert(ocat->value(r), static_cast<uint32_t>(cats.size()), ins);
          if (c < 64) {
            a.cat_mask |= uint64_t{1} << c;
          } else {
            cat_pairs.push_back(uint64_t{key} << 32 | c);
          }
        }
        ++rep.matched;
        if (kind == 0)
          ++rep.matched_exact;
        else if (kind == 1)
          ++rep.matched_trimmed;
        else
          ++rep.matched_folded;
        continue;
      }
    } else if (issue == OrderIssue::Orphan) {
      bool ins;
      orphans.insert(kv, 0, ins);
    }
    const size_t ii = static_cast<size_t>(issue);
    ++rep.excluded[ii];
    if (samples_of[ii] < options.samples_per_issue) {
      ++samples_of[ii];
      rep.samples.push_back(ExcludedOrder{r, issue, std::string(kv), std::string(odate.value(r)),
                                          std::string(oamt.value(r))});
    }
  }
  if (progress) progress(Progress{"join", n, n, n});
  rep.orphan_keys = orphans.size();
  if (newest != INT64_MIN) rep.newest_day = newest;
  agg.count.resize(nkeys);
  agg.first.resize(nkeys);
  agg.last.resize(nkeys);
  agg.total.resize(nkeys);
  for (size_t k = 0; k < nkeys; ++k) {
    agg.count[k] = acc[k].count;
    agg.first[k] = acc[k].first;
    agg.last[k] = acc[k].last;
    agg.total[k] = acc[k].total;
  }
  if (agg.has_category) {
    agg.categories.assign(nkeys, 0);
    for (size_t k = 0; k < nkeys; ++k)
      agg.categories[k] = static_cast<uint32_t>(__builtin_popcountll(acc[k].cat_mask));
    std::sort(cat_pairs.begin(), cat_pairs.end());
    cat_pairs.erase(std::unique(cat_pairs.begin(), cat_pairs.end()), cat_pairs.end());
    for (uint64_t p : cat_pairs) ++agg.categories[p >> 32];
  }
  for (size_t k = 0; k < nkeys; ++k) {
    if (agg.count[k]) {
      ++rep.customers_with_orders;
    } else {
      ++rep.customers_without_orders;
    }
  }
  std::stable_sort(
      rep.samples.begin(), rep.samples.end(),
      [](const ExcludedOrder& a, const ExcludedOrder& b) { return a.issue < b.issue; });
  return agg;
}

Table with_order_columns(const Table& customers, const OrderAggregates& agg) {
  Table t = customers;  // shares every column
  t.warnings.clear();
  Column first(unique_column_name(t, "first_order")), last(unique_column_name(t, "last_order")),
      count(unique_column_name(t, "order_count")), total(unique_column_name(t, "total_amount")),
      avg(unique_column_name(t, "avg_amount")), cats(unique_column_name(t, "distinct_categories"));
  const size_t n = customers.rows;
  for (Column* c : {&first, &last, &count, &total, &avg, &cats}) c->reserve(n, n * 8);
  std::string s;
  for (size_t r = 0; r < n; ++r) {
    const uint32_t k = agg.row_key[r];
    const bool has = k != kNoKey && agg.count[k] > 0;
    if (has) {
      first.append(format_day(agg.first[k]), false);
      last.append(format_day(agg.last[k]), false);
      avg.append(format_money(agg.total[k] / agg.count[k]), false);
    } else {
      first.append("", true);
      last.append("", true);
      avg.append("", true);
    }
    count.append(std::to_string(k == kNoKey ? 0 : agg.count[k]), false);
    total.append(format_money(has ? agg.total[k] : 0.0), false);
    if (agg.has_category) cats.append(std::to_string(has ? agg.categories[k] : 0), false);
  }
  t.columns.push_back(std::move(first));
  t.columns.push_back(std::move(last));
  t.columns.push_back(std::move(count));
  t.columns.push_back(std::move(total));
  t.columns.push_back(std::move(avg));
  if (agg.has_category) t.columns.push_back(std::move(cats));
  return t;
}

}  // namespace crm
