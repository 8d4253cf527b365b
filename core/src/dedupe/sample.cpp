// u from random pairs (Splink's estimate_u_using_random_sampling), with the pairs drawn in one
// fixed sequence and compared in chunks on several threads natively: the level counts are whole
// numbers added up per chunk, so the result is the same bytes on any number of threads and in
// WebAssembly.
#include <algorithm>
#include <atomic>

#include "crm/random.h"

#include "dedupe/internal.h"
#include "dedupe/parallel.h"

namespace crm::dedupe {
namespace {

/// Pairs compared per task (a few tens of milliseconds on one core).
constexpr size_t kChunk = 8192;

}  // namespace

void estimate_u_sampled(DedupeModel& model, const std::vector<FieldKeys>& keys, size_t rows_a,
                        size_t rows_b, bool link, uint64_t samples, uint64_t seed, size_t threads,
                        const ProgressFn& progress, CancelFlag cancel) {
  const size_t nf = model.fields.size();
  const uint64_t na = rows_a, nb = link ? rows_b : rows_a;
  const uint64_t all = link ? na * nb : na * (na ? na - 1 : 0) / 2;
  // The pairs: all of them in order when there are few, else `samples` drawn by splitmix64
  // (crm/random.h: the same sequence natively and in WebAssembly).
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  if (all <= samples) {
    pairs.reserve(static_cast<size_t>(all));
    for (uint32_t i = 0; i < na; ++i) {
      if (link) {
        for (uint32_t j = 0; j < nb; ++j) pairs.emplace_back(i, static_cast<uint32_t>(rows_a + j));
      } else {
        for (uint32_t j = i + 1; j < na; ++j) pairs.emplace_back(i, j);
      }
    }
  } else {
    pairs.reserve(static_cast<size_t>(samples));
    uint64_t state = seed ^ 0xD1B54A32D192ED03ull;
    while (pairs.size() < samples) {
      const uint64_t x = splitmix64(state);
      uint32_t i = static_cast<uint32_t>((x >> 32) % na);
      uint32_t j = static_cast<uint32_t>((x & 0xFFFFFFFFu) % nb);
      if (link) {
        j = static_cast<uint32_t>(rows_a + j);
      } else if (i == j) {
        continue;
      }
      pairs.emplace_back(i, j);
      if ((pairs.size() & 65535) == 0) check_cancel(cancel);
    }
  }
  // Level counts per chunk (whole numbers), added up in chunk order.
  const size_t chunks = (pairs.size() + kChunk - 1) / kChunk;
  std::vector<uint64_t> counts(chunks * nf * kMaxLevels, 0);
  uint64_t reported = 0;
  parallel_for(
      chunks, threads,
      [&](size_t c) {
        uint64_t* n = counts.data() + c * nf * kMaxLevels;
        const size_t end = std::min(pairs.size(), (c + 1) * kChunk);
        for (size_t k = c * kChunk; k < end; ++k) {
          if ((k & 1023) == 0) check_cancel(cancel);
          for (size_t f = 0; f < nf; ++f)
            ++n[f * kMaxLevels + compare_level(keys, model, f, pairs[k].first, pairs[k].second)];
        }
      },
      [&](size_t c) {
        reported += std::min(pairs.size(), (c + 1) * kChunk) - c * kChunk;
        if (progress) progress(Progress{"u", reported, pairs.size(), rows_a + rows_b});
      });
  for (size_t f = 0; f < nf; ++f) {
    const size_t levels = compare_levels(keys[f].kind).size();
    std::vector<double> sum(levels, 0);
    for (size_t c = 0; c < chunks; ++c)
      for (size_t l = 0; l < levels; ++l)
        sum[l] += static_cast<double>(counts[(c * nf + f) * kMaxLevels + l]);
    double total = 0;
    for (size_t l = 1; l < levels; ++l) total += sum[l] + 0.5;
    CompareField& cf = model.fields[f];
    cf.u.assign(levels, 0);
    for (size_t l = 1; l < levels; ++l) cf.u[l] = (sum[l] + 0.5) / total;
  }
}

}  // namespace crm::dedupe
