// libFuzzer target: the rules reader must answer any bytes with rules or an InputError — never a
// crash, a hang or another exception; parsed rules must survive the column check, run on a small
// table (patterns included: RE2, linear time) and round-trip through their canonical text.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crm/common.h"
#include "crm/rules.h"

#include "fuzz_table.h"

namespace {

crm::Table sample() {
  static const char* const names[] = {"name", "email", "amount", "signup"};
  static const char* const values[][4] = {{"Ann", "a@x.com", "12.5", "2020-01-05"},
                                          {"", "bad", "-3", "05/03/2021"},
                                          {"Bob", "b@y.org", "$1,200", ""},
                                          {"Ann", "a@x.com", "x", "2031-02-01"}};
  return crm_fuzz::table_of(names, values);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const crm::Table table = sample();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    crm::Rules r = crm::parse_rules(text);
    const std::vector<std::string> names = table.names();
    try {
      crm::check_rule_columns(r, names, &names);
      crm::ValidationReport rep = crm::validate_table(table, r, &table);
      if (rep.results.size() != r.rules.size() || rep.records_passing_all > rep.records)
        std::abort();
    } catch (const crm::InputError&) {
    }
    if (crm::rules_to_json(crm::parse_rules(crm::rules_to_json(r))) != crm::rules_to_json(r))
      std::abort();
  } catch (const crm::InputError&) {
  }
  return 0;
}
