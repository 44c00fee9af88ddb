/*
 * What every conformance program shares: the Canonical ABI realloc, names of the WASI error
 * codes (so a transcript says "no-entry", not 20), a few typed wrappers over wasi02.h, and the
 * subtest dispatch (argv[1] names the case; each case prints a transcript the JSON spec
 * compares byte for byte).
 */
#ifndef TRELLIS_COMMON_H
#define TRELLIS_COMMON_H

#include <stdio.h>
#include <stdarg.h>
#include <stdbool.h>
#include <inttypes.h>
#include "wasi02.h"

/*
 * Programs are linked as reactors (-mexec-model=reactor) with this _start for the command
 * adapter to call: in a wasm-ld command every export other than _start is wrapped to run the
 * constructors (and destructors) around it, and cabi_realloc, called by the host in the
 * middle of an import, would then call back into the host ("cannot leave component
 * instance"). As a reactor, _initialize runs the constructors once, before _start.
 */
#ifndef TRELLIS_NO_START
extern int __main_void(void);
__attribute__((export_name("_start"))) void trellis_start(void) {
  int r = __main_void();
  exit(r); /* flushes stdio; exit(0) returns ok from wasi:cli/run */
}
#endif

void *cabi_realloc(void *ptr, size_t old, size_t align, size_t size) {
  (void)old;
  (void)align; /* malloc's alignment (16) covers every Canonical ABI alignment */
  /* A real allocation even for empty lists, so that the program may free() any list. */
  void *r = realloc(ptr, size ? size : 1);
  if (!r) {
    abort();
  }
  return r;
}

/* ---- transcript ---- */
static int failures;

static void say(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
}

/* A check whose failure is printed (and fails the program) but whose success is silent. */
#define CHECK(cond, ...) \
  do { \
    if (!(cond)) { \
      failures++; \
      printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
      printf(__VA_ARGS__); \
      putchar('\n'); \
    } \
  } while (0)

static int finish(void) {
  fflush(stdout);
  return failures ? 1 : 0;
}

/* ---- error-code names ---- */
static const char *FS_ERR[] = {"access", "would-block", "already", "bad-descriptor", "busy", "deadlock", "quota",
    "exist", "file-too-large", "illegal-byte-sequence", "in-progress", "interrupted", "invalid", "io", "is-directory",
    "loop", "too-many-links", "message-size", "name-too-long", "no-device", "no-entry", "no-lock",
    "insufficient-memory", "insufficient-space", "not-directory", "not-empty", "not-recoverable", "unsupported",
    "no-tty", "no-such-device", "overflow", "not-permitted", "pipe", "read-only", "invalid-seek", "text-file-busy",
    "cross-device"};
static const char *NET_ERR[] = {"unknown", "access-denied", "not-supported", "invalid-argument", "out-of-memory",
    "timeout", "concurrency-conflict", "not-in-progress", "would-block", "invalid-state", "new-socket-limit",
    "address-not-bindable", "address-in-use", "remote-unreachable", "connection-refused", "connection-reset",
    "connection-aborted", "datagram-too-large", "name-unresolvable", "temporary-resolver-failure",
    "permanent-resolver-failure"};
static const char *HTTP_ERR[] = {"DNS-timeout", "DNS-error", "destination-not-found", "destination-unavailable",
    "destination-IP-prohibited", "destination-IP-unroutable", "connection-refused", "connection-terminated",
    "connection-timeout", "connection-read-timeout", "connection-write-timeout", "connection-limit-reached",
    "TLS-protocol-error", "TLS-certificate-error", "TLS-alert-received", "HTTP-request-denied",
    "HTTP-request-length-required", "HTTP-request-body-size", "HTTP-request-method-invalid", "HTTP-request-URI-invalid",
    "HTTP-request-URI-too-long", "HTTP-request-header-section-size", "HTTP-request-header-size",
    "HTTP-request-trailer-section-size", "HTTP-request-trailer-size", "HTTP-response-incomplete",
    "HTTP-response-header-section-size", "HTTP-response-header-size", "HTTP-response-body-size",
    "HTTP-response-trailer-section-size", "HTTP-response-trailer-size", "HTTP-response-transfer-coding",
    "HTTP-response-content-coding", "HTTP-response-timeout", "HTTP-upgrade-failed", "HTTP-protocol-error",
    "loop-detected", "configuration-error", "internal-error"};
static const char *HEADER_ERR[] = {"invalid-syntax", "forbidden", "immutable"};
static const char *DTYPE[] = {"unknown", "block-device", "character-device", "directory", "fifo", "symbolic-link",
    "regular-file", "socket"};

static const char *name_of(const char **names, size_t n, int e) {
  if (e == OK) {
    return "ok";
  }
  return e >= 0 && (size_t)e < n ? names[e] : "?";
}
#define fs_err(e) name_of(FS_ERR, sizeof FS_ERR / sizeof *FS_ERR, e)
#define net_err(e) name_of(NET_ERR, sizeof NET_ERR / sizeof *NET_ERR, e)
#define http_err(e) name_of(HTTP_ERR, sizeof HTTP_ERR / sizeof *HTTP_ERR, e)
#define header_err(e) name_of(HEADER_ERR, sizeof HEADER_ERR / sizeof *HEADER_ERR, e)

/* result<_, enum> in a return area: OK or the case. */
static int r_unit_enum(ret_t r) {
  return U8(r, 0) ? U8(r, 1) : OK;
}
/* result<own<T>, enum>: the handle in *h, OK or the case. */
static int r_handle_enum(ret_t r, handle *h) {
  if (U8(r, 0)) {
    return U8(r, 4);
  }
  *h = I32(r, 4);
  return OK;
}

/* ---- io ---- */
/* stream-error: -2 closed, -1 ok, else the io/error handle (>= 0) of last-operation-failed. */
#define ST_OK (-1)
#define ST_CLOSED (-2)
static int st_err(ret_t r, int at) {
  if (!U8(r, 0)) {
    return ST_OK;
  }
  return U8(r, at) == 1 ? ST_CLOSED : I32(r, at + 4);
}
static const char *st_name(int e) {
  return e == ST_OK ? "ok" : e == ST_CLOSED ? "closed" : "last-operation-failed";
}

/* read: up to len bytes into buf (*n); stream-error as above. */
static int in_read(handle s, uint64_t len, void *buf, size_t *n, bool blocking) {
  ret_t r;
  if (blocking) {
    in_blocking_read_(s, (int64_t)len, &r);
  } else {
    in_read_(s, (int64_t)len, &r);
  }
  int e = st_err(r, 4);
  *n = 0;
  if (e == ST_OK) {
    *n = U32(r, 8);
    if (buf) {
      memcpy(buf, PTR(r, 4), *n);
    }
    free(PTR(r, 4));
  }
  return e;
}
static int in_skip(handle s, uint64_t len, uint64_t *n, bool blocking) {
  ret_t r;
  if (blocking) {
    in_blocking_skip_(s, (int64_t)len, &r);
  } else {
    in_skip_(s, (int64_t)len, &r);
  }
  int e = st_err(r, 8);
  *n = e == ST_OK ? U64(r, 8) : 0;
  return e;
}
static int out_check_write(handle s, uint64_t *n) {
  ret_t r;
  out_check_write_(s, &r);
  int e = st_err(r, 8);
  *n = e == ST_OK ? U64(r, 8) : 0;
  return e;
}
static int out_write(handle s, const void *b, size_t n) {
  ret_t r;
  out_write_(s, b, n, &r);
  return st_err(r, 4);
}
static int out_bwf(handle s, const void *b, size_t n) {
  ret_t r;
  out_blocking_write_and_flush_(s, b, n, &r);
  return st_err(r, 4);
}
static int out_flush(handle s, bool blocking) {
  ret_t r;
  if (blocking) {
    out_blocking_flush_(s, &r);
  } else {
    out_flush_(s, &r);
  }
  return st_err(r, 4);
}
static int out_write_zeroes(handle s, uint64_t n, bool blocking) {
  ret_t r;
  if (blocking) {
    out_blocking_write_zeroes_and_flush_(s, (int64_t)n, &r);
  } else {
    out_write_zeroes_(s, (int64_t)n, &r);
  }
  return st_err(r, 4);
}
static int out_splice(handle dst, handle src, uint64_t len, uint64_t *n, bool blocking) {
  ret_t r;
  if (blocking) {
    out_blocking_splice_(dst, src, (int64_t)len, &r);
  } else {
    out_splice_(dst, src, (int64_t)len, &r);
  }
  int e = st_err(r, 8);
  *n = e == ST_OK ? U64(r, 8) : 0;
  return e;
}
/* Waits until a pollable is ready: subscribe, block, drop. The helpers below wait this way
   before every step that may not be ready, even when it already is, so that a run calls the
   same WASI functions every time (the reference engine's record of them is compared with
   each spec's wasi_functions). */
static void wait_on(handle pollable) {
  pollable_block(pollable);
  pollable_drop(pollable);
}

/* Writes everything, waiting for the stream with subscribe and check-write as the spec's
   example does. */
static int out_write_all(handle s, const void *b, size_t n) {
  const uint8_t *p = b;
  while (n > 0) {
    wait_on(out_subscribe(s));
    uint64_t room;
    int e = out_check_write(s, &room);
    if (e != ST_OK) {
      return e;
    }
    if (room == 0) {
      continue;
    }
    size_t k = n < room ? n : (size_t)room;
    e = out_write(s, p, k);
    if (e != ST_OK) {
      return e;
    }
    p += k;
    n -= k;
  }
  return out_flush(s, true);
}
/* Reads until the stream closes (or max bytes); returns the bytes read (malloc'd, NUL-ended). */
static char *in_read_all(handle s, size_t max, size_t *len, int *err) {
  size_t cap = 256, n = 0;
  char *buf = malloc(cap + 1);
  *err = ST_OK;
  while (n < max) {
    size_t got;
    if (cap - n < 4096) {
      cap = cap * 2 + 4096;
      buf = realloc(buf, cap + 1);
    }
    int e = in_read(s, cap - n < max - n ? cap - n : max - n, buf + n, &got, true);
    if (e != ST_OK) {
      *err = e;
      break;
    }
    n += got;
  }
  buf[n] = 0;
  *len = n;
  return buf;
}
static char *io_error_string(handle e) {
  ret_t r;
  io_error_to_debug_string_(e, &r);
  size_t n = U32(r, 4);
  char *s = malloc(n + 1);
  memcpy(s, PTR(r, 0), n);
  s[n] = 0;
  free(PTR(r, 0));
  return s;
}
static uint32_t *io_poll(const handle *ps, size_t n, size_t *count) {
  ret_t r;
  io_poll_(ps, n, &r);
  *count = U32(r, 4);
  return PTR(r, 0);
}

/* ---- filesystem ---- */
typedef struct {
  handle fd;
  char *name;
} preopen_t;
static preopen_t *fs_preopens(size_t *n) {
  ret_t r;
  fs_get_directories_(&r);
  *n = U32(r, 4);
  uint8_t *p = PTR(r, 0);
  preopen_t *out = calloc(*n + 1, sizeof *out);
  for (size_t i = 0; i < *n; i++) {
    uint8_t *e = p + 12 * i;
    out[i].fd = *(int32_t *)e;
    size_t len = *(uint32_t *)(e + 8);
    out[i].name = malloc(len + 1);
    memcpy(out[i].name, (void *)(uintptr_t) * (uint32_t *)(e + 4), len);
    out[i].name[len] = 0;
    free((void *)(uintptr_t) * (uint32_t *)(e + 4));
  }
  free(p);
  return out;
}
/* The first preopen, or -1. */
static handle fs_root(void) {
  size_t n;
  preopen_t *p = fs_preopens(&n);
  return n ? p[0].fd : -1;
}
static int fs_open_at(handle dir, int pflags, const char *path, int oflags, int dflags, handle *fd) {
  ret_t r;
  fs_open_at_(dir, pflags, path, strlen(path), oflags, dflags, &r);
  return r_handle_enum(r, fd);
}
typedef struct {
  int type;
  uint64_t links, size;
  bool has_atime, has_mtime, has_ctime;
  uint64_t atime_s, mtime_s, ctime_s;
  uint32_t atime_ns, mtime_ns, ctime_ns;
} stat_t;
static void stat_from(ret_t *r, stat_t *st) {
  uint8_t *b = r->b + 8;
  st->type = b[0];
  st->links = *(uint64_t *)(b + 8);
  st->size = *(uint64_t *)(b + 16);
  st->has_atime = b[24];
  st->atime_s = *(uint64_t *)(b + 32);
  st->atime_ns = *(uint32_t *)(b + 40);
  st->has_mtime = b[48];
  st->mtime_s = *(uint64_t *)(b + 56);
  st->mtime_ns = *(uint32_t *)(b + 64);
  st->has_ctime = b[72];
  st->ctime_s = *(uint64_t *)(b + 80);
  st->ctime_ns = *(uint32_t *)(b + 88);
}
/* Stat results are 104 bytes: bigger than ret_t. */
typedef struct {
  _Alignas(8) uint8_t b[112];
} bigret_t;
static int fs_stat(handle fd, stat_t *st) {
  bigret_t r;
  fs_stat_(fd, (ret_t *)&r);
  if (r.b[0]) {
    return r.b[8];
  }
  stat_from((ret_t *)&r, st);
  return OK;
}
static int fs_stat_at(handle dir, int pflags, const char *path, stat_t *st) {
  bigret_t r;
  fs_stat_at_(dir, pflags, path, strlen(path), (ret_t *)&r);
  if (r.b[0]) {
    return r.b[8];
  }
  stat_from((ret_t *)&r, st);
  return OK;
}
static int fs_unit(void (*f)(handle, const char *, size_t, ret_t *), handle dir, const char *path) {
  ret_t r;
  f(dir, path, strlen(path), &r);
  return r_unit_enum(r);
}
#define fs_mkdir(d, p) fs_unit(fs_create_directory_at_, d, p)
#define fs_rmdir(d, p) fs_unit(fs_remove_directory_at_, d, p)
#define fs_unlink(d, p) fs_unit(fs_unlink_file_at_, d, p)
static int fs_write_at(handle fd, const void *b, size_t n, uint64_t off, uint64_t *written) {
  ret_t r;
  fs_write_(fd, b, n, off, &r);
  if (U8(r, 0)) {
    return U8(r, 8);
  }
  if (written) {
    *written = U64(r, 8);
  }
  return OK;
}
/* read: the bytes (malloc'd, NUL-ended) in *out, their count in *n, end-of-file in *eof. */
static int fs_read_at(handle fd, uint64_t len, uint64_t off, char **out, size_t *n, bool *eof) {
  ret_t r;
  fs_read_(fd, len, off, &r);
  if (U8(r, 0)) {
    return U8(r, 4);
  }
  *n = U32(r, 8);
  *out = malloc(*n + 1);
  memcpy(*out, PTR(r, 4), *n);
  (*out)[*n] = 0;
  free(PTR(r, 4));
  *eof = U8(r, 12);
  return OK;
}
/* Creates (or truncates) path with contents. */
static int fs_put(handle dir, const char *path, const char *contents) {
  handle fd;
  int e = fs_open_at(dir, 0, path, OF_CREATE | OF_TRUNCATE, DF_READ | DF_WRITE, &fd);
  if (e != OK) {
    return e;
  }
  e = fs_write_at(fd, contents, strlen(contents), 0, NULL);
  fs_descriptor_drop(fd);
  return e;
}
static char *fs_get(handle dir, const char *path) {
  handle fd;
  if (fs_open_at(dir, 0, path, 0, DF_READ, &fd) != OK) {
    return NULL;
  }
  char *out;
  size_t n;
  bool eof;
  int e = fs_read_at(fd, 1 << 20, 0, &out, &n, &eof);
  fs_descriptor_drop(fd);
  return e == OK ? out : NULL;
}

/* ---- sockets ---- */
static sockaddr_t v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port) {
  sockaddr_t s = {0};
  s.port = port;
  s.a4[0] = a;
  s.a4[1] = b;
  s.a4[2] = c;
  s.a4[3] = d;
  return s;
}
static sockaddr_t v6_loopback(uint16_t port) {
  sockaddr_t s = {0};
  s.v6 = 1;
  s.port = port;
  s.a6[7] = 1;
  return s;
}
static void sa_from(const uint8_t *p, sockaddr_t *s) {
  memset(s, 0, sizeof *s);
  s->v6 = p[0];
  if (!s->v6) {
    s->port = *(const uint16_t *)(p + 4);
    memcpy(s->a4, p + 6, 4);
  } else {
    s->port = *(const uint16_t *)(p + 4);
    s->flow = *(const uint32_t *)(p + 8);
    memcpy(s->a6, p + 12, 16);
    s->scope = *(const uint32_t *)(p + 28);
  }
}
static void sa_to(uint8_t *p, const sockaddr_t *s) {
  memset(p, 0, 32);
  p[0] = (uint8_t)s->v6;
  *(uint16_t *)(p + 4) = s->port;
  if (!s->v6) {
    memcpy(p + 6, s->a4, 4);
  } else {
    *(uint32_t *)(p + 8) = s->flow;
    memcpy(p + 12, s->a6, 16);
    *(uint32_t *)(p + 28) = s->scope;
  }
}
static const char *sa_str(const sockaddr_t *s, bool with_port) {
  static char buf[4][96];
  static int k;
  char *b = buf[k++ & 3];
  if (!s->v6) {
    if (with_port) {
      snprintf(b, 96, "%u.%u.%u.%u:%u", s->a4[0], s->a4[1], s->a4[2], s->a4[3], s->port);
    } else {
      snprintf(b, 96, "%u.%u.%u.%u", s->a4[0], s->a4[1], s->a4[2], s->a4[3]);
    }
  } else {
    int n = snprintf(b, 96, "[%x:%x:%x:%x:%x:%x:%x:%x]", s->a6[0], s->a6[1], s->a6[2], s->a6[3], s->a6[4], s->a6[5],
        s->a6[6], s->a6[7]);
    if (with_port) {
      snprintf(b + n, 96 - n, ":%u", s->port);
    }
  }
  return b;
}
/* Parses "a.b.c.d:port". */
static bool sa_parse(const char *s, sockaddr_t *out) {
  unsigned a, b, c, d, port;
  if (!s || sscanf(s, "%u.%u.%u.%u:%u", &a, &b, &c, &d, &port) != 5) {
    return false;
  }
  *out = v4(a, b, c, d, port);
  return true;
}
static int tcp_create(int family, handle *s) {
  ret_t r;
  tcp_create_(family, &r);
  return r_handle_enum(r, s);
}
static int udp_create(int family, handle *s) {
  ret_t r;
  udp_create_(family, &r);
  return r_handle_enum(r, s);
}
#define R_UNIT(call) \
  ({ \
    ret_t r_; \
    call; \
    r_unit_enum(r_); \
  })
/* start-bind then, once its pollable is ready, finish-bind. */
static int tcp_bind(handle s, handle net, sockaddr_t a) {
  int e = R_UNIT(tcp_start_bind_(s, net, SA_FLAT(a), &r_));
  if (e != OK) {
    return e;
  }
  for (;;) {
    wait_on(tcp_subscribe(s));
    e = R_UNIT(tcp_finish_bind_(s, &r_));
    if (e != 8 /* would-block */) {
      return e;
    }
  }
}
static int tcp_listen(handle s) {
  int e = R_UNIT(tcp_start_listen_(s, &r_));
  if (e != OK) {
    return e;
  }
  for (;;) {
    wait_on(tcp_subscribe(s));
    e = R_UNIT(tcp_finish_listen_(s, &r_));
    if (e != 8) {
      return e;
    }
  }
}
static int tcp_connect(handle s, handle net, sockaddr_t a, handle *in, handle *out) {
  int e = R_UNIT(tcp_start_connect_(s, net, SA_FLAT(a), &r_));
  if (e != OK) {
    return e;
  }
  for (;;) {
    wait_on(tcp_subscribe(s));
    ret_t r;
    tcp_finish_connect_(s, &r);
    if (!U8(r, 0)) {
      *in = I32(r, 4);
      *out = I32(r, 8);
      return OK;
    }
    if (U8(r, 4) != 8) {
      return U8(r, 4);
    }
  }
}
static int tcp_accept(handle s, handle *client, handle *in, handle *out) {
  for (;;) {
    wait_on(tcp_subscribe(s));
    ret_t r;
    tcp_accept_(s, &r);
    if (!U8(r, 0)) {
      *client = I32(r, 4);
      *in = I32(r, 8);
      *out = I32(r, 12);
      return OK;
    }
    if (U8(r, 4) != 8) {
      return U8(r, 4);
    }
  }
}
static int tcp_addr(void (*f)(handle, ret_t *), handle s, sockaddr_t *a) {
  ret_t r;
  f(s, &r);
  if (U8(r, 0)) {
    return U8(r, 4);
  }
  sa_from(r.b + 4, a);
  return OK;
}
static int udp_bind(handle s, handle net, sockaddr_t a) {
  int e = R_UNIT(udp_start_bind_(s, net, SA_FLAT(a), &r_));
  if (e != OK) {
    return e;
  }
  for (;;) {
    wait_on(udp_subscribe(s));
    e = R_UNIT(udp_finish_bind_(s, &r_));
    if (e != 8) {
      return e;
    }
  }
}
static int udp_stream(handle s, const sockaddr_t *remote, handle *in, handle *out) {
  ret_t r;
  sockaddr_t none = {0};
  udp_stream_(s, remote != NULL, SA_FLAT(remote ? *remote : none), &r);
  if (U8(r, 0)) {
    return U8(r, 4);
  }
  *in = I32(r, 4);
  *out = I32(r, 8);
  return OK;
}

/* ---- environment ---- */
static const char *env_get(const char *name) {
  return getenv(name);
}

/* ---- dispatch ---- */
typedef struct {
  const char *name;
  void (*run)(int argc, char **argv);
} case_t;

static int dispatch(const case_t *cases, int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s CASE [ARGS...]\n", argv[0]);
    return 2;
  }
  for (const case_t *c = cases; c->name; c++) {
    if (!strcmp(c->name, argv[1])) {
      c->run(argc - 2, argv + 2);
      return finish();
    }
  }
  fprintf(stderr, "%s: no case %s\n", argv[0], argv[1]);
  return 2;
}

#endif
