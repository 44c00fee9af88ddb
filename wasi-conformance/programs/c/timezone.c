/* wasi:clocks/timezone, @unstable(feature = clocks-timezone): a program of its own, since a
   runtime without the feature cannot even link it. */
#include "common.h"

/* @unstable(feature = clocks-timezone): display and utc-offset of a fixed instant. */
static void c_timezone(int argc, char **argv) {
  /* The host's zone is the host's business: what is checked is that the two functions agree
     and give a plausible answer for a fixed instant. */
  uint64_t when = 1700000000ull;
  ret_t r;
  tz_display_(when, 0, &r);
  int32_t off = I32(r, 0);
  size_t n = U32(r, 8);
  say("display: name non-empty: %s, offset within a day: %s", n > 0 ? "yes" : "no",
      off > -86400 && off < 86400 ? "yes" : "no");
  int32_t off2 = tz_utc_offset(when, 0);
  say("utc-offset equals display's: %s", off2 == off ? "yes" : "no");
  tz_display_(0, 0, &r);
  say("display of the epoch: name non-empty: %s", U32(r, 8) > 0 ? "yes" : "no");
}

static const case_t CASES[] = {
    {"timezone", c_timezone},
    {0},
};

int main(int argc, char **argv) {
  return dispatch(CASES, argc, argv);
}
