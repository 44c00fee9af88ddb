package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.SocketsHost.*;

import dev.trellis.engine.link.Linker;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Function;

/** The host of {@code wasi:sockets/ip-name-lookup}: only when the {@link WasiCtx} grants it (else {@code permanent-resolver-failure}, as Wasmtime). */
final class SocketsIpNameLookup {
  private SocketsIpNameLookup() {}

static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:sockets/ip-name-lookup")
        .func("resolve-addresses", (s, a) -> net(() -> {
          s.table.get(V.rep(a[0]), Network.class);
          String name = V.str(a[1]);
          if (!s.ctx.nameLookup) {
            throw new NetError("permanent-resolver-failure", "name lookup is not granted");
          }
          String ascii;
          try {
            ascii = name.startsWith("[") || name.indexOf(':') >= 0 ? name : IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES);
          } catch (IllegalArgumentException e) {
            throw new NetError("invalid-argument");
          }
          if (ascii.isEmpty() || ascii.startsWith("[")) {
            throw new NetError("invalid-argument");
          }
          return V.own(WasiTypes.RESOLVE_ADDRESS_STREAM, s.table.push(new Resolving(ascii)));
        }))
        .func("[method]resolve-address-stream.resolve-next-address", (s, a) -> net(() -> {
          Resolving r = s.table.get(V.rep(a[0]), Resolving.class);
          if (!r.result.isDone()) {
            throw new NetError("would-block");
          }
          List<InetAddress> all;
          try {
            all = r.result.join();
          } catch (java.util.concurrent.CompletionException e) {
            throw new NetError(e.getCause() instanceof UnknownHostException ? "name-unresolvable" : "temporary-resolver-failure");
          }
          while (r.next < all.size()) {
            InetAddress x = all.get(r.next++);
            if (!SocketAddrs.isV4Mapped(x)) {
              return V.some(SocketAddrs.ipAddress(x));
            }
          }
          return V.NONE;
        }))
        .func("[method]resolve-address-stream.subscribe", (s, a) ->
            V.own(WasiTypes.POLLABLE, s.table.push(s.table.get(V.rep(a[0]), Resolving.class).readiness())))
        .done();
  }
}
