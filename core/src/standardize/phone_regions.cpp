// Region lookup and lazily compiled region metadata (see phone_regions.h).
#include "standardize/phone_regions.h"

#include <array>
#include <memory>

// One compiled copy per thread; WebAssembly builds have one thread (and no thread_local).
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define CRM_PER_THREAD static
#else
#define CRM_PER_THREAD thread_local
#endif

namespace crm::phone_detail {

namespace {

// Shared, immutable lookup tables, built once.
struct Lookup {
  std::array<int16_t, 26 * 26> by_id;
  std::array<int16_t, 1000> first;
  std::array<uint8_t, 1000> count;
  Lookup() {
    by_id.fill(-1);
    first.fill(-1);
    count.fill(0);
    for (unsigned i = 0; i < phone_data::kRegionCount; ++i) {
      const phone_data::RegionData& r = phone_data::kRegions[i];
      if (r.id[0] >= 'A' && r.id[0] <= 'Z' && r.id[1] >= 'A' && r.id[1] <= 'Z' && r.id[2] == 0) {
        by_id[(r.id[0] - 'A') * 26 + (r.id[1] - 'A')] = static_cast<int16_t>(i);
      }
      if (r.cc < 1000) {
        if (first[r.cc] < 0) first[r.cc] = static_cast<int16_t>(i);
        ++count[r.cc];
      }
    }
  }
};

const Lookup& lookup() {
  static const Lookup l;
  return l;
}

DigitRegex compile(const char* p) {
  return p ? DigitRegex(p) : DigitRegex();
}

}  // namespace

LengthMask length_mask(const char* lengths) {
  LengthMask m = 0;
  for (const char* p = lengths; p && *p; ++p) {
    const int n = *p - '0';
    if (n >= 0 && n < 32) m |= LengthMask{1} << n;
  }
  return m;
}

int region_index(std::string_view id) {
  if (id.size() != 2) return -1;
  const char a = static_cast<char>(id[0] & ~0x20), b = static_cast<char>(id[1] & ~0x20);
  if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') return -1;
  return lookup().by_id[(a - 'A') * 26 + (b - 'A')];
}

void calling_code_regions(unsigned cc, int& first, int& count) {
  if (cc >= 1000) {
    first = -1, count = 0;
    return;
  }
  first = lookup().first[cc];
  count = lookup().count[cc];
}

Region& region(int index) {
  CRM_PER_THREAD std::vector<std::unique_ptr<Region>> compiled;
  if (compiled.empty()) compiled.resize(phone_data::kRegionCount);
  std::unique_ptr<Region>& slot = compiled[static_cast<size_t>(index)];
  if (!slot) {
    auto r = std::make_unique<Region>();
    const phone_data::RegionData& d = phone_data::kRegions[index];
    r->d = &d;
    r->idd = compile(d.idd);
    r->general = compile(d.general);
    r->npfp = compile(d.np_for_parsing ? d.np_for_parsing : d.national_prefix);
    r->leading = compile(d.leading_digits);
    r->lengths = length_mask(d.lengths);
    std::vector<const char*> typed(kGeneralTag + 1, nullptr);
    for (int t = 0; t < 10; ++t) {
      r->types[t] = compile(d.types[t]);
      r->type_lengths[t] = d.type_lengths[t] ? length_mask(d.type_lengths[t]) : r->lengths;
      typed[t] = d.types[t];
    }
    for (int n = 0; n < 32; ++n) {
      for (int t = 0; t < 10; ++t) {
        if ((r->type_lengths[t] >> n) & 1) r->types_of_length[n] |= static_cast<uint16_t>(1u << t);
      }
    }
    typed[kGeneralTag] = d.general;
    if (d.general) r->typed = DigitRegex(typed);
    slot = std::move(r);
  }
  return *slot;
}

std::vector<Format>& formats(Region& r) {
  if (!r.formats_ready) {
    for (unsigned i = 0; i < r.d->format_count; ++i) {
      const phone_data::FormatData& f = r.d->formats[i];
      r.formats.push_back({&f, compile(f.pattern), compile(f.leading)});
    }
    r.formats_ready = true;
  }
  return r.formats;
}

}  // namespace crm::phone_detail
