/* wasi:sockets/network network-error-code, @unstable(feature = network-error-code): a program
   of its own, since a runtime without the feature cannot link it. A peer that closes with
   unread data resets the connection; the stream error it causes maps to a network error. */
#include "common.h"

static void c_reset(int argc, char **argv) {
  handle net = net_instance_network();
  handle srv, cli, conn, cin, cout, sin, sout;
  tcp_create(0, &srv);
  tcp_bind(srv, net, v4(127, 0, 0, 1, 0));
  tcp_listen(srv);
  sockaddr_t a;
  tcp_addr(tcp_local_address_, srv, &a);
  tcp_create(0, &cli);
  int e = tcp_connect(cli, net, a, &cin, &cout);
  say("connect: %s", net_err(e));
  e = tcp_accept(srv, &conn, &sin, &sout);
  say("accept: %s", net_err(e));
  out_write_all(cout, "unread", 6);
  /* give the bytes time to arrive, then close the accepting side without reading them */
  handle p = mono_subscribe_duration(100 * 1000000ull);
  pollable_block(p);
  pollable_drop(p);
  in_drop(sin);
  out_drop(sout);
  tcp_drop(conn);
  p = mono_subscribe_duration(100 * 1000000ull);
  pollable_block(p);
  pollable_drop(p);
  /* the client's next operations fail: reads or writes report the reset */
  int se = ST_OK;
  for (int i = 0; i < 20 && se == ST_OK; i++) {
    se = out_bwf(cout, "more", 4);
  }
  if (se == ST_OK || se == ST_CLOSED) {
    size_t n;
    se = in_read(cin, 10, NULL, &n, true);
  }
  say("stream error: %s", st_name(se));
  if (se >= 0) {
    ret_t r;
    net_network_error_code_(se, &r);
    /* connection-reset, or connection-aborted, or a broken pipe: which one the host sees
       depends on timing; that it is a network error does not */
    say("network-error-code: %s", U8(r, 0) ? "some" : "none");
    io_error_drop(se);
  }
}

static const case_t CASES[] = {
    {"reset", c_reset},
    {0},
};

int main(int argc, char **argv) {
  return dispatch(CASES, argc, argv);
}
