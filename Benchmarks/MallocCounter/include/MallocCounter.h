// Counts heap allocations made by this process, for the benchmarks' "allocations per
// message" figure. Linking this target interposes malloc, calloc, realloc and the aligned
// allocators; each forwards to glibc's implementation after counting.
#pragma once
#include <stdint.h>

uint64_t malloc_counter_allocations(void);
