// A wasi:http/incoming-handler in freestanding C (no libc, so no adapter): answers
//   GET  /anything      200 "hello from trellis: GET /anything\n"
//   POST /anything      200 "hello from trellis: POST /anything, N bytes: BODY\n" (the body echoed)
//   any  /status/NNN    NNN, same text
// with content-type text/plain and x-trellis: yes. Nothing outlives a request, so the allocator
// below never frees (it starts over with each request). The bindings follow the Canonical ABI by hand; http-hello.wit is
// the world, embedded by scripts/build-wasi-programs.
// build: -nostdlib -fno-builtin -Wl,--no-entry
#include <stdint.h>

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define TYPES "wasi:http/types@0.2.12"
#define STREAMS "wasi:io/streams@0.2.12"

// what the compiler may call for copy loops, without libc
void *memcpy(void *dst, const void *src, unsigned long len) {
  for (unsigned long i = 0; i < len; i++) ((uint8_t *)dst)[i] = ((const uint8_t *)src)[i];
  return dst;
}

void *memset(void *dst, int c, unsigned long len) {
  for (unsigned long i = 0; i < len; i++) ((uint8_t *)dst)[i] = (uint8_t)c;
  return dst;
}

static uint8_t heap[64 * 1024];
static uint32_t top;

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *ptr, uint32_t old, uint32_t align, uint32_t size) {
  top = (top + align - 1) & ~(align - 1);
  if (top + size > sizeof heap) __builtin_trap();
  uint8_t *p = heap + top;
  top += size;
  for (uint32_t i = 0; ptr && i < old && i < size; i++) p[i] = ((uint8_t *)ptr)[i];
  return p;
}

IMPORT(TYPES, "[method]incoming-request.method") void request_method(int32_t, uint8_t *);
IMPORT(TYPES, "[method]incoming-request.path-with-query") void request_path(int32_t, uint8_t *);
IMPORT(TYPES, "[method]incoming-request.consume") void request_consume(int32_t, uint8_t *);
IMPORT(TYPES, "[resource-drop]incoming-request") void request_drop(int32_t);
IMPORT(TYPES, "[method]incoming-body.stream") void body_stream(int32_t, uint8_t *);
IMPORT(TYPES, "[static]incoming-body.finish") int32_t body_finish(int32_t);
IMPORT(TYPES, "[resource-drop]future-trailers") void trailers_drop(int32_t);
IMPORT(TYPES, "[constructor]fields") int32_t fields_new(void);
IMPORT(TYPES, "[method]fields.append") void fields_append(int32_t, const char *, int32_t, const char *, int32_t, uint8_t *);
IMPORT(TYPES, "[constructor]outgoing-response") int32_t response_new(int32_t);
IMPORT(TYPES, "[method]outgoing-response.set-status-code") int32_t response_set_status(int32_t, int32_t);
IMPORT(TYPES, "[method]outgoing-response.body") void response_body(int32_t, uint8_t *);
IMPORT(TYPES, "[method]outgoing-body.write") void outgoing_body_write(int32_t, uint8_t *);
IMPORT(TYPES, "[static]outgoing-body.finish") void outgoing_body_finish(int32_t, int32_t, int32_t, uint8_t *);
// set(param, result<outgoing-response, error-code>): the result flattens to 8 values
IMPORT(TYPES, "[static]response-outparam.set")
void outparam_set(int32_t, int32_t, int32_t, int32_t, int64_t, int32_t, int32_t, int32_t, int32_t);
IMPORT(STREAMS, "[method]input-stream.blocking-read") void blocking_read(int32_t, int64_t, uint8_t *);
IMPORT(STREAMS, "[resource-drop]input-stream") void input_drop(int32_t);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush") void blocking_write(int32_t, const uint8_t *, int32_t, uint8_t *);
IMPORT(STREAMS, "[resource-drop]output-stream") void output_drop(int32_t);

static const char *METHODS[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};

static int32_t i32_at(const uint8_t *p, int at) { return *(const int32_t *)(p + at); }

static uint8_t out[20 * 1024];
static int32_t n;

static void put(const char *s, int32_t len) {
  for (int32_t i = 0; i < len && n < (int32_t)sizeof out; i++) out[n++] = s[i];
}

static void puts0(const char *s) {
  int32_t len = 0;
  while (s[len]) len++;
  put(s, len);
}

static void putnum(int32_t v) {
  char d[12];
  int i = 0;
  do { d[i++] = '0' + v % 10; v /= 10; } while (v);
  while (i) put(&d[--i], 1);
}

__attribute__((export_name("wasi:http/incoming-handler@0.2.12#handle")))
void handle(int32_t request, int32_t outparam) {
  // a host may serve every request from one instance (jco does): start afresh
  n = 0;
  top = 0;
  uint8_t ret[16] __attribute__((aligned(8)));
  request_method(request, ret);
  const char *method;
  int32_t mlen;
  if (ret[0] == 9) {
    method = (const char *)(intptr_t)i32_at(ret, 4);
    mlen = i32_at(ret, 8);
  } else {
    method = METHODS[ret[0]];
    mlen = 0;
    while (method[mlen]) mlen++;
  }
  request_path(request, ret);
  const char *path = ret[0] ? (const char *)(intptr_t)i32_at(ret, 4) : "/";
  int32_t plen = ret[0] ? i32_at(ret, 8) : 1;
  int32_t status = 200;
  if (plen == 11 && path[0] == '/' && path[1] == 's' && path[7] == '/') {
    status = (path[8] - '0') * 100 + (path[9] - '0') * 10 + (path[10] - '0');
  }
  puts0("hello from trellis: ");
  put(method, mlen);
  puts0(" ");
  put(path, plen);
  if (mlen == 4 && method[0] == 'P') {  // POST: echo the body
    request_consume(request, ret);
    int32_t body = i32_at(ret, 4);
    body_stream(body, ret);
    int32_t in = i32_at(ret, 4);
    static uint8_t data[16 * 1024];
    int32_t len = 0;
    for (;;) {
      blocking_read(in, sizeof data - len, ret);
      if (ret[0] != 0) break;  // closed (or failed): the end of the body
      uint8_t *chunk = (uint8_t *)(intptr_t)i32_at(ret, 4);
      int32_t clen = i32_at(ret, 8);
      for (int32_t i = 0; i < clen && len < (int32_t)sizeof data; i++) data[len++] = chunk[i];
      if (len == (int32_t)sizeof data) break;
    }
    input_drop(in);
    trailers_drop(body_finish(body));
    puts0(", ");
    putnum(len);
    puts0(" bytes: ");
    put((const char *)data, len);
  }
  puts0("\n");
  request_drop(request);

  int32_t headers = fields_new();
  fields_append(headers, "content-type", 12, "text/plain", 10, ret);
  fields_append(headers, "x-trellis", 9, "yes", 3, ret);
  int32_t response = response_new(headers);
  response_set_status(response, status);
  response_body(response, ret);
  int32_t body = i32_at(ret, 4);
  outparam_set(outparam, 0, response, 0, 0, 0, 0, 0, 0);
  outgoing_body_write(body, ret);
  int32_t stream = i32_at(ret, 4);
  for (int32_t off = 0; off < n; off += 4096) {
    blocking_write(stream, out + off, n - off < 4096 ? n - off : 4096, ret);
  }
  output_drop(stream);
  outgoing_body_finish(body, 0, 0, ret);
}
