package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.HttpHost.*;

import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Val;
import java.util.function.Function;

/** The host of {@code wasi:http/outgoing-handler}: requests through {@code java.net.http} ({@link HttpOutgoing}), only to the authorities the {@link WasiCtx} allows, else {@code HTTP-request-denied}. */
final class HttpOutgoingHandler {
  private HttpOutgoingHandler() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:http/outgoing-handler")
        .func("handle", (s, a) -> res(() -> {
          HttpMessages.Outgoing req = get(s, a[0], HttpMessages.Outgoing.class);
          s.table.remove(V.rep(a[0]));
          Val opt = V.opt(a[1]);
          HttpMessages.Options o = null;
          if (opt != null) {
            o = (HttpMessages.Options) s.table.remove(V.rep(opt));
          }
          HttpMessages.FutureResponse f = HttpOutgoing.send(s.ctx, req, o);
          return V.own(WasiTypes.FUTURE_INCOMING_RESPONSE, s.table.push(f));
        }))
        .done();
  }
}
