// Personal data: which columns hold it (detection with evidence), and protected exports: drop,
// mask, pseudonymize (HMAC-SHA256 under a 32-byte project key) or generalize each column.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crm/generate.h"
#include "crm/profile.h"
#include "crm/table.h"

namespace crm {

/// Kinds of personal data a column can hold.
enum class PiiKind : uint8_t {
  None,
  Name,
  Email,
  Phone,
  Address,
  Postcode,
  BirthDate,
  Age,
  NationalId,
  IpAddress,
  FreeText
};

/// Stable lower-case name of a kind ("email", "birth_date", "free_text", ...).
const char* pii_kind_name(PiiKind k);

/// Reads a kind name; false if unknown.
bool parse_pii_kind(std::string_view name, PiiKind& out);

/// One column found to hold personal data, with why.
struct PiiFinding {
  size_t column = 0;  // index in the table
  std::string name;   // column name
  PiiKind kind = PiiKind::None;
  uint64_t checked = 0;  // non-missing values looked at
  uint64_t matched = 0;  // of those, values that look like `kind`
  std::string evidence;  // plain words: the name hint and/or the share of matching values
};

/// Finds the columns holding personal data from their names, the profile and up to
/// `sample` non-missing values per column; one finding per column at most, in column order.
std::vector<PiiFinding> detect_personal_data(const Table& table, const Profile& profile,
                                             size_t sample = 2000);

/// What a protected export does with a column.
enum class ProtectAction : uint8_t { Keep, Drop, Mask, Pseudonymize, Year, Generalize };

/// Stable name of an action ("keep", "drop", "mask", "pseudonymize", "year", "generalize").
const char* protect_action_name(ProtectAction a);

/// Reads an action name; false if unknown.
bool parse_protect_action(std::string_view name, ProtectAction& out);

/// The protection of one column and its parameters.
struct ColumnProtection {
  ProtectAction action = ProtectAction::Keep;
  PiiKind as = PiiKind::None;  // how to read the values (when `as_given`)
  bool as_given = false;       // "as" was given ("none" too: no kind); else the detected kind
  uint32_t digits = 2;         // generalize postcodes: leading characters kept (1-10)
  uint32_t band = 10;          // generalize ages and birth dates: band width in years (1-100)
};

/// A protect configuration: {"crmwb_protect": 1, "columns": {"NAME": "ACTION" | {...}}}.
struct ProtectConfig {
  std::vector<std::pair<std::string, ColumnProtection>> columns;  // by column name
};

/// Parses a protect configuration; throws InputError("bad_protect_config") naming the field.
ProtectConfig parse_protect_config(std::string_view json);

/// A 32-byte project key.
using ProjectKey = std::array<uint8_t, 32>;

/// HMAC-SHA256 (RFC 2104) of `message` under `key` (libsodium): 32 raw bytes.
std::array<uint8_t, 32> hmac_sha256(const ProjectKey& key, std::string_view message);

/// The form of a value that is pseudonymized, so equal people give equal tokens: emails
/// trimmed and lower-cased (valid addresses), phones as E.164 (valid numbers; `phone_region` for
/// national numbers), anything else trimmed, inner white space collapsed and fold-keyed (NFKC,
/// case-folded, accents removed).
std::string pseudonym_input(std::string_view value, PiiKind kind, std::string_view phone_region);

/// The token of a value: lower-case hex of the first 16 bytes of
/// HMAC-SHA256(key, pseudonym_input(value)); "" for a missing value.
std::string pseudonymize_value(std::string_view value, PiiKind kind, const ProjectKey& key,
                               std::string_view phone_region = "US");

/// The masked form of a value by the masking rule of its kind (README "Personal data").
std::string mask_value(std::string_view value, PiiKind kind);

/// The year of a date value ("1984"), or "" when it is not a date.
std::string year_of(std::string_view value);

/// The generalized form of a value: postcodes cut to `p.digits` characters, ages and birth
/// dates to a band of `p.band` years ("30-39", "1980-1989"); "" when the value does not read.
std::string generalize_value(std::string_view value, PiiKind kind, const ColumnProtection& p);

/// The protected form of one non-missing value under `p.action`, read as `kind` (`key` needed
/// for pseudonymize; `phone_region` for national phone numbers).
std::string protect_value(std::string_view value, const ColumnProtection& p, PiiKind kind,
                          const ProjectKey* key, std::string_view phone_region = "US");

/// What a protected export did to one column.
struct ProtectColumnSummary {
  std::string name;
  ProtectAction action = ProtectAction::Keep;
  PiiKind kind = PiiKind::None;  // the kind the values were read as
  uint64_t changed = 0;          // values written differently from the input (dropped: all)
  uint64_t blanked = 0;          // non-missing values written empty (they did not read as `kind`)
};

/// What a protected export did.
struct ProtectResult {
  uint64_t rows = 0;                          // data rows written
  std::vector<ProtectColumnSummary> columns;  // every input column, in order
};

/// Reads a key file: exactly 32 raw bytes, or 64 hex digits (a trailing newline allowed).
/// Throws InputError("bad_key") otherwise.
ProjectKey parse_key_file(std::string_view bytes);

/// Which rows a protected export writes: a preview (the first few rows) or one slice of a long
/// export (slices written in order, the header with the first only, make the whole file).
struct ProtectRows {
  uint64_t first = 0;           // first data row (0-based)
  uint64_t limit = UINT64_MAX;  // at most this many rows
  bool header = true;           // write the header line
};

/// Writes `table` as CSV with each column protected as `config` says (columns not named are
/// kept). Throws InputError naming the column for an unknown column or a pseudonymize without a
/// key (`key` null). `findings` supply the kind of each column unless the config's "as" does;
/// the profile supplies phone columns' default region. `progress` (stage "protect", rows done
/// of the rows asked for) and `cancel` are looked at every 4096 rows; a cancel throws Cancelled
/// after some output may have gone to `sink` (the caller discards it). `rows` picks the rows.
ProtectResult protect_table(const Table& table, const Profile& profile,
                            const std::vector<PiiFinding>& findings, const ProtectConfig& config,
                            const ProjectKey* key, const ByteSink& sink,
                            CancelFlag cancel = nullptr, const ProgressFn& progress = {},
                            const ProtectRows& rows = {});

/// The summary as text, one line per column ("email: pseudonymize (email), 9 values changed").
std::string protect_summary_text(const ProtectResult& r);

/// The findings as JSON: [{column, name, kind, checked, matched, evidence}].
std::string pii_findings_json(const std::vector<PiiFinding>& findings);

/// The result as JSON: {rows, columns: [{name, action, kind, changed, blanked}]}.
std::string protect_result_json(const ProtectResult& r);

}  // namespace crm
