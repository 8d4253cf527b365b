// parallel_for: the thread pool pattern of the profile (crm::TableProfiler::run), for dedupe's
// keys, blocking, u and comparisons.
#include "dedupe/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <vector>

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define CRM_HAVE_THREADS 0
#else
#define CRM_HAVE_THREADS 1
#include <mutex>
#include <thread>
#endif

namespace crm::dedupe {

size_t dedupe_threads(size_t requested) {
#if CRM_HAVE_THREADS
  if (requested == 0) requested = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  return requested;
#else
  (void)requested;
  return 1;
#endif
}

void parallel_for(size_t n, size_t threads, const std::function<void(size_t)>& task,
                  const std::function<void(size_t)>& done) {
  threads = std::min(threads, n);
#if CRM_HAVE_THREADS
  if (threads > 1) {
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex mu;
    auto work = [&] {
      try {
        for (size_t k; !failed.load() && (k = next.fetch_add(1)) < n;) {
          task(k);
          if (done) {
            const std::lock_guard<std::mutex> lock(mu);
            done(k);
          }
        }
      } catch (...) {
        const std::lock_guard<std::mutex> lock(mu);
        if (!error) error = std::current_exception();
        failed = true;
      }
    };
    std::vector<std::thread> pool;
    try {
      for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    } catch (...) {
      failed = true;  // could not start a thread: the ones started stop, then report
      for (std::thread& t : pool) t.join();
      throw;
    }
    work();
    for (std::thread& t : pool) t.join();
    if (error) std::rethrow_exception(error);
    return;
  }
#endif
  for (size_t k = 0; k < n; ++k) {
    task(k);
    if (done) done(k);
  }
}

}  // namespace crm::dedupe
