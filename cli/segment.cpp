// crmwb segment: argument parsing, loading customers and orders, one function per method.
#include <optional>

#include "args.h"
#include "crm/report.h"
#include "crm/segment.h"

namespace crm::cli {

namespace {

/// Everything `crmwb segment` was given.
struct SegmentArgs {
  std::string customers, orders, out;
  std::string method;
  bool json = false;
  bool aggregates = false;
  CsvOptions csv;
  OrderColumns columns;
  std::vector<std::string> features;  // --columns
  std::optional<uint64_t> k;          // --k N (absent: auto)
  bool k_auto = false;                // --k auto
  std::optional<double> eps;          // --eps
  std::optional<uint64_t> min_samples;
  std::string scale = "zscore";  // zscore, minmax, none
  uint64_t seed = 1;
  std::optional<int64_t> reference_day;
};

/// Splits "a,b,c" into names (empty names are a usage error).
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

SegmentArgs parse_segment_args(Args& args) {
  SegmentArgs s;
  while (!args.done()) {
    const std::string& a = args.next();
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
    } else if (a == "--k") {
      const std::string& v = args.value(a);
      if (v == "auto") {
        s.k_auto = true;
      } else {
        s.k = parse_count(a, v);
        if (*s.k < 1) throw UsageError("--k takes a number of clusters from 1 up, or auto");
      }
    } else if (a == "--eps") {
      s.eps = parse_real(a, args.value(a));
      if (!(*s.eps > 0)) throw UsageError("--eps takes a distance above 0");
    } else if (a == "--min-samples") {
      s.min_samples = parse_count(a, args.value(a));
      if (*s.min_samples < 1) throw UsageError("--min-samples takes a number from 1 up");
    } else if (a == "--scale") {
      s.scale = args.value(a);
      if (s.scale != "zscore" && s.scale != "minmax" && s.scale != "none")
        throw UsageError("--scale takes zscore, minmax or none, not '" + s.scale + "'");
    } else if (a == "--seed") {
      s.seed = parse_count(a, args.value(a));
    } else if (a == "--reference-date") {
      s.reference_day = parse_day(a, args.value(a));
    } else if (a == "--out") {
      s.out = args.value(a);
    } else if (a == "--json") {
      s.json = true;
    } else if (a == "--aggregates") {
      s.aggregates = true;
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
  return s;
}

/// Writes the workbench's current version to `out` in the format its name says.
void write_output(Io& io, const SegmentArgs& s, const Workbench& wb) {
  ExportOptions ex;
  if (!parse_export_format(s.out, ex.format))
    throw UsageError("cannot tell the output format from '" + s.out +
                     "': name it .csv, .json or .jsonl");
  Writer w(io, s.out);
  wb.export_table(ex, w.sink());
  w.close();
}

/// The orders file, loaded.
void load_orders(Io& io, const SegmentArgs& s, Workbench& orders, std::string& file) {
  file = s.orders;
  load(io, s.orders, s.csv, orders);
  print_warnings(io, s.orders, orders.table());
}

/// The customers file, loaded into `wb`.
void load_customers(Io& io, const SegmentArgs& s, Workbench& wb, std::string& file) {
  file = s.customers;
  load(io, s.customers, s.csv, wb);
  print_warnings(io, s.customers, wb.table());
}

int run_rfm(Io& io, const SegmentArgs& s, std::string& file) {
  if (s.orders.empty()) throw UsageError("segment --method rfm needs --orders ORDERS.csv");
  Workbench wb;
  load_customers(io, s, wb, file);
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
  wb.add_columns(std::move(r.table), "segment_rfm", false);
  write_output(io, s, wb);
  io.out(s.json ? to_json(r).dump(2) + "\n" : format_rfm_text(r.rfm, s.customers, s.orders));
  return 0;
}

/// A method whose algorithm is not in this build yet.
int not_built(const SegmentArgs& s) {
  throw UsageError("segment --method " + s.method + " is not built yet (rfm is)");
}

// The methods of the ml module (core/include/crm/ml.h): each loads what it needs
// (load_customers, load_orders), adds its columns with Workbench::add_columns, writes the output
// with write_output and prints its summary (text, or JSON with --json).
int run_kmeans(Io&, const SegmentArgs& s, std::string&) {
  return not_built(s);
}
int run_dbscan(Io&, const SegmentArgs& s, std::string&) {
  return not_built(s);
}
int run_pca(Io&, const SegmentArgs& s, std::string&) {
  return not_built(s);
}
int run_anomaly(Io&, const SegmentArgs& s, std::string&) {
  return not_built(s);
}
int run_tree(Io&, const SegmentArgs& s, std::string&) {
  return not_built(s);
}

}  // namespace

int cmd_segment(Args& args, Io& io, std::string& file) {
  const SegmentArgs s = parse_segment_args(args);
  if (s.method == "rfm") return run_rfm(io, s, file);
  if (s.method == "kmeans") return run_kmeans(io, s, file);
  if (s.method == "dbscan") return run_dbscan(io, s, file);
  if (s.method == "pca") return run_pca(io, s, file);
  if (s.method == "anomaly") return run_anomaly(io, s, file);
  return run_tree(io, s, file);
}

}  // namespace crm::cli
