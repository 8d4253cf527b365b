// Spelling clusters: OpenRefine-style key collision over a column's distinct values. Values whose
// key (fingerprint, n-gram fingerprint or Double Metaphone) is the same are shown as one group the
// user merges into one spelling with a `replace` step.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crm/common.h"
#include "crm/recipe.h"
#include "crm/table.h"

namespace crm {

/// How values are keyed for spelling clusters.
enum class ClusterMethod : uint8_t {
  Fingerprint,      // OpenRefine's fingerprint (word order, case, accents, punctuation)
  Ngram,            // OpenRefine's n-gram fingerprint (also spacing and some typos)
  DoubleMetaphone,  // the primary Double Metaphone code of the fingerprint (sound alike)
};

/// Parses "fingerprint", "ngram" or "metaphone" (also "double_metaphone"); false otherwise.
bool parse_cluster_method(std::string_view name, ClusterMethod& out);

/// The method's name as parse_cluster_method reads it ("fingerprint", "ngram", "metaphone").
const char* cluster_method_name(ClusterMethod method);

/// Options of spelling_clusters.
struct SpellingOptions {
  size_t ngram = 2;          // n of the n-gram fingerprint
  size_t max_groups = 0;     // keep the first this many groups (0: all)
  size_t max_spellings = 0;  // keep the first this many spellings of a group (0: all)
};

/// One spelling in a group and the rows that have it.
struct Spelling {
  std::string value;
  uint64_t count = 0;
  uint64_t first_row = 0;  // the first row (0-based) with this spelling
};

/// Distinct spellings that share a key.
struct SpellingCluster {
  std::string key;                  // the shared key
  std::vector<Spelling> spellings;  // ≥ 2, most frequent first (ties: first seen first); the
                                    // first max_spellings of them
  uint64_t spelling_count = 0;      // spellings in the group (listed or not)
  std::string target;               // suggested spelling: the most frequent (ties: first seen)
  uint64_t rows = 0;                // rows with one of the spellings (listed or not)
};

/// The groups of one column.
struct SpellingClusters {
  std::string column;
  ClusterMethod method = ClusterMethod::Fingerprint;
  size_t ngram = 2;
  uint64_t rows = 0;                      // rows of the table
  uint64_t values = 0;                    // non-missing values
  uint64_t distinct = 0;                  // distinct non-missing values
  uint64_t groups = 0;                    // groups found (before max_groups)
  uint64_t affected = 0;                  // rows in the groups found
  std::vector<SpellingCluster> clusters;  // most rows first (ties: first seen first)
};

/// Groups the distinct non-missing values of `column` by `method`'s key: groups of two or more
/// spellings; a value whose key is empty (only punctuation, no sounds the code knows) is left
/// alone. Work grows with the distinct values, not the rows. Throws Cancelled.
SpellingClusters spelling_clusters(const Column& column, ClusterMethod method,
                                   const SpellingOptions& options = {}, ProgressFn progress = {},
                                   CancelFlag cancel = nullptr);

/// The `replace` step that merges `from` spellings of `column` into `to` (entries equal to `to`
/// are left out).
RecipeStep merge_spellings_step(const std::string& column, const std::vector<std::string>& from,
                                const std::string& to);

}  // namespace crm
