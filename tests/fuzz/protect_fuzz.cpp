// libFuzzer target: the protect configuration reader never crashes; bad input is an InputError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crm/common.h"
#include "crm/privacy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const crm::ProtectConfig c =
        crm::parse_protect_config(std::string_view(reinterpret_cast<const char*>(data), size));
    for (const auto& [name, p] : c.columns) {
      (void)crm::mask_value(name, p.as);
      (void)crm::generalize_value(name, p.as, p);
    }
  } catch (const crm::InputError&) {
  }
  return 0;
}
