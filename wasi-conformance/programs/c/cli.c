/* wasi:cli — arguments, environment, stdio, exit, terminals — through wasi-libc (the preview1
   adapter) and through the raw 0.2 imports. */
#include "common.h"
#include <unistd.h>

extern char **environ;

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* libc: argv as the adapter hands it over (argv[0] is the runtime's program name). */
static void c_args(int argc, char **argv) {
  say("argc=%d", argc + 2);
  for (int i = 0; i < argc; i++) {
    say("arg[%d]=%s", i + 2, argv[i]);
  }
}

/* libc: the environment, sorted (hosts need not keep the order). */
static void c_env(int argc, char **argv) {
  (void)argc;
  (void)argv;
  size_t n = 0;
  while (environ[n]) {
    n++;
  }
  char **copy = malloc((n + 1) * sizeof *copy);
  memcpy(copy, environ, n * sizeof *copy);
  qsort(copy, n, sizeof *copy, cmp_str);
  say("count=%zu", n);
  for (size_t i = 0; i < n; i++) {
    say("%s", copy[i]);
  }
  const char *v = getenv("NOT_SET_ANYWHERE");
  say("NOT_SET_ANYWHERE=%s", v ? v : "(unset)");
}

/* raw: get-arguments, get-environment, initial-cwd. */
static void c_raw_environment(int argc, char **argv) {
  ret_t r;
  cli_get_arguments_(&r);
  uint32_t n = U32(r, 4);
  uint8_t *list = PTR(r, 0);
  say("get-arguments: %u", n);
  for (uint32_t i = 1; i < n; i++) { /* [0] is the program name: runtime-specific */
    uint8_t *s = list + 8 * i;
    say("  [%u]=%.*s", i, (int)*(uint32_t *)(s + 4), (char *)(uintptr_t) * (uint32_t *)s);
  }
  CHECK((int)n == argc + 2, "libc and raw agree on the argument count");
  for (int i = 0; i < argc && (uint32_t)i + 2 < n; i++) {
    uint8_t *s = list + 8 * (i + 2);
    CHECK(strlen(argv[i]) == *(uint32_t *)(s + 4) && !memcmp(argv[i], (char *)(uintptr_t) * (uint32_t *)s, strlen(argv[i])),
        "argument %d", i);
  }
  cli_get_environment_(&r);
  n = U32(r, 4);
  list = PTR(r, 0);
  char **vars = malloc((n + 1) * sizeof *vars);
  for (uint32_t i = 0; i < n; i++) {
    uint8_t *t = list + 16 * i;
    int kl = (int)*(uint32_t *)(t + 4), vl = (int)*(uint32_t *)(t + 12);
    vars[i] = malloc(kl + vl + 2);
    snprintf(vars[i], kl + vl + 2, "%.*s=%.*s", kl, (char *)(uintptr_t) * (uint32_t *)t, vl,
        (char *)(uintptr_t) * (uint32_t *)(t + 8));
  }
  qsort(vars, n, sizeof *vars, cmp_str);
  say("get-environment: %u", n);
  for (uint32_t i = 0; i < n; i++) {
    say("  %s", vars[i]);
  }
  cli_initial_cwd_(&r);
  if (U8(r, 0)) {
    say("initial-cwd: some(%.*s)", (int)U32(r, 8), (char *)PTR(r, 4));
  } else {
    say("initial-cwd: none");
  }
}

/* libc: stdin to stdout, byte for byte, then a count on stderr. */
static void c_cat(int argc, char **argv) {
  (void)argc;
  (void)argv;
  char buf[4096];
  size_t total = 0;
  ssize_t k;
  while ((k = read(0, buf, sizeof buf)) > 0) {
    fwrite(buf, 1, (size_t)k, stdout);
    total += (size_t)k;
  }
  fflush(stdout);
  fprintf(stderr, "read %zu bytes\n", total);
}

/* libc: writes to stdout and stderr, interleaved and flushed. */
static void c_stdio(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("to stdout\n", stdout);
  fflush(stdout);
  fputs("to stderr\n", stderr);
  fputs("more to stdout\n", stdout);
}

/* libc exit(N): the preview1 adapter turns a non-zero proc_exit into wasi:cli/exit. */
static void c_exit(int argc, char **argv) {
  int code = argc > 0 ? atoi(argv[0]) : 0;
  printf("exiting with %d\n", code);
  fflush(stdout);
  exit(code);
}

/* raw: exit-with-code (0.2.12) with the code given, after output was flushed. */
static void c_exit_with_code(int argc, char **argv) {
  int code = argc > 0 ? atoi(argv[0]) : 0;
  printf("exit-with-code %d\n", code);
  fflush(stdout);
  cli_exit_with_code(code);
}

/* raw: exit(err). */
static void c_exit_err(int argc, char **argv) {
  (void)argc;
  (void)argv;
  say("exit(err)");
  fflush(stdout);
  cli_exit(1);
}

/* raw: the terminals of stdin, stdout and stderr; captured stdio are not terminals. */
static void c_terminal(int argc, char **argv) {
  (void)argc;
  (void)argv;
  ret_t r;
  cli_get_terminal_stdin_(&r);
  say("terminal-stdin: %s", U8(r, 0) ? "some" : "none");
  if (U8(r, 0)) {
    terminal_input_drop(I32(r, 4));
  }
  cli_get_terminal_stdout_(&r);
  say("terminal-stdout: %s", U8(r, 0) ? "some" : "none");
  if (U8(r, 0)) {
    terminal_output_drop(I32(r, 4));
  }
  cli_get_terminal_stderr_(&r);
  say("terminal-stderr: %s", U8(r, 0) ? "some" : "none");
  if (U8(r, 0)) {
    terminal_output_drop(I32(r, 4));
  }
}

/* raw: stdin through input-stream (blocking-read to the end, then closed), stdout and stderr
   through output-stream. */
static void c_raw_stdio(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fflush(stdout);
  handle in = cli_get_stdin();
  size_t n;
  int e;
  char *data = in_read_all(in, 1 << 20, &n, &e);
  handle out = cli_get_stdout();
  handle err = cli_get_stderr();
  char line[128];
  int k = snprintf(line, sizeof line, "stdin: %zu bytes, then %s\n", n, st_name(e));
  CHECK(out_bwf(out, line, (size_t)k) == ST_OK, "write to stdout");
  CHECK(out_write_all(out, data, n) == ST_OK, "echo to stdout");
  CHECK(out_bwf(err, "stderr via output-stream\n", 25) == ST_OK, "write to stderr");
  /* a read after the end stays closed */
  size_t got;
  e = in_read(in, 10, NULL, &got, false);
  k = snprintf(line, sizeof line, "read after end: %s\n", st_name(e));
  out_bwf(out, line, (size_t)k);
  in_drop(in);
  out_drop(out);
  out_drop(err);
}

static const case_t CASES[] = {
    {"args", c_args},
    {"env", c_env},
    {"raw-environment", c_raw_environment},
    {"cat", c_cat},
    {"stdio", c_stdio},
    {"exit", c_exit},
    {"exit-with-code", c_exit_with_code},
    {"exit-err", c_exit_err},
    {"terminal", c_terminal},
    {"raw-stdio", c_raw_stdio},
    {0},
};

int main(int argc, char **argv) {
  return dispatch(CASES, argc, argv);
}
