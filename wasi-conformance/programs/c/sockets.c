/* wasi:sockets — network, instance-network, tcp, tcp-create-socket, udp, udp-create-socket,
   ip-name-lookup — on loopback, and what a guest without a network grant gets. */
#include "common.h"

#define E_ACCESS_DENIED 1
#define E_INVALID_ARGUMENT 3
#define E_WOULD_BLOCK 8
#define E_INVALID_STATE 9

static handle net;

/* A socket, or the end of the program: what follows needs one. */
static handle need_tcp(int family) {
  handle s;
  int e = tcp_create(family, &s);
  if (e != OK) {
    say("create-tcp-socket: %s", net_err(e));
    exit(1);
  }
  return s;
}
static handle need_udp(int family) {
  handle s;
  int e = udp_create(family, &s);
  if (e != OK) {
    say("create-udp-socket: %s", net_err(e));
    exit(1);
  }
  return s;
}

static void show(const char *what, int e) {
  say("%s: %s", what, net_err(e));
}

/* Reads exactly n bytes (or up to the end) from a stream. */
static size_t read_n(handle in, char *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    size_t k;
    if (in_read(in, n - got, buf + got, &k, true) != ST_OK) {
      break;
    }
    got += k;
  }
  return got;
}

/* A listening socket on 127.0.0.1 (port 0: any), its address in *addr. */
static handle listener(sockaddr_t *addr, int family) {
  handle s;
  int e = tcp_create(family, &s);
  CHECK(e == OK, "create-tcp-socket: %s", net_err(e));
  e = tcp_bind(s, net, family ? v6_loopback(0) : v4(127, 0, 0, 1, 0));
  CHECK(e == OK, "bind: %s", net_err(e));
  e = tcp_listen(s);
  CHECK(e == OK, "listen: %s", net_err(e));
  tcp_addr(tcp_local_address_, s, addr);
  return s;
}

/* The whole life of a TCP connection on loopback (IPv4, or IPv6 with argument "6"). */
static void c_tcp(int argc, char **argv) {
  int family = argc > 0 && !strcmp(argv[0], "6");
  handle srv;
  srv = need_tcp(family);
  say("create-tcp-socket: ok");
  say("address-family: %s", tcp_address_family(srv) ? "ipv6" : "ipv4");
  say("is-listening before listen: %d", tcp_is_listening(srv));
  sockaddr_t any = family ? v6_loopback(0) : v4(127, 0, 0, 1, 0);
  int e = R_UNIT(tcp_start_bind_(srv, net, SA_FLAT(any), &r_));
  show("start-bind loopback:0", e);
  handle p = tcp_subscribe(srv);
  pollable_block(p);
  pollable_drop(p);
  show("finish-bind", R_UNIT(tcp_finish_bind_(srv, &r_)));
  sockaddr_t la;
  show("local-address", tcp_addr(tcp_local_address_, srv, &la));
  say("  loopback, port assigned: %s", la.port != 0 && la.v6 == family ? "yes" : "no");
  show("start-listen", R_UNIT(tcp_start_listen_(srv, &r_)));
  p = tcp_subscribe(srv);
  pollable_block(p);
  pollable_drop(p);
  show("finish-listen", R_UNIT(tcp_finish_listen_(srv, &r_)));
  say("is-listening: %d", tcp_is_listening(srv));

  handle cli, cin, cout;
  cli = need_tcp(family);
  show("start-connect", R_UNIT(tcp_start_connect_(cli, net, SA_FLAT(la), &r_)));
  p = tcp_subscribe(cli);
  pollable_block(p);
  pollable_drop(p);
  ret_t r;
  tcp_finish_connect_(cli, &r);
  e = U8(r, 0) ? U8(r, 4) : OK;
  show("finish-connect", e);
  cin = I32(r, 4);
  cout = I32(r, 8);

  handle conn, sin, sout;
  show("accept", tcp_accept(srv, &conn, &sin, &sout));
  sockaddr_t cl, cr, sl, sr;
  tcp_addr(tcp_local_address_, cli, &cl);
  tcp_addr(tcp_remote_address_, cli, &cr);
  tcp_addr(tcp_local_address_, conn, &sl);
  show("remote-address of the accepted socket", tcp_addr(tcp_remote_address_, conn, &sr));
  say("  ends agree: %s", cr.port == la.port && sr.port == cl.port && sl.port == la.port ? "yes" : "no");
  say("accepted address-family: %s, is-listening: %d", tcp_address_family(conn) ? "ipv6" : "ipv4",
      tcp_is_listening(conn));

  const char *msg = "ping over tcp";
  say("client write: %s", st_name(out_write_all(cout, msg, strlen(msg))));
  char buf[64] = {0};
  size_t n = read_n(sin, buf, strlen(msg));
  say("server read: \"%.*s\"", (int)n, buf);
  say("server write: %s", st_name(out_write_all(sout, "pong", 4)));
  n = read_n(cin, buf, 4);
  say("client read: \"%.*s\"", (int)n, buf);

  /* shutdown(send): the peer sees the end of its input */
  show("shutdown send", R_UNIT(tcp_shutdown_(cli, 1, &r_)));
  int se = in_read(sin, 10, buf, &n, true);
  say("server read after client shutdown: %s", st_name(se));
  /* the other direction still works */
  out_write_all(sout, "still", 5);
  n = read_n(cin, buf, 5);
  say("client read after its shutdown(send): \"%.*s\"", (int)n, buf);
  show("shutdown both", R_UNIT(tcp_shutdown_(conn, 2, &r_)));
  se = in_read(cin, 10, buf, &n, true);
  say("client read after server shutdown: %s", st_name(se));
  in_drop(cin);
  out_drop(cout);
  in_drop(sin);
  out_drop(sout);
  tcp_drop(cli);
  tcp_drop(conn);
  tcp_drop(srv);
}

/* The socket options: getters, setters, and their invalid arguments. */
static void c_tcp_options(int argc, char **argv) {
  handle s;
  s = need_tcp(0);
  ret_t r;
  show("set-keep-alive-enabled true", R_UNIT(tcp_set_keep_alive_enabled_(s, 1, &r_)));
  tcp_keep_alive_enabled_(s, &r);
  say("keep-alive-enabled: %s", U8(r, 0) ? net_err(U8(r, 1)) : U8(r, 1) ? "true" : "false");
  show("set-keep-alive-idle-time 10s", R_UNIT(tcp_set_keep_alive_idle_time_(s, 10000000000ull, &r_)));
  tcp_keep_alive_idle_time_(s, &r);
  say("keep-alive-idle-time: %s", U8(r, 0) ? net_err(U8(r, 8)) : U64(r, 8) == 10000000000ull ? "10s" : "other");
  show("set-keep-alive-idle-time 0", R_UNIT(tcp_set_keep_alive_idle_time_(s, 0, &r_)));
  show("set-keep-alive-interval 5s", R_UNIT(tcp_set_keep_alive_interval_(s, 5000000000ull, &r_)));
  tcp_keep_alive_interval_(s, &r);
  say("keep-alive-interval: %s", U8(r, 0) ? net_err(U8(r, 8)) : U64(r, 8) == 5000000000ull ? "5s" : "other");
  show("set-keep-alive-interval 0", R_UNIT(tcp_set_keep_alive_interval_(s, 0, &r_)));
  show("set-keep-alive-count 3", R_UNIT(tcp_set_keep_alive_count_(s, 3, &r_)));
  tcp_keep_alive_count_(s, &r);
  say("keep-alive-count: %s", U8(r, 0) ? net_err(U8(r, 4)) : U32(r, 4) == 3 ? "3" : "other");
  show("set-keep-alive-count 0", R_UNIT(tcp_set_keep_alive_count_(s, 0, &r_)));
  show("set-hop-limit 42", R_UNIT(tcp_set_hop_limit_(s, 42, &r_)));
  tcp_hop_limit_(s, &r);
  say("hop-limit: %s", U8(r, 0) ? net_err(U8(r, 1)) : U8(r, 1) == 42 ? "42" : "other");
  show("set-hop-limit 0", R_UNIT(tcp_set_hop_limit_(s, 0, &r_)));
  show("set-receive-buffer-size 65536", R_UNIT(tcp_set_receive_buffer_size_(s, 65536, &r_)));
  tcp_receive_buffer_size_(s, &r);
  say("receive-buffer-size: %s", U8(r, 0) ? net_err(U8(r, 8)) : U64(r, 8) > 0 ? "> 0" : "0");
  show("set-receive-buffer-size 0", R_UNIT(tcp_set_receive_buffer_size_(s, 0, &r_)));
  show("set-send-buffer-size 65536", R_UNIT(tcp_set_send_buffer_size_(s, 65536, &r_)));
  tcp_send_buffer_size_(s, &r);
  say("send-buffer-size: %s", U8(r, 0) ? net_err(U8(r, 8)) : U64(r, 8) > 0 ? "> 0" : "0");
  show("set-send-buffer-size 0", R_UNIT(tcp_set_send_buffer_size_(s, 0, &r_)));
  show("set-listen-backlog-size 16 (before listen)", R_UNIT(tcp_set_listen_backlog_size_(s, 16, &r_)));
  show("set-listen-backlog-size 0", R_UNIT(tcp_set_listen_backlog_size_(s, 0, &r_)));
  tcp_bind(s, net, v4(127, 0, 0, 1, 0));
  tcp_listen(s);
  /* "not-supported: the platform does not support changing the backlog size after the
     initial listen" (wasi:sockets/tcp): either answer conforms */
  int e = R_UNIT(tcp_set_listen_backlog_size_(s, 32, &r_));
  say("set-listen-backlog-size 32 (listening): %s", e == OK || e == 2 ? "ok or not-supported" : net_err(e));
  tcp_drop(s);
}

/* Calls in the wrong state, and bad addresses. */
static void c_tcp_errors(int argc, char **argv) {
  handle s, in, out;
  sockaddr_t a;
  s = need_tcp(0);
  show("finish-bind without start-bind", R_UNIT(tcp_finish_bind_(s, &r_)));
  show("finish-connect without start-connect", ({
    ret_t r_;
    tcp_finish_connect_(s, &r_);
    U8(r_, 0) ? U8(r_, 4) : OK;
  }));
  show("local-address before bind", tcp_addr(tcp_local_address_, s, &a));
  show("remote-address before connect", tcp_addr(tcp_remote_address_, s, &a));
  show("start-listen before bind", R_UNIT(tcp_start_listen_(s, &r_)));
  show("accept before listen", ({
    ret_t r_;
    tcp_accept_(s, &r_);
    U8(r_, 0) ? U8(r_, 4) : OK;
  }));
  show("start-bind an IPv6 address on an IPv4 socket", R_UNIT(tcp_start_bind_(s, net, SA_FLAT(v6_loopback(0)), &r_)));
  show("start-bind a non-local address", tcp_bind(s, net, v4(192, 0, 2, 1, 0)));
  show("start-bind 127.0.0.1:0", R_UNIT(tcp_start_bind_(s, net, SA_FLAT(v4(127, 0, 0, 1, 0)), &r_)));
  show("start-bind again while binding", R_UNIT(tcp_start_bind_(s, net, SA_FLAT(v4(127, 0, 0, 1, 0)), &r_)));
  handle p = tcp_subscribe(s);
  pollable_block(p);
  pollable_drop(p);
  show("finish-bind", R_UNIT(tcp_finish_bind_(s, &r_)));
  show("start-bind once bound", R_UNIT(tcp_start_bind_(s, net, SA_FLAT(v4(127, 0, 0, 1, 0)), &r_)));
  tcp_addr(tcp_local_address_, s, &a);
  handle s2;
  s2 = need_tcp(0);
  show("bind the same address and port", tcp_bind(s2, net, v4(127, 0, 0, 1, a.port)));
  tcp_drop(s2);
  tcp_listen(s);
  handle c;
  c = need_tcp(0);
  show("start-connect on a listening socket", R_UNIT(tcp_start_connect_(s, net, SA_FLAT(a), &r_)));
  show("connect to port 0", tcp_connect(c, net, v4(127, 0, 0, 1, 0), &in, &out));
  show("connect to 0.0.0.0", tcp_connect(c, net, v4(0, 0, 0, 0, a.port), &in, &out));
  handle c2;
  c2 = need_tcp(0);
  /* a port nobody listens on: the one s2 was bound to is free again */
  sockaddr_t closed = a;
  handle probe;
  probe = need_tcp(0);
  tcp_bind(probe, net, v4(127, 0, 0, 1, 0));
  tcp_addr(tcp_local_address_, probe, &closed);
  tcp_drop(probe);
  show("connect to a closed port", tcp_connect(c2, net, closed, &in, &out));
  tcp_drop(c2);
  tcp_drop(c);
  tcp_drop(s);
  s = need_tcp(1);
  say("create-tcp-socket ipv6: ok");
  show("start-connect an IPv4 address on an IPv6 socket", R_UNIT(tcp_start_connect_(s, net, SA_FLAT(v4(127, 0, 0, 1, 80)), &r_)));
  tcp_drop(s);
}

/* Datagrams between two UDP sockets on loopback. */
static void c_udp(int argc, char **argv) {
  handle a, b;
  a = need_udp(0);
  say("create-udp-socket a: ok");
  b = need_udp(0);
  say("address-family: %s", udp_address_family(a) ? "ipv6" : "ipv4");
  int e = R_UNIT(udp_start_bind_(a, net, SA_FLAT(v4(127, 0, 0, 1, 0)), &r_));
  show("start-bind a", e);
  handle p = udp_subscribe(a);
  pollable_block(p);
  pollable_drop(p);
  show("finish-bind a", R_UNIT(udp_finish_bind_(a, &r_)));
  show("bind b", udp_bind(b, net, v4(127, 0, 0, 1, 0)));
  sockaddr_t aa, ba, x;
  ret_t r;
  udp_local_address_(a, &r);
  show("local-address a", r_unit_enum(r) == OK ? OK : U8(r, 4));
  sa_from(r.b + 4, &aa);
  udp_local_address_(b, &r);
  sa_from(r.b + 4, &ba);
  say("  port assigned: %s", aa.port && ba.port ? "yes" : "no");
  udp_remote_address_(a, &r);
  show("remote-address a (not connected)", U8(r, 0) ? U8(r, 4) : OK);
  handle ain, aout, bin, bout;
  show("stream a (unconnected)", udp_stream(a, NULL, &ain, &aout));
  show("stream b (connected to a)", udp_stream(b, &aa, &bin, &bout));
  udp_remote_address_(b, &r);
  sa_from(r.b + 4, &x);
  say("remote-address b is a: %s", !U8(r, 0) && x.port == aa.port ? "yes" : "no");

  /* b -> a: check-send, then send one datagram without an address (b is connected) */
  handle po = udp_out_subscribe(bout);
  pollable_block(po);
  pollable_drop(po);
  udp_check_send_(bout, &r);
  say("check-send b: %s", U8(r, 0) ? net_err(U8(r, 8)) : U64(r, 8) > 0 ? "> 0" : "0");
  struct {
    _Alignas(4) uint8_t b[44];
  } dg;
  memset(&dg, 0, sizeof dg);
  const char *msg = "hello over udp";
  *(uint32_t *)(dg.b + 0) = (uint32_t)(uintptr_t)msg;
  *(uint32_t *)(dg.b + 4) = (uint32_t)strlen(msg);
  udp_send_(bout, &dg, 1, &r);
  say("send b -> a: %s, %" PRIu64 " datagram(s)", U8(r, 0) ? net_err(U8(r, 8)) : "ok", U8(r, 0) ? 0 : U64(r, 8));

  handle pi = udp_in_subscribe(ain);
  pollable_block(pi);
  pollable_drop(pi);
  udp_receive_(ain, 10, &r);
  if (U8(r, 0)) {
    show("receive a", U8(r, 4));
  } else {
    uint8_t *d = PTR(r, 4);
    say("receive a: %u datagram(s)", U32(r, 8));
    if (U32(r, 8) > 0) {
      sockaddr_t from;
      sa_from(d + 8, &from);
      say("  \"%.*s\" from b: %s", (int)*(uint32_t *)(d + 4), (char *)(uintptr_t) * (uint32_t *)d,
          from.port == ba.port ? "yes" : "no");
    }
  }
  /* a -> b, addressed explicitly */
  memset(&dg, 0, sizeof dg);
  msg = "reply";
  *(uint32_t *)(dg.b + 0) = (uint32_t)(uintptr_t)msg;
  *(uint32_t *)(dg.b + 4) = (uint32_t)strlen(msg);
  dg.b[8] = 1;
  sa_to(dg.b + 12, &ba);
  udp_check_send_(aout, &r);
  udp_send_(aout, &dg, 1, &r);
  say("send a -> b: %s", U8(r, 0) ? net_err(U8(r, 8)) : "ok");
  pi = udp_in_subscribe(bin);
  pollable_block(pi);
  pollable_drop(pi);
  udp_receive_(bin, 10, &r);
  say("receive b: %s, \"%.*s\"", U8(r, 0) ? net_err(U8(r, 4)) : "ok", U8(r, 0) ? 0 : (int)*(uint32_t *)((uint8_t *)PTR(r, 4) + 4),
      U8(r, 0) ? "" : (char *)(uintptr_t) * (uint32_t *)PTR(r, 4));
  /* nothing more: a non-blocking receive returns no datagrams */
  udp_receive_(bin, 10, &r);
  say("receive b again: %s, %u datagram(s)", U8(r, 0) ? net_err(U8(r, 4)) : "ok", U8(r, 0) ? 0 : U32(r, 8));
  udp_receive_(bin, 0, &r);
  say("receive max-results 0: %s, %u datagram(s)", U8(r, 0) ? net_err(U8(r, 4)) : "ok", U8(r, 0) ? 0 : U32(r, 8));
  /* a connected stream refuses another destination */
  sockaddr_t other = v4(127, 0, 0, 1, 9);
  memset(&dg, 0, sizeof dg);
  *(uint32_t *)(dg.b + 0) = (uint32_t)(uintptr_t)msg;
  *(uint32_t *)(dg.b + 4) = 1;
  dg.b[8] = 1;
  sa_to(dg.b + 12, &other);
  udp_check_send_(bout, &r);
  udp_send_(bout, &dg, 1, &r);
  say("send from connected b to another address: %s", U8(r, 0) ? net_err(U8(r, 8)) : "ok");
  udp_in_drop(ain);
  udp_out_drop(aout);
  udp_in_drop(bin);
  udp_out_drop(bout);
  udp_drop(a);
  udp_drop(b);
}

static void c_udp_options(int argc, char **argv) {
  handle s;
  s = need_udp(0);
  ret_t r;
  show("set-unicast-hop-limit 7", R_UNIT(udp_set_unicast_hop_limit_(s, 7, &r_)));
  udp_unicast_hop_limit_(s, &r);
  say("unicast-hop-limit: %s", U8(r, 0) ? net_err(U8(r, 1)) : U8(r, 1) == 7 ? "7" : "other");
  show("set-unicast-hop-limit 0", R_UNIT(udp_set_unicast_hop_limit_(s, 0, &r_)));
  show("set-receive-buffer-size 65536", R_UNIT(udp_set_receive_buffer_size_(s, 65536, &r_)));
  udp_receive_buffer_size_(s, &r);
  say("receive-buffer-size: %s", U8(r, 0) ? net_err(U8(r, 8)) : U64(r, 8) > 0 ? "> 0" : "0");
  show("set-receive-buffer-size 0", R_UNIT(udp_set_receive_buffer_size_(s, 0, &r_)));
  show("set-send-buffer-size 65536", R_UNIT(udp_set_send_buffer_size_(s, 65536, &r_)));
  udp_send_buffer_size_(s, &r);
  say("send-buffer-size: %s", U8(r, 0) ? net_err(U8(r, 8)) : U64(r, 8) > 0 ? "> 0" : "0");
  show("set-send-buffer-size 0", R_UNIT(udp_set_send_buffer_size_(s, 0, &r_)));
  handle in, out;
  show("stream before bind", udp_stream(s, NULL, &in, &out));
  show("finish-bind without start-bind", R_UNIT(udp_finish_bind_(s, &r_)));
  show("start-bind an IPv6 address on an IPv4 socket", R_UNIT(udp_start_bind_(s, net, SA_FLAT(v6_loopback(0)), &r_)));
  udp_bind(s, net, v4(127, 0, 0, 1, 0));
  sockaddr_t zero = v4(127, 0, 0, 1, 0);
  show("stream to port 0", udp_stream(s, &zero, &in, &out));
  udp_drop(s);
}

/* ip-name-lookup: names and literal addresses. */
static void c_lookup(int argc, char **argv) {
  /* ("[::1]" is left out: whether URL-style brackets are an IP address string is not said) */
  const char *names[] = {"localhost", "127.0.0.1", "::1", "a b", "", NULL};
  for (int i = 0; names[i]; i++) {
    ret_t r;
    lookup_resolve_addresses_(net, names[i], strlen(names[i]), &r);
    handle st;
    int e = r_handle_enum(r, &st);
    if (e != OK) {
      say("resolve-addresses \"%s\": %s", names[i], net_err(e));
      continue;
    }
    bool v4lo = false, v6lo = false;
    int count = 0;
    for (;;) {
      wait_on(lookup_subscribe(st));
      ret_t a;
      lookup_next_(st, &a);
      if (U8(a, 0)) {
        if (U8(a, 2) == E_WOULD_BLOCK) {
          continue;
        }
        say("resolve-next-address \"%s\": %s", names[i], net_err(U8(a, 2)));
        break;
      }
      if (!U8(a, 2)) {
        break;
      }
      count++;
      if (U8(a, 4) == 0) {
        v4lo |= U8(a, 6) == 127 && U8(a, 7) == 0 && U8(a, 8) == 0 && U8(a, 9) == 1;
      } else {
        uint16_t *seg = (uint16_t *)(a.b + 6);
        v6lo |= seg[0] == 0 && seg[6] == 0 && seg[7] == 1;
      }
    }
    say("resolve-addresses \"%s\": some: %s, 127.0.0.1 or ::1 among them: %s", names[i], count ? "yes" : "no",
        v4lo || v6lo ? "yes" : "no");
    lookup_drop(st);
  }
}

/* No network grant (or a grant for another address): every socket operation that reaches out
   is access-denied. A host may refuse already at create-tcp-socket or only at bind and
   connect; either way nothing is bound or connected. */
static void c_denied(int argc, char **argv) {
  handle s, in, out;
  int e = tcp_create(0, &s);
  if (e == OK) {
    int b = tcp_bind(s, net, v4(127, 0, 0, 1, 0));
    tcp_drop(s);
    tcp_create(0, &s);
    int c = tcp_connect(s, net, v4(127, 0, 0, 1, 80), &in, &out);
    tcp_drop(s);
    say("tcp: bind %s, connect %s", net_err(b), net_err(c));
  } else {
    say("tcp: bind %s, connect %s", net_err(e), net_err(e));
  }
  e = udp_create(0, &s);
  if (e == OK) {
    int b = udp_bind(s, net, v4(127, 0, 0, 1, 0));
    udp_drop(s);
    say("udp: bind %s", net_err(b));
  } else {
    say("udp: bind %s", net_err(e));
  }
  ret_t r;
  lookup_resolve_addresses_(net, "localhost", 9, &r);
  handle st;
  e = r_handle_enum(r, &st);
  bool resolved = false;
  if (e == OK) {
    for (;;) {
      wait_on(lookup_subscribe(st));
      ret_t a;
      lookup_next_(st, &a);
      if (U8(a, 0) && U8(a, 2) == E_WOULD_BLOCK) {
        continue;
      }
      resolved = !U8(a, 0) && U8(a, 2);
      break;
    }
  }
  /* the spec names no code for a resolver the guest may not use: any error will do */
  say("resolve localhost: %s", resolved ? "an address" : "refused");
}

/* A TCP echo server on 127.0.0.1:$PORT for the runner's connect/send/recv operations: it
   serves one connection, echoing until the client closes. */
static void c_echo_server(int argc, char **argv) {
  int port = env_get("PORT") ? atoi(env_get("PORT")) : 0;
  handle s;
  s = need_tcp(0);
  int e = tcp_bind(s, net, v4(127, 0, 0, 1, (uint16_t)port));
  CHECK(e == OK, "bind :%d: %s", port, net_err(e));
  e = tcp_listen(s);
  CHECK(e == OK, "listen: %s", net_err(e));
  handle c, in, out;
  e = tcp_accept(s, &c, &in, &out);
  CHECK(e == OK, "accept: %s", net_err(e));
  size_t total = 0;
  for (;;) {
    char buf[256];
    size_t n;
    if (in_read(in, sizeof buf, buf, &n, true) != ST_OK) {
      break;
    }
    out_write_all(out, buf, n);
    total += n;
  }
  say("echoed %zu bytes", total);
  in_drop(in);
  out_drop(out);
  tcp_drop(c);
  tcp_drop(s);
}

/* A UDP echo server on 127.0.0.1:$PORT: echoes one datagram back to its sender. */
static void c_udp_echo_server(int argc, char **argv) {
  int port = env_get("PORT") ? atoi(env_get("PORT")) : 0;
  handle s, in, out;
  s = need_udp(0);
  int e = udp_bind(s, net, v4(127, 0, 0, 1, (uint16_t)port));
  CHECK(e == OK, "bind :%d: %s", port, net_err(e));
  udp_stream(s, NULL, &in, &out);
  for (;;) {
    handle p = udp_in_subscribe(in);
    pollable_block(p);
    pollable_drop(p);
    ret_t r;
    udp_receive_(in, 1, &r);
    if (U8(r, 0) || U32(r, 8) == 0) {
      continue;
    }
    uint8_t *d = PTR(r, 4);
    struct {
      _Alignas(4) uint8_t b[44];
    } dg;
    memset(&dg, 0, sizeof dg);
    memcpy(dg.b, d, 8);
    dg.b[8] = 1;
    memcpy(dg.b + 12, d + 8, 32);
    udp_check_send_(out, &r);
    udp_send_(out, &dg, 1, &r);
    say("echoed %u bytes", *(uint32_t *)(d + 4));
    break;
  }
  udp_in_drop(in);
  udp_out_drop(out);
  udp_drop(s);
}

static const case_t CASES[] = {
    {"tcp", c_tcp},
    {"tcp-options", c_tcp_options},
    {"tcp-errors", c_tcp_errors},
    {"udp", c_udp},
    {"udp-options", c_udp_options},
    {"lookup", c_lookup},
    {"denied", c_denied},
    {"echo-server", c_echo_server},
    {"udp-echo-server", c_udp_echo_server},
    {0},
};

int main(int argc, char **argv) {
  net = net_instance_network();
  return dispatch(CASES, argc, argv);
}
