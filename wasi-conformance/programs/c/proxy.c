/* wasi:http/proxy — a server (incoming-handler) the runner sends requests to. No libc I/O, so
   no preview1 adapter: the component imports only wasi:http and wasi:io. */
#define TRELLIS_NO_START
#include "common.h"

/* A growing text buffer. No snprintf here: wasi-libc's printf core links stderr (for its
   long-double message), which would bring preview1 imports into a component without them. */
typedef struct {
  char *b;
  size_t n, cap;
} buf_t;
static void put_n(buf_t *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    b->cap = (b->n + n + 1) * 2;
    b->b = realloc(b->b, b->cap);
  }
  memcpy(b->b + b->n, s, n);
  b->n += n;
  b->b[b->n] = 0;
}
static void put(buf_t *b, const char *s) {
  put_n(b, s, strlen(s));
}
static void put_u(buf_t *b, unsigned long v) {
  char d[24];
  int i = 24;
  do {
    d[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  put_n(b, d + i, (size_t)(24 - i));
}
/* A NUL-terminated copy of a string in guest memory. */
static char *dup_n(const void *p, size_t n) {
  char *s = malloc(n + 1);
  memcpy(s, p, n);
  s[n] = 0;
  return s;
}

static int append(handle f, const char *name, const char *value) {
  ret_t r;
  fields_append_(f, name, strlen(name), value, strlen(value), &r);
  return r_unit_enum(r);
}
/* The first value of name, or NULL. */
static const char *first(handle f, const char *name) {
  ret_t r;
  fields_get_(f, name, strlen(name), &r);
  if (U32(r, 4) == 0) {
    return NULL;
  }
  uint8_t *v = PTR(r, 0);
  return dup_n((void *)(uintptr_t) * (uint32_t *)v, *(uint32_t *)(v + 4));
}

/* Sends status, headers and body (and trailers, if any) as the response. */
static void respond(handle out, int status, handle headers, const char *body, size_t n, handle trailers) {
  handle resp = outresp_new(headers);
  outresp_set_status_code_(resp, status);
  ret_t r;
  outresp_body_(resp, &r);
  handle ob = I32(r, 4);
  outparam_set_(out, 0, resp, 0, 0, 0, 0, 0, 0);
  if (n > 0) {
    outbody_write_(ob, &r);
    handle s = I32(r, 4);
    out_write_all(s, body, n);
    out_drop(s);
  }
  outbody_finish_(ob, trailers >= 0, trailers >= 0 ? trailers : 0, &r);
}

/* Reads the whole request body; the trailers future is checked too. */
static char *read_body(handle req, size_t *n, const char **trailers) {
  ret_t r;
  inreq_consume_(req, &r);
  *n = 0;
  *trailers = "no body";
  if (U8(r, 0)) {
    return strdup("");
  }
  handle body = I32(r, 4);
  inbody_stream_(body, &r);
  handle in = I32(r, 4);
  int e;
  char *s = in_read_all(in, 1 << 20, n, &e);
  in_drop(in);
  handle ft = inbody_finish(body);
  handle p = ftrailers_subscribe(ft);
  pollable_block(p);
  pollable_drop(p);
  ftrailers_get_(ft, &r);
  *trailers = !U8(r, 0) ? "not ready" : U8(r, 8) ? "taken" : U8(r, 16) ? "error" : U8(r, 24) ? "some" : "none";
  ftrailers_drop(ft);
  return s;
}

static const char *METHODS[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};

typedef struct {
  handle req, out, headers;
  const char *method, *path;
} request_t;

static void r_info(request_t *q) {
  ret_t r;
  buf_t b = {0};
  put(&b, "method: ");
  put(&b, q->method);
  put(&b, "\npath-with-query: ");
  put(&b, q->path);
  inreq_scheme_(q->req, &r);
  put(&b, "\nscheme: ");
  put(&b, !U8(r, 0) ? "none" : U8(r, 4) == 0 ? "HTTP" : U8(r, 4) == 1 ? "HTTPS" : "other");
  inreq_authority_(q->req, &r);
  put(&b, "\nauthority: ");
  put(&b, U8(r, 0) ? "some" : "none");
  const char *x = first(q->headers, "x-test");
  put(&b, "\nx-test: ");
  put(&b, x ? x : "(none)");
  ret_t e;
  fields_append_(q->headers, "x-more", 6, "1", 1, &e);
  put(&b, "\nrequest headers immutable: ");
  put(&b, header_err(r_unit_enum(e)));
  size_t n;
  const char *trailers;
  read_body(q->req, &n, &trailers);
  put(&b, "\nbody: ");
  put_u(&b, n);
  put(&b, " bytes, trailers: ");
  put(&b, trailers);
  inreq_consume_(q->req, &r);
  put(&b, "\nconsume again: ");
  put(&b, U8(r, 0) ? "err" : "ok");
  put(&b, "\n");
  handle rh = fields_new();
  append(rh, "content-type", "text/plain");
  respond(q->out, 200, rh, b.b, b.n, -1);
}

static void r_echo(request_t *q) {
  size_t n;
  const char *trailers;
  char *body = read_body(q->req, &n, &trailers);
  handle rh = fields_new();
  const char *ct = first(q->headers, "content-type");
  append(rh, "content-type", ct ? ct : "application/octet-stream");
  append(rh, "x-echo", "yes");
  respond(q->out, 200, rh, body, n, -1);
}

static void r_status(request_t *q) {
  respond(q->out, atoi(q->path + 8), fields_new(), NULL, 0, -1);
}

static void r_headers(request_t *q) {
  handle rh = fields_new();
  append(rh, "x-one", "1");
  append(rh, "x-multi", "a");
  append(rh, "x-multi", "b");
  respond(q->out, 200, rh, "headers", 7, -1);
}

static void r_trailers(request_t *q) {
  handle t = fields_new();
  append(t, "x-trailer", "yes");
  handle rh = fields_new();
  append(rh, "trailer", "x-trailer");
  respond(q->out, 200, rh, "with trailers", 13, t);
}

static void r_big(request_t *q) {
  size_t n = 256 * 1024;
  char *big = malloc(n);
  for (size_t i = 0; i < n; i++) {
    big[i] = (char)('a' + i % 26);
  }
  respond(q->out, 200, fields_new(), big, n, -1);
}

/* err(internal-error(some("boom"))): the host answers with a server error. */
static void r_error(request_t *q) {
  static const char boom[] = "boom";
  outparam_set_(q->out, 1, 38, 1, (int64_t)(uintptr_t)boom, 4, 0, 0, 0);
}

/* The handler returns without setting the outparam. */
static void r_no_response(request_t *q) {
  outparam_drop(q->out);
}

static void r_trap(request_t *q) {
  __builtin_trap();
}

static void r_not_found(request_t *q) {
  respond(q->out, 404, fields_new(), "not found", 9, -1);
}

static const struct {
  const char *prefix;
  void (*run)(request_t *);
} ROUTES[] = {
    {"/info", r_info},
    {"/echo", r_echo},
    {"/status/", r_status},
    {"/headers", r_headers},
    {"/trailers", r_trailers},
    {"/big", r_big},
    {"/error", r_error},
    {"/no-response", r_no_response},
    {"/trap", r_trap},
    {NULL, r_not_found},
};

__attribute__((export_name("wasi:http/incoming-handler@0.2.12#handle"))) void handle_request(handle req, handle out) {
  ret_t r;
  request_t q = {req, out, -1, NULL, NULL};
  inreq_path_with_query_(req, &r);
  q.path = U8(r, 0) ? dup_n(PTR(r, 4), U32(r, 8)) : "";
  inreq_method_(req, &r);
  q.method = U8(r, 0) < 9 ? METHODS[U8(r, 0)] : dup_n(PTR(r, 4), U32(r, 8));
  q.headers = inreq_headers(req);
  int i = 0;
  while (ROUTES[i].prefix && strncmp(q.path, ROUTES[i].prefix, strlen(ROUTES[i].prefix))) {
    i++;
  }
  ROUTES[i].run(&q);
  fields_drop(q.headers);
  inreq_drop(req);
}
