// Fellegi–Sunter training as Splink does it: u (level frequencies among non-matches) from
// random pairs with a fixed seed; m (level frequencies among matches) and the prior by EM with u
// fixed, one EM session per blocking rule with that rule's own columns held out (their
// agreement was forced by the blocking), m averaged over the sessions that estimated it. Review
// labels then refine m (their own match probability replaced by the label) and the prior is
// estimated again (refine_with_labels; README "Review labels").
#include <algorithm>
#include <cmath>

#include "dedupe/internal.h"

namespace crm::dedupe {
namespace {

/// Pseudo-count added to every level of a session's m (in expected matching pairs).
constexpr double kMPseudo = 0.05;

/// The least count a level keeps when labels take matches away from it (as kMPseudo).
constexpr double kLabelFloor = 0.05;

/// A starting m: agreement levels likely, decreasing towards "else".
std::vector<double> initial_m(size_t levels) {
  std::vector<double> m(levels, 0);
  double sum = 0;
  for (size_t l = 1; l < levels; ++l) {
    m[l] = l + 1 == levels ? 0.02 : std::pow(0.2, static_cast<double>(l - 1));
    sum += m[l];
  }
  for (size_t l = 1; l < levels; ++l) m[l] /= sum;
  return m;
}

/// One EM session over the patterns with bit `rule` in their mask (all when rule < 0), fields
/// in `held_out` ignored. The session's own non-matches are not random pairs (they agree on the
/// rule's key, and on whatever goes with it, such as the country of a family name), so u is
/// re-estimated inside the session starting from the random pairs' u, and only m is kept.
/// Returns the expected matching pairs; m (per field) and lambda out.
double em_session(const DedupeModel& model, const std::vector<PatternCount>& patterns, int rule,
                  const std::vector<size_t>& held_out, uint32_t iterations,
                  std::vector<std::vector<double>>& m, double& lambda) {
  const size_t nf = model.fields.size();
  std::vector<char> use(nf, 1);
  for (size_t f : held_out) use[f] = 0;
  m.assign(nf, {});
  std::vector<std::vector<double>> u(nf);
  for (size_t f = 0; f < nf; ++f) {
    m[f] = initial_m(model.fields[f].u.size());
    u[f] = model.fields[f].u;
  }
  lambda = 0.1;
  double expected = 0;
  std::vector<std::vector<double>> acc_m(nf), acc_u(nf);
  std::vector<std::vector<double>> logm(nf), logu(nf);
  for (uint32_t it = 0; it < iterations; ++it) {
    for (size_t f = 0; f < nf; ++f) {
      acc_m[f].assign(m[f].size(), 0);
      acc_u[f].assign(m[f].size(), 0);
      logm[f].assign(m[f].size(), 0);
      logu[f].assign(m[f].size(), 0);
      for (size_t l = 1; l < m[f].size(); ++l) {
        logm[f][l] = std::log(m[f][l]);
        logu[f][l] = std::log(u[f][l]);
      }
    }
    double sum_p = 0, n = 0;
    const double prior = std::log(lambda / (1 - lambda));
    for (const PatternCount& pc : patterns) {
      if (rule >= 0 && !((pc.mask >> rule) & 1u)) continue;
      double lw = prior;
      for (size_t f = 0; f < nf; ++f) {
        if (!use[f]) continue;
        const unsigned l = level_of(pc.pattern, f);
        if (l) lw += logm[f][l] - logu[f][l];
      }
      const double p = lw > 40 ? 1.0 : lw < -40 ? 0.0 : 1.0 / (1.0 + std::exp(-lw));
      const double c = static_cast<double>(pc.count);
      sum_p += p * c;
      n += c;
      for (size_t f = 0; f < nf; ++f) {
        const unsigned l = level_of(pc.pattern, f);
        if (l) {
          acc_m[f][l] += p * c;
          acc_u[f][l] += (1 - p) * c;
        }
      }
    }
    if (n == 0) return 0;
    expected = sum_p;
    double change = 0;
    const double new_lambda = std::clamp(sum_p / n, 1e-9, 1 - 1e-9);
    change = std::max(change, std::fabs(new_lambda - lambda));
    lambda = new_lambda;
    for (size_t f = 0; f < nf; ++f) {
      if (!use[f]) continue;
      double total_m = 0, total_u = 0;
      for (size_t l = 1; l < acc_m[f].size(); ++l) {
        total_m += acc_m[f][l] + kMPseudo;
        total_u += acc_u[f][l] + kMPseudo;
      }
      for (size_t l = 1; l < acc_m[f].size(); ++l) {
        const double v = (acc_m[f][l] + kMPseudo) / total_m;
        change = std::max(change, std::fabs(v - m[f][l]));
        m[f][l] = v;
        u[f][l] = (acc_u[f][l] + kMPseudo) / total_u;
      }
    }
    if (change < 1e-6) break;
  }
  return expected;
}

}  // namespace

void train_m(DedupeModel& model, const std::vector<PatternCount>& patterns, uint64_t pairs_compared,
             uint64_t pairs_total, uint32_t iterations) {
  const size_t nf = model.fields.size();
  const auto held = rule_fields(model);
  std::vector<std::vector<double>> sum(nf);
  std::vector<double> weight(nf, 0);
  for (size_t f = 0; f < nf; ++f) sum[f].assign(model.fields[f].u.size(), 0);
  for (size_t r = 0; r < model.rules.size(); ++r) {
    std::vector<std::vector<double>> m;
    double lambda = 0;
    const double matches =
        em_session(model, patterns, static_cast<int>(r), held[r], iterations, m, lambda);
    if (matches < 1) continue;
    for (size_t f = 0; f < nf; ++f) {
      if (std::find(held[r].begin(), held[r].end(), f) != held[r].end()) continue;
      for (size_t l = 1; l < sum[f].size(); ++l) sum[f][l] += matches * m[f][l];
      weight[f] += matches;
    }
  }
  // Fields no session estimated (used by every rule, or no rules): one session over all pairs.
  std::vector<std::vector<double>> all_m;
  double all_lambda = 0;
  bool have_all = false;
  for (size_t f = 0; f < nf; ++f) {
    CompareField& cf = model.fields[f];
    cf.m.assign(cf.u.size(), 0);
    if (weight[f] > 0) {
      for (size_t l = 1; l < cf.m.size(); ++l) cf.m[l] = sum[f][l] / weight[f];
      continue;
    }
    if (!have_all) {
      em_session(model, patterns, -1, {}, iterations, all_m, all_lambda);
      have_all = true;
    }
    for (size_t l = 1; l < cf.m.size(); ++l) cf.m[l] = all_m[f][l];
  }
  estimate_prior(model, patterns, pairs_compared, pairs_total, iterations);
  model.trained = true;
}

void estimate_prior(DedupeModel& model, const std::vector<PatternCount>& patterns,
                    uint64_t pairs_compared, uint64_t pairs_total, uint32_t iterations) {
  const size_t nf = model.fields.size();
  // The prior: the share of matches among the compared pairs (EM on lambda alone, m and u
  // fixed), spread over every pair there is.
  const auto w = level_weights(model);
  double lambda = 0.1;
  for (uint32_t it = 0; it < iterations * 2; ++it) {
    const double prior = std::log2(lambda / (1 - lambda));
    double sum_p = 0, n = 0;
    for (const PatternCount& pc : patterns) {
      double lw = prior;
      for (size_t f = 0; f < nf; ++f) lw += w[f][level_of(pc.pattern, f)];
      const double p = lw > 60 ? 1.0 : lw < -60 ? 0.0 : 1.0 / (1.0 + std::exp2(-lw));
      sum_p += p * static_cast<double>(pc.count);
      n += static_cast<double>(pc.count);
    }
    if (n == 0) break;
    const double next = std::clamp(sum_p / n, 1e-9, 1 - 1e-9);
    const bool done = std::fabs(next - lambda) < 1e-9;
    lambda = next;
    if (done) break;
  }
  const double expected = lambda * static_cast<double>(pairs_compared);
  model.lambda =
      pairs_total ? std::clamp(expected / static_cast<double>(pairs_total), 1e-12, 0.5) : 0.5;
}

std::pair<uint64_t, uint64_t> refine_with_labels(DedupeModel& model,
                                                 const std::vector<FieldKeys>& keys,
                                                 const std::vector<DedupeLabel>& labels,
                                                 const std::vector<PatternCount>& patterns,
                                                 uint64_t pairs_compared, uint64_t pairs_total,
                                                 uint32_t iterations) {
  const size_t nf = model.fields.size();
  const auto w = level_weights(model);
  const double lambda = std::clamp(model.lambda, 1e-15, 1 - 1e-9);
  const double prior = std::log2(lambda / (1 - lambda));
  auto probability = [&](auto level) {
    double lw = prior;
    for (size_t f = 0; f < nf; ++f) lw += w[f][level(f)];
    return lw > 60 ? 1.0 : lw < -60 ? 0.0 : 1.0 / (1.0 + std::exp2(-lw));
  };
  // E_f: the matching pairs the model expects among the compared pairs with column f present.
  std::vector<double> expected(nf, 0);
  for (const PatternCount& pc : patterns) {
    const double p = probability([&](size_t f) { return level_of(pc.pattern, f); });
    for (size_t f = 0; f < nf; ++f)
      if (level_of(pc.pattern, f)) expected[f] += p * static_cast<double>(pc.count);
  }
  // Each labelled pair's correction of what EM counted for it: a match adds 1 − p at its level,
  // a non-match takes p away.
  std::vector<std::vector<double>> delta(nf);
  for (size_t f = 0; f < nf; ++f) delta[f].assign(model.fields[f].m.size(), 0);
  uint64_t matches = 0, non_matches = 0;
  std::vector<unsigned> lv(nf);
  for (const DedupeLabel& lab : labels) {
    (lab.match ? matches : non_matches) += 1;
    for (size_t f = 0; f < nf; ++f) lv[f] = compare_level(keys, model, f, lab.a, lab.b);
    const double p = probability([&](size_t f) { return lv[f]; });
    for (size_t f = 0; f < nf; ++f)
      if (lv[f] > 0 && lv[f] < delta[f].size()) delta[f][lv[f]] += lab.match ? 1 - p : -p;
  }
  // m[l] = (E·m[l] + Δ[l]) / (E + ΣΔ); a level labels empty keeps min(E·m[l], kLabelFloor).
  for (size_t f = 0; f < nf; ++f) {
    std::vector<double>& m = model.fields[f].m;
    bool any = false;
    for (size_t l = 1; l < m.size(); ++l) any = any || delta[f][l] != 0;
    if (!any) continue;  // no labelled pair with this column present: m as trained
    std::vector<double> next(m.size(), 0);
    double total = 0;
    for (size_t l = 1; l < m.size(); ++l) {
      const double had = expected[f] * m[l];
      next[l] = had + delta[f][l];
      if (delta[f][l] < 0) next[l] = std::max(next[l], std::min(had, kLabelFloor));
      total += next[l];
    }
    if (!(total > 0)) continue;
    for (size_t l = 1; l < m.size(); ++l) m[l] = next[l] / total;
  }
  if (matches + non_matches > 0)
    estimate_prior(model, patterns, pairs_compared, pairs_total, iterations);
  return {matches, non_matches};
}

std::vector<std::vector<double>> level_weights(const DedupeModel& model) {
  std::vector<std::vector<double>> w(model.fields.size());
  for (size_t f = 0; f < model.fields.size(); ++f) {
    const CompareField& cf = model.fields[f];
    w[f].assign(cf.u.size(), 0);
    for (size_t l = 1; l < cf.u.size() && l < cf.m.size(); ++l)
      w[f][l] = std::log2(std::max(cf.m[l], 1e-300) / std::max(cf.u[l], 1e-300));
  }
  return w;
}

}  // namespace crm::dedupe
