// MERIDIAN_DCHECK: an invariant checked in debug builds and compiled to nothing in release
// builds (NDEBUG), so that the search's hot loops can state what they rely on at no cost.
// A build with -DMERIDIAN_DCHECK_ALWAYS_ON checks them even with NDEBUG (the property tests'
// checked build, see tests/services/talent/search/CMakeLists.txt).
//
//   MERIDIAN_DCHECK(std::is_sorted(hits.begin(), hits.end(), BySlot), "hits ascend by slot");
#pragma once

#include <cstdio>
#include <cstdlib>

#if !defined(NDEBUG) || defined(MERIDIAN_DCHECK_ALWAYS_ON)
#define MERIDIAN_DCHECK_IS_ON 1
#define MERIDIAN_DCHECK(condition, what)                                                   \
  do {                                                                                     \
    if (!(condition)) {                                                                    \
      std::fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", __FILE__, __LINE__, what, \
                   #condition);                                                            \
      std::abort();                                                                        \
    }                                                                                      \
  } while (false)
#else
#define MERIDIAN_DCHECK_IS_ON 0
#define MERIDIAN_DCHECK(condition, what) \
  do {                                   \
  } while (false && (condition))
#endif
