// libFuzzer target: the CSV reader must never crash, hang or lose track of rows on any bytes, in
// any chunking. The first byte picks the chunk size and options so those are fuzzed too.
#include <cstdint>
#include <cstdlib>

#include "crm/csv.h"
#include "crm/profile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t knob = data[0];
  ++data;
  --size;
  crm::CsvOptions o;
  o.header =
      knob & 1 ? crm::HeaderMode::Auto : (knob & 2 ? crm::HeaderMode::Yes : crm::HeaderMode::No);
  if (knob & 4) o.delimiter = ';';
  const size_t chunk = (knob >> 3) + 1;
  try {
    crm::CsvReader r(o);
    for (size_t i = 0; i < size; i += chunk) r.feed(data + i, std::min(chunk, size - i));
    crm::Table t = r.finish();
    for (const crm::Column& c : t.columns) {
      if (c.size() != t.rows) std::abort();  // every column holds every row
    }
    if (t.rows < 2000) crm::profile_table(t);
  } catch (const crm::InputError&) {
  }
  return 0;
}
