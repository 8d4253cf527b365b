// libFuzzer target: the dedupe labels reader (the page's decisions file, `crmwb dedupe --labels`)
// must answer any bytes with labelled pairs or an InputError — never a crash, a hang or another
// exception; read labels must name rows of the file, and refine a run on a small table.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crm/common.h"
#include "crm/dedupe.h"

#include "fuzz_table.h"

namespace {

crm::Table sample() {
  static const char* const names[] = {"name", "email", "phone"};
  static const char* const values[][3] = {{"Ann Lee", "a@x.com", "+1 415 555 2671"},
                                          {"Anne Lee", "A@X.com", "(415) 555-2671"},
                                          {"ann lee", "a@x.com", ""},
                                          {"Bob Ray", "b@y.org", "415 555 9999"},
                                          {"Robert Ray", "b@y.org", "4155559999"}};
  return crm_fuzz::table_of(names, values);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const crm::Table table = sample();
  static const crm::Profile profile;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  crm::DedupeOptions o;
  try {
    o.labels = crm::parse_dedupe_labels(text, table.rows);
  } catch (const crm::InputError&) {
    return 0;
  }
  for (const crm::DedupeLabel& l : o.labels)
    if (l.a >= l.b || l.b >= table.rows) std::abort();
  o.pair_budget = 1000;
  try {
    const crm::DedupeResult r = crm::run_dedupe(table, profile, o);
    if (r.cluster.size() != table.rows) std::abort();
  } catch (const crm::InputError&) {
  }
  return 0;
}
