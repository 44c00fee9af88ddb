/* Trellis bench compute kernels (Sightglass-style): each kernel is a pure function of n that
 * generates its own deterministic input and returns a 32-bit checksum of its work, which the
 * harness checks against an independent Java computation before timing it.
 * Built by scripts/build-workloads; see ../README.md. */
#ifndef TRELLIS_KERNEL_H
#define TRELLIS_KERNEL_H
#include <stdint.h>
#include <stddef.h>

uint32_t kernel_sha256(uint32_t n);
uint32_t kernel_json(uint32_t n);
uint32_t kernel_regex(uint32_t n);
uint32_t kernel_matrix(uint32_t n);

/* The core module of one kernel exports it as `run` (and the component lifts that). */
#ifdef EXPORT_RUN
#define KERNEL_EXPORT(fn) \
  __attribute__((export_name("run"))) uint32_t run(uint32_t n) { return fn(n); }
#else
#define KERNEL_EXPORT(fn)
#endif

/* The shared pseudo-random generator (a 32-bit LCG, Numerical Recipes constants). */
static inline uint32_t lcg_next(uint32_t *s) {
  *s = *s * 1664525u + 1013904223u;
  return *s;
}
#endif
