package dev.trellis.engine.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Engine;
import dev.trellis.engine.runtime.Val;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WASI host's functions called directly, as a guest would call them (arguments and results
 * as the Canonical ABI lifts and lowers them), to pin the exact {@code error-code} each refusal
 * returns and behaviour the test programs do not reach.
 */
class WasiHostDirectTest {
  private static final Map<String, HostIface.Impl> IMPLS = new HashMap<>();

  @BeforeAll
  static void record() {
    HostIface.RECORD.set(IMPLS);
    try {
      Wasi.addToLinker(new Linker<WasiState>(new Engine()));
    } finally {
      HostIface.RECORD.remove();
    }
  }

  static Val call(WasiState s, String iface, String fn, Val... args) {
    HostIface.Impl f = IMPLS.get(WasiWit.iface(iface) + "#" + fn);
    assertThat(f).as(iface + "#" + fn).isNotNull();
    return f.call(s, args);
  }

  static Val ok(Val result) {
    assertThat(result).isInstanceOf(Val.ResultOf.class);
    assertThat(((Val.ResultOf) result).isOk()).as("ok: " + result).isTrue();
    return ((Val.ResultOf) result).payload();
  }

  static String err(Val result) {
    assertThat(result).isInstanceOf(Val.ResultOf.class);
    Val.ResultOf r = (Val.ResultOf) result;
    assertThat(r.isOk()).as("err: " + result).isFalse();
    return V.caseOf(r.payload());
  }

  static Val b(Val own) {
    return new Val.Borrow(((Val.Own) own).handle());
  }

  static Val flags(String... names) {
    return new Val.FlagsOf(List.of(names));
  }

  static Val str(String s) {
    return new Val.Str(s);
  }

  @Test
  void everyFunctionOfEveryWasiInterfaceIsImplemented() {
    // HostIface.done() would have failed otherwise; spot-check the count against the WIT
    var r = WasiWit.resolve();
    java.util.Set<String> wit = new java.util.TreeSet<>();
    for (var i : r.interfaces()) {
      if (i.pkg() == null || i.name() == null || !r.pkg(i.pkg()).name().namespace().equals("wasi")
          || i.name().equals("run") || i.name().equals("incoming-handler")) {
        continue;
      }
      String pkg = r.pkg(i.pkg()).name().name();
      i.functions().keySet().forEach(f -> wit.add(WasiWit.iface("wasi:" + pkg + "/" + i.name()) + "#" + f));
    }
    assertThat(new java.util.TreeSet<>(IMPLS.keySet())).isEqualTo(wit);
    assertThat(wit).hasSize(179); // every host function of WASI 0.2.12, unstable ones included
  }

  private static Map<String, Val> preopens(WasiState s) {
    Map<String, Val> out = new HashMap<>();
    for (Val e : V.list(call(s, "wasi:filesystem/preopens", "get-directories"))) {
      List<Val> t = V.tupleElems(e);
      out.put(V.str(t.get(1)), t.get(0));
    }
    return out;
  }

  private static final String T = "wasi:filesystem/types";

  @Test
  void filesystemRefusalsCarryTheErrorCodesTheSpecNames(@TempDir Path tmp) throws IOException {
    Path rw = Files.createDirectories(tmp.resolve("rw"));
    Path ro = Files.createDirectories(tmp.resolve("ro"));
    Files.writeString(tmp.resolve("secret"), "s");
    Files.writeString(ro.resolve("f"), "read me");
    Files.createSymbolicLink(rw.resolve("out"), Path.of("../secret"));
    Files.createSymbolicLink(rw.resolve("abs"), tmp.resolve("secret"));
    Files.createSymbolicLink(rw.resolve("in"), Path.of("sub/../x"));
    Files.writeString(rw.resolve("x"), "x");
    try (WasiState s = new WasiState(WasiCtx.builder().preopenedDir(rw, "rw", WasiCtx.Perms.READ_WRITE)
        .preopenedDir(ro, "ro", WasiCtx.Perms.READ_ONLY).build())) {
      Map<String, Val> p = preopens(s);
      Val rwd = b(p.get("rw"));
      Val rod = b(p.get("ro"));
      Val follow = flags("symlink-follow");
      Val none = flags();
      String open = "[method]descriptor.open-at";
      assertThat(err(call(s, T, open, rwd, follow, str("../secret"), none, flags("read")))).isEqualTo("not-permitted");
      assertThat(err(call(s, T, open, rwd, follow, str("/etc/passwd"), none, flags("read")))).isEqualTo("not-permitted");
      assertThat(err(call(s, T, open, rwd, follow, str("out"), none, flags("read")))).isEqualTo("not-permitted");
      assertThat(err(call(s, T, open, rwd, follow, str("abs"), none, flags("read")))).isEqualTo("not-permitted");
      assertThat(err(call(s, T, "[method]descriptor.stat-at", rwd, follow, str("out")))).isEqualTo("not-permitted");
      assertThat(err(call(s, T, "[method]descriptor.readlink-at", rwd, str("abs")))).isEqualTo("not-permitted");
      assertThat(V.str(ok(call(s, T, "[method]descriptor.readlink-at", rwd, str("out"))))).isEqualTo("../secret");
      // a link that stays inside resolves (sub does not exist: its .. still cannot climb out)
      assertThat(err(call(s, T, open, rwd, follow, str("in"), none, flags("read")))).isEqualTo("no-entry");
      assertThat(err(call(s, T, open, rwd, none, str("out"), none, flags("read")))).isEqualTo("loop");
      assertThat(err(call(s, T, "[method]descriptor.symlink-at", rwd, str("/etc/passwd"), str("l2")))).isEqualTo("not-permitted");
      assertThat(err(call(s, T, "[method]descriptor.create-directory-at", rwd, str("../made")))).isEqualTo("not-permitted");
      // read-only: every change is read-only
      assertThat(err(call(s, T, open, rod, none, str("new"), flags("create"), flags("read", "write")))).isEqualTo("read-only");
      assertThat(err(call(s, T, open, rod, none, str("f"), none, flags("read", "write")))).isEqualTo("read-only");
      assertThat(err(call(s, T, open, rod, none, str("f"), flags("truncate"), flags("read")))).isEqualTo("read-only");
      assertThat(err(call(s, T, "[method]descriptor.create-directory-at", rod, str("d")))).isEqualTo("read-only");
      assertThat(err(call(s, T, "[method]descriptor.unlink-file-at", rod, str("f")))).isEqualTo("read-only");
      assertThat(err(call(s, T, "[method]descriptor.rename-at", rod, str("f"), rwd, str("g")))).isEqualTo("read-only");
      assertThat(err(call(s, T, "[method]descriptor.rename-at", rwd, str("x"), rod, str("g")))).isEqualTo("read-only");
      assertThat(err(call(s, T, "[method]descriptor.set-times-at", rod, none, str("f"), V.variant("now"), V.variant("now"))))
          .isEqualTo("read-only");
      // a file opened for reading cannot be written through
      Val f = ok(call(s, T, open, rod, none, str("f"), none, flags("read")));
      assertThat(err(call(s, T, "[method]descriptor.write", b(f), V.bytes("x".getBytes()), V.u64(0)))).isEqualTo("bad-descriptor");
      assertThat(err(call(s, T, "[method]descriptor.write-via-stream", b(f), V.u64(0)))).isEqualTo("bad-descriptor");
      assertThat(err(call(s, T, "[method]descriptor.set-size", b(f), V.u64(0)))).isEqualTo("bad-descriptor");
      List<Val> read = V.tupleElems(ok(call(s, T, "[method]descriptor.read", b(f), V.u64(100), V.u64(0))));
      assertThat(new String(V.bytes(read.get(0)), StandardCharsets.UTF_8)).isEqualTo("read me");
      assertThat(V.bool(read.get(1))).isTrue();
      assertThat(V.flags(ok(call(s, T, "[method]descriptor.get-flags", rod)))).containsExactly("read");
      assertThat(V.flags(ok(call(s, T, "[method]descriptor.get-flags", rwd)))).containsExactlyInAnyOrder("read", "mutate-directory");
      // a directory opened from a read-only one cannot ask for mutate-directory
      assertThat(err(call(s, T, open, rod, none, str("."), flags("directory"), flags("read", "mutate-directory"))))
          .isEqualTo("read-only");
    }
    assertThat(Files.readString(tmp.resolve("secret"))).isEqualTo("s");
    assertThat(Files.exists(tmp.resolve("made"))).isFalse();
    assertThat(Files.readString(ro.resolve("f"))).isEqualTo("read me");
  }

  @Test
  void filesystemMetadataAndDirectories(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("a"), "aaaa");
    Files.createDirectories(tmp.resolve("d"));
    try (WasiState s = new WasiState(WasiCtx.builder().preopenedDir(tmp, ".", WasiCtx.Perms.READ_WRITE).build())) {
      Val dir = b(preopens(s).get("."));
      Val none = flags();
      Val a1 = ok(call(s, T, "[method]descriptor.open-at", dir, none, str("a"), none, flags("read")));
      Val a2 = ok(call(s, T, "[method]descriptor.open-at", dir, none, str("./d/../a"), none, flags("read", "write")));
      assertThat(V.bool(call(s, T, "[method]descriptor.is-same-object", b(a1), b(a2)))).isTrue();
      assertThat(V.bool(call(s, T, "[method]descriptor.is-same-object", b(a1), dir))).isFalse();
      Val h1 = ok(call(s, T, "[method]descriptor.metadata-hash", b(a1)));
      assertThat(ok(call(s, T, "[method]descriptor.metadata-hash-at", dir, none, str("a")))).isEqualTo(h1);
      assertThat(ok(call(s, T, "[method]descriptor.write", b(a2), V.bytes("longer".getBytes()), V.u64(4)))).isEqualTo(V.u64(6));
      assertThat(ok(call(s, T, "[method]descriptor.metadata-hash", b(a1)))).isNotEqualTo(h1);
      Val st = ok(call(s, T, "[method]descriptor.stat", b(a1)));
      assertThat(V.caseOf(V.field(st, "type"))).isEqualTo("regular-file");
      assertThat(V.u64(V.field(st, "size"))).isEqualTo(10);
      assertThat(V.caseOf(ok(call(s, T, "[method]descriptor.get-type", dir)))).isEqualTo("directory");
      Val entries = ok(call(s, T, "[method]descriptor.read-directory", dir));
      List<String> names = new java.util.ArrayList<>();
      Val e;
      while ((e = V.opt(ok(call(s, T, "[method]directory-entry-stream.read-directory-entry", b(entries))))) != null) {
        names.add(V.str(V.field(e, "name")) + ":" + V.caseOf(V.field(e, "type")));
      }
      assertThat(names).containsExactlyInAnyOrder("a:regular-file", "d:directory");
      assertThat(err(call(s, T, "[method]descriptor.remove-directory-at", dir, str("a")))).isEqualTo("not-directory");
      assertThat(err(call(s, T, "[method]descriptor.unlink-file-at", dir, str("d")))).isEqualTo("is-directory");
      assertThat(err(call(s, T, "[method]descriptor.read-directory", b(a1)))).isEqualTo("not-directory");
      assertThat(err(call(s, T, "[method]descriptor.read-via-stream", dir, V.u64(0)))).isEqualTo("is-directory");
      assertThat(err(call(s, T, "[method]descriptor.open-at", dir, none, str("missing"), none, flags("read")))).isEqualTo("no-entry");
      assertThat(err(call(s, T, "[method]descriptor.open-at", dir, none, str("a"), flags("create", "exclusive"), flags("write"))))
          .isEqualTo("exist");
      assertThat(err(call(s, T, "[method]descriptor.open-at", dir, none, str("a"), flags("directory"), flags("read"))))
          .isEqualTo("not-directory");
      // a stream failure tells its filesystem error code
      Val in = ok(call(s, T, "[method]descriptor.read-via-stream", b(a1), V.u64(0)));
      assertThat(new String(V.bytes(ok(call(s, "wasi:io/streams", "[method]input-stream.read", b(in), V.u64(3)))))).isEqualTo("aaa");
      s.table.get(V.rep(a1), Descriptor.class).close();
      Val r = call(s, "wasi:io/streams", "[method]input-stream.read", b(in), V.u64(3));
      Val failure = V.payload(((Val.ResultOf) r).payload());
      assertThat(V.caseOf(((Val.ResultOf) r).payload())).isEqualTo("last-operation-failed");
      assertThat(call(s, T, "filesystem-error-code", b(failure))).isEqualTo(V.some(V.enumOf("bad-descriptor")));
    }
  }

  @Test
  void pollReturnsTheReadyOnesAndTrapsOnAnEmptyList() {
    try (WasiState s = new WasiState(WasiCtx.empty())) {
      String clock = "wasi:clocks/monotonic-clock";
      Val slow = call(s, clock, "subscribe-duration", V.u64(5_000_000_000L));
      Val fast = call(s, clock, "subscribe-duration", V.u64(10_000_000L));
      Val past = call(s, clock, "subscribe-instant", V.u64(0));
      long t0 = System.nanoTime();
      assertThat(call(s, "wasi:io/poll", "poll", V.list(List.of(b(slow), b(fast))))).isEqualTo(V.list(List.of(V.u32(1))));
      assertThat(System.nanoTime() - t0).isBetween(9_000_000L, 3_000_000_000L);
      assertThat(call(s, "wasi:io/poll", "poll", V.list(List.of(b(slow), b(past), b(fast)))))
          .isEqualTo(V.list(List.of(V.u32(1), V.u32(2))));
      assertThat(V.bool(call(s, "wasi:io/poll", "[method]pollable.ready", b(slow)))).isFalse();
      assertThatThrownBy(() -> call(s, "wasi:io/poll", "poll", V.list(List.of()))).isInstanceOf(TrapException.class);
      Val out = call(s, "wasi:cli/stdout", "get-stdout");
      assertThatThrownBy(() -> call(s, "wasi:io/streams", "[method]output-stream.blocking-write-and-flush", b(out),
          V.bytes(new byte[4097]))).isInstanceOf(TrapException.class);
    }
  }

  @Test
  void deterministicClocksAndRandom() {
    WasiCtx ctx = WasiCtx.builder().deterministic(7).wallClock(WasiCtx.WallClock.fixed(Instant.ofEpochSecond(1_000, 5)))
        .timezone(ZoneId.of("Europe/Paris")).build();
    WasiCtx same = WasiCtx.builder().deterministic(7).build();
    WasiCtx other = WasiCtx.builder().deterministic(8).build();
    try (WasiState s = new WasiState(ctx); WasiState s2 = new WasiState(same); WasiState s3 = new WasiState(other)) {
      Val r1 = call(s, "wasi:random/random", "get-random-bytes", V.u64(16));
      assertThat(call(s2, "wasi:random/random", "get-random-bytes", V.u64(16))).isEqualTo(r1);
      assertThat(call(s3, "wasi:random/random", "get-random-bytes", V.u64(16))).isNotEqualTo(r1);
      assertThat(call(s, "wasi:random/insecure-seed", "insecure-seed")).isEqualTo(V.tuple(V.u64(7), V.u64(~7L)));
      assertThat(call(s, "wasi:clocks/wall-clock", "now")).isEqualTo(V.datetime(1_000, 5));
      long m1 = V.u64(call(s, "wasi:clocks/monotonic-clock", "now"));
      long m2 = V.u64(call(s, "wasi:clocks/monotonic-clock", "now"));
      assertThat(m2 - m1).isEqualTo(1_000);
      Val summer = V.datetime(1_720_000_000L, 0);
      assertThat(call(s, "wasi:clocks/timezone", "utc-offset", summer)).isEqualTo(V.s32(7200));
      assertThat(V.bool(V.field(call(s, "wasi:clocks/timezone", "display", summer), "in-daylight-saving-time"))).isTrue();
      assertThatThrownBy(() -> call(s, "wasi:random/random", "get-random-bytes", V.u64(-1))).isInstanceOf(TrapException.class);
    }
  }

  @Test
  void socketsNeedAGrantForEachAddress() {
    try (WasiState s = new WasiState(WasiCtx.builder().allowNetwork("127.0.0.1:4000-4010").build())) {
      Val net = call(s, "wasi:sockets/instance-network", "instance-network");
      Val sock = ok(call(s, "wasi:sockets/tcp-create-socket", "create-tcp-socket", V.enumOf("ipv4")));
      String m = "[method]tcp-socket.";
      Val denied = V.variant("ipv4", V.record("port", V.u16(5000), "address", V.tuple(V.u8(127), V.u8(0), V.u8(0), V.u8(1))));
      Val wrongHost = V.variant("ipv4", V.record("port", V.u16(4001), "address", V.tuple(V.u8(10), V.u8(0), V.u8(0), V.u8(1))));
      assertThat(err(call(s, "wasi:sockets/tcp", m + "start-connect", b(sock), b(net), denied))).isEqualTo("access-denied");
      assertThat(err(call(s, "wasi:sockets/tcp", m + "start-connect", b(sock), b(net), wrongHost))).isEqualTo("access-denied");
      assertThat(err(call(s, "wasi:sockets/tcp", m + "start-bind", b(sock), b(net), denied))).isEqualTo("access-denied");
      Val zeroPort = V.variant("ipv4", V.record("port", V.u16(0), "address", V.tuple(V.u8(127), V.u8(0), V.u8(0), V.u8(1))));
      assertThat(err(call(s, "wasi:sockets/tcp", m + "start-connect", b(sock), b(net), zeroPort))).isEqualTo("invalid-argument");
      assertThat(err(call(s, "wasi:sockets/tcp", m + "set-keep-alive-idle-time", b(sock), V.u64(0)))).isEqualTo("invalid-argument");
      assertThat(err(call(s, "wasi:sockets/tcp", m + "finish-bind", b(sock)))).isEqualTo("not-in-progress");
      assertThat(err(call(s, "wasi:sockets/tcp", m + "local-address", b(sock)))).isEqualTo("invalid-state");
      assertThat(err(call(s, "wasi:sockets/ip-name-lookup", "resolve-addresses", b(net), str("localhost"))))
          .isEqualTo("permanent-resolver-failure");
    }
  }

  @Test
  void httpFieldsAndDeniedRequests() {
    try (WasiState s = new WasiState(WasiCtx.builder().allowHttp("example.com").build())) {
      String h = "wasi:http/types";
      Val f = call(s, h, "[constructor]fields");
      assertThat(V.caseOf(((Val.ResultOf) call(s, h, "[method]fields.append", b(f), str("connection"), V.bytes(new byte[] {'x'})))
          .payload())).isEqualTo("forbidden");
      assertThat(V.caseOf(((Val.ResultOf) call(s, h, "[method]fields.append", b(f), str("bad name"), V.bytes(new byte[] {'x'})))
          .payload())).isEqualTo("invalid-syntax");
      assertThat(V.caseOf(((Val.ResultOf) call(s, h, "[method]fields.append", b(f), str("x-ok"), V.bytes("a\nb".getBytes())))
          .payload())).isEqualTo("invalid-syntax");
      ok(call(s, h, "[method]fields.append", b(f), str("X-Ok"), V.bytes("1".getBytes())));
      assertThat(V.bool(call(s, h, "[method]fields.has", b(f), str("x-ok")))).isTrue();
      Val req = call(s, h, "[constructor]outgoing-request", f);
      Val headers = call(s, h, "[method]outgoing-request.headers", b(req));
      assertThat(V.caseOf(((Val.ResultOf) call(s, h, "[method]fields.delete", b(headers), str("x-ok"))).payload()))
          .isEqualTo("immutable");
      assertThat(call(s, h, "[method]outgoing-request.set-authority", b(req), V.some(str("other.example:80")))).isEqualTo(V.UNIT_OK);
      assertThat(call(s, h, "[method]outgoing-request.set-scheme", b(req), V.some(V.variant("HTTP")))).isEqualTo(V.UNIT_OK);
      assertThat(call(s, h, "[method]outgoing-request.set-path-with-query", b(req), V.some(str("/a b")))).isEqualTo(V.UNIT_ERR);
      assertThat(err(call(s, "wasi:http/outgoing-handler", "handle", req, V.NONE))).isEqualTo("HTTP-request-denied");
      Val resp = call(s, h, "[constructor]outgoing-response", call(s, h, "[constructor]fields"));
      assertThat(call(s, h, "[method]outgoing-response.set-status-code", b(resp), V.u16(42))).isEqualTo(V.UNIT_ERR);
      assertThat(call(s, h, "[method]outgoing-response.status-code", b(resp))).isEqualTo(V.u16(200));
      assertThat(ok(call(s, h, "[method]outgoing-response.body", b(resp)))).isNotNull();
      assertThat(call(s, h, "[method]outgoing-response.body", b(resp))).isEqualTo(V.UNIT_ERR);
    }
  }
}
