// wasi:sockets on loopback, through the WASI 0.2 imports themselves (the preview1 adapter has
// no sockets): TCP listen/connect/accept and a ping-pong over the streams, a UDP round trip,
// and name lookup. The bindings below follow the Canonical ABI by hand (sockets.wit is the
// world; scripts/build-wasi-programs embeds it with jco embed).
//   sockets            everything, on 127.0.0.1 (needs the network and name lookup granted)
//   sockets denied     what each operation answers when nothing is granted
// build: -mexec-model=reactor
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#include "reactor.h"

#define TCP "wasi:sockets/tcp@0.2.12"
#define UDP "wasi:sockets/udp@0.2.12"
#define LOOKUP "wasi:sockets/ip-name-lookup@0.2.12"
#define IO_POLL "wasi:io/poll@0.2.12"
#define IO_STREAMS "wasi:io/streams@0.2.12"

IMPORT("wasi:sockets/instance-network@0.2.12", "instance-network") int32_t instance_network(void);
IMPORT("wasi:sockets/tcp-create-socket@0.2.12", "create-tcp-socket") void create_tcp_socket(int32_t family, uint8_t *ret);
IMPORT("wasi:sockets/udp-create-socket@0.2.12", "create-udp-socket") void create_udp_socket(int32_t family, uint8_t *ret);
// an ip-socket-address flattens to a discriminant and 11 i32s (the ipv6 case; ipv4 uses 5)
#define ADDR_PARAMS int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t
IMPORT(TCP, "[method]tcp-socket.start-bind") void tcp_start_bind(int32_t, int32_t, ADDR_PARAMS, uint8_t *);
IMPORT(TCP, "[method]tcp-socket.finish-bind") void tcp_finish_bind(int32_t, uint8_t *);
IMPORT(TCP, "[method]tcp-socket.start-connect") void tcp_start_connect(int32_t, int32_t, ADDR_PARAMS, uint8_t *);
IMPORT(TCP, "[method]tcp-socket.finish-connect") void tcp_finish_connect(int32_t, uint8_t *);
IMPORT(TCP, "[method]tcp-socket.start-listen") void tcp_start_listen(int32_t, uint8_t *);
IMPORT(TCP, "[method]tcp-socket.finish-listen") void tcp_finish_listen(int32_t, uint8_t *);
IMPORT(TCP, "[method]tcp-socket.accept") void tcp_accept(int32_t, uint8_t *);
IMPORT(TCP, "[method]tcp-socket.local-address") void tcp_local_address(int32_t, uint8_t *);
IMPORT(TCP, "[method]tcp-socket.remote-address") void tcp_remote_address(int32_t, uint8_t *);
IMPORT(TCP, "[method]tcp-socket.subscribe") int32_t tcp_subscribe(int32_t);
IMPORT(TCP, "[method]tcp-socket.is-listening") int32_t tcp_is_listening(int32_t);
IMPORT(TCP, "[method]tcp-socket.shutdown") void tcp_shutdown(int32_t, int32_t, uint8_t *);
IMPORT(TCP, "[resource-drop]tcp-socket") void tcp_drop(int32_t);
IMPORT(UDP, "[method]udp-socket.start-bind") void udp_start_bind(int32_t, int32_t, ADDR_PARAMS, uint8_t *);
IMPORT(UDP, "[method]udp-socket.finish-bind") void udp_finish_bind(int32_t, uint8_t *);
IMPORT(UDP, "[method]udp-socket.local-address") void udp_local_address(int32_t, uint8_t *);
// stream(remote-address: option<ip-socket-address>): option discriminant, then the address
IMPORT(UDP, "[method]udp-socket.stream") void udp_stream(int32_t, int32_t, ADDR_PARAMS, uint8_t *);
IMPORT(UDP, "[method]incoming-datagram-stream.receive") void udp_receive(int32_t, int64_t, uint8_t *);
IMPORT(UDP, "[method]incoming-datagram-stream.subscribe") int32_t udp_in_subscribe(int32_t);
IMPORT(UDP, "[method]outgoing-datagram-stream.check-send") void udp_check_send(int32_t, uint8_t *);
IMPORT(UDP, "[method]outgoing-datagram-stream.send") void udp_send(int32_t, uint8_t *, int32_t, uint8_t *);
IMPORT(UDP, "[resource-drop]udp-socket") void udp_drop(int32_t);
IMPORT(UDP, "[resource-drop]incoming-datagram-stream") void udp_in_drop(int32_t);
IMPORT(UDP, "[resource-drop]outgoing-datagram-stream") void udp_out_drop(int32_t);
IMPORT(LOOKUP, "resolve-addresses") void resolve_addresses(int32_t, const char *, int32_t, uint8_t *);
IMPORT(LOOKUP, "[method]resolve-address-stream.resolve-next-address") void resolve_next(int32_t, uint8_t *);
IMPORT(LOOKUP, "[method]resolve-address-stream.subscribe") int32_t resolve_subscribe(int32_t);
IMPORT(LOOKUP, "[resource-drop]resolve-address-stream") void resolve_drop(int32_t);
IMPORT(IO_POLL, "[method]pollable.block") void pollable_block(int32_t);
IMPORT(IO_POLL, "[resource-drop]pollable") void pollable_drop(int32_t);
IMPORT(IO_STREAMS, "[method]input-stream.blocking-read") void blocking_read(int32_t, int64_t, uint8_t *);
IMPORT(IO_STREAMS, "[method]output-stream.blocking-write-and-flush") void blocking_write(int32_t, const void *, int32_t, uint8_t *);
IMPORT(IO_STREAMS, "[resource-drop]input-stream") void input_drop(int32_t);
IMPORT(IO_STREAMS, "[resource-drop]output-stream") void output_drop(int32_t);

static const char *ERRORS[] = {"unknown", "access-denied", "not-supported", "invalid-argument", "out-of-memory",
    "timeout", "concurrency-conflict", "not-in-progress", "would-block", "invalid-state", "new-socket-limit",
    "address-not-bindable", "address-in-use", "remote-unreachable", "connection-refused", "connection-reset",
    "connection-aborted", "datagram-too-large", "name-unresolvable", "temporary-resolver-failure",
    "permanent-resolver-failure"};

// a result's discriminant is byte 0; an error-code payload sits at `at`
static const char *outcome(const uint8_t *ret, int at) { return ret[0] == 0 ? "ok" : ERRORS[ret[at]]; }
static int32_t i32_at(const uint8_t *p, int at) { int32_t v; memcpy(&v, p + at, 4); return v; }
static uint16_t u16_at(const uint8_t *p, int at) { uint16_t v; memcpy(&v, p + at, 2); return v; }

static void wait_on(int32_t pollable) {
  pollable_block(pollable);
  pollable_drop(pollable);
}

#define V4(a, b, c, d, port) 0, port, a, b, c, d, 0, 0, 0, 0, 0, 0

static int32_t tcp_socket(void) {
  uint8_t ret[8];
  create_tcp_socket(0, ret);
  if (ret[0]) { printf("create-tcp-socket: %s\n", ERRORS[ret[4]]); exit(1); }
  return i32_at(ret, 4);
}

static int32_t udp_socket(void) {
  uint8_t ret[8];
  create_udp_socket(0, ret);
  if (ret[0]) { printf("create-udp-socket: %s\n", ERRORS[ret[4]]); exit(1); }
  return i32_at(ret, 4);
}

static void write_all(int32_t out, const char *s) {
  uint8_t ret[12];
  blocking_write(out, s, strlen(s), ret);
  if (ret[0]) printf("write failed\n");
}

static void read_some(int32_t in, const char *who) {
  uint8_t ret[12];
  blocking_read(in, 100, ret);
  if (ret[0]) { printf("%s read: %s\n", who, ret[4] == 1 ? "closed" : "failed"); return; }
  uint8_t *data = (uint8_t *)(intptr_t)i32_at(ret, 4);
  int32_t len = i32_at(ret, 8);
  printf("%s read %d bytes: \"%.*s\"\n", who, len, len, data);
  free(data);
}

static void denied(int32_t net) {
  uint8_t ret[40];
  int32_t s = tcp_socket();
  tcp_start_bind(s, net, V4(127, 0, 0, 1, 0), ret);
  printf("tcp bind 127.0.0.1:0: %s\n", outcome(ret, 1));
  tcp_start_connect(s, net, V4(127, 0, 0, 1, 9), ret);
  printf("tcp connect 127.0.0.1:9: %s\n", outcome(ret, 1));
  tcp_start_listen(s, ret);
  printf("tcp listen unbound: %s\n", outcome(ret, 1));
  tcp_drop(s);
  int32_t u = udp_socket();
  udp_start_bind(u, net, V4(127, 0, 0, 1, 0), ret);
  printf("udp bind 127.0.0.1:0: %s\n", outcome(ret, 1));
  udp_drop(u);
  resolve_addresses(net, "localhost", 9, ret);
  printf("resolve localhost: %s\n", outcome(ret, 4));
  if (ret[0] == 0) resolve_drop(i32_at(ret, 4));
}

extern void __wasm_call_ctors(void);
extern int __main_argc_argv(int argc, char **argv);

__attribute__((export_name("_start")))
void start(void) {
  __wasm_call_ctors();
  // the arguments, as a command's _start would find them
  size_t argc, size;
  if (__wasi_args_sizes_get(&argc, &size) != 0) exit(70);
  char **argv = calloc(argc + 1, sizeof(char *));
  char *buf = malloc(size ? size : 1);
  if (__wasi_args_get((uint8_t **)argv, (uint8_t *)buf) != 0) exit(70);
  exit(__main_argc_argv((int)argc, argv));
}

int main(int argc, char **argv) {
  int32_t net = instance_network();
  if (argc > 1 && !strcmp(argv[1], "denied")) {
    denied(net);
    return 0;
  }
  uint8_t ret[40];
  // TCP: a listener on an ephemeral loopback port
  int32_t listener = tcp_socket();
  tcp_start_bind(listener, net, V4(127, 0, 0, 1, 0), ret);
  printf("tcp start-bind: %s\n", outcome(ret, 1));
  tcp_finish_bind(listener, ret);
  printf("tcp finish-bind: %s\n", outcome(ret, 1));
  tcp_local_address(listener, ret);
  uint16_t port = u16_at(ret, 8);
  printf("bound to %d.%d.%d.%d, port %s\n", ret[10], ret[11], ret[12], ret[13], port ? "chosen" : "0?");
  tcp_start_listen(listener, ret);
  printf("tcp start-listen: %s\n", outcome(ret, 1));
  tcp_finish_listen(listener, ret);
  printf("tcp finish-listen: %s, listening: %d\n", outcome(ret, 1), tcp_is_listening(listener));
  tcp_accept(listener, ret);
  printf("accept before a client: %s\n", outcome(ret, 4));
  // a client connects
  int32_t client = tcp_socket();
  tcp_start_connect(client, net, V4(127, 0, 0, 1, port), ret);
  printf("tcp start-connect: %s\n", outcome(ret, 1));
  wait_on(tcp_subscribe(client));
  tcp_finish_connect(client, ret);
  printf("tcp finish-connect: %s\n", outcome(ret, 4));
  int32_t cin = i32_at(ret, 4), cout = i32_at(ret, 8);
  wait_on(tcp_subscribe(listener));
  tcp_accept(listener, ret);
  printf("accept: %s\n", outcome(ret, 4));
  int32_t conn = i32_at(ret, 4), sin = i32_at(ret, 8), sout = i32_at(ret, 12);
  tcp_remote_address(conn, ret);
  printf("peer is %d.%d.%d.%d\n", ret[10], ret[11], ret[12], ret[13]);
  write_all(cout, "ping");
  read_some(sin, "server");
  write_all(sout, "pong");
  read_some(cin, "client");
  tcp_shutdown(client, 1, ret);  // send
  printf("client shutdown send: %s\n", outcome(ret, 1));
  read_some(sin, "server");
  input_drop(cin); output_drop(cout); input_drop(sin); output_drop(sout);
  tcp_drop(conn); tcp_drop(client); tcp_drop(listener);
  // UDP: a datagram from one socket to another
  int32_t u1 = udp_socket(), u2 = udp_socket();
  udp_start_bind(u1, net, V4(127, 0, 0, 1, 0), ret);
  udp_finish_bind(u1, ret);
  printf("udp bind: %s\n", outcome(ret, 1));
  udp_local_address(u1, ret);
  uint16_t uport = u16_at(ret, 8);
  udp_start_bind(u2, net, V4(127, 0, 0, 1, 0), ret);
  udp_finish_bind(u2, ret);
  udp_stream(u1, 0, V4(0, 0, 0, 0, 0), ret);
  printf("udp stream (unconnected): %s\n", outcome(ret, 4));
  int32_t in1 = i32_at(ret, 4), out1 = i32_at(ret, 8);
  udp_stream(u2, 1, 0, uport, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, ret);
  printf("udp stream (connected): %s\n", outcome(ret, 4));
  int32_t in2 = i32_at(ret, 4), out2 = i32_at(ret, 8);
  udp_check_send(out2, ret);
  printf("check-send: %s, permits some: %s\n", outcome(ret, 8), ret[0] == 0 && ret[8] > 0 ? "yes" : "no");
  uint8_t dgram[44] = {0};
  const char *msg = "hello udp";
  int32_t ptr = (int32_t)(intptr_t)msg, len = strlen(msg);
  memcpy(dgram, &ptr, 4);
  memcpy(dgram + 4, &len, 4);  // remote-address: none (the stream is connected)
  udp_send(out2, dgram, 1, ret);
  printf("send: %s, sent %d\n", outcome(ret, 8), ret[0] == 0 ? i32_at(ret, 8) : -1);
  wait_on(udp_in_subscribe(in1));
  udp_receive(in1, 10, ret);
  if (ret[0] == 0 && i32_at(ret, 8) == 1) {
    uint8_t *d = (uint8_t *)(intptr_t)i32_at(ret, 4);
    uint8_t *data = (uint8_t *)(intptr_t)i32_at(d, 0);
    int32_t dlen = i32_at(d, 4);
    printf("received \"%.*s\" from %d.%d.%d.%d\n", dlen, data, d[14], d[15], d[16], d[17]);
  } else {
    printf("receive: %s, %d datagrams\n", outcome(ret, 4), ret[0] == 0 ? i32_at(ret, 8) : -1);
  }
  udp_in_drop(in1); udp_out_drop(out1); udp_in_drop(in2); udp_out_drop(out2);
  udp_drop(u1); udp_drop(u2);
  // name lookup
  resolve_addresses(net, "localhost", 9, ret);
  printf("resolve localhost: %s\n", outcome(ret, 4));
  if (ret[0] == 0) {
    int32_t stream = i32_at(ret, 4);
    wait_on(resolve_subscribe(stream));
    int found = 0, n = 0;
    for (;;) {
      resolve_next(stream, ret);
      if (ret[0] != 0 || ret[2] == 0) break;
      n++;
      if (ret[4] == 0 && ret[6] == 127 && ret[7] == 0 && ret[8] == 0 && ret[9] == 1) found = 1;
    }
    printf("localhost resolves to 127.0.0.1: %s\n", found && n > 0 ? "yes" : "no");
    resolve_drop(stream);
  }
  resolve_addresses(net, "not a host name!", 16, ret);
  printf("resolve \"not a host name!\": %s\n", outcome(ret, 4));
  return 0;
}
