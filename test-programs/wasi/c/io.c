// wasi:io streams and poll: polling stdin with a timeout, large writes that need several
// check-write permits, reads in small chunks, and the end of stdin.
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  struct pollfd p = {.fd = 0, .events = POLLIN};
  int r = poll(&p, 1, 5000);
  printf("poll(stdin): %d, readable: %s\n", r, (p.revents & POLLIN) ? "yes" : "no");
  char chunk[7];
  size_t total = 0;
  unsigned long sum = 0;
  ssize_t n;
  while ((n = read(0, chunk, sizeof chunk)) > 0) {
    for (ssize_t i = 0; i < n; i++) sum = sum * 131 + (unsigned char)chunk[i];
    total += n;
  }
  printf("read %zu bytes in chunks of 7, hash %lu, last read %zd\n", total, sum, n);
  static char big[300000];
  for (size_t i = 0; i < sizeof big; i++) big[i] = 'a' + (i % 26);
  big[sizeof big - 1] = '\n';
  fflush(stdout);
  ssize_t w = write(1, big, sizeof big);
  printf("one write of %zu bytes wrote %zd\n", sizeof big, w);
  fflush(stdout);
  ssize_t e = write(2, "stderr line\n", 12);
  printf("stderr write: %zd\n", e);
  return 0;
}
