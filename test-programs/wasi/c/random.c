// wasi:random: getentropy and arc4random (wasi:random/random through the adapter).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  unsigned char a[256], b[256];
  int ra = getentropy(a, sizeof a);
  int rb = getentropy(b, sizeof b);
  printf("getentropy: %d %d\n", ra, rb);
  int seen[256] = {0}, distinct = 0;
  for (int i = 0; i < 256; i++) if (!seen[a[i]]++) distinct++;
  printf("256 random bytes have > 100 distinct values: %s\n", distinct > 100 ? "yes" : "no");
  printf("two draws differ: %s\n", memcmp(a, b, sizeof a) ? "yes" : "no");
  uint32_t x = arc4random(), y = arc4random();
  printf("arc4random draws differ: %s\n", x != y ? "yes" : "no");
  uint32_t u = arc4random_uniform(10);
  printf("arc4random_uniform(10) < 10: %s\n", u < 10 ? "yes" : "no");
  static unsigned char big[100000];
  arc4random_buf(big, sizeof big);
  long ones = 0;
  for (size_t i = 0; i < sizeof big; i++) ones += __builtin_popcount(big[i]);
  printf("100000 bytes are about half ones: %s\n", ones > 390000 && ones < 410000 ? "yes" : "no");
  return 0;
}
