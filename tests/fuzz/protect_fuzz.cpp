// libFuzzer target: the protect configuration reader and the masking rules never crash; bad
// configurations are an InputError.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crm/common.h"
#include "crm/privacy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The value rules on arbitrary bytes: every kind's mask, generalization and pseudonym input.
  const std::string_view raw(reinterpret_cast<const char*>(data), std::min<size_t>(size, 512));
  crm::ColumnProtection g;
  for (int k = 0; k <= static_cast<int>(crm::PiiKind::FreeText); ++k) {
    const auto kind = static_cast<crm::PiiKind>(k);
    (void)crm::mask_value(raw, kind);
    (void)crm::generalize_value(raw, kind, g);
    (void)crm::pseudonym_input(raw, kind, "DE");
  }
  try {
    const crm::ProtectConfig c =
        crm::parse_protect_config(std::string_view(reinterpret_cast<const char*>(data), size));
    const crm::ProjectKey key{};
    for (const auto& [name, p] : c.columns) {
      (void)crm::mask_value(name, p.as);
      (void)crm::generalize_value(name, p.as, p);
      (void)crm::protect_value(name, p, p.as, &key, "DE");  // every action, "as" given or not
    }
  } catch (const crm::InputError&) {
  }
  return 0;
}
