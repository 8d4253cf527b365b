// libFuzzer target: the person search reader (the page's query, `crmwb find`'s values) must
// answer any bytes with a query or an InputError — never a crash, a hang or another exception —
// and a read query must search a small table (found or InputError) with every reason's weights
// adding up to its row's.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crm/common.h"
#include "crm/person.h"
#include "crm/profile.h"

#include "fuzz_table.h"

namespace {

crm::Table sample() {
  static const char* const names[] = {"first_name", "last_name", "email", "phone", "city"};
  static const char* const values[][5] = {
      {"Ann", "Lee", "a@x.com", "+1 415 555 2671", "Oslo"},
      {"Anne", "Lee", "A@X.com", "(415) 555-2671", ""},
      {"J.", "Smith", "", "415 555 9999", "Bergen"},
      {"Robert", "Ray", "b@y.org", "4155559999", "Oslo"},
      {"Bob", "Ray", "b@y.org", "", "Lund"}};
  return crm_fuzz::table_of(names, values);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const crm::Table table = sample();
  static const crm::Profile profile = crm::profile_table(table);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  crm::PersonQuery q;
  try {
    q = crm::parse_person_query(text);
  } catch (const crm::InputError&) {
    return 0;
  }
  if (q.limit < 1 || q.limit > 100000) std::abort();
  try {
    const crm::PersonSearch s = crm::find_person(table, profile, q, nullptr);
    if (s.matches.size() > s.found || s.found > table.rows) std::abort();
    for (const crm::PersonMatch& m : s.matches) {
      double sum = 0;
      for (const crm::PersonReason& r : m.why) sum += r.weight;
      if (m.row >= table.rows || std::fabs(sum - m.weight) > 1e-3 || !(m.weight > 0)) std::abort();
    }
  } catch (const crm::InputError&) {
  }
  return 0;
}
