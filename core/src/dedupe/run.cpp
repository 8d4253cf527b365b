// The dedupe run: keys, blocking (with the pair budget), u from random pairs, comparison of
// every candidate pair, m and the prior by EM, scoring with term-frequency adjustment, and
// clustering. Deterministic: fixed seeds, ordered iteration, the same bytes on every platform.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <mutex>
#include <tuple>
#include <unordered_map>

#include "dedupe/internal.h"
#include "dedupe/parallel.h"

namespace crm {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

/// Pairs one suggested rule may make on its own before it is tightened.
uint64_t rule_cap(size_t rows, uint64_t budget) {
  return std::min<uint64_t>(budget / 4, std::max<uint64_t>(200000, uint64_t{rows} * 4));
}

/// Hash of a (pattern, mask) key for the pattern counts.
struct PatternKeyHash {
  size_t operator()(const std::pair<uint64_t, uint32_t>& k) const {
    uint64_t h = k.first * 0x9E3779B97F4A7C15ull ^ (uint64_t{k.second} << 7);
    return static_cast<size_t>(h ^ (h >> 32));
  }
};

/// Checks the compared columns: present in the file(s), not all empty.
void check_fields(const DedupeModel& model, const std::vector<dedupe::FieldKeys>& keys,
                  std::vector<std::string>& warnings) {
  if (model.fields.empty()) {
    throw InputError("no_columns",
                     "no columns to compare: the file has no name, e-mail, phone, address or "
                     "other text columns the dedupe could use; pass a model (--model) naming "
                     "the columns to compare");
  }
  size_t usable = 0, varied = 0;
  for (size_t f = 0; f < keys.size(); ++f) {
    if (keys[f].present == 0) {
      warnings.push_back("column '" + model.fields[f].column +
                         "' is empty in every row: it cannot tell records apart");
    } else if (keys[f].value.size() == 2 && keys[f].present > 1) {
      ++usable;
      warnings.push_back("column '" + model.fields[f].column +
                         "' holds the same value in every row: it cannot tell records apart");
    } else {
      ++usable, ++varied;
    }
  }
  if (!usable) {
    throw InputError("empty_columns",
                     "every compared column is empty: there is nothing to compare records on");
  }
  if (!varied) {
    throw InputError("one_value",
                     "every compared column holds one value in every row: there is nothing "
                     "that tells records apart; compare other columns (--model)");
  }
}

}  // namespace

void check_dedupe_columns(const DedupeModel& model, const Table& table, const char* which) {
  for (const CompareField& f : model.fields) {
    bool found = false;
    for (const Column& c : table.columns) found |= c.name() == f.column;
    if (!found) {
      throw InputError("missing_column", std::string(which) + " has no column '" + f.column +
                                             "', which the model compares: rename the column "
                                             "or make a model for this file");
    }
  }
}

DedupeModel suggest_dedupe_model(const Table& table, const Profile& profile, const Table* other) {
  DedupeModel m = dedupe::suggest_fields(table, profile, other);
  m.survivorship = suggest_survivorship(profile);
  m.has_survivorship = true;
  if (m.fields.empty()) return m;
  const auto keys = dedupe::build_keys(m, table, profile, other, nullptr, nullptr);
  std::vector<std::string> warnings;
  const size_t rows = table.rows + (other ? other->rows : 0);
  dedupe::fit_rules(m, keys, table, table.rows, other ? other->rows : 0,
                    rule_cap(rows, DedupeOptions().pair_budget), warnings, nullptr);
  return m;
}

DedupeModel suggest_dedupe_fields(const Table& table, const Profile& profile) {
  return dedupe::suggest_fields(table, profile, nullptr);
}

std::vector<RuleCount> estimate_block_pairs(const Table& table, const Profile& profile,
                                            const DedupeModel& model, const Table* other,
                                            const Profile* other_profile) {
  const auto keys = dedupe::build_keys(model, table, profile, other, other_profile, nullptr);
  const auto blocks =
      dedupe::build_blocks(model, keys, table, table.rows, other ? other->rows : 0, nullptr);
  std::vector<RuleCount> out;
  for (size_t r = 0; r < blocks.size(); ++r)
    out.push_back({block_rule_text(model.rules[r]), blocks[r].estimated, 0});
  return out;
}

DedupeResult run_dedupe(const Table& table, const Profile& profile, const DedupeOptions& options,
                        ProgressFn progress, CancelFlag cancel) {
  using namespace dedupe;
  DedupeResult res;
  const Table* other = options.other;
  res.link = other != nullptr;
  res.rows_a = table.rows;
  res.rows_b = other ? other->rows : 0;
  const size_t rows = res.rows_a + res.rows_b;
  if (rows > UINT32_MAX - 1) throw InputError("too_large", "too many rows to compare");
  auto report = [&](const char* stage, uint64_t done, uint64_t total) {
    if (progress) progress(Progress{stage, done, total, rows});
  };
  // Natively, keys, blocking, u and the comparisons run on several threads; every result is
  // written to a slot of its own and merged in a fixed order (the same bytes on any number).
  const size_t threads = dedupe_threads(options.threads);

  // Fewer than two rows (or an empty side of a link): nothing to compare, every row its own
  // cluster.
  if (res.link ? (res.rows_a == 0 || res.rows_b == 0) : res.rows_a < 2) {
    res.model = options.use_model ? options.model : DedupeModel();
    if (!res.model.has_survivorship) {
      res.model.survivorship = suggest_survivorship(profile);
      res.model.has_survivorship = true;
    }
    validate_survivorship(res.model.survivorship, table);
    res.cluster.resize(rows);
    for (size_t r = 0; r < rows; ++r) res.cluster[r] = static_cast<uint32_t>(r);
    res.probability.assign(rows, 0);
    res.warnings.push_back(res.link ? "one of the files has no rows: nothing to link"
                                    : "the file has fewer than two rows: nothing to compare");
    return res;
  }

  // The setup: the given model or the suggested one.
  auto t0 = Clock::now();
  DedupeModel& model = res.model;
  if (options.use_model) {
    model = options.model;
    check_dedupe_columns(model, table, "the file");
    if (other) check_dedupe_columns(model, *other, "the second file");
    if (model.fields.size() > kMaxFields)
      throw InputError("bad_model", "the model compares more than 16 columns");
  } else {
    model = suggest_fields(table, profile, other);
  }
  if (options.threshold >= 0) model.threshold = options.threshold;
  // Survivorship of the golden records: the model's, else suggested from the profile; checked
  // now so that a rule naming a missing column stops the run before any work.
  if (!model.has_survivorship) {
    model.survivorship = suggest_survivorship(profile);
    model.has_survivorship = true;
  }
  validate_survivorship(model.survivorship, table);
  report("keys", 0, rows * model.fields.size());
  const auto keys =
      build_keys(model, table, profile, other, options.other_profile, cancel, threads, progress);
  check_fields(model, keys, res.warnings);
  res.timings.keys = ms_since(t0);

  t0 = Clock::now();
  report("blocking", 0, 0);
  // Blocking reports steps of unknown number (from any thread, under a lock).
  uint64_t block_steps = 0;
  std::mutex block_mu;
  const std::function<void()> block_tick = [&] {
    const std::lock_guard<std::mutex> lock(block_mu);
    report("blocking", ++block_steps, 0);
  };
  if (!options.use_model) {
    fit_rules(model, keys, table, res.rows_a, res.rows_b, rule_cap(rows, options.pair_budget),
              res.warnings, cancel, threads, block_tick);
  }
  if (model.rules.empty()) {
    throw InputError("no_blocking",
                     "no blocking rule: every suggested rule would compare too "
                     "many pairs or has no values; add a blocking rule to the "
                     "model (--model)");
  }
  const auto blocks =
      build_blocks(model, keys, table, res.rows_a, res.rows_b, cancel, threads, block_tick);
  uint64_t estimated = 0;
  size_t loosest = 0;
  for (size_t r = 0; r < blocks.size(); ++r) {
    estimated += blocks[r].estimated;
    if (blocks[r].estimated > blocks[loosest].estimated) loosest = r;
    res.rules.push_back({block_rule_text(model.rules[r]), blocks[r].estimated, 0});
  }
  if (estimated > options.pair_budget) {
    throw InputError("too_many_pairs", "blocking rule " + std::to_string(loosest + 1) + " (" +
                                           block_rule_text(model.rules[loosest]) +
                                           ") would compare " +
                                           group_thousands(blocks[loosest].estimated) + " pairs (" +
                                           group_thousands(estimated) + " in all, the budget is " +
                                           group_thousands(options.pair_budget) +
                                           "): add a column to the rule or remove it");
  }
  const uint64_t na = res.rows_a, nb = res.rows_b;
  res.pairs_total = res.link ? na * nb : na * (na ? na - 1 : 0) / 2;
  res.timings.blocking = ms_since(t0);

  // u from random pairs.
  t0 = Clock::now();
  if (!model.trained) {
    report("u", 0, options.u_samples);
    estimate_u_sampled(model, keys, res.rows_a, res.rows_b, res.link, options.u_samples,
                       options.seed, threads, progress, cancel);
  }
  res.timings.u = ms_since(t0);

  // Compare every candidate pair once; count the distinct patterns per rule mask.
  t0 = Clock::now();
  // The candidate pairs in blocking order, then their patterns in chunks (each chunk writes its
  // own slots of pl), then the distinct (pattern, mask) counts in pair order.
  std::vector<uint32_t> pa, pb, pm;
  std::vector<uint64_t> pl;
  const size_t reserve = static_cast<size_t>(std::min<uint64_t>(estimated, 1u << 26));
  pa.reserve(reserve), pb.reserve(reserve), pm.reserve(reserve);
  std::vector<uint64_t> new_per_rule;
  for_each_pair(
      blocks, res.rows_a, res.link,
      [&](uint32_t i, uint32_t j, uint32_t mask) {
        pa.push_back(i), pb.push_back(j), pm.push_back(mask);
        // Listing the pairs is still "choosing pairs": done over the estimate (an upper bound).
        if ((pa.size() & 65535) == 0) report("blocking", pa.size(), estimated);
      },
      new_per_rule, cancel);
  const uint64_t compared = pa.size();
  report("compare", 0, compared);
  pl.resize(pa.size());
  constexpr size_t kCompareChunk = 16384;
  uint64_t reported = 0;
  parallel_for((pa.size() + kCompareChunk - 1) / kCompareChunk, threads,
               [&](size_t c) {
                 const size_t end = std::min(pa.size(), (c + 1) * kCompareChunk);
                 for (size_t k = c * kCompareChunk; k < end; ++k) {
                   if ((k & 1023) == 0) check_cancel(cancel);
                   pl[k] = compare_pattern(keys, model, pa[k], pb[k]);
                 }
               },
               [&](size_t c) {
                 reported += std::min(pa.size(), (c + 1) * kCompareChunk) - c * kCompareChunk;
                 report("compare", reported, compared);
               });
  std::unordered_map<std::pair<uint64_t, uint32_t>, uint64_t, PatternKeyHash> counts;
  for (size_t k = 0; k < pl.size(); ++k) {
    if ((k & 262143) == 0 && k) {
      check_cancel(cancel);
      report("compare", compared, compared);
    }
    ++counts[{pl[k], pm[k]}];
  }
  std::vector<uint32_t>().swap(pm);
  for (size_t r = 0; r < res.rules.size(); ++r) res.rules[r].new_pairs = new_per_rule[r];
  res.pairs_compared = compared;
  std::vector<PatternCount> patterns;
  patterns.reserve(counts.size());
  for (const auto& [k, c] : counts) patterns.push_back({k.first, k.second, c});
  std::sort(patterns.begin(), patterns.end(), [](const PatternCount& x, const PatternCount& y) {
    return x.pattern != y.pattern ? x.pattern < y.pattern : x.mask < y.mask;
  });
  res.timings.compare = ms_since(t0);

  // m and the prior by EM.
  t0 = Clock::now();
  if (!model.trained) {
    report("em", 0, 0);
    train_m(model, patterns, compared, res.pairs_total, options.em_iterations);
  }
  // Review labels refine m and the prior (em.cpp: refine_with_labels).
  if (!options.labels.empty()) {
    if (res.link)
      throw InputError("bad_labels",
                       "review labels are decisions on one file's clusters: they do not apply "
                       "to a link of two files (leave out --labels or --link)");
    for (const DedupeLabel& l : options.labels)
      if (l.a >= res.rows_a || l.b >= res.rows_a)
        throw InputError("bad_labels", "a labelled row (" + std::to_string(std::max(l.a, l.b)) +
                                           ") is past the file's " + std::to_string(res.rows_a) +
                                           " data rows: were the labels made on another file?");
    std::tie(res.labelled_matches, res.labelled_non_matches) = refine_with_labels(
        model, keys, options.labels, patterns, compared, res.pairs_total, options.em_iterations);
  }
  res.timings.em = ms_since(t0);

  // Scores: prior log-odds plus the weight of each field's level; exact agreement on a value
  // weighs log2(m / frequency of the value) when the field has the term-frequency adjustment.
  t0 = Clock::now();
  report("score", 0, compared);
  const auto w = level_weights(model);
  const double lambda = std::clamp(model.lambda, 1e-15, 1 - 1e-9);
  const double prior = std::log2(lambda / (1 - lambda));
  std::vector<std::vector<float>> tf_weight(model.fields.size());
  for (size_t f = 0; f < model.fields.size(); ++f) {
    const CompareField& cf = model.fields[f];
    if (!cf.tf || cf.m.size() < 2 || keys[f].present == 0) continue;
    const double present = static_cast<double>(keys[f].present);
    tf_weight[f].resize(keys[f].value.size());
    for (size_t id = 1; id < keys[f].value.size(); ++id) {
      const double tf = std::max(keys[f].count[id], 1u) / present;
      tf_weight[f][id] = static_cast<float>(std::log2(std::max(cf.m[1], 1e-300) / tf));
    }
  }
  const double keep_min = std::min(options.keep_pairs_min, model.threshold);
  constexpr int kHistMin = -40, kHistMax = 60;
  res.weight_histogram.assign(kHistMax - kHistMin + 1, 0);
  res.weight_histogram_min = kHistMin;
  std::vector<ScoredPair> kept;
  std::vector<float> contributions;
  const size_t nf = model.fields.size();
  std::vector<float> parts(nf);
  res.prior_weight = prior;
  for (size_t k = 0; k < pa.size(); ++k) {
    if ((k & 65535) == 0 && k) {
      check_cancel(cancel);
      report("score", k, compared);
    }
    double lw = prior;
    const uint64_t pattern = pl[k];
    for (size_t f = 0; f < nf; ++f) {
      const unsigned l = level_of(pattern, f);
      const double x =
          l == 1 && !tf_weight[f].empty() ? tf_weight[f][keys[f].row_id[pa[k]]] : w[f][l];
      parts[f] = static_cast<float>(x);
      lw += x;
    }
    const double p = 1.0 / (1.0 + std::exp2(-lw));
    const int bucket = static_cast<int>(std::floor(lw));
    ++res.weight_histogram[static_cast<size_t>(std::clamp(bucket, kHistMin, kHistMax) - kHistMin)];
    if (p >= keep_min) {
      ScoredPair sp;
      sp.a = pa[k], sp.b = pb[k];
      sp.weight = static_cast<float>(lw);
      sp.probability = static_cast<float>(p);
      sp.levels = pattern;
      kept.push_back(sp);
      contributions.insert(contributions.end(), parts.begin(), parts.end());
    }
  }
  std::vector<uint32_t>().swap(pa);
  std::vector<uint32_t>().swap(pb);
  std::vector<uint64_t>().swap(pl);
  {
    // By (a, b), contributions along.
    std::vector<uint32_t> order(kept.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      return kept[x].a != kept[y].a ? kept[x].a < kept[y].a : kept[x].b < kept[y].b;
    });
    std::vector<ScoredPair> sorted(kept.size());
    std::vector<float> sorted_parts(contributions.size());
    for (size_t i = 0; i < order.size(); ++i) {
      sorted[i] = kept[order[i]];
      std::copy_n(contributions.begin() + static_cast<ptrdiff_t>(order[i] * nf), nf,
                  sorted_parts.begin() + static_cast<ptrdiff_t>(i * nf));
    }
    kept = std::move(sorted);
    contributions = std::move(sorted_parts);
  }
  res.timings.score = ms_since(t0);

  t0 = Clock::now();
  report("cluster", 0, kept.size());
  cluster_pairs(kept, rows, model.threshold, model.strong, res);
  if (options.keep_pairs) {
    if (options.keep_pairs_min > model.threshold) {
      size_t out = 0;
      for (size_t i = 0; i < kept.size(); ++i) {
        if (kept[i].probability < options.keep_pairs_min) continue;
        kept[out] = kept[i];
        std::copy_n(contributions.begin() + static_cast<ptrdiff_t>(i * nf), nf,
                    contributions.begin() + static_cast<ptrdiff_t>(out * nf));
        ++out;
      }
      kept.resize(out);
      contributions.resize(out * nf);
    }
    res.pairs = std::move(kept);
    res.contributions = std::move(contributions);
  }
  res.timings.cluster = ms_since(t0);
  report("done", 1, 1);
  return res;
}

}  // namespace crm
