// wasi:clocks and wasi:io/poll through the clock: monotonic time, sleeping, wall time.
#include <stdio.h>
#include <time.h>
#include <poll.h>

static long long ns(struct timespec t) { return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
  struct timespec a, b, res, wall;
  clock_getres(CLOCK_MONOTONIC, &res);
  printf("monotonic resolution > 0: %s\n", ns(res) > 0 ? "yes" : "no");
  clock_gettime(CLOCK_MONOTONIC, &a);
  struct timespec d = {0, 20 * 1000000};
  nanosleep(&d, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("nanosleep 20ms waited >= 20ms: %s\n", ns(b) - ns(a) >= 20000000LL ? "yes" : "no");
  clock_gettime(CLOCK_MONOTONIC, &a);
  poll(NULL, 0, 15);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("poll timeout 15ms waited >= 15ms: %s\n", ns(b) - ns(a) >= 15000000LL ? "yes" : "no");
  printf("monotonic never goes back: %s\n", ns(b) >= ns(a) ? "yes" : "no");
  clock_gettime(CLOCK_REALTIME, &wall);
  printf("wall clock after 2023: %s\n", wall.tv_sec > 1672531200 ? "yes" : "no");
  clock_getres(CLOCK_REALTIME, &res);
  printf("wall resolution > 0: %s\n", ns(res) > 0 ? "yes" : "no");
  time_t t = time(NULL);
  printf("time() agrees with the wall clock: %s\n", t - wall.tv_sec < 5 ? "yes" : "no");
  return 0;
}
