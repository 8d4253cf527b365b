// crmwb segment: argument parsing, loading customers and orders, RFM, dispatch to the analysis
// methods (cli/segment_ml.cpp).
#include <cmath>
#include <optional>

#include "crm/ml_stats.h"
#include "crm/report.h"
#include "segment.h"

namespace crm::cli {

std::vector<std::string> split_names(const std::string& opt, const std::string& v) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t comma = v.find(',', start);
    std::string name =
        v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (name.empty()) throw UsageError(opt + " takes column names separated by commas");
    out.push_back(std::move(name));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

bool orders_option(const std::string& a, Args& args, SegmentArgs& s) {
  if (a == "--orders") {
    s.orders = args.value(a);
  } else if (a == "--customer-key") {
    s.columns.customer_key = args.value(a);
  } else if (a == "--order-key") {
    s.columns.order_key = args.value(a);
  } else if (a == "--order-date") {
    s.columns.order_date = args.value(a);
  } else if (a == "--amount") {
    s.columns.amount = args.value(a);
  } else if (a == "--order-id") {
    s.columns.order_id = args.value(a);
  } else if (a == "--category") {
    s.columns.category = args.value(a);
  } else if (a == "--aggregates") {
    s.aggregates = true;
  } else if (a == "--reference-date") {
    s.reference_day = parse_day(a, args.value(a));
  } else {
    return false;
  }
  return true;
}

namespace {

/// A whole number option value of at least `lo`.
uint64_t count_at_least(const std::string& opt, const std::string& v, uint64_t lo,
                        const char* what) {
  const uint64_t n = parse_count(opt, v);
  if (n < lo) throw UsageError(opt + " takes " + what);
  return n;
}

/// Parses --target COL or --target topN:COL (N percent, 1..99).
void parse_target(const std::string& v, SegmentArgs& s) {
  s.target = v;
  s.top_share = 0;
  if (v.size() > 4 && v.compare(0, 3, "top") == 0) {
    const size_t colon = v.find(':');
    if (colon == std::string::npos) return;  // a column named top...
    const std::string pct = v.substr(3, colon - 3);
    const uint64_t n = parse_count("--target top", pct);
    if (n < 1 || n > 99 || colon + 1 == v.size())
      throw UsageError("--target topN:COLUMN takes N from 1 to 99 and a column, not '" + v + "'");
    s.top_share = static_cast<double>(n) / 100;
    s.target = v.substr(colon + 1);
  }
}

SegmentArgs parse_segment_args(Args& args) {
  SegmentArgs s;
  while (!args.done()) {
    const std::string& a = args.next();
    if (orders_option(a, args, s)) {
    } else if (a == "--method") {
      s.method = args.value(a);
      static const char* kMethods[] = {"rfm", "kmeans", "dbscan", "pca", "anomaly", "tree"};
      bool known = false;
      for (const char* m : kMethods) known |= s.method == m;
      if (!known)
        throw UsageError("--method takes rfm, kmeans, dbscan, pca, anomaly or tree, not '" +
                         s.method + "'");
    } else if (a == "--columns") {
      s.features = split_names(a, args.value(a));
    } else if (a == "--log") {
      s.log = split_names(a, args.value(a));
    } else if (a == "--impute") {
      s.impute = args.value(a);
      if (s.impute != "median" && s.impute != "mean" && s.impute != "exclude")
        throw UsageError("--impute takes median, mean or exclude, not '" + s.impute + "'");
    } else if (a == "--k") {
      const std::string& v = args.value(a);
      if (v == "auto") {
        s.k.reset();
      } else {
        s.k = count_at_least(a, v, 1, "a number of clusters from 1 up, or auto");
      }
    } else if (a == "--eps") {
      const std::string& v = args.value(a);
      if (v == "auto") {
        s.eps.reset();
      } else {
        s.eps = parse_real(a, v);
        if (!(*s.eps > 0) || !std::isfinite(*s.eps))
          throw UsageError("--eps takes a distance above 0, or auto");
      }
    } else if (a == "--min-samples") {
      s.min_samples = count_at_least(a, args.value(a), 1, "a number from 1 up");
    } else if (a == "--scale") {
      s.scale = args.value(a);
      if (s.scale != "zscore" && s.scale != "minmax" && s.scale != "none")
        throw UsageError("--scale takes zscore, minmax or none, not '" + s.scale + "'");
    } else if (a == "--seed") {
      s.seed = parse_count(a, args.value(a));
    } else if (a == "--top") {
      s.top = count_at_least(a, args.value(a), 1, "a number of rows from 1 up");
    } else if (a == "--detector") {
      s.detector = args.value(a);
      if (s.detector != "iforest" && s.detector != "lof")
        throw UsageError("--detector takes iforest or lof, not '" + s.detector + "'");
    } else if (a == "--neighbors") {
      s.neighbors = count_at_least(a, args.value(a), 1, "a number of neighbours from 1 up");
    } else if (a == "--target") {
      parse_target(args.value(a), s);
    } else if (a == "--max-depth") {
      s.max_depth = count_at_least(a, args.value(a), 1, "a depth from 1 up");
      if (s.max_depth > 32) throw UsageError("--max-depth takes a depth from 1 to 32");
    } else if (a == "--min-leaf") {
      s.min_leaf = count_at_least(a, args.value(a), 1, "a number of rows from 1 up");
    } else if (a == "--out") {
      s.out = args.value(a);
    } else if (a == "--json") {
      s.json = true;
    } else if (csv_option(a, args, s.csv)) {
    } else if (a.size() > 1 && a[0] == '-') {
      throw UsageError("unknown option " + a + " for segment");
    } else if (s.customers.empty()) {
      s.customers = a;
    } else {
      throw UsageError("segment takes one CUSTOMERS file (the orders go with --orders)");
    }
  }
  if (s.customers.empty()) throw UsageError("segment needs a CUSTOMERS file");
  if (s.method.empty())
    throw UsageError("segment needs --method rfm|kmeans|dbscan|pca|anomaly|tree");
  if (s.out.empty()) throw UsageError("segment needs --out OUT.csv");
  ExportFormat format;
  if (!parse_export_format(s.out, format))
    throw UsageError("cannot tell the output format from '" + s.out +
                     "': name it .csv, .json or .jsonl");
  if (s.method != "rfm") {
    if (s.features.empty())
      throw UsageError("segment --method " + s.method +
                       " needs --columns a,b,c: the numeric columns to use as features");
    for (const std::string& l : s.log) {
      if (std::find(s.features.begin(), s.features.end(), l) == s.features.end())
        throw UsageError("--log column '" + l + "' is not one of --columns");
    }
    if (s.method == "tree") {
      if (s.target.empty())
        throw UsageError("segment --method tree needs --target COLUMN or --target top20:COLUMN");
      if (std::find(s.features.begin(), s.features.end(), s.target) != s.features.end())
        throw UsageError("the --target column '" + s.target +
                         "' is also in --columns: a tree would only copy it; leave it out");
    }
  }
  return s;
}

/// The orders file, loaded.
void load_orders(Io& io, const SegmentArgs& s, Workbench& orders, std::string& file) {
  file = s.orders;
  load(io, s.orders, s.csv, orders);
  print_warnings(io, s.orders, orders.table());
}

int run_rfm(Io& io, const SegmentArgs& s, std::string& file) {
  if (s.orders.empty()) throw UsageError("segment --method rfm needs --orders ORDERS.csv");
  Workbench wb;
  load_customers(io, s, wb, file);
  const SegmentResult r = join_rfm(io, s, wb, file);
  write_output(io, s, wb);
  io.out(s.json ? to_json(r).dump(2) + "\n" : format_rfm_text(r.rfm, s.customers, s.orders));
  return 0;
}

}  // namespace

void write_output(Io& io, const SegmentArgs& s, const Workbench& wb) {
  ExportOptions ex;
  if (!parse_export_format(s.out, ex.format))
    throw UsageError("cannot tell the output format from '" + s.out +
                     "': name it .csv, .json or .jsonl");
  Writer w(io, s.out);
  wb.export_table(ex, w.sink());
  w.close();
}

void load_customers(Io& io, const SegmentArgs& s, Workbench& wb, std::string& file) {
  file = s.customers;
  load(io, s.customers, s.csv, wb);
  print_warnings(io, s.customers, wb.table());
}

SegmentResult join_rfm(Io& io, const SegmentArgs& s, Workbench& wb, std::string& file) {
  Workbench orders;
  load_orders(io, s, orders, file);
  SegmentOptions so;
  so.method = "rfm";
  so.columns = s.columns;
  so.reference_day = s.reference_day;
  so.aggregates = s.aggregates;
  SegmentResult r = wb.segment(orders.table(), so);
  const MatchReport& m = r.rfm.match;
  if (m.order_rows > 0 && m.matched == 0) {
    std::string why;
    for (size_t i = 1; i < kOrderIssues; ++i)
      if (m.excluded[i])
        why += (why.empty() ? "" : ", ") + group_thousands(m.excluded[i]) + " " +
               order_issue_code(static_cast<OrderIssue>(i));
    throw InputError("no_orders_matched",
                     "none of the " + group_thousands(m.order_rows) +
                         " order rows could be counted (" + why + ") joining " +
                         m.columns.order_key + " to the customers' " + m.columns.customer_key +
                         "; check --customer-key, --order-key, --order-date and --amount");
  }
  file = s.customers;
  wb.add_columns(r.table, "segment_rfm", false);
  r.table = Table();  // the workbench holds it now
  return r;
}

std::string join_text(const SegmentResult& r, const SegmentArgs& s) {
  const MatchReport& m = r.rfm.match;
  std::string t = "orders: " + s.orders + " joined on " + m.columns.order_key + " = " +
                  m.columns.customer_key + ": " + group_thousands(m.matched) + " of " +
                  group_thousands(m.order_rows) + " order rows counted";
  if (m.order_rows > m.matched)
    t += ", " + group_thousands(m.order_rows - m.matched) + " excluded (--method rfm lists why)";
  t += "; " + group_thousands(m.customers_without_orders) +
       " customers without orders (empty recency and scores)\n";
  t += "reference date " + format_day(r.rfm.reference_day) + "; added";
  for (size_t i = 0; i < r.added.size(); ++i) t += (i ? ", " : " ") + r.added[i];
  return t + "\n";
}

nlohmann::json join_json(const SegmentResult& r) {
  return {{"reference_date", format_day(r.rfm.reference_day)},
          {"reference_date_given", r.rfm.reference_given},
          {"match", to_json(r.rfm.match)},
          {"added_columns", r.added}};
}

void require_numeric(const Table& t, const std::vector<std::string>& columns) {
  for (const std::string& name : columns) {
    const size_t c = ml::column_index(t, name);
    const std::vector<double> v = ml::numeric_column(t, name);
    uint64_t numbers = 0, text = 0;
    size_t first_text = 0;
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] == v[i]) {
        ++numbers;
      } else if (!t.columns[c].missing(i)) {
        if (text++ == 0) first_text = i;
      }
    }
    if (text > numbers) {
      throw InputError("not_numeric",
                       "column '" + name + "' is not numeric: " + group_thousands(numbers) +
                           " of its " + group_thousands(numbers + text) +
                           " values are numbers (data row " + std::to_string(first_text + 1) +
                           " holds '" + std::string(t.columns[c].value(first_text)) +
                           "'): choose columns that hold numbers");
    }
  }
}

int cmd_segment(Args& args, Io& io, std::string& file) {
  const SegmentArgs s = parse_segment_args(args);
  if (s.method == "rfm") return run_rfm(io, s, file);
  return run_ml_method(io, s, file);
}

}  // namespace crm::cli
