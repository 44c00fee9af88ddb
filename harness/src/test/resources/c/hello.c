// A WASI command for the adapters' tests: echoes its arguments, one environment variable,
// stdin and a file from a preopened directory, writes a file, and exits with a chosen code.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    printf("arg[%d]=%s\n", i, argv[i]);
  }
  const char *greeting = getenv("GREETING");
  printf("GREETING=%s\n", greeting ? greeting : "(unset)");
  char buf[256];
  size_t n = fread(buf, 1, sizeof buf - 1, stdin);
  buf[n] = 0;
  fprintf(stderr, "stdin=%s\n", buf);
  FILE *in = fopen("/data/input.txt", "r");
  if (in) {
    n = fread(buf, 1, sizeof buf - 1, in);
    buf[n] = 0;
    printf("input.txt=%s\n", buf);
    fclose(in);
  } else {
    printf("input.txt=(unreadable)\n");
  }
  FILE *out = fopen("/data/output.txt", "w");
  printf("write=%s\n", out ? "ok" : "denied");
  if (out) {
    fputs("written by the guest", out);
    fclose(out);
  }
  const char *code = getenv("EXIT_CODE");
  return code ? atoi(code) : 0;
}
