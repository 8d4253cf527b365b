// libFuzzer target: the dedupe model reader must answer any bytes with a model or an InputError —
// never a crash, a hang or another exception; a parsed model must round-trip through its JSON and
// run on a small table (or stop with an InputError naming the problem).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crm/common.h"
#include "crm/dedupe.h"

#include "fuzz_table.h"

namespace {

crm::Table sample() {
  static const char* const names[] = {"name", "email", "phone", "born"};
  static const char* const values[][4] = {{"Ann Lee", "a@x.com", "+1 415 555 2671", "1980-01-05"},
                                          {"", "bad", "555", "05/03/1981"},
                                          {"ann lee", "A@X.com", "(415) 555-2671", ""},
                                          {"Bob", "b@y.org", "x", "1980-05-01"}};
  return crm_fuzz::table_of(names, values);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const crm::Table table = sample();
  static const crm::Profile profile;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  crm::DedupeModel model;
  try {
    model = crm::parse_dedupe_model(text);
  } catch (const crm::InputError&) {
    return 0;
  }
  const std::string json = crm::dedupe_model_to_json(model);
  if (crm::dedupe_model_to_json(crm::parse_dedupe_model(json)) != json) std::abort();
  crm::DedupeOptions o;
  o.model = model;
  o.use_model = true;
  o.pair_budget = 1000;
  try {
    const crm::DedupeResult r = crm::run_dedupe(table, profile, o);
    if (r.cluster.size() != table.rows) std::abort();
  } catch (const crm::InputError&) {
  }
  return 0;
}
