// The MinHash inner loop (internal; exposed for its test).
#pragma once

#include <cstdint>
#include <span>

namespace khabar::dedupe::internal {

// mins[i] = min(mins[i], top 32 bits of a[i] * h + b[i] mod 2^64) over every h of `hashes`, for
// i < k. Portable: the plain loop. Chosen: what MinHasher uses (AVX2 when the CPU has it); the
// same bits. Neither allocates; thread-safe.
void MinHashesPortable(const uint64_t* a, const uint64_t* b, int k,
                       std::span<const uint64_t> hashes, uint32_t* mins);
void MinHashesChosen(const uint64_t* a, const uint64_t* b, int k, std::span<const uint64_t> hashes,
                     uint32_t* mins);

}  // namespace khabar::dedupe::internal
