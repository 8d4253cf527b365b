// libFuzzer target: the recipe reader must answer any bytes with a recipe or an InputError —
// never a crash, a hang or another exception — and a parsed recipe must survive the column check
// and round-trip through its canonical text.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crm/common.h"
#include "crm/recipe.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    crm::Recipe r = crm::parse_recipe(text);
    try {
      crm::check_recipe_columns(r, {"name", "email", "phone", "amount"});
    } catch (const crm::InputError&) {
    }
    if (crm::recipe_to_json(crm::parse_recipe(crm::recipe_to_json(r))) != crm::recipe_to_json(r))
      std::abort();
  } catch (const crm::InputError&) {
  }
  return 0;
}
