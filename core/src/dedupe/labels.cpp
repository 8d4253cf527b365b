// Review labels: the decisions file the page exports ({"crmwb_dedupe_labels": 1, ...}) read into
// labelled pairs (match / non-match) that refine a model's m and u (em.cpp: refine_with_labels).
#include <map>

#include <nlohmann/json.hpp>

#include "dedupe/internal.h"

namespace crm {
namespace {

/// A decision's rows beyond this many are refused (an accept labels every pair among them).
constexpr size_t kMaxDecisionRows = 1000;

[[noreturn]] void bad(const std::string& what) {
  throw InputError("bad_labels", "the dedupe labels are not valid: " + what +
                                     " (export them from the Duplicates view: \"Decisions\")");
}

/// A non-negative integer row below `rows`.
uint32_t row_of(const nlohmann::json& v, uint64_t rows, const std::string& where) {
  if (!v.is_number_unsigned()) bad(where + " must be a row number (0 or more)");
  const uint64_t r = v.get<uint64_t>();
  if (r >= rows)
    throw InputError("bad_labels", where + " is row " + std::to_string(r) + " but the file has " +
                                       std::to_string(rows) +
                                       " data rows: were these labels made on another file?");
  return static_cast<uint32_t>(r);
}

}  // namespace

std::vector<DedupeLabel> parse_dedupe_labels(std::string_view text, uint64_t rows) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {  // also out_of_range: a number like 1E99999
    bad(std::string("not JSON (") + e.what() + ")");
  }
  if (!j.is_object() || !j.contains("crmwb_dedupe_labels"))
    bad("no \"crmwb_dedupe_labels\": 1 at the top");
  if (j["crmwb_dedupe_labels"] != 1) bad("\"crmwb_dedupe_labels\" must be 1 (this version)");
  if (!j.contains("decisions") || !j["decisions"].is_array()) bad("no \"decisions\" list");
  std::map<std::pair<uint32_t, uint32_t>, bool> pairs;  // a later decision on a pair wins
  auto label = [&](uint32_t a, uint32_t b, bool match) {
    if (a == b) return;
    pairs[{std::min(a, b), std::max(a, b)}] = match;
  };
  const auto& ds = j["decisions"];
  for (size_t i = 0; i < ds.size(); ++i) {
    const auto& d = ds[i];
    const std::string where = "decision " + std::to_string(i + 1);
    if (!d.is_object()) bad(where + " is not an object");
    if (!d.contains("action") || !d["action"].is_string())
      bad(where + " has no \"action\" (accept, reject or split)");
    const std::string action = d["action"];
    if (action != "accept" && action != "reject" && action != "split")
      bad(where + ": \"action\" is accept, reject or split, not \"" + action + "\"");
    if (!d.contains("rows") || !d["rows"].is_array() || d["rows"].size() < 2)
      bad(where + " has no \"rows\" list of two or more rows");
    if (d["rows"].size() > kMaxDecisionRows)
      bad(where + " names more than " + std::to_string(kMaxDecisionRows) + " rows");
    std::vector<uint32_t> rs;
    for (size_t k = 0; k < d["rows"].size(); ++k)
      rs.push_back(row_of(d["rows"][k], rows, where + ", rows[" + std::to_string(k) + "]"));
    if (action == "split") {
      if (!d.contains("row")) bad(where + ": split names the \"row\" taken out");
      const uint32_t out = row_of(d["row"], rows, where + ", \"row\"");
      if (std::find(rs.begin(), rs.end(), out) == rs.end())
        bad(where + ": the row taken out (" + std::to_string(out) + ") is not in its \"rows\"");
      for (uint32_t r : rs) label(out, r, false);
    } else {
      const bool match = action == "accept";
      for (size_t x = 0; x < rs.size(); ++x)
        for (size_t y = x + 1; y < rs.size(); ++y) label(rs[x], rs[y], match);
    }
  }
  std::vector<DedupeLabel> out;
  out.reserve(pairs.size());
  for (const auto& [ab, match] : pairs) out.push_back({ab.first, ab.second, match});
  return out;
}

}  // namespace crm
