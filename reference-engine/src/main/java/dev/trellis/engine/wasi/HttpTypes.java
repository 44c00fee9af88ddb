package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.HttpHost.*;

import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Val;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/** The host of {@code wasi:http/types}: fields, requests, responses, bodies, options, futures and {@code http-error-code} (objects in {@link HttpMessages}). */
final class HttpTypes {
  private HttpTypes() {}

static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:http/types")
        .func("http-error-code", (s, a) -> {
          StreamError.IoError e = s.table.get(V.rep(a[0]), StreamError.IoError.class);
          return e.httpCode() == null ? V.NONE : V.some(e.httpCode());
        })
        // fields
        .func("[constructor]fields", (s, a) -> V.own(WasiTypes.FIELDS, s.table.push(new HttpFields())))
        .func("[static]fields.from-list", (s, a) -> res(() -> {
          HttpFields f = new HttpFields();
          for (Val e : V.list(a[0])) {
            List<Val> kv = V.tupleElems(e);
            String n = V.str(kv.get(0));
            byte[] v = V.bytes(kv.get(1));
            String bad = HttpFields.check(n, v);
            if (bad != null) {
              throw new HttpErr(headerError(bad));
            }
            f.entries.add(new HttpFields.Entry(n, v));
          }
          return V.own(WasiTypes.FIELDS, s.table.push(f));
        }))
        .func("[method]fields.get", (s, a) -> {
          HttpFields f = get(s, a[0], HttpFields.class);
          return V.list(f.get(V.str(a[1])).stream().map(V::bytes).toList());
        })
        .func("[method]fields.has", (s, a) -> V.bool(get(s, a[0], HttpFields.class).has(V.str(a[1]))))
        .func("[method]fields.set", (s, a) -> res(() -> {
          HttpFields f = get(s, a[0], HttpFields.class);
          String n = V.str(a[1]);
          List<byte[]> vs = V.list(a[2]).stream().map(V::bytes).toList();
          if (f.immutable) {
            throw new HttpErr(headerError("immutable"));
          }
          String bad = HttpFields.check(n, null);
          for (byte[] v : vs) {
            bad = bad != null ? bad : HttpFields.check(n, v);
          }
          if (bad != null) {
            throw new HttpErr(headerError(bad));
          }
          f.delete(n);
          vs.forEach(v -> f.entries.add(new HttpFields.Entry(n, v)));
          return null;
        }))
        .func("[method]fields.delete", (s, a) -> res(() -> {
          HttpFields f = get(s, a[0], HttpFields.class);
          String n = V.str(a[1]);
          if (f.immutable) {
            throw new HttpErr(headerError("immutable"));
          }
          String bad = HttpFields.check(n, null);
          if (bad != null) {
            throw new HttpErr(headerError(bad));
          }
          f.delete(n);
          return null;
        }))
        .func("[method]fields.append", (s, a) -> res(() -> {
          HttpFields f = get(s, a[0], HttpFields.class);
          String n = V.str(a[1]);
          byte[] v = V.bytes(a[2]);
          if (f.immutable) {
            throw new HttpErr(headerError("immutable"));
          }
          String bad = HttpFields.check(n, v);
          if (bad != null) {
            throw new HttpErr(headerError(bad));
          }
          f.entries.add(new HttpFields.Entry(n, v));
          return null;
        }))
        .func("[method]fields.entries", (s, a) -> fieldList(get(s, a[0], HttpFields.class)))
        .func("[method]fields.clone", (s, a) -> V.own(WasiTypes.FIELDS, s.table.push(get(s, a[0], HttpFields.class).copy())))
        // incoming-request
        .func("[method]incoming-request.method", (s, a) -> method(get(s, a[0], HttpMessages.Incoming.class).method))
        .func("[method]incoming-request.path-with-query", (s, a) ->
            V.option(str0(get(s, a[0], HttpMessages.Incoming.class).pathWithQuery)))
        .func("[method]incoming-request.scheme", (s, a) -> {
          String sc = get(s, a[0], HttpMessages.Incoming.class).scheme;
          return sc == null ? V.NONE : V.some(scheme(sc));
        })
        .func("[method]incoming-request.authority", (s, a) ->
            V.option(str0(get(s, a[0], HttpMessages.Incoming.class).authority)))
        .func("[method]incoming-request.headers", (s, a) ->
            V.own(WasiTypes.FIELDS, s.table.push(get(s, a[0], HttpMessages.Incoming.class).headers)))
        .func("[method]incoming-request.consume", (s, a) -> consume(s, get(s, a[0], HttpMessages.Incoming.class)))
        // outgoing-request
        .func("[constructor]outgoing-request", (s, a) -> {
          HttpFields h = (HttpFields) s.table.remove(V.rep(a[0]));
          return V.own(WasiTypes.OUTGOING_REQUEST, s.table.push(new HttpMessages.Outgoing(true, h)));
        })
        .func("[method]outgoing-request.body", (s, a) -> outgoingBody(s, get(s, a[0], HttpMessages.Outgoing.class)))
        .func("[method]outgoing-request.method", (s, a) -> get(s, a[0], HttpMessages.Outgoing.class).method)
        .func("[method]outgoing-request.set-method", (s, a) -> {
          Val m = a[1];
          if (V.caseOf(m).equals("other") && !HttpFields.validName(V.str(V.payload(m)))) {
            return V.UNIT_ERR;
          }
          get(s, a[0], HttpMessages.Outgoing.class).method = m;
          return V.UNIT_OK;
        })
        .func("[method]outgoing-request.path-with-query", (s, a) ->
            V.option(str0(get(s, a[0], HttpMessages.Outgoing.class).pathWithQuery)))
        .func("[method]outgoing-request.set-path-with-query", (s, a) -> {
          Val p = V.opt(a[1]);
          String path = p == null ? null : V.str(p);
          if (path != null && !validPath(path)) {
            return V.UNIT_ERR;
          }
          get(s, a[0], HttpMessages.Outgoing.class).pathWithQuery = path;
          return V.UNIT_OK;
        })
        .func("[method]outgoing-request.scheme", (s, a) -> V.option(get(s, a[0], HttpMessages.Outgoing.class).scheme))
        .func("[method]outgoing-request.set-scheme", (s, a) -> {
          Val sc = V.opt(a[1]);
          if (sc != null && V.caseOf(sc).equals("other") && !validScheme(V.str(V.payload(sc)))) {
            return V.UNIT_ERR;
          }
          get(s, a[0], HttpMessages.Outgoing.class).scheme = sc;
          return V.UNIT_OK;
        })
        .func("[method]outgoing-request.authority", (s, a) ->
            V.option(str0(get(s, a[0], HttpMessages.Outgoing.class).authority)))
        .func("[method]outgoing-request.set-authority", (s, a) -> {
          Val au = V.opt(a[1]);
          String auth = au == null ? null : V.str(au);
          if (auth != null && !validAuthority(auth)) {
            return V.UNIT_ERR;
          }
          get(s, a[0], HttpMessages.Outgoing.class).authority = auth;
          return V.UNIT_OK;
        })
        .func("[method]outgoing-request.headers", (s, a) ->
            V.own(WasiTypes.FIELDS, s.table.push(get(s, a[0], HttpMessages.Outgoing.class).headers)))
        // request-options
        .func("[constructor]request-options", (s, a) -> V.own(WasiTypes.REQUEST_OPTIONS, s.table.push(new HttpMessages.Options())))
        .func("[method]request-options.connect-timeout", (s, a) -> optDuration(get(s, a[0], HttpMessages.Options.class).connect))
        .func("[method]request-options.set-connect-timeout", (s, a) -> {
          get(s, a[0], HttpMessages.Options.class).connect = duration(a[1]);
          return V.UNIT_OK;
        })
        .func("[method]request-options.first-byte-timeout", (s, a) -> optDuration(get(s, a[0], HttpMessages.Options.class).firstByte))
        .func("[method]request-options.set-first-byte-timeout", (s, a) -> {
          get(s, a[0], HttpMessages.Options.class).firstByte = duration(a[1]);
          return V.UNIT_OK;
        })
        .func("[method]request-options.between-bytes-timeout", (s, a) ->
            optDuration(get(s, a[0], HttpMessages.Options.class).betweenBytes))
        .func("[method]request-options.set-between-bytes-timeout", (s, a) -> {
          get(s, a[0], HttpMessages.Options.class).betweenBytes = duration(a[1]);
          return V.UNIT_OK;
        })
        // response-outparam
        .func("[method]response-outparam.send-informational", (s, a) -> {
          int status = V.u16(a[1]);
          s.table.remove(V.rep(a[2]));
          if (status < 100 || status > 199) {
            return V.err(V.variant("HTTP-protocol-error"));
          }
          return V.err(V.variant("internal-error", V.some(V.str("informational responses are not supported"))));
        })
        .func("[static]response-outparam.set", (s, a) -> {
          HttpServerCall call = (HttpServerCall) s.table.remove(V.rep(a[0]));
          Val r = a[1];
          if (r instanceof Val.ResultOf res && res.isOk()) {
            HttpMessages.Outgoing resp = (HttpMessages.Outgoing) s.table.remove(V.rep(res.payload()));
            call.respond(resp);
          } else {
            call.fail(((Val.ResultOf) r).payload());
          }
          return null;
        })
        // incoming-response
        .func("[method]incoming-response.status", (s, a) -> V.u16(get(s, a[0], HttpMessages.Incoming.class).status))
        .func("[method]incoming-response.headers", (s, a) ->
            V.own(WasiTypes.FIELDS, s.table.push(get(s, a[0], HttpMessages.Incoming.class).headers)))
        .func("[method]incoming-response.consume", (s, a) -> consume(s, get(s, a[0], HttpMessages.Incoming.class)))
        // incoming-body
        .func("[method]incoming-body.stream", (s, a) -> {
          HostInputStream in = get(s, a[0], HttpMessages.IncomingBody.class).stream();
          return in == null ? V.UNIT_ERR : V.ok(V.own(WasiTypes.INPUT_STREAM, s.table.push(in)));
        })
        .func("[static]incoming-body.finish", (s, a) -> {
          Object b = s.table.remove(V.rep(a[0]));
          if (b instanceof HttpMessages.IncomingBody ib) {
            ib.close();
          }
          return V.own(WasiTypes.FUTURE_TRAILERS, s.table.push(new HttpMessages.FutureTrailers()));
        })
        // future-trailers
        .func("[method]future-trailers.subscribe", (s, a) -> V.own(WasiTypes.POLLABLE, s.table.push(Pollable.READY)))
        .func("[method]future-trailers.get", (s, a) -> {
          HttpMessages.FutureTrailers f = get(s, a[0], HttpMessages.FutureTrailers.class);
          if (f.taken) {
            return V.some(V.UNIT_ERR);
          }
          f.taken = true;
          return V.some(V.ok(V.ok(V.NONE)));
        })
        // outgoing-response
        .func("[constructor]outgoing-response", (s, a) -> {
          HttpFields h = (HttpFields) s.table.remove(V.rep(a[0]));
          return V.own(WasiTypes.OUTGOING_RESPONSE, s.table.push(new HttpMessages.Outgoing(false, h)));
        })
        .func("[method]outgoing-response.status-code", (s, a) -> V.u16(get(s, a[0], HttpMessages.Outgoing.class).status))
        .func("[method]outgoing-response.set-status-code", (s, a) -> {
          int st = V.u16(a[1]);
          if (st < 100 || st > 999) {
            return V.UNIT_ERR;
          }
          get(s, a[0], HttpMessages.Outgoing.class).status = st;
          return V.UNIT_OK;
        })
        .func("[method]outgoing-response.headers", (s, a) ->
            V.own(WasiTypes.FIELDS, s.table.push(get(s, a[0], HttpMessages.Outgoing.class).headers)))
        .func("[method]outgoing-response.body", (s, a) -> outgoingBody(s, get(s, a[0], HttpMessages.Outgoing.class)))
        // outgoing-body
        .func("[method]outgoing-body.write", (s, a) -> {
          HttpMessages.OutgoingBody b = get(s, a[0], HttpMessages.OutgoingBody.class);
          if (b.streamTaken) {
            return V.UNIT_ERR;
          }
          b.streamTaken = true;
          return V.ok(V.own(WasiTypes.OUTPUT_STREAM, s.table.push(new HttpMessages.BodyOutput(b))));
        })
        .func("[static]outgoing-body.finish", (s, a) -> res(() -> {
          HttpMessages.OutgoingBody b = (HttpMessages.OutgoingBody) s.table.remove(V.rep(a[0]));
          Val tr = V.opt(a[1]);
          if (tr != null) {
            s.table.remove(V.rep(tr)); // trailers: the Java HTTP stacks cannot send them
          }
          if (b.contentLength != null && b.written != b.contentLength) {
            b.close();
            throw new HttpErr(b.request ? V.variant("HTTP-request-body-size", V.some(V.u64(b.written)))
                : V.variant("HTTP-response-body-size", V.some(V.u64(b.written))));
          }
          try {
            b.finish();
          } catch (IOException e) {
            throw new HttpErr(V.variant("connection-terminated"));
          }
          return null;
        }))
        // future-incoming-response
        .func("[method]future-incoming-response.subscribe", (s, a) ->
            V.own(WasiTypes.POLLABLE, s.table.push(get(s, a[0], HttpMessages.FutureResponse.class).readiness())))
        .func("[method]future-incoming-response.get", (s, a) -> {
          HttpMessages.FutureResponse f = get(s, a[0], HttpMessages.FutureResponse.class);
          if (!f.result.isDone()) {
            return V.NONE;
          }
          if (f.taken) {
            return V.some(V.UNIT_ERR);
          }
          f.taken = true;
          Object r = f.result.getNow(null);
          if (r instanceof HttpMessages.Incoming in) {
            return V.some(V.ok(V.ok(V.own(WasiTypes.INCOMING_RESPONSE, s.table.push(in)))));
          }
          return V.some(V.ok(V.err((Val) r)));
        })
        .done();
  }
}
