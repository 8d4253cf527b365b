// Validation rules: checks over a table's columns read from a JSON file
// ({"crmwb_rules": 1, "rules": [...]}) — parsing with a clear message for every mistake, the
// column check, evaluation into a report per rule with its failing rows, and rules suggested
// from a profile.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "crm/common.h"
#include "crm/profile.h"
#include "crm/table.h"

namespace crm {

/// How much a failing rule matters: an error fails the run, a warning is only reported.
enum class Severity { Error, Warning };

/// One parsed, validated rule.
struct Rule {
  std::string check;                 // not_null, unique, type, regex, between, in_set, ...
  std::vector<std::string> columns;  // the column(s) it reads (`column` or `columns`)
  Severity severity = Severity::Error;
  std::optional<double> mostly;  // passes when at least this share of checked values pass
  nlohmann::json params;         // the rule object as given (validated)
};

/// A parsed, validated rules file.
struct Rules {
  std::vector<Rule> rules;
};

/// Newest rules format version this build reads and writes.
constexpr int kRulesVersion = 1;

/// Parses and validates a rules file. Throws InputError (code "bad_rules") naming the line for
/// JSON syntax errors, or the rule number, its check, the field and what to do for anything else
/// (unknown check or field, wrong or missing parameter, a pattern that cannot be used).
Rules parse_rules(std::string_view text);

/// Parses one rule object; `number` (1-based) names it in messages.
Rule parse_rule(const nlohmann::json& rule, size_t number);

/// Checks that every column the rules read exists: `columns` of the table and, for in_column
/// rules, `other_columns` of the second file (null: no second file was given, an error when an
/// in_column rule needs one). Throws InputError (code "missing_column", or "no_other_file").
void check_rule_columns(const Rules& rules, const std::vector<std::string>& columns,
                        const std::vector<std::string>* other_columns);

/// The rules as canonical JSON text (two-space indent, rules as given, a final newline).
std::string rules_to_json(const Rules& rules);

/// Names of every check, in documentation order.
std::vector<std::string> rule_checks();

/// True when some rule needs a second file (in_column).
bool rules_need_other(const Rules& rules);

/// The outcome of one rule on a table.
struct RuleResult {
  size_t index = 0;  // 1-based position in the rules file
  std::string check;
  std::vector<std::string> columns;
  Severity severity = Severity::Error;
  std::optional<double> mostly;
  uint64_t evaluated = 0;  // values (rows) checked: every row for not_null, else non-missing
  uint64_t failed = 0;
  std::optional<double> share_passed;  // (evaluated - failed) / evaluated; null when 0 evaluated
  bool passed = true;                  // share_passed >= mostly (default: no failure)
  std::vector<uint32_t> failing_rows;  // every failing row (0-based data row), ascending
  std::string message;  // "email must be a valid email address: 97.2% pass (2,801 of 2,882)"
};

/// The outcome of a rules file on a table.
struct ValidationReport {
  std::vector<RuleResult> results;
  uint64_t records = 0;              // rows of the table
  uint64_t records_passing_all = 0;  // rows failing no rule (warnings included)
  std::optional<double> accuracy;    // records_passing_all / records; null without rules or rows
  bool passed = true;                // no rule of severity error failed
};

/// Options of validation.
struct ValidateOptions {
  std::optional<int64_t> reference_day;  // "today" for not_future (days since 1970-01-01);
                                         // default: today, UTC
};

/// Runs the rules on `table` (`other`: the second file of in_column rules). The rules must have
/// passed check_rule_columns for these tables. Throws Cancelled.
ValidationReport validate_table(const Table& table, const Rules& rules,
                                const Table* other = nullptr, const ValidateOptions& options = {},
                                CancelFlag cancel = nullptr);

/// The same run one rule at a time, so that a caller (the page's worker) can report progress and
/// take a cancel between rules: step() until it returns false, then finish(). validate_table is
/// this loop.
class Validator {
 public:
  /// Starts a run of `rules` on `table` (`other`: the second file of in_column rules). The rules
  /// and tables are copied (cheap: a table copy shares its columns), so the caller's may go.
  Validator(const Table& table, Rules rules, const Table* other = nullptr,
            const ValidateOptions& options = {});
  /// Runs the next rule; false when every rule has run. Throws Cancelled.
  bool step(CancelFlag cancel = nullptr);
  /// Rules run so far.
  size_t done() const { return report_.results.size(); }
  /// Rules in all.
  size_t total() const { return rules_.rules.size(); }
  /// The table it runs on (sharing the caller's columns).
  const Table& table() const { return table_; }
  /// The report; call after the last step.
  ValidationReport finish();

 private:
  Table table_, other_;
  bool has_other_ = false;
  Rules rules_;
  int64_t today_ = 0;
  std::vector<uint8_t> failed_any_;
  ValidationReport report_;
};

/// Rules suggested from a table's profile: not_null for columns almost never missing, type for
/// typed columns, unique for id columns, between for numbers (observed range widened), in_set
/// for low-cardinality text, not_future for birth/created/signup dates, compare for a created
/// date <= an updated date; `mostly` set where the table does not fully pass today.
Rules suggest_rules(const Table& table, const Profile& profile);

/// Lower-case name of a severity ("error", "warning").
const char* severity_name(Severity s);

}  // namespace crm
