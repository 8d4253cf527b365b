// libFuzzer target: any recipe the reader accepts, applied to a small table with awkward values,
// must apply or stop with an InputError (never a crash or another exception); a stopped recipe
// changes nothing, rows in = rows out unless drop_rows ran, and undoing every step gives back
// the original export byte for byte.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "crm/common.h"
#include "crm/recipe.h"
#include "crm/workbench.h"

namespace {

constexpr std::string_view kTable =
    "name,email,phone,amount,country,born,flag\n"
    "  ann LEE ,ANN@X.COM,(201) 555-0123,\"1,234.50\",us,14/02/1990,yes\n"
    "bob,bad@@x,12,abc,Narnia,02/30/1988,maybe\n"
    ",,,,,,\n"
    "\xC3\x89mile Zola,e@x.fr,+33 1 23 45 67 89,\"12,5\",France,\"Mar 5, 1971\",N\n";

std::string export_csv(const crm::Workbench& wb) {
  std::string out;
  wb.export_table({}, [&](std::string_view b) { out.append(b); });
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  crm::Recipe r;
  try {
    r = crm::parse_recipe(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const crm::InputError&) {
    return 0;
  }
  crm::Workbench wb;
  wb.set_today(20000);
  wb.begin_load({});
  wb.feed(kTable.data(), kTable.size());
  wb.finish_load();
  wb.profile();
  const std::string original = export_csv(wb);
  const size_t rows = wb.table().rows;
  try {
    wb.apply_recipe(r, {}, nullptr, false);
  } catch (const crm::InputError&) {
    if (wb.version() != 0 || export_csv(wb) != original) std::abort();
    return 0;
  }
  bool dropped = false;
  for (const auto& s : r.steps) dropped |= s.op == "drop_rows";
  if (!dropped && wb.table().rows != rows) std::abort();
  std::string log;
  wb.change_log([&](std::string_view b) { log.append(b); });
  while (wb.undo()) {
  }
  if (export_csv(wb) != original) std::abort();
  return 0;
}
