// wasi:cli — arguments, environment, stdin, stdout, stderr and the exit code.
//   cli [WORDS...]          echoes its arguments, its sorted environment and stdin (upper-cased)
//   cli exit N              exits with status N after printing
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
  int n = 0;
  while (environ[n]) n++;
  char **env = malloc(sizeof(char *) * (n + 1));
  memcpy(env, environ, sizeof(char *) * n);
  qsort(env, n, sizeof(char *), cmp);
  printf("env=%d\n", n);
  for (int i = 0; i < n; i++) printf("  %s\n", env[i]);
  size_t total = 0;
  unsigned long sum = 0;
  char buf[1000];
  size_t r;
  while ((r = fread(buf, 1, sizeof buf, stdin)) > 0) {
    for (size_t i = 0; i < r; i++) {
      sum = sum * 31 + (unsigned char)buf[i];
      buf[i] = toupper((unsigned char)buf[i]);
    }
    fwrite(buf, 1, r, stdout);
    total += r;
  }
  printf("\nstdin=%zu bytes, hash=%lu\n", total, sum);
  fprintf(stderr, "to stderr: %d args\n", argc - 1);
  if (argc == 3 && strcmp(argv[1], "exit") == 0) {
    fflush(stdout);
    exit(atoi(argv[2]));
  }
  return 0;
}
