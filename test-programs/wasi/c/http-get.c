// wasi:http/outgoing-handler: sends one request and prints the response.
//   http-get SCHEME AUTHORITY PATH [METHOD [BODY]]
// prints the status, the content-type and x-* response headers (sorted), and the body; or the
// error-code the request failed with. The bindings follow the Canonical ABI by hand;
// http-get.wit is the world, embedded by scripts/build-wasi-programs.
// build: -mexec-model=reactor
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#include "reactor.h"

#define TYPES "wasi:http/types@0.2.12"
#define STREAMS "wasi:io/streams@0.2.12"

IMPORT(TYPES, "[constructor]fields") int32_t fields_new(void);
IMPORT(TYPES, "[method]fields.append") void fields_append(int32_t, const char *, int32_t, const char *, int32_t, uint8_t *);
IMPORT(TYPES, "[method]fields.entries") void fields_entries(int32_t, uint8_t *);
IMPORT(TYPES, "[resource-drop]fields") void fields_drop(int32_t);
IMPORT(TYPES, "[constructor]outgoing-request") int32_t request_new(int32_t);
IMPORT(TYPES, "[method]outgoing-request.set-method") int32_t request_set_method(int32_t, int32_t, const char *, int32_t);
IMPORT(TYPES, "[method]outgoing-request.set-scheme") int32_t request_set_scheme(int32_t, int32_t, int32_t, const char *, int32_t);
IMPORT(TYPES, "[method]outgoing-request.set-authority") int32_t request_set_authority(int32_t, int32_t, const char *, int32_t);
IMPORT(TYPES, "[method]outgoing-request.set-path-with-query") int32_t request_set_path(int32_t, int32_t, const char *, int32_t);
IMPORT(TYPES, "[method]outgoing-request.body") void request_body(int32_t, uint8_t *);
IMPORT(TYPES, "[method]outgoing-body.write") void outgoing_body_write(int32_t, uint8_t *);
IMPORT(TYPES, "[static]outgoing-body.finish") void outgoing_body_finish(int32_t, int32_t, int32_t, uint8_t *);
IMPORT(TYPES, "[method]future-incoming-response.subscribe") int32_t future_subscribe(int32_t);
IMPORT(TYPES, "[method]future-incoming-response.get") void future_get(int32_t, uint8_t *);
IMPORT(TYPES, "[resource-drop]future-incoming-response") void future_drop(int32_t);
IMPORT(TYPES, "[method]incoming-response.status") int32_t response_status(int32_t);
IMPORT(TYPES, "[method]incoming-response.headers") int32_t response_headers(int32_t);
IMPORT(TYPES, "[method]incoming-response.consume") void response_consume(int32_t, uint8_t *);
IMPORT(TYPES, "[resource-drop]incoming-response") void response_drop(int32_t);
IMPORT(TYPES, "[method]incoming-body.stream") void incoming_body_stream(int32_t, uint8_t *);
IMPORT(TYPES, "[static]incoming-body.finish") int32_t incoming_body_finish(int32_t);
IMPORT(TYPES, "[resource-drop]future-trailers") void trailers_drop(int32_t);
IMPORT("wasi:http/outgoing-handler@0.2.12", "handle") void outgoing_handle(int32_t, int32_t, int32_t, uint8_t *);
IMPORT("wasi:io/poll@0.2.12", "[method]pollable.block") void pollable_block(int32_t);
IMPORT("wasi:io/poll@0.2.12", "[resource-drop]pollable") void pollable_drop(int32_t);
IMPORT(STREAMS, "[method]input-stream.blocking-read") void blocking_read(int32_t, int64_t, uint8_t *);
IMPORT(STREAMS, "[resource-drop]input-stream") void input_drop(int32_t);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush") void blocking_write(int32_t, const void *, int32_t, uint8_t *);
IMPORT(STREAMS, "[resource-drop]output-stream") void output_drop(int32_t);

static const char *ERRORS[] = {"DNS-timeout", "DNS-error", "destination-not-found", "destination-unavailable",
    "destination-IP-prohibited", "destination-IP-unroutable", "connection-refused", "connection-terminated",
    "connection-timeout", "connection-read-timeout", "connection-write-timeout", "connection-limit-reached",
    "TLS-protocol-error", "TLS-certificate-error", "TLS-alert-received", "HTTP-request-denied",
    "HTTP-request-length-required", "HTTP-request-body-size", "HTTP-request-method-invalid",
    "HTTP-request-URI-invalid", "HTTP-request-URI-too-long", "HTTP-request-header-section-size",
    "HTTP-request-header-size", "HTTP-request-trailer-section-size", "HTTP-request-trailer-size",
    "HTTP-response-incomplete", "HTTP-response-header-section-size", "HTTP-response-header-size",
    "HTTP-response-body-size", "HTTP-response-trailer-section-size", "HTTP-response-trailer-size",
    "HTTP-response-transfer-coding", "HTTP-response-content-coding", "HTTP-response-timeout",
    "HTTP-upgrade-failed", "HTTP-protocol-error", "loop-detected", "configuration-error", "internal-error"};
static const char *METHODS[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};

static int32_t i32_at(const uint8_t *p, int at) { int32_t v; memcpy(&v, p + at, 4); return v; }

struct header { char text[512]; };

static int cmp(const void *a, const void *b) { return strcmp(((const struct header *)a)->text, ((const struct header *)b)->text); }

static int run(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: http-get SCHEME AUTHORITY PATH [METHOD [BODY]]\n");
    return 2;
  }
  uint8_t ret[64] __attribute__((aligned(8)));
  const char *method = argc > 4 ? argv[4] : "GET";
  const char *body = argc > 5 ? argv[5] : NULL;
  int32_t headers = fields_new();
  fields_append(headers, "x-test", 6, "trellis", 7, ret);
  if (body) {
    char len[16];
    int n = snprintf(len, sizeof len, "%zu", strlen(body));
    fields_append(headers, "content-length", 14, len, n, ret);
  }
  int32_t req = request_new(headers);
  int m = -1;
  for (int i = 0; i < 9; i++) if (!strcmp(METHODS[i], method)) m = i;
  int32_t bad = m >= 0 ? request_set_method(req, m, 0, 0) : request_set_method(req, 9, method, strlen(method));
  if (bad) printf("set-method %s: refused\n", method);
  if (!strcmp(argv[1], "http")) bad = request_set_scheme(req, 1, 0, 0, 0);
  else if (!strcmp(argv[1], "https")) bad = request_set_scheme(req, 1, 1, 0, 0);
  else bad = request_set_scheme(req, 1, 2, argv[1], strlen(argv[1]));
  if (bad) printf("set-scheme %s: refused\n", argv[1]);
  if (request_set_authority(req, 1, argv[2], strlen(argv[2]))) printf("set-authority %s: refused\n", argv[2]);
  if (request_set_path(req, 1, argv[3], strlen(argv[3]))) printf("set-path-with-query %s: refused\n", argv[3]);
  int32_t out_body = -1;
  if (body) {
    request_body(req, ret);
    out_body = i32_at(ret, 4);
  }
  outgoing_handle(req, 0, 0, ret);
  if (ret[0]) {
    printf("handle: %s\n", ERRORS[ret[8]]);
    if (out_body >= 0) outgoing_body_finish(out_body, 0, 0, ret);
    return 1;
  }
  int32_t future = i32_at(ret, 8);
  if (body) {
    outgoing_body_write(out_body, ret);
    int32_t stream = i32_at(ret, 4);
    blocking_write(stream, body, strlen(body), ret);
    output_drop(stream);
    outgoing_body_finish(out_body, 0, 0, ret);
    if (ret[0]) printf("finish body: failed\n");
  }
  int32_t p = future_subscribe(future);
  pollable_block(p);
  pollable_drop(p);
  future_get(future, ret);
  future_drop(future);
  if (ret[0] == 0 || ret[8] != 0) {
    printf("get: not ready\n");
    return 1;
  }
  if (ret[16] != 0) {
    printf("response: %s\n", ERRORS[ret[24]]);
    return 1;
  }
  int32_t resp = i32_at(ret, 24);
  printf("status: %d\n", response_status(resp));
  int32_t h = response_headers(resp);
  fields_entries(h, ret);
  uint8_t *list = (uint8_t *)(intptr_t)i32_at(ret, 0);
  int32_t count = i32_at(ret, 4);
  struct header *shown = calloc(count + 1, sizeof(struct header));
  int n = 0;
  for (int32_t i = 0; i < count; i++) {
    const char *name = (const char *)(intptr_t)i32_at(list, i * 16);
    int32_t nlen = i32_at(list, i * 16 + 4);
    const char *value = (const char *)(intptr_t)i32_at(list, i * 16 + 8);
    int32_t vlen = i32_at(list, i * 16 + 12);
    if ((nlen == 12 && !strncmp(name, "content-type", 12)) || (nlen > 2 && !strncmp(name, "x-", 2))) {
      snprintf(shown[n++].text, 512, "%.*s: %.*s", nlen, name, vlen, value);
    }
  }
  qsort(shown, n, sizeof(struct header), cmp);
  for (int i = 0; i < n; i++) printf("%s\n", shown[i].text);
  fields_drop(h);
  response_consume(resp, ret);
  int32_t in_body = i32_at(ret, 4);
  incoming_body_stream(in_body, ret);
  int32_t in = i32_at(ret, 4);
  printf("body: ");
  for (;;) {
    blocking_read(in, 4096, ret);
    if (ret[0]) break;
    fwrite((void *)(intptr_t)i32_at(ret, 4), 1, i32_at(ret, 8), stdout);
  }
  printf("[end]\n");
  input_drop(in);
  trailers_drop(incoming_body_finish(in_body));
  response_drop(resp);
  return 0;
}

extern void __wasm_call_ctors(void);

__attribute__((export_name("_start")))
void start(void) {
  __wasm_call_ctors();
  size_t argc, size;
  if (__wasi_args_sizes_get(&argc, &size) != 0) exit(70);
  char **argv = calloc(argc + 1, sizeof(char *));
  char *buf = malloc(size ? size : 1);
  if (__wasi_args_get((uint8_t **)argv, (uint8_t *)buf) != 0) exit(70);
  exit(run((int)argc, argv));
}
