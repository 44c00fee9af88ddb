package dev.trellis.engine.wasi;

import dev.trellis.engine.runtime.Instance;

/**
 * {@code wasi:http/incoming-handler}, exported by {@code wasi:http/proxy} guests: the host hands
 * each request to its {@code handle} with a {@code response-outparam} that {@link HttpServerCall}
 * answers the client through.
 */
final class HttpIncomingHandler {
  private HttpIncomingHandler() {}

  /** Calls {@code handle} of the exported instance {@code export} with the call's request and outparam. */
  static void handle(Instance instance, String export, WasiState state, HttpServerCall call) {
    int req = state.table.push(call.request());
    int out = state.table.push(call);
    instance.instance(export).func("handle")
        .call(V.own(WasiTypes.INCOMING_REQUEST, req), V.own(WasiTypes.RESPONSE_OUTPARAM, out));
  }
}
