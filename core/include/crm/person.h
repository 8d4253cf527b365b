// Finding one person's records (a data-protection access or erasure request): a query by e-mail,
// phone or name compared with every row through the dedupe comparators (standardized keys and
// levels, crm/dedupe.h match_record), with why each row matched.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "crm/common.h"
#include "crm/dedupe.h"
#include "crm/profile.h"
#include "crm/table.h"

namespace crm {

/// Who to look for: any of e-mail, phone and name, and values of other columns.
struct PersonQuery {
  std::string email;
  std::string phone;   // as written; a national number reads in `region`
  std::string name;    // as written: "J. Smith", "John Smith", "Smith, John"
  std::string region;  // ISO 3166 alpha-2 region of a national phone ("": the column's own)
  std::vector<std::pair<std::string, std::string>> values;  // more: column name → value
  size_t limit = 500;  // rows listed at most (the strongest first)
};

/// How one compared column of a row compared with the query.
struct PersonReason {
  std::string column;
  std::string query;  // the query's value for this column
  std::string value;  // the row's value, as written ("" when missing)
  std::string level;  // the comparator level ("exact", "nickname", "initial", "else", ...)
  double weight = 0;  // its match weight: log2(m / u) of the level (0 when missing)
};

/// A row this much likelier to compare so if it is the person's than by chance (2^10 = 1,024
/// times) is a strong match: preselected for an access or erasure answer.
constexpr double kPersonStrong = 10;
/// 2^5 = 32 times likelier: a likely match.
constexpr double kPersonLikely = 5;

/// One row found.
struct PersonMatch {
  uint64_t row = 0;           // row of the searched table version (0-based)
  uint64_t original_row = 0;  // its row in the loaded file (what erase_rows names)
  double weight = 0;          // Σ of the reasons' weights (log2 of a likelihood ratio)
  const char* strength = "";  // "strong" (weight ≥ kPersonStrong), "likely" (≥ kPersonLikely),
                              // else "weak"
  std::vector<PersonReason> why;  // every compared column, in the query's order
};

/// What a search found.
struct PersonSearch {
  std::vector<std::pair<std::string, std::string>> compared;  // column → the query's value
  bool trained = false;              // m of a trained dedupe model (else the default m)
  uint64_t rows = 0;                 // rows searched
  uint64_t found = 0;                // rows with positive evidence (weight > 0)
  uint64_t strong = 0;               // of those, strong matches
  std::vector<PersonMatch> matches;  // the strongest `limit` of them
  std::vector<std::string> notes;    // what was not compared and why
};

/// Searches `table` for the person of `query`. With `model` (a dedupe model, trained or not) its
/// compared columns are used, else those suggested for the table (suggest_dedupe_fields).
/// The query fills the fields by role: e-mail fields, phone fields, full names (a "Family,
/// Given" name turned around), given names (the words before the family name) and family names
/// (the last word with the particles before it: "de León", "van der Berg"); `values` fill
/// fields by column name. Throws InputError("bad_query") when the
/// query gives nothing to compare. `row_of` maps a table row to its loaded-file row (null: the
/// same).
PersonSearch find_person(const Table& table, const Profile& profile, const PersonQuery& query,
                         const DedupeModel* model,
                         const std::function<uint64_t(uint64_t)>& row_of = {},
                         ProgressFn progress = {}, CancelFlag cancel = nullptr);

/// Reads a query from JSON: {"email", "phone", "name", "region", "values": {column: value},
/// "limit"}. Throws InputError("bad_query") naming the field.
PersonQuery parse_person_query(std::string_view json);

/// The search as JSON: {rows, found, strong, trained, compared: [{column, query}], notes,
/// matches: [{row, original_row, weight, strength, why: [{column, query, value, level,
/// weight}]}]}.
std::string person_search_json(const PersonSearch& search);

/// Writes the matched rows (`rows`: rows of the table) as CSV: `row` (the loaded file's row),
/// then the table's columns — the answer to an access request.
void write_person_rows_csv(const Table& table, const std::vector<PersonMatch>& matches,
                           const ByteSink& sink);

}  // namespace crm
