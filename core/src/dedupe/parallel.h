// Work split over threads in the native build (the WebAssembly build runs it on one thread):
// tasks write into slots of their own, so results never depend on which thread ran what.
#pragma once

#include <cstddef>
#include <functional>

namespace crm::dedupe {

/// The threads a dedupe uses for `requested` (0: one per core, at most 4); 1 in WebAssembly.
size_t dedupe_threads(size_t requested);

/// Runs task(k) for every k in [0, n) on up to `threads` threads (each k exactly once, in
/// increasing order of start). `done(k)` is called after task k, under a lock, on whichever
/// thread ran it. After a task throws, no new task starts; the first exception (by the order
/// tasks threw) is rethrown once every thread has stopped.
void parallel_for(size_t n, size_t threads, const std::function<void(size_t)>& task,
                  const std::function<void(size_t)>& done = {});

}  // namespace crm::dedupe
