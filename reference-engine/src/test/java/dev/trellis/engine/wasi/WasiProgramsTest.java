package dev.trellis.engine.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.link.Component;
import dev.trellis.engine.runtime.Engine;
import dev.trellis.engine.testing.WasiPrograms;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C test programs (clang + wasi-libc, adapted to WASI 0.2 by jco's preview1 adapter) on the
 * WASI host: what they print for what they were granted, and that what they were not granted
 * stays out of reach.
 */
class WasiProgramsTest {
  private static final Engine ENGINE = new Engine();
  private static final Map<String, WasiCommandRunner> RUNNERS = new ConcurrentHashMap<>();

  record Ran(int exit, String out, String err) {}

  static WasiCommandRunner runner(String program) {
    return RUNNERS.computeIfAbsent(program, p -> {
      try {
        return WasiCommandRunner.of(Component.fromBinary(ENGINE, Files.readAllBytes(WasiPrograms.program(p))));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  static Ran run(String program, WasiCtxBuilder b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = runner(program).run(b.stdout(out).stderr(err).build());
    return new Ran(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void cliSeesItsArgumentsEnvironmentAndStdin() {
    Ran r = run("cli", WasiCtx.builder().args(List.of("cli.wasm", "one", "two words")).env("FOO", "bar").env("A", "1")
        .stdin("hello\nwörld".getBytes(StandardCharsets.UTF_8)));
    assertThat(r.out()).isEqualTo("""
        argc=3
        argv[1]=one
        argv[2]=two words
        env=2
          A=1
          FOO=bar
        HELLO
        WöRLD
        stdin=12 bytes, hash=%s
        """.formatted(Long.toUnsignedString(hash("hello\nwörld".getBytes(StandardCharsets.UTF_8)))));
    assertThat(r.err()).isEqualTo("to stderr: 2 args\n");
    assertThat(r.exit()).isZero();
  }

  private static long hash(byte[] b) {
    long h = 0;
    for (byte x : b) {
      h = h * 31 + (x & 0xff);
    }
    return h & 0xffff_ffffL; // unsigned long is 32 bits on wasm32
  }

  @Test
  void exitStatusComesFromWasiCliExit() {
    assertThat(run("cli", WasiCtx.builder().args(List.of("cli", "exit", "0"))).exit()).isZero();
    // the 0.2.12 preview1 adapter reports any non-zero status through exit(err): 1
    assertThat(run("cli", WasiCtx.builder().args(List.of("cli", "exit", "7"))).exit()).isEqualTo(1);
  }

  @Test
  void nothingIsGrantedByDefault() {
    Ran r = run("cli", WasiCtx.builder());
    assertThat(r.out()).startsWith("argc=0\nenv=0\n\nstdin=0 bytes");
    Ran fs = run("fs", WasiCtx.builder().args(List.of("fs", "open", "/etc/passwd")));
    assertThat(fs.out()).isEqualTo("read /etc/passwd                             ENOTCAPABLE\n");
  }

  @Test
  void stdoutIsDiscardedUnlessGranted() {
    int code = runner("cli").run(WasiCtx.builder().args(List.of("cli", "x")).build());
    assertThat(code).isZero();
  }

  static List<String> tree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void filesystemInsideThePreopenAndNothingOutside(@TempDir Path tmp) throws IOException {
    WasiPrograms.fixture(tmp);
    Ran r = run("fs", WasiCtx.builder().arg("fs")
        .preopenedDir(tmp.resolve("sandbox"), "/sandbox", WasiCtx.Perms.READ_WRITE));
    assertThat(r.out()).isEqualTo("""
        create a.txt: ok
        write: 10
        create a.txt again, exclusively              EEXIST
        read /sandbox/a.txt                          "some text|"
        pwrite at 5: 4
        pread 4 at 0: 4 "some"
        lseek end: 10
        ftruncate to 4                               ok
        fstat: size 4, regular 1, links 1
        fsync                                        ok
        fdatasync                                    ok
        append: 6
        read /sandbox/a.txt                          "some+more|"
        open a.txt as a directory                    ENOTDIR
        open a missing file                          ENOENT
        mkdir dir                                    ok
        mkdir dir again                              EEXIST
        mkdir dir/sub                                ok
        rename a.txt -> dir/c.txt                    ok
        symlink c.txt <- dir/link                    ok
        link dir/c.txt <- dir/hard                   ok
        stat hard: links 2, size 10
        lstat link                                   ok
        lstat link is a symlink: 1
        readlink dir/link: 5 "c.txt"
        read /sandbox/dir/link                       "some+more|"
        read /sandbox/dir/sub/../c.txt               "some+more|"
        ls /sandbox/dir: c.txt (file) hard (file) link (symlink) sub (dir)
        utimes dir/c.txt                             ok
        mtime: 1234567890
        rmdir dir (not empty)                        ENOTEMPTY
        unlink dir (a directory)                     EISDIR
        rmdir dir/c.txt (a file)                     ENOTDIR
        unlink dir/hard                              ok
        unlink dir/link                              ok
        rmdir dir/sub                                ok
        ls /sandbox/dir: c.txt (file)
        read /sandbox/../outside/secret.txt          EPERM
        read /sandbox/dir/../../outside/secret.txt   EPERM
        symlink ../../outside <- dir/out             ok
        read /sandbox/dir/out/secret.txt             EPERM
        symlink /etc/passwd <- dir/abs               EPERM
        symlink loop <- dir/loop                     ok
        read /sandbox/dir/loop                       ELOOP
        mkdir ../escape                              EPERM
        rename dir/c.txt -> ../stolen                EPERM
        read /etc/passwd                             ENOTCAPABLE
        """);
    assertThat(r.exit()).isZero();
    // EPERM is the adapter's errno for WASI's not-permitted, the error the spec names for a path
    // that leads out of its base directory; nothing outside the sandbox changed
    assertThat(tree(tmp)).containsExactly("", "outside", "outside/secret.txt", "ro", "ro/hello.txt", "ro/sub",
        "sandbox", "sandbox/dir", "sandbox/dir/c.txt", "sandbox/dir/loop", "sandbox/dir/out");
    assertThat(Files.readString(tmp.resolve("outside/secret.txt"))).isEqualTo("secret\n");
    assertThat(Files.readSymbolicLink(tmp.resolve("sandbox/dir/out")).toString()).isEqualTo("../../outside");
  }

  @Test
  void readOnlyPreopenRefusesEveryChangeWithReadOnly(@TempDir Path tmp) throws IOException {
    WasiPrograms.fixture(tmp);
    List<String> before = tree(tmp);
    Ran r = run("fs", WasiCtx.builder().args(List.of("fs", "readonly"))
        .preopenedDir(tmp.resolve("sandbox"), "/sandbox", WasiCtx.Perms.READ_WRITE)
        .preopenedDir(tmp.resolve("ro"), "/ro", WasiCtx.Perms.READ_ONLY));
    // EROFS is the adapter's errno for WASI's read-only, what types.wit names for changes
    // through a descriptor without mutate-directory
    assertThat(r.out()).isEqualTo("""
        read /ro/hello.txt                           "hello, read-only|"
        ls /ro: hello.txt (file) sub (dir)
        ro: create new.txt                           EROFS
        ro: open hello.txt for writing               EROFS
        ro: truncate hello.txt                       EROFS
        ro: mkdir x                                  EROFS
        ro: unlink hello.txt                         EROFS
        ro: rmdir sub                                EROFS
        ro: rename hello.txt -> h2                   EROFS
        ro: symlink                                  EROFS
        ro: link                                     EROFS
        ro: rename into sandbox                      EROFS
        read /ro/hello.txt                           "hello, read-only|"
        """);
    assertThat(tree(tmp)).isEqualTo(before);
    assertThat(Files.readString(tmp.resolve("ro/hello.txt"))).isEqualTo("hello, read-only\n");
  }

  @Test
  void clocksSleepAndTell() {
    Ran r = run("clocks", WasiCtx.builder());
    assertThat(r.out()).doesNotContain(": no").contains("nanosleep 20ms waited >= 20ms: yes")
        .contains("poll timeout 15ms waited >= 15ms: yes").contains("wall clock after 2023: yes");
    assertThat(r.out().lines()).hasSize(7);
  }

  @Test
  void randomIsRandom() {
    Ran r = run("random", WasiCtx.builder());
    assertThat(r.out()).startsWith("getentropy: 0 0\n").doesNotContain(": no");
    assertThat(r.out().lines()).hasSize(6);
  }

  /** Equal texts, or a failure showing where they first differ (not the whole of a large text). */
  static void sameText(String actual, String expected) {
    int i = 0;
    while (i < actual.length() && i < expected.length() && actual.charAt(i) == expected.charAt(i)) {
      i++;
    }
    if (i < actual.length() || i < expected.length()) {
      int from = Math.max(0, i - 40);
      throw new AssertionError("texts differ at " + i + " (lengths " + actual.length() + " and " + expected.length()
          + "):\n  actual:   ..." + actual.substring(from, Math.min(actual.length(), i + 40))
          + "\n  expected: ..." + expected.substring(from, Math.min(expected.length(), i + 40)));
    }
  }

  @Test
  void ioPollsReadsInChunksAndWritesLargeBuffers() {
    byte[] in = "0123456789abcdefghij\n".repeat(10).getBytes(StandardCharsets.UTF_8);
    Ran r = run("io", WasiCtx.builder().stdin(in));
    String big = "abcdefghijklmnopqrstuvwxyz".repeat(300000 / 26 + 1).substring(0, 299999) + "\n";
    long h = 0;
    for (byte b : in) {
      h = h * 131 + (b & 0xff);
    }
    sameText(r.out(), "poll(stdin): 1, readable: yes\n"
        + "read 210 bytes in chunks of 7, hash " + Long.toUnsignedString(h & 0xffff_ffffL) + ", last read 0\n"
        + big + "one write of 300000 bytes wrote 300000\nstderr write: 12\n");
    assertThat(r.err()).isEqualTo("stderr line\n");
  }

  @Test
  void socketsOnLoopbackWhenGranted() {
    Ran r = run("sockets", WasiCtx.builder().arg("sockets").allowNetwork("127.0.0.1").allowIpNameLookup(true));
    assertThat(r.out()).isEqualTo("""
        tcp start-bind: ok
        tcp finish-bind: ok
        bound to 127.0.0.1, port chosen
        tcp start-listen: ok
        tcp finish-listen: ok, listening: 1
        accept before a client: would-block
        tcp start-connect: ok
        tcp finish-connect: ok
        accept: ok
        peer is 127.0.0.1
        server read 4 bytes: "ping"
        client read 4 bytes: "pong"
        client shutdown send: ok
        server read: closed
        udp bind: ok
        udp stream (unconnected): ok
        udp stream (connected): ok
        check-send: ok, permits some: yes
        send: ok, sent 1
        received "hello udp" from 127.0.0.1
        resolve localhost: ok
        localhost resolves to 127.0.0.1: yes
        resolve "not a host name!": invalid-argument
        """);
    assertThat(r.exit()).isZero();
  }

  @Test
  void socketsWithoutAGrantAreDeniedWithTheErrorsTheSpecNames() {
    // access-denied is the general wasi:sockets error for an address the network may not use;
    // an ungranted lookup answers permanent-resolver-failure, as Wasmtime does
    String denied = """
        tcp bind 127.0.0.1:0: access-denied
        tcp connect 127.0.0.1:9: access-denied
        tcp listen unbound: invalid-state
        udp bind 127.0.0.1:0: access-denied
        resolve localhost: permanent-resolver-failure
        """;
    assertThat(run("sockets", WasiCtx.builder().args(List.of("sockets", "denied"))).out()).isEqualTo(denied);
    // a grant for other addresses does not open these
    assertThat(run("sockets", WasiCtx.builder().args(List.of("sockets", "denied")).allowNetwork("10.0.0.0/8:80"))
        .out()).isEqualTo(denied);
  }

  @Test
  void outgoingHttpOnlyToAllowedAuthorities() throws IOException {
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 4);
    server.createContext("/", ex -> {
      byte[] b = ("reached: " + ex.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("content-type", "text/plain");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    try {
      String auth = "127.0.0.1:" + server.getAddress().getPort();
      List<String> args = List.of("http-get", "http", auth, "/x");
      Ran ok = run("http-get", WasiCtx.builder().args(args).allowHttp(auth));
      assertThat(ok.out()).isEqualTo("status: 200\ncontent-type: text/plain\nbody: reached: /x\n[end]\n");
      // HTTP-request-denied, the error-code wasi:http names for a request the host refuses
      for (WasiCtxBuilder b : List.of(WasiCtx.builder(), WasiCtx.builder().allowHttp("example.com"),
          WasiCtx.builder().allowHttp("127.0.0.1:1"), WasiCtx.builder().allowHttp("https://" + auth))) {
        Ran denied = run("http-get", b.args(args));
        assertThat(denied.out()).isEqualTo("handle: HTTP-request-denied\n");
        assertThat(denied.exit()).isEqualTo(1);
      }
    } finally {
      server.stop(0);
    }
  }

  @Test
  void limitsStopWhatExceedsThem() {
    // io.c has a 300 KB static buffer: its memory starts larger than 128 KiB
    assertThatThrownBy(() -> runner("io").run(WasiCtx.builder().memoryLimits(128 << 10, 0).build()))
        .isInstanceOf(dev.trellis.engine.error.LinkException.class).hasMessageContaining("memory limit exceeded");
    assertThatThrownBy(() -> runner("io").run(WasiCtx.builder().memoryLimits(0, 1).build()))
        .isInstanceOf(dev.trellis.engine.error.LinkException.class).hasMessageContaining("table limit exceeded");
    assertThat(run("random", WasiCtx.builder().memoryLimits(16 << 20, 1000)).out()).startsWith("getentropy: 0 0");
    // a deadline stops a guest that waits too long: the clocks program sleeps 35 ms in all
    assertThatThrownBy(() -> runner("clocks").run(WasiCtx.builder().deadline(java.time.Duration.ofMillis(5)).build()))
        .isInstanceOf(dev.trellis.engine.error.TrapException.class).hasMessageContaining("deadline");
  }
}
