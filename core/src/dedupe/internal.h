// Internals of the dedupe module shared by its files (not a public interface).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/dedupe.h"

namespace crm::dedupe {

/// Levels per field fit in 4 bits of a uint64 pattern: at most 16 compared columns.
constexpr size_t kMaxFields = 16;
/// Largest level count of any kind.
constexpr size_t kMaxLevels = 16;

/// Level of field f in a packed pattern.
inline unsigned level_of(uint64_t pattern, size_t f) {
  return static_cast<unsigned>((pattern >> (4 * f)) & 15u);
}

/// The standardized keys of one compared column: each distinct key once, every row its id
/// (0: missing). Rows of a link are a's rows then b's.
struct FieldKeys {
  CompareKind kind = CompareKind::Text;
  FieldRole role = FieldRole::Other;
  std::vector<uint32_t> row_id;        // per row: id of its key, 0 when missing
  std::vector<std::string> value;      // per id: the key (value[0] = "")
  std::vector<uint32_t> count;         // per id: rows with it
  std::vector<uint32_t> phonetic;      // per id: id of its Double Metaphone primary (Name), 0 none
  std::vector<uint32_t> phonetic_alt;  // per id: id of its alternate code (= primary when none)
  // Nicknames (Name, not family names): per id, the given names its (first) word may stand for
  // (crm::nickname_canonicals, interned) in nick_ids[nick_start[id] .. nick_start[id + 1]).
  std::vector<uint32_t> nick_start;
  std::vector<uint32_t> nick_ids;
  std::vector<int64_t> day;    // per id: days since 1970 (Date), INT64_MIN unknown
  std::vector<double> number;  // per id: the value (Number), NaN unknown
  uint64_t present = 0;        // rows with a key
};

/// Per row, the value used as a phone's default region (from a country column), if any.
struct KeyContext {
  std::vector<std::string> row_region;  // per row: ISO alpha-2 or ""
};

/// Computes the keys of every compared field over the combined rows of `a` (and `b`), the fields
/// on up to `threads` threads (the same keys on any number); reports stage "keys" (rows done
/// over rows × fields) and polls `cancel` every few thousand rows.
std::vector<FieldKeys> build_keys(const DedupeModel& model, const Table& a, const Profile& pa,
                                  const Table* b, const Profile* pb, CancelFlag cancel,
                                  size_t threads = 1, const ProgressFn& progress = {});

/// The compared columns of the suggested setup, with candidate blocking rules.
DedupeModel suggest_fields(const Table& table, const Profile& profile, const Table* other);

/// Keeps the candidate rules that fit (the candidates on up to `threads` threads; `tick` as for
/// build_blocks): a rule making more than `cap` pairs on its own is
/// tightened with a postcode, city, birth year or initial, or else dropped (with a warning).
void fit_rules(DedupeModel& model, const std::vector<FieldKeys>& keys, const Table& a,
               size_t rows_a, size_t rows_b, uint64_t cap, std::vector<std::string>& warnings,
               CancelFlag cancel, size_t threads = 1, const std::function<void()>& tick = {});

/// The phonetic code of a folded key used by blocking (BlockKey::Phonetic) and the name
/// comparator: the primary Double Metaphone code (crm::double_metaphone, whole length), "" for no
/// letters.
std::string phonetic_code(std::string_view folded);

/// Jaro-Winkler similarity exactly as crm::jaro_winkler, without allocating for ASCII keys of up
/// to 64 bytes (the common case of folded keys).
double jaro_winkler_fast(std::string_view a, std::string_view b);

/// The ISO 3166 alpha-2 code of a country value (code, name or alias), "" when unknown.
std::string country_alpha2(std::string_view v);

/// True when the folded names `a` and `b` are nicknames of each other (crm::are_nicknames); for
/// full names, when their first words are and the rest is equal ("bob smith", "robert smith").
bool nickname_match(const FieldKeys& k, uint32_t ia, uint32_t ib);

/// Level of one pair on one field (0 = missing). `keys` holds every field (for swapped names).
unsigned compare_level(const std::vector<FieldKeys>& keys, const DedupeModel& model, size_t f,
                       uint32_t ra, uint32_t rb);

/// The pattern of one pair: the level of every field, 4 bits each.
inline uint64_t compare_pattern(const std::vector<FieldKeys>& keys, const DedupeModel& model,
                                uint32_t ra, uint32_t rb) {
  uint64_t p = 0;
  for (size_t f = 0; f < keys.size(); ++f)
    p |= uint64_t{compare_level(keys, model, f, ra, rb)} << (4 * f);
  return p;
}

/// Block ids of one rule per row (0: no block, a part was missing).
struct RuleBlocks {
  std::vector<uint32_t> block;           // per row (all 0 for a sorted-neighbourhood rule)
  uint32_t blocks = 0;                   // number of block ids (1..blocks)
  std::vector<uint32_t> size_a, size_b;  // per block id: rows of a, rows of b
  uint64_t estimated = 0;
  uint32_t window = 0;          // sorted neighbourhood: pairs fewer than `window` apart in order
  std::vector<uint32_t> order;  // sorted neighbourhood: the rows with a key, sorted
  std::vector<uint32_t> pos;    // sorted neighbourhood: per row, 1 + its index in order, 0 none

  /// True when this rule puts rows i and j together.
  bool together(uint32_t i, uint32_t j) const {
    if (!window) return block[i] && block[i] == block[j];
    const uint32_t a = pos[i], b = pos[j];
    return a && b && (a > b ? a - b : b - a) < window;
  }
};

/// The largest sorted-neighbourhood window.
constexpr uint32_t kMaxWindow = 1000;

/// Computes the blocks of every rule (the rules on up to `threads` threads). `tick` is called
/// every few tens of milliseconds of work (from any of the threads: it must be thread-safe), so
/// that a caller can report progress (and a page take a cancel) during the phase.
std::vector<RuleBlocks> build_blocks(const DedupeModel& model, const std::vector<FieldKeys>& keys,
                                     const Table& a, size_t rows_a, size_t rows_b,
                                     CancelFlag cancel, size_t threads = 1,
                                     const std::function<void()>& tick = {});

/// Calls `pair(i, j, mask)` once per candidate pair (i < j; a link: i in a, j in b) in a
/// deterministic order; `mask` has bit r set for every rule r whose blocks put them together.
/// Throws Cancelled.
void for_each_pair(const std::vector<RuleBlocks>& blocks, size_t rows_a, bool link,
                   const std::function<void(uint32_t, uint32_t, uint32_t)>& pair,
                   std::vector<uint64_t>& new_per_rule, CancelFlag cancel);

/// A distinct pattern with how many pairs of each rule mask have it.
struct PatternCount {
  uint64_t pattern = 0;
  uint32_t mask = 0;
  uint64_t count = 0;
};

/// The columns each rule uses, as field indices (fields left out of that rule's EM session).
std::vector<std::vector<size_t>> rule_fields(const DedupeModel& model);

/// Sets u of every field from level frequencies among `samples` random pairs (fixed seed; all
/// pairs when there are fewer), the pairs compared in chunks on up to `threads` threads (the
/// same result on any number); reports stage "u" (pairs done over pairs) and polls `cancel`.
void estimate_u_sampled(DedupeModel& model, const std::vector<FieldKeys>& keys, size_t rows_a,
                        size_t rows_b, bool link, uint64_t samples, uint64_t seed, size_t threads,
                        const ProgressFn& progress, CancelFlag cancel);

/// Sets m of every field and the prior by EM with u fixed: one session per blocking rule (the
/// rule's own columns held out), m averaged over sessions, the prior from all blocked pairs
/// over `pairs_total`.
void train_m(DedupeModel& model, const std::vector<PatternCount>& patterns, uint64_t pairs_compared,
             uint64_t pairs_total, uint32_t iterations);

/// log2(m/u) per field and level (0 for missing).
std::vector<std::vector<double>> level_weights(const DedupeModel& model);

/// The prior: EM on lambda alone (m and u fixed) over the compared pairs' patterns, the expected
/// matches spread over `pairs_total`.
void estimate_prior(DedupeModel& model, const std::vector<PatternCount>& patterns,
                    uint64_t pairs_compared, uint64_t pairs_total, uint32_t iterations);

/// Refines a trained model with review labels: each labelled pair's match probability p under
/// the model is replaced by the label's (1 for a match, 0 for a non-match) in the count of matches
/// EM made; per field and level l ≥ 1, m[l] = (E·m[l] + Δ[l]) / (E + ΣΔ), E the matches expected
/// among the compared pairs with the field present, Δ[l] = Σ (1 − p) over the labelled matches at
/// l − Σ p over the labelled non-matches at l; u stays; then the prior again (estimate_prior).
/// Returns {matches, non-matches} used.
std::pair<uint64_t, uint64_t> refine_with_labels(DedupeModel& model,
                                                 const std::vector<FieldKeys>& keys,
                                                 const std::vector<DedupeLabel>& labels,
                                                 const std::vector<PatternCount>& patterns,
                                                 uint64_t pairs_compared, uint64_t pairs_total,
                                                 uint32_t iterations);

/// Links pairs at or above the threshold into clusters (union-find) and cuts weak bridges in
/// clusters of three or more; cluster id = smallest row.
void cluster_pairs(const std::vector<ScoredPair>& pairs, size_t rows, double threshold,
                   double strong, DedupeResult& out);

}  // namespace crm::dedupe
