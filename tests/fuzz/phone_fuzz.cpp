// libFuzzer target: the phone parser and formatter must never crash or hang on any bytes, with
// any default region; a parsed number's E.164 form must parse back to the same number. The same
// bytes go through the text keys (crm/keys.h: phonetic codes and fingerprints), which must never
// crash either; a Double Metaphone code cut to 4 is a prefix of the whole code.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "crm/keys.h"
#include "crm/phone.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kRegions[] = {"",   "US", "GB", "DE", "FR", "JP", "AR", "BR",
                                         "MX", "IT", "RU", "AU", "IN", "CN", "NG", "ZA"};
  const char* region = kRegions[data[0] % (sizeof kRegions / sizeof kRegions[0])];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const crm::PhoneNumber n = crm::parse_phone(text, region);
  for (auto f : {crm::PhoneFormat::E164, crm::PhoneFormat::International,
                 crm::PhoneFormat::National, crm::PhoneFormat::Rfc3966}) {
    (void)crm::format_phone(n, f);
  }
  if (n.parsed()) {
    const crm::PhoneNumber again =
        crm::parse_phone(crm::format_phone(n, crm::PhoneFormat::E164), "");
    if (!again.parsed()) std::abort();
  }
  const crm::DoubleMetaphone dm = crm::double_metaphone(text), dm4 = crm::double_metaphone(text, 4);
  if (dm.primary.compare(0, 4, dm4.primary) != 0 || dm.alternate.compare(0, 4, dm4.alternate) != 0)
    std::abort();
  (void)crm::soundex(text);
  (void)crm::nysiis(text);
  (void)crm::metaphone(text);
  (void)crm::fingerprint(text);
  (void)crm::ngram_fingerprint(text, 1 + data[0] % 4);
  return 0;
}
