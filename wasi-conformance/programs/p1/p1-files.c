/* A plain wasip1 command, as wasi-testsuite ships its C tests (wasm32-wasip1 core modules):
   the fixture of the test that runs a wasi-testsuite-style checkout through the preview1
   adapter. It prints its arguments and a variable, copies a file inside its preopen, and
   exits with the code its first argument names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    printf("arg %d: %s\n", i, argv[i]);
  }
  const char *v = getenv("GREETING");
  printf("GREETING=%s\n", v ? v : "(unset)");
  FILE *in = fopen("fs-tests.dir/input.txt", "r");
  if (!in) {
    printf("input.txt: cannot open\n");
    return 2;
  }
  char buf[128];
  size_t n = fread(buf, 1, sizeof buf, in);
  fclose(in);
  FILE *out = fopen("fs-tests.dir/output.cleanup", "w");
  fwrite(buf, 1, n, out);
  fclose(out);
  printf("copied %zu bytes\n", n);
  return argc > 1 ? atoi(argv[1]) : 0;
}
