// One record against a whole table: the record becomes a one-row second file, its keys are built
// with the table's (the same standardizers and dictionaries as a link), and every row is compared
// with it on the fields the record gives. Used by "find a person" (crm/person.h).
#include <algorithm>
#include <cmath>

#include "crm/common.h"
#include "crm/dedupe.h"
#include "dedupe/internal.h"
#include "dedupe/parallel.h"

namespace crm {

std::vector<double> default_m(CompareKind kind) {
  const size_t levels = compare_levels(kind).size();  // missing, agreeing levels..., else
  std::vector<double> m(levels, 0);
  if (levels < 3) return m;
  double share = 0;
  for (size_t l = 1; l + 1 < levels; ++l) share += std::ldexp(1.0, -2 * static_cast<int>(l - 1));
  for (size_t l = 1; l + 1 < levels; ++l)
    m[l] = 0.95 * std::ldexp(1.0, -2 * static_cast<int>(l - 1)) / share;
  m[levels - 1] = 0.05;
  return m;
}

std::vector<RecordMatch> match_record(
    const Table& table, const Profile& profile,
    const std::vector<std::pair<std::string, std::string>>& record, DedupeModel& model,
    double min_weight, ProgressFn progress, CancelFlag cancel, uint32_t threads_wanted) {
  using namespace dedupe;
  // The fields the record gives a value for, and the record as a one-row table of them.
  auto value_of = [&](const std::string& column) -> const std::string* {
    for (const auto& [name, value] : record)
      if (name == column && !is_missing_value(value, table.null_tokens)) return &value;
    return nullptr;
  };
  std::vector<CompareField> kept;
  Table query;
  query.rows = 1;
  query.null_tokens = table.null_tokens;
  for (const CompareField& cf : model.fields) {
    const std::string* v = value_of(cf.column);
    if (!v) continue;
    kept.push_back(cf);
    bool have = false;
    for (const Column& c : query.columns) have |= c.name() == cf.column;
    if (!have) query.columns.emplace_back(cf.column).append(*v, false);
  }
  model.fields = std::move(kept);
  model.rules.clear();
  std::vector<RecordMatch> out;
  if (model.fields.empty() || table.rows == 0) return out;
  if (model.fields.size() > kMaxFields)
    throw InputError("bad_query", "a record can be compared on at most " +
                                      std::to_string(kMaxFields) + " columns");

  const size_t threads = dedupe_threads(threads_wanted);
  const uint32_t n = static_cast<uint32_t>(table.rows);
  const std::vector<FieldKeys> keys =
      build_keys(model, table, profile, &query, &profile, cancel, threads, progress);
  if (!model.trained)
    for (CompareField& cf : model.fields) cf.m = default_m(cf.kind);
  for (CompareField& cf : model.fields)
    if (cf.m.size() != compare_levels(cf.kind).size()) cf.m = default_m(cf.kind);

  // Every row's levels against the record, and how many rows are at each level per field.
  const size_t nf = model.fields.size();
  constexpr size_t kChunk = 16384;
  const size_t chunks = (table.rows + kChunk - 1) / kChunk;
  std::vector<uint64_t> pattern(table.rows);
  std::vector<uint64_t> counts(chunks * nf * kMaxLevels, 0);
  uint64_t reported = 0;
  parallel_for(
      chunks, threads,
      [&](size_t c) {
        uint64_t* cnt = counts.data() + c * nf * kMaxLevels;
        const uint32_t end = static_cast<uint32_t>(std::min<size_t>(table.rows, (c + 1) * kChunk));
        for (uint32_t r = static_cast<uint32_t>(c * kChunk); r < end; ++r) {
          if ((r & 1023) == 0) check_cancel(cancel);
          pattern[r] = compare_pattern(keys, model, r, n);
          for (size_t f = 0; f < nf; ++f) ++cnt[f * kMaxLevels + level_of(pattern[r], f)];
        }
      },
      [&](size_t c) {
        reported += std::min<size_t>(table.rows, (c + 1) * kChunk) - c * kChunk;
        if (progress) progress(Progress{"compare", reported, table.rows, table.rows});
      });
  // Per field and level l >= 1 seen: m as the model says, over the levels seen against this
  // record; u_l = (rows at l, less the row itself, + 0.5) / (rows present - 1 + 0.5 per level
  // seen): the chance that another person's row compares so with the record.
  std::vector<std::vector<double>> weight(nf, std::vector<double>(kMaxLevels, 0));
  for (size_t f = 0; f < nf; ++f) {
    const CompareField& cf = model.fields[f];
    const size_t levels = compare_levels(cf.kind).size();
    std::vector<double> count(levels, 0);
    for (size_t c = 0; c < chunks; ++c)
      for (size_t l = 0; l < levels; ++l)
        count[l] += static_cast<double>(counts[(c * nf + f) * kMaxLevels + l]);
    const size_t last = levels - 1;  // "else"
    double m_seen = 0, present = 0, seen = 0;
    for (size_t l = 1; l < levels; ++l) {
      if (count[l] == 0) continue;
      present += count[l], ++seen;
      if (l != last) m_seen += cf.m[l];
    }
    const double m_else = std::clamp(cf.m[last], 1e-6, 0.5);
    // A name given as an initial ("J.") agrees with its person's record only as "exact" (the
    // record has the initial too) or "initial": those two share 1 − m_else alike, and any other
    // level weighs as "else" does (a letter is not similar to a name in any other way).
    const uint32_t qid = keys[f].row_id[n];
    const bool initial = cf.kind == CompareKind::Name && qid && keys[f].value[qid].size() == 1;
    const auto& names = compare_levels(cf.kind);
    auto initial_agree = [&](size_t l) { return l == 1 || names[l] == "initial"; };
    double agree = 0;
    for (size_t l = 1; l < last; ++l) agree += count[l] > 0 && initial_agree(l);
    for (size_t l = 1; l < levels; ++l) {
      if (count[l] == 0) continue;
      double m;
      if (l == last) {
        m = m_else;
      } else if (initial) {
        m = initial_agree(l) ? (1 - m_else) / std::max(agree, 1.0) : m_else;
      } else {
        m = std::max(cf.m[l], 1e-12) * (1 - m_else) / std::max(m_seen, 1e-12);
      }
      const double u = (count[l] - 1 + 0.5) / std::max(present - 1 + 0.5 * seen, 1.0);
      weight[f][l] = std::log2(m / u);
    }
  }
  for (uint32_t r = 0; r < n; ++r) {
    if ((r & 65535) == 0) check_cancel(cancel);
    double total = 0;
    for (size_t f = 0; f < nf; ++f) total += weight[f][level_of(pattern[r], f)];
    if (!(total > min_weight)) continue;
    RecordMatch m;
    m.row = r;
    m.weight = total;
    m.levels = pattern[r];
    m.parts.resize(nf);
    for (size_t f = 0; f < nf; ++f)
      m.parts[f] = static_cast<float>(weight[f][level_of(pattern[r], f)]);
    out.push_back(std::move(m));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const RecordMatch& a, const RecordMatch& b) { return a.weight > b.weight; });
  return out;
}

}  // namespace crm
