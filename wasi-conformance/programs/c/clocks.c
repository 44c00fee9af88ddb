/* wasi:clocks (monotonic-clock, wall-clock) and wasi:random. The unstable timezone is in
   timezone.c: a runtime without it cannot link a program that imports it. */
#include "common.h"
#include <time.h>
#include <unistd.h>

static void c_monotonic(int argc, char **argv) {
  uint64_t a = mono_now();
  uint64_t res = mono_resolution();
  uint64_t b = mono_now();
  say("resolution > 0: %s", res > 0 ? "yes" : "no");
  say("now does not go back: %s", b >= a ? "yes" : "no");
  /* libc's CLOCK_MONOTONIC goes through the adapter to the same clock */
  struct timespec ts;
  say("clock_gettime(MONOTONIC): %s", clock_gettime(CLOCK_MONOTONIC, &ts) == 0 ? "ok" : "error");
  uint64_t c = mono_now();
  say("still not back: %s", c >= b ? "yes" : "no");
}

/* subscribe-duration and subscribe-instant: a pollable for a time that passed is ready at
   once, one for the future only after it. */
static void c_sleep(int argc, char **argv) {
  uint64_t ms = argc > 0 ? (uint64_t)atoi(argv[0]) : 20;
  uint64_t t0 = mono_now();
  handle p = mono_subscribe_duration(ms * 1000000ull);
  say("subscribe-duration %" PRIu64 "ms ready at once: %s", ms, pollable_ready(p) ? "yes" : "no");
  pollable_block(p);
  uint64_t t1 = mono_now();
  say("after block: ready %s, waited >= %" PRIu64 "ms: %s", pollable_ready(p) ? "yes" : "no", ms,
      t1 - t0 >= ms * 1000000ull ? "yes" : "no");
  pollable_drop(p);
  handle past = mono_subscribe_instant(t0);
  say("subscribe-instant in the past ready: %s", pollable_ready(past) ? "yes" : "no");
  pollable_drop(past);
  handle zero = mono_subscribe_duration(0);
  say("subscribe-duration 0 ready: %s", pollable_ready(zero) ? "yes" : "no");
  pollable_drop(zero);
  uint64_t when = mono_now() + ms * 1000000ull;
  handle fut = mono_subscribe_instant(when);
  say("subscribe-instant +%" PRIu64 "ms ready at once: %s", ms, pollable_ready(fut) ? "yes" : "no");
  pollable_block(fut);
  say("after block: now >= instant: %s", mono_now() >= when ? "yes" : "no");
  pollable_drop(fut);
  /* libc's nanosleep (poll_oneoff through the adapter) */
  struct timespec req = {0, 5 * 1000000};
  uint64_t t2 = mono_now();
  nanosleep(&req, NULL);
  say("nanosleep 5ms: waited >= 5ms: %s", mono_now() - t2 >= 5000000ull ? "yes" : "no");
}

static void c_wall(int argc, char **argv) {
  ret_t r;
  wall_now_(&r);
  uint64_t s = U64(r, 0);
  uint32_t ns = U32(r, 8);
  say("now after 2023 and before 2100: %s", s > 1672531200ull && s < 4102444800ull ? "yes" : "no");
  say("nanoseconds < 1e9: %s", ns < 1000000000u ? "yes" : "no");
  wall_resolution_(&r);
  say("resolution > 0 and < 1s+: %s",
      (U64(r, 0) > 0 || U32(r, 8) > 0) && U32(r, 8) < 1000000000u && U64(r, 0) <= 1 ? "yes" : "no");
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  say("libc realtime within 60 s of wall-clock now: %s", (uint64_t)ts.tv_sec + 60 > s && (uint64_t)ts.tv_sec < s + 60 ? "yes" : "no");
}

static int popcount64(uint64_t x) {
  return __builtin_popcountll(x);
}

static void c_random(int argc, char **argv) {
  ret_t r;
  random_bytes_(64, &r);
  uint8_t *b = PTR(r, 0);
  uint32_t n = U32(r, 4);
  int bits = 0;
  for (uint32_t i = 0; i < n; i++) {
    bits += __builtin_popcount(b[i]);
  }
  say("get-random-bytes 64: %u bytes", n);
  /* 512 random bits: 256 +- 8 sigma */
  say("plausibly random (bit count within 8 sigma): %s", bits > 256 - 90 && bits < 256 + 90 ? "yes" : "no");
  random_bytes_(0, &r);
  say("get-random-bytes 0: %u bytes", U32(r, 4));
  random_bytes_(100000, &r);
  say("get-random-bytes 100000: %u bytes", U32(r, 4));
  uint64_t x = random_u64(), y = random_u64();
  say("get-random-u64 twice differ: %s", x != y ? "yes" : "no");
  say("plausibly random u64: %s", popcount64(x) > 4 && popcount64(x) < 60 ? "yes" : "no");
  /* libc's getentropy / arc4random go through random_get */
  uint8_t e[16] = {0};
  say("getentropy: %s", getentropy(e, sizeof e) == 0 ? "ok" : "error");
}

static void c_insecure(int argc, char **argv) {
  ret_t r;
  insecure_bytes_(32, &r);
  say("get-insecure-random-bytes 32: %u bytes", U32(r, 4));
  insecure_bytes_(0, &r);
  say("get-insecure-random-bytes 0: %u bytes", U32(r, 4));
  uint64_t x = insecure_u64(), y = insecure_u64();
  say("get-insecure-random-u64 twice differ: %s", x != y ? "yes" : "no");
  /* any 128-bit value will do ("may even be entirely deterministic") */
  insecure_seed_(&r);
  say("insecure-seed: returned");
}

static const case_t CASES[] = {
    {"monotonic", c_monotonic},
    {"sleep", c_sleep},
    {"wall", c_wall},
    {"random", c_random},
    {"insecure", c_insecure},
    {0},
};

int main(int argc, char **argv) {
  return dispatch(CASES, argc, argv);
}
