// Serialization of result structs: JSON (nlohmann/json) and the human-readable summary.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "crm/clean.h"
#include "crm/dedupe.h"
#include "crm/profile.h"
#include "crm/rules.h"
#include "crm/spelling.h"

namespace crm {

/// The profile as the JSON document described in the README.
nlohmann::json to_json(const Profile& profile);
/// The quality score as JSON.
nlohmann::json to_json(const QualityScore& quality);
/// The dialect as JSON.
nlohmann::json to_json(const Dialect& dialect);
/// A warning as JSON.
nlohmann::json to_json(const Warning& warning);
/// A recipe step as its JSON object (op first, then the columns, then the other fields).
nlohmann::ordered_json to_json(const RecipeStep& step);
/// What a step did: {changed, flagged, missing, dropped, rows, samples: [{column, before, after,
/// note}]} (a preview).
nlohmann::json to_json(const StepResult& result);

/// Failing row numbers a validation report's JSON lists per rule (the first ones; `failed` counts
/// them all).
constexpr size_t kReportFailingRows = 100;
/// A validation report as JSON (see the README's "Validation rules").
nlohmann::json to_json(const ValidationReport& report);
/// A plain-text summary of a validation report for terminals.
std::string format_validation_text(const ValidationReport& report, const std::string& file_name);

/// Spelling clusters as JSON: {column, method, [ngram], rows, values, distinct, groups, affected,
/// clusters: [{key, rows, target, spelling_count, spellings: [{value, count, first_row}], step}]}
/// where `step` is the replace step merging the listed spellings into the target.
nlohmann::ordered_json to_json(const SpellingClusters& clusters);
/// A plain-text listing of spelling clusters for terminals.
std::string format_spelling_text(const SpellingClusters& clusters);

/// A dedupe run's summary as JSON (see the README's "Duplicates"); `timings` adds the time per
/// phase (which differs between runs, so it is left out unless asked for).
nlohmann::ordered_json to_json(const DedupeResult& result, bool timings = false);
/// A plain-text summary of a dedupe run for terminals.
std::string format_dedupe_text(const DedupeResult& result, const std::string& file_name);

/// A plain-text summary of the profile for terminals.
std::string format_profile_text(const Profile& profile, const std::string& file_name);

}  // namespace crm
