/* The kernels as one WASI command: `kernels NAME N [REPEAT]` prints "NAME N CHECKSUM". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel.h"

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: kernels sha256|json|regex|matrix N [REPEAT]\n");
    return 2;
  }
  uint32_t n = (uint32_t)strtoul(argv[2], NULL, 10);
  int repeat = argc > 3 ? atoi(argv[3]) : 1;
  uint32_t (*k)(uint32_t) = strcmp(argv[1], "sha256") == 0 ? kernel_sha256
      : strcmp(argv[1], "json") == 0 ? kernel_json
      : strcmp(argv[1], "regex") == 0 ? kernel_regex
      : strcmp(argv[1], "matrix") == 0 ? kernel_matrix : NULL;
  if (!k) {
    fprintf(stderr, "kernels: unknown kernel %s\n", argv[1]);
    return 2;
  }
  uint32_t cs = 0;
  for (int i = 0; i < repeat; i++) cs = k(n);
  printf("%s %u %u\n", argv[1], n, cs);
  return 0;
}
