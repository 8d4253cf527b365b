// Cluster output: the cluster map (one line per input row) and the deduplicated file (one record
// per cluster with its cluster id and source rows). The golden record here is a simple default
// (the cluster's first row, gaps filled from its later rows in order); survivorship rules per
// column replace it in the golden-record module.
#include <algorithm>
#include <cmath>

#include "crm/csv.h"
#include "dedupe/internal.h"

namespace crm {
namespace {

constexpr size_t kFlush = 1 << 16;

/// How a row is named in outputs: its number, or a:N / b:N when linking.
std::string row_name(const DedupeResult& r, uint32_t row) {
  if (!r.link) return std::to_string(row);
  return row < r.rows_a ? "a:" + std::to_string(row) : "b:" + std::to_string(row - r.rows_a);
}

/// A probability with 4 decimals (the same text natively and in WebAssembly).
std::string probability_text(float p) {
  const long long q = std::llround(static_cast<double>(p) * 10000.0);
  std::string s = std::to_string(q / 10000) + ".";
  std::string frac = std::to_string(q % 10000);
  s += std::string(4 - frac.size(), '0') + frac;
  return s;
}

}  // namespace

namespace dedupe {

std::vector<std::string> default_golden(const Table& a, const Table* b, size_t rows_a,
                                        const std::vector<uint32_t>& members) {
  std::vector<std::string> out(a.columns.size());
  for (size_t c = 0; c < a.columns.size(); ++c) {
    const std::string& name = a.columns[c].name();
    for (uint32_t row : members) {
      const Column* col = nullptr;
      size_t r = row;
      if (row < rows_a) {
        col = &a.columns[c];
      } else if (b) {
        r = row - rows_a;
        for (const Column& oc : b->columns)
          if (oc.name() == name) col = &oc;
      }
      if (!col || col->missing(r)) continue;
      out[c] = std::string(col->value(r));
      break;
    }
    if (out[c].empty() && !members.empty() && members[0] < rows_a)
      out[c] = std::string(a.columns[c].value(members[0]));  // keep the first row's own bytes
  }
  return out;
}

}  // namespace dedupe

void write_clusters_csv(const DedupeResult& result, const ByteSink& sink) {
  std::string out = "row,cluster_id,match_probability\n";
  const size_t rows = result.cluster.size();
  std::vector<uint32_t> members(rows, 0);
  for (uint32_t c : result.cluster) ++members[c];
  for (size_t r = 0; r < rows; ++r) {
    out += row_name(result, static_cast<uint32_t>(r));
    out += ',';
    out += row_name(result, result.cluster[r]);
    out += ',';
    if (members[result.cluster[r]] > 1) out += probability_text(result.probability[r]);
    out += '\n';
    if (out.size() >= kFlush) {
      sink(out);
      out.clear();
    }
  }
  if (!out.empty()) sink(out);
}

void write_deduped_csv(const Table& table, const DedupeResult& result, const ByteSink& sink,
                       const Table* other) {
  const size_t rows = result.cluster.size();
  const size_t rows_a = result.rows_a;
  // Members of each cluster in row order (counting sort by cluster id).
  std::vector<uint32_t> start(rows + 1, 0);
  for (uint32_t c : result.cluster) ++start[c + 1];
  for (size_t i = 1; i <= rows; ++i) start[i] += start[i - 1];
  std::vector<uint32_t> members(rows);
  {
    std::vector<uint32_t> fill(start.begin(), start.end() - 1);
    for (size_t r = 0; r < rows; ++r) members[fill[result.cluster[r]]++] = static_cast<uint32_t>(r);
  }
  const char d = table.dialect.delimiter == '\t' || table.dialect.delimiter == ';' ||
                         table.dialect.delimiter == '|'
                     ? table.dialect.delimiter
                     : ',';
  std::string out;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    write_csv_field(out, table.columns[c].name(), d);
    out += d;
  }
  out += "cluster_id";
  out += d;
  out += "source_rows\n";
  for (size_t c = 0; c < rows; ++c) {
    const size_t n = start[c + 1] - start[c];
    if (n == 0) continue;  // c is not a cluster id
    std::vector<uint32_t> m(members.begin() + start[c], members.begin() + start[c + 1]);
    std::vector<std::string> rec;
    if (n == 1 && m[0] < rows_a) {
      rec.reserve(table.columns.size());
      for (const Column& col : table.columns) rec.emplace_back(col.value(m[0]));
    } else {
      rec = dedupe::default_golden(table, other, rows_a, m);
    }
    for (const std::string& v : rec) {
      write_csv_field(out, v, d);
      out += d;
    }
    out += row_name(result, static_cast<uint32_t>(c));
    out += d;
    std::string sources;
    for (uint32_t r : m) {
      if (!sources.empty()) sources += ';';
      sources += row_name(result, r);
    }
    write_csv_field(out, sources, d);
    out += '\n';
    if (out.size() >= kFlush) {
      sink(out);
      out.clear();
    }
  }
  if (!out.empty()) sink(out);
}

}  // namespace crm
