// libFuzzer target: the survivorship-rules reader must answer any bytes with rules or an
// InputError — never a crash, a hang or another exception; parsed rules must round-trip through
// their JSON and, when they fit the table, give one record per cluster whose every cell comes
// from a row of its cluster.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "crm/common.h"
#include "crm/golden.h"

#include "fuzz_table.h"

namespace {

crm::Table sample() {
  static const char* const names[] = {"name", "email", "source", "updated_at"};
  static const char* const values[][4] = {{"Ann", "a@x.com", "crm", "2020-01-05"},
                                          {"", "bad", "web", "05/03/2021"},
                                          {"Anne", "", "shop", ""},
                                          {"Ann", "A@X.COM", "crm", "2031-02-01"}};
  return crm_fuzz::table_of(names, values);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const crm::Table table = sample();
  static const std::vector<uint64_t> clusters = {0, 1, 0, 0};
  const nlohmann::json j = nlohmann::json::parse(data, data + size, nullptr, false);
  if (j.is_discarded()) return 0;
  try {
    const crm::SurvivorshipRules r = crm::survivorship_from_json(j);
    const nlohmann::json back = crm::survivorship_to_json(r);
    if (crm::survivorship_to_json(crm::survivorship_from_json(back)) != back) std::abort();
    try {
      const crm::GoldenResult g = crm::build_golden_records(table, clusters, r);
      if (g.table.rows != 2 || g.table.columns.size() != 6) std::abort();
      for (size_t c = 0; c < 4; ++c) {
        const uint64_t s0 = g.lineage.source_row(0, c), s1 = g.lineage.source_row(1, c);
        if ((s0 != 0 && s0 != 2 && s0 != 3) || s1 != 1) std::abort();
      }
    } catch (const crm::InputError&) {
    }
  } catch (const crm::InputError&) {
  }
  return 0;
}
