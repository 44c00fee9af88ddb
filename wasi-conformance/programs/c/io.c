/* wasi:io — streams (every method of input-stream and output-stream), poll and error — on
   file streams of the first preopen and on stdout. */
#include "common.h"

static handle dir;

static handle open_file(const char *path, int oflags, int dflags) {
  handle fd = -1;
  int e = fs_open_at(dir, 0, path, oflags, dflags, &fd);
  CHECK(e == OK, "open %s: %s", path, fs_err(e));
  return fd;
}
static handle reader(handle fd, uint64_t off) {
  ret_t r;
  fs_read_via_stream_(fd, off, &r);
  handle s = -1;
  int e = r_handle_enum(r, &s);
  CHECK(e == OK, "read-via-stream: %s", fs_err(e));
  return s;
}
static handle writer(handle fd, uint64_t off) {
  ret_t r;
  fs_write_via_stream_(fd, off, &r);
  handle s = -1;
  int e = r_handle_enum(r, &s);
  CHECK(e == OK, "write-via-stream: %s", fs_err(e));
  return s;
}

/* check-write, write, flush, blocking-flush, subscribe on an output stream. */
static void c_write(int argc, char **argv) {
  handle fd = open_file("write.cleanup", OF_CREATE | OF_TRUNCATE, DF_READ | DF_WRITE);
  handle out = writer(fd, 0);
  uint64_t room;
  int e = out_check_write(out, &room);
  say("check-write: %s, room>0: %s", st_name(e), room > 0 ? "yes" : "no");
  e = out_write(out, "hello, ", 7);
  say("write: %s", st_name(e));
  e = out_flush(out, false);
  say("flush: %s", st_name(e));
  /* after a flush, the pollable becomes ready once the flush completed */
  handle p = out_subscribe(out);
  pollable_block(p);
  say("subscribe: ready after block: %s", pollable_ready(p) ? "yes" : "no");
  pollable_drop(p);
  e = out_check_write(out, &room);
  say("check-write after flush: %s", st_name(e));
  e = out_write(out, "world", 5);
  say("write: %s", st_name(e));
  e = out_flush(out, true);
  say("blocking-flush: %s", st_name(e));
  e = out_bwf(out, "!\n", 2);
  say("blocking-write-and-flush: %s", st_name(e));
  out_drop(out);
  char *got = fs_get(dir, "write.cleanup");
  say("file: %s", got ? got : "(unreadable)");
  fs_descriptor_drop(fd);
  /* the same bytes on stdout through wasi:cli/stdout */
  fflush(stdout);
  handle so = cli_get_stdout();
  out_write_all(so, "stdout: hello, world!\n", 22);
  out_drop(so);
}

/* write-zeroes and blocking-write-zeroes-and-flush. */
static void c_zeroes(int argc, char **argv) {
  handle fd = open_file("zeroes.cleanup", OF_CREATE | OF_TRUNCATE, DF_READ | DF_WRITE);
  handle out = writer(fd, 0);
  out_bwf(out, "ab", 2);
  int e = out_write_zeroes(out, 3, false);
  say("write-zeroes 3: %s", st_name(e));
  out_flush(out, true);
  out_bwf(out, "cd", 2);
  e = out_write_zeroes(out, 2, true);
  say("blocking-write-zeroes-and-flush 2: %s", st_name(e));
  out_drop(out);
  char *b;
  size_t n;
  bool eof;
  fs_read_at(fd, 100, 0, &b, &n, &eof);
  printf("file (%zu bytes):", n);
  for (size_t i = 0; i < n; i++) {
    printf(" %02x", (unsigned char)b[i]);
  }
  printf("\n");
  fs_descriptor_drop(fd);
}

/* read, blocking-read, skip, blocking-skip, subscribe; the end of a file stream is closed. */
static void c_read(int argc, char **argv) {
  fs_put(dir, "read.cleanup", "0123456789abcdef");
  handle fd = open_file("read.cleanup", 0, DF_READ);
  handle in = reader(fd, 2);
  handle p = in_subscribe(in);
  pollable_block(p);
  say("subscribe: ready: %s", pollable_ready(p) ? "yes" : "no");
  pollable_drop(p);
  char buf[32];
  size_t n;
  /* a non-blocking read returns what is there (the pollable said: something is) */
  int e = in_read(in, 3, buf, &n, false);
  say("read 3: %s, got 1 to 3 bytes: %s", st_name(e), n >= 1 && n <= 3 ? "yes" : "no");
  if (n < 3) {
    size_t m;
    in_read(in, 3 - n, buf + n, &m, true);
    n += m;
  }
  say("first 3: \"%.*s\"", (int)n, buf);
  uint64_t skipped;
  e = in_skip(in, 2, &skipped, false);
  say("skip 2: %s, at most 2: %s", st_name(e), skipped <= 2 ? "yes" : "no");
  if (skipped < 2) {
    uint64_t more;
    in_skip(in, 2 - skipped, &more, true);
  }
  e = in_read(in, 4, buf, &n, true);
  say("blocking-read 4: %s \"%.*s\"", st_name(e), (int)n, buf);
  e = in_skip(in, 100, &skipped, true);
  say("blocking-skip 100: %s %" PRIu64, st_name(e), skipped);
  /* nothing left: a stream that reached its end reports closed */
  e = in_read(in, 4, buf, &n, true);
  say("blocking-read at end: %s", st_name(e));
  e = in_skip(in, 1, &skipped, false);
  say("skip at end: %s", st_name(e));
  /* read of 0 bytes at the start of a fresh stream: empty, not an error */
  handle in2 = reader(fd, 0);
  e = in_read(in2, 0, buf, &n, false);
  say("read 0: %s, %zu bytes", st_name(e), n);
  /* a stream that starts past the end is closed */
  handle in3 = reader(fd, 1000);
  e = in_read(in3, 4, buf, &n, true);
  say("blocking-read past end: %s", st_name(e));
  in_drop(in);
  in_drop(in2);
  in_drop(in3);
  fs_descriptor_drop(fd);
}

/* splice and blocking-splice from a file input stream into a file output stream. */
static void c_splice(int argc, char **argv) {
  fs_put(dir, "splice-src.cleanup", "the quick brown fox");
  handle src = open_file("splice-src.cleanup", 0, DF_READ);
  handle dst = open_file("splice-dst.cleanup", OF_CREATE | OF_TRUNCATE, DF_READ | DF_WRITE);
  handle in = reader(src, 0);
  handle out = writer(dst, 0);
  uint64_t n;
  int e = out_splice(out, in, 4, &n, false);
  say("splice 4: %s, at most 4: %s", st_name(e), n <= 4 ? "yes" : "no");
  out_flush(out, true);
  uint64_t total = n;
  while (total < 19) {
    e = out_splice(out, in, 100, &n, true);
    if (e != ST_OK) {
      break;
    }
    total += n;
  }
  say("blocking-splice: %" PRIu64 " bytes in all", total);
  e = out_splice(out, in, 10, &n, true);
  say("blocking-splice at end: %s", st_name(e));
  out_drop(out);
  in_drop(in);
  char *got = fs_get(dir, "splice-dst.cleanup");
  say("copy: %s", got ? got : "(unreadable)");
  fs_descriptor_drop(src);
  fs_descriptor_drop(dst);
}

/* poll over several pollables: monotonic-clock ones that are (not) yet ready, and a ready
   stream. The result lists the indexes of the ready ones, in order. */
static void c_poll(int argc, char **argv) {
  handle later = mono_subscribe_duration(60ull * 1000000000ull);
  handle now = mono_subscribe_duration(0);
  fs_put(dir, "poll.cleanup", "x");
  handle fd = open_file("poll.cleanup", 0, DF_READ);
  handle in = reader(fd, 0);
  handle ready_stream = in_subscribe(in);
  handle list[3] = {later, now, ready_stream};
  size_t n;
  uint32_t *idx = io_poll(list, 3, &n);
  /* poll returns one or more of the ready ones, not necessarily all: the 60 s timer must not
     be among them */
  bool has[3] = {0};
  for (size_t i = 0; i < n; i++) {
    CHECK(idx[i] < 3, "index %u in range", idx[i]);
    if (idx[i] < 3) {
      has[idx[i]] = true;
    }
    CHECK(i == 0 || idx[i] > idx[i - 1], "indexes in increasing order");
  }
  say("poll [later, now, stream]: %s, later %s", n > 0 ? "some ready" : "none ready", has[0] ? "among them" : "not among them");
  free(idx);
  say("ready: later=%d now=%d", pollable_ready(later), pollable_ready(now));
  /* the same pollable twice */
  handle twice[2] = {now, now};
  idx = io_poll(twice, 2, &n);
  bool in_range = n >= 1 && n <= 2;
  for (size_t i = 0; i < n; i++) {
    in_range &= idx[i] < 2;
  }
  say("poll [now, now]: one or both indexes: %s", in_range ? "yes" : "no");
  free(idx);
  /* block on a short timer */
  handle soon = mono_subscribe_duration(5 * 1000000ull);
  uint64_t t0 = mono_now();
  pollable_block(soon);
  say("block 5ms: waited >= 5ms: %s", mono_now() - t0 >= 5000000ull ? "yes" : "no");
  pollable_drop(soon);
  pollable_drop(later);
  pollable_drop(now);
  pollable_drop(ready_stream);
  in_drop(in);
  fs_descriptor_drop(fd);
}

/* poll of an empty list traps (wasi:io/poll: "This function traps if ... the list is empty"). */
static void c_poll_empty(int argc, char **argv) {
  say("polling nothing");
  fflush(stdout);
  size_t n;
  uint32_t *idx = io_poll(NULL, 0, &n);
  say("poll returned %zu (expected a trap)", n);
  free(idx);
}

/* A stream error that carries an io error: a write far past what a file can hold (at offset
   2^62). The error's debug string is the host's; filesystem-error-code maps it to an
   error-code (file-too-large, or invalid: the spec does not say which). */
static void c_error(int argc, char **argv) {
  handle fd = open_file("error.cleanup", OF_CREATE | OF_TRUNCATE, DF_READ | DF_WRITE);
  ret_t r;
  fs_write_via_stream_(fd, 1ull << 62, &r);
  handle out;
  int e = r_handle_enum(r, &out);
  if (e != OK) {
    say("write-via-stream at 2^62: %s (expected a stream)", fs_err(e));
    fs_descriptor_drop(fd);
    return;
  }
  int se = out_bwf(out, "zz", 2);
  say("write at 2^62: %s", st_name(se));
  if (se >= 0) {
    char *s = io_error_string(se);
    say("to-debug-string non-empty: %s", s[0] ? "yes" : "no");
    fs_filesystem_error_code_(se, &r);
    say("filesystem-error-code: %s", U8(r, 0) ? "some" : "none");
    io_error_drop(se);
  }
  out_drop(out);
  fs_descriptor_drop(fd);
}

static const case_t CASES[] = {
    {"write", c_write},
    {"zeroes", c_zeroes},
    {"read", c_read},
    {"splice", c_splice},
    {"poll", c_poll},
    {"poll-empty", c_poll_empty},
    {"error", c_error},
    {0},
};

int main(int argc, char **argv) {
  dir = fs_root();
  return dispatch(CASES, argc, argv);
}
