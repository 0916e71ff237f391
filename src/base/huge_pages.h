// An allocator of memory the kernel is asked to back with 2 MiB pages, for the per-thread word
// caches of the linker (src/kb/linker.cc) and the tagger (src/ner/features.cc): tens of megabytes
// read at random places, one entry per token; with 4 KiB pages nearly every such read also misses
// the TLB.
//
//   thread_local std::vector<Entry, HugePageAllocator<Entry>> cache(1 << 16);
//
// Allocations are rounded up to whole 2 MiB pages: meant for a few large arrays, not for many
// small ones. Without transparent huge pages (or when the advice is refused) it is plain memory.
// Stateless; any instance frees what another allocated. PrefetchObject (below) fetches an entry
// ahead of its use.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>

namespace khabar {

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(size_t n) {
    constexpr size_t kHugePage = size_t{2} << 20;
    const size_t bytes = (n * sizeof(T) + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, bytes == 0 ? kHugePage : bytes);
    if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    madvise(p, bytes, MADV_HUGEPAGE);  // advice only: nothing to do when it is refused
#endif
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t) { std::free(p); }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

// Asks the CPU to fetch every cache line of `x` (an entry of such a cache, read a few tokens
// later): a hint, with no effect on results.
template <typename T>
inline void PrefetchObject(const T& x) {
  const char* p = reinterpret_cast<const char*>(&x);
  for (size_t b = 0; b < sizeof(T); b += 64) __builtin_prefetch(p + b);
  __builtin_prefetch(p + sizeof(T) - 1);  // the last line, when x does not start one
}

}  // namespace khabar
