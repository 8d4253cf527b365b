// Cluster output: the cluster map (one line per input row), the deduplicated file (one golden
// record per cluster with its cluster id and source rows, built by crm::build_golden_records
// with the model's survivorship rules) and the golden records' lineage.
#include <algorithm>
#include <charconv>
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
    out += probability_text(members[result.cluster[r]] > 1 ? result.probability[r] : 0.0f);
    out += '\n';
    if (out.size() >= kFlush) {
      sink(out);
      out.clear();
    }
  }
  if (!out.empty()) sink(out);
}

namespace {

/// a's rows then b's as one table with a's columns (b's matched by name, missing where b lacks
/// the column).
Table combined_table(const Table& a, const Table& b) {
  Table t;
  t.dialect = a.dialect;
  t.null_tokens = a.null_tokens;
  t.rows = a.rows + b.rows;
  for (const Column& ac : a.columns) {
    const Column* bc = nullptr;
    for (const Column& oc : b.columns)
      if (oc.name() == ac.name()) bc = &oc;
    Column& c = t.columns.emplace_back(ac.name());
    c.reserve(t.rows, ac.byte_size() + (bc ? bc->byte_size() : 0));
    for (size_t r = 0; r < a.rows; ++r) c.append(ac.value(r), ac.missing(r));
    for (size_t r = 0; r < b.rows; ++r) {
      if (bc) {
        c.append(bc->value(r), bc->missing(r));
      } else {
        c.append({}, true);
      }
    }
  }
  return t;
}

/// The output delimiter: the input's when it is tab, ';' or '|', else ','.
char out_delimiter(const Table& t) {
  const char d = t.dialect.delimiter;
  return d == '\t' || d == ';' || d == '|' ? d : ',';
}

}  // namespace

GoldenResult dedupe_golden_records(const Table& table, const DedupeResult& result,
                                   const Table* other, ProgressFn progress, CancelFlag cancel) {
  std::vector<uint64_t> labels(result.cluster.begin(), result.cluster.end());
  const SurvivorshipRules& rules = result.model.survivorship;
  if (!result.link || !other) {
    if (labels.size() != table.rows) {
      throw InputError("bad_clusters",
                       "the dedupe result does not belong to this table (its row count differs)");
    }
    validate_survivorship(rules, table);
    return build_golden_records(table, labels, rules, std::move(progress), cancel);
  }
  const Table both = combined_table(table, *other);
  if (labels.size() != both.rows) {
    throw InputError("bad_clusters",
                     "the link result does not belong to these files (its row count differs)");
  }
  validate_survivorship(rules, both);
  return build_golden_records(both, labels, rules, std::move(progress), cancel);
}

void write_deduped_csv(const GoldenResult& golden, const DedupeResult& result,
                       const ByteSink& sink) {
  const Table& t = golden.table;
  const char d = out_delimiter(t);
  const size_t ncols = t.columns.size();  // the input's columns, cluster_id, source_rows
  std::string out;
  for (size_t c = 0; c < ncols; ++c) {
    if (c) out += d;
    write_csv_field(out, t.columns[c].name(), d);
  }
  out += '\n';
  const GoldenLineage& lin = golden.lineage;
  std::string sources;
  for (size_t rec = 0; rec < t.rows; ++rec) {
    for (size_t c = 0; c + 2 < ncols; ++c) {
      write_csv_field(out, t.columns[c].value(rec), d);
      out += d;
    }
    if (result.link) {
      // The ids and rows as a:N / b:N (the golden table numbers the combined rows).
      out += row_name(result, static_cast<uint32_t>(lin.cluster_ids[rec]));
      out += d;
      sources.clear();
      std::string_view v = t.columns[ncols - 1].value(rec);
      size_t i = 0;
      while (i <= v.size()) {
        size_t j = v.find(';', i);
        if (j == std::string_view::npos) j = v.size();
        if (!sources.empty()) sources += ';';
        uint32_t row = 0;
        std::from_chars(v.data() + i, v.data() + j, row);
        sources += row_name(result, row);
        i = j + 1;
      }
      write_csv_field(out, sources, d);
    } else {
      write_csv_field(out, t.columns[ncols - 2].value(rec), d);
      out += d;
      write_csv_field(out, t.columns[ncols - 1].value(rec), d);
    }
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
  write_deduped_csv(dedupe_golden_records(table, result, other), result, sink);
}

void write_dedupe_lineage_csv(const GoldenResult& golden, const DedupeResult& result,
                              const ByteSink& sink) {
  const GoldenLineage& lin = golden.lineage;
  std::string out = "record,cluster_id,column,source_row\n";
  const size_t ncols = lin.columns.size();
  for (size_t rec = 0; rec < lin.cluster_ids.size(); ++rec) {
    if (lin.cluster_sizes[rec] < 2) continue;
    const std::string id = row_name(result, static_cast<uint32_t>(lin.cluster_ids[rec]));
    for (size_t c = 0; c < ncols; ++c) {
      out += std::to_string(rec);
      out += ',';
      out += id;
      out += ',';
      write_csv_field(out, lin.columns[c]);
      out += ',';
      out += row_name(result, static_cast<uint32_t>(lin.source_row(rec, c)));
      out += '\n';
    }
    if (out.size() >= kFlush) {
      sink(out);
      out.clear();
    }
  }
  if (!out.empty()) sink(out);
}

}  // namespace crm
