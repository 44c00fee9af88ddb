package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.testing.WasiPrograms;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.Runtimes;
import dev.trellis.harness.spi.Wasm;
import dev.trellis.harness.spi.WasiCommand;
import dev.trellis.harness.spi.WasiResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The C test programs under {@code trellis run} and under Wasmtime (its C API, through the runtime
 * SPI) with the same arguments, environment, stdin and preopens: stdout, stderr and the exit code
 * must be the same bytes.
 */
class WasiRunDifferentialTest {
  private static Runtime wasmtime;

  @BeforeAll
  static void open() {
    // CI installs Wasmtime (pip install wasmtime==49.0.0); without it this comparison cannot run
    wasmtime = Runtimes.discover().open("wasmtime");
  }

  @AfterAll
  static void close() {
    if (wasmtime != null) {
      wasmtime.close();
    }
  }

  /** One run: program, arguments, environment, stdin, and whether it gets the fixture's preopens. */
  record Case(String program, List<String> args, Map<String, String> env, String stdin, boolean dirs) {
    @Override
    public String toString() {
      return program + " " + String.join(" ", args);
    }
  }

  static Stream<Arguments> cases() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("FOO", "bar");
    env.put("LANG", "C");
    return Stream.of(
        new Case("cli", List.of("one", "two words", "ü"), env, "hello\nstdin wörld\n", false),
        new Case("cli", List.of(), Map.of(), "", false),
        new Case("cli", List.of("exit", "0"), Map.of(), "", false),
        new Case("cli", List.of("exit", "3"), Map.of(), "", false),
        new Case("clocks", List.of(), Map.of(), "", false),
        new Case("random", List.of(), Map.of(), "", false),
        new Case("io", List.of(), Map.of(), "0123456789".repeat(100), false),
        new Case("fs", List.of(), Map.of(), "", true),
        new Case("fs", List.of("open", "/sandbox/../outside/secret.txt"), Map.of(), "", true),
        new Case("fs", List.of("open", "/ro/hello.txt"), Map.of(), "", true),
        new Case("fs", List.of("open", "/ro/hello.txt"), Map.of(), "", false))
        .map(Arguments::of);
  }

  record Out(int exit, byte[] stdout, byte[] stderr) {
    String text() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }

  static Out onWasmtime(Case c, Path dir) throws IOException {
    Path wasm = WasiPrograms.program(c.program());
    List<WasiCommand.Preopen> preopens = c.dirs()
        ? List.of(new WasiCommand.Preopen(dir.resolve("sandbox"), "/sandbox", false),
            new WasiCommand.Preopen(dir.resolve("ro"), "/ro", true))
        : List.of();
    WasiResult r = wasmtime.runCommand(Wasm.of(c.program() + ".wasm", Files.readAllBytes(wasm)),
        new WasiCommand(c.args(), c.env(), preopens, c.stdin().getBytes(StandardCharsets.UTF_8),
            java.time.Duration.ofSeconds(60)));
    return new Out(r.exitCode(), r.stdout(), r.stderr());
  }

  /** {@code trellis run} in this JVM, with System.in/out/err standing for the process's stdio. */
  static synchronized Out onTrellis(Case c, Path dir, String... flags) {
    Path wasm = WasiPrograms.program(c.program());
    List<String> argv = new ArrayList<>(List.of("run", wasm.toString()));
    argv.addAll(List.of(flags));
    c.env().forEach((k, v) -> argv.addAll(List.of("--env", k + "=" + v)));
    if (c.dirs()) {
      argv.addAll(List.of("--dir", dir.resolve("sandbox") + "::/sandbox", "--ro-dir", dir.resolve("ro") + "::/ro"));
    }
    argv.add("--");
    argv.addAll(c.args());
    InputStream in0 = System.in;
    PrintStream out0 = System.out;
    PrintStream err0 = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    StringWriter cliErr = new StringWriter();
    try {
      System.setIn(new ByteArrayInputStream(c.stdin().getBytes(StandardCharsets.UTF_8)));
      System.setOut(new PrintStream(out, true));
      System.setErr(new PrintStream(err, true));
      CommandLine cl = Main.commandLine();
      cl.setErr(new PrintWriter(cliErr, true));
      int code = cl.execute(argv.toArray(String[]::new));
      assertThat(cliErr.toString()).as("trellis's own messages").isEmpty();
      return new Out(code, out.toByteArray(), err.toByteArray());
    } finally {
      System.setIn(in0);
      System.setOut(out0);
      System.setErr(err0);
    }
  }

  private static final class StringWriter extends java.io.StringWriter {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sameStdoutStderrAndExitCodeAsWasmtime(Case c, @TempDir Path tmp) throws IOException {
    Out w = onWasmtime(c, WasiPrograms.fixture(tmp.resolve("w")));
    Out t = onTrellis(c, WasiPrograms.fixture(tmp.resolve("t")));
    assertThat(t.text()).as("stdout").isEqualTo(w.text());
    assertThat(t.stdout()).as("stdout bytes").isEqualTo(w.stdout());
    assertThat(new String(t.stderr(), StandardCharsets.UTF_8)).as("stderr")
        .isEqualTo(new String(w.stderr(), StandardCharsets.UTF_8));
    assertThat(t.exit()).as("exit code").isEqualTo(w.exit());
    if (c.dirs()) {
      assertThat(tree(tmp.resolve("t"))).as("files afterwards").isEqualTo(tree(tmp.resolve("w")));
    }
  }

  /**
   * The one explained difference: a change in a read-only preopen. types.wit says such changes
   * fail with {@code read-only} (errno EROFS after the adapter); Wasmtime 49 returns
   * {@code not-permitted} (EPERM). Everything else is the same, and neither changes anything.
   */
  @Test
  void readOnlyPreopenDiffersFromWasmtimeOnlyInTheErrorCodeTheSpecNames(@TempDir Path tmp) throws IOException {
    Case c = new Case("fs", List.of("readonly"), Map.of(), "", true);
    Out w = onWasmtime(c, WasiPrograms.fixture(tmp.resolve("w")));
    Out t = onTrellis(c, WasiPrograms.fixture(tmp.resolve("t")));
    List<String> wl = w.text().lines().toList();
    List<String> tl = t.text().lines().toList();
    assertThat(tl).hasSameSizeAs(wl);
    int refused = 0;
    for (int i = 0; i < wl.size(); i++) {
      if (wl.get(i).endsWith(" EPERM")) {
        assertThat(tl.get(i)).isEqualTo(wl.get(i).replaceFirst(" EPERM$", " EROFS"));
        refused++;
      } else {
        assertThat(tl.get(i)).isEqualTo(wl.get(i));
      }
    }
    assertThat(refused).isEqualTo(10);
    assertThat(t.exit()).isEqualTo(w.exit()).isZero();
    assertThat(tree(tmp.resolve("t"))).isEqualTo(tree(tmp.resolve("w")));
  }

  /**
   * Sockets cannot be compared: Wasmtime's C API (49.0.0) links wasi:sockets for components but
   * its socket creation answers {@code access-denied} even with the whole network inherited, so
   * the sockets program stops at its first call there. Pinned so that the day Wasmtime grants
   * sockets through its C API this test fails and the comparison is added.
   */
  @Test
  void socketsRunUnderTrellisRunWhileWasmtimesCApiDeniesSocketCreation(@TempDir Path tmp) throws IOException {
    Path wasm = WasiPrograms.program("sockets");
    WasiResult w = wasmtime.runCommand(Wasm.of("sockets.wasm", Files.readAllBytes(wasm)),
        new WasiCommand(List.of(), Map.of(), List.of(), new byte[0], java.time.Duration.ofSeconds(60),
            List.of("127.0.0.1"), true, List.of()));
    assertThat(w.stdoutText()).isEqualTo("create-tcp-socket: access-denied\n");
    Case c = new Case("sockets", List.of(), Map.of(), "", false);
    Out t = onTrellis(c, tmp, "--allow-net=127.0.0.1", "--allow-ip-name-lookup");
    assertThat(t.text()).contains("server read 4 bytes: \"ping\"\nclient read 4 bytes: \"pong\"\n")
        .contains("received \"hello udp\" from 127.0.0.1\n").doesNotContain("access-denied");
    assertThat(t.exit()).isZero();
    Out denied = onTrellis(new Case("sockets", List.of("denied"), Map.of(), "", false), tmp);
    assertThat(denied.text()).startsWith("tcp bind 127.0.0.1:0: access-denied\ntcp connect 127.0.0.1:9: access-denied\n");
  }

  /** Outgoing HTTP to a server of this test, granted to that authority on both runtimes. */
  @ParameterizedTest(name = "http-get {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"GET", "POST", "DELETE"})
  void outgoingHttpAnswersAsUnderWasmtime(String method) throws IOException {
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", ex -> {
      byte[] in = ex.getRequestBody().readAllBytes();
      byte[] b = ("test server: " + ex.getRequestMethod() + " " + ex.getRequestURI() + " ["
          + new String(in, StandardCharsets.UTF_8) + "] x-test=" + ex.getRequestHeaders().getFirst("x-test") + "\n")
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("content-type", "text/plain; charset=utf-8");
      ex.getResponseHeaders().add("x-served-by", "the test");
      ex.sendResponseHeaders(method.equals("DELETE") ? 204 : 201, method.equals("DELETE") ? -1 : b.length);
      if (!method.equals("DELETE")) {
        ex.getResponseBody().write(b);
      }
      ex.close();
    });
    server.start();
    try {
      String auth = "127.0.0.1:" + server.getAddress().getPort();
      List<String> args = new ArrayList<>(List.of("http", auth, "/path?q=1", method));
      if (method.equals("POST")) {
        args.add("a posted body");
      }
      Path wasm = WasiPrograms.program("http-get");
      WasiResult w = wasmtime.runCommand(Wasm.of("http-get.wasm", Files.readAllBytes(wasm)),
          new WasiCommand(args, Map.of(), List.of(), new byte[0], java.time.Duration.ofSeconds(60), List.of(), false,
              List.of(auth)));
      Out t = onTrellis(new Case("http-get", args, Map.of(), "", false), wasm.getParent(), "--allow-http=" + auth);
      assertThat(t.text()).isEqualTo(w.stdoutText());
      assertThat(t.exit()).isEqualTo(w.exitCode()).isZero();
      assertThat(t.text()).startsWith("status: 20").contains("x-served-by: the test\n");
    } finally {
      server.stop(0);
    }
  }

  static List<String> tree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> dir.relativize(p) + (Files.isRegularFile(p) ? " " + size(p) : "")).sorted().toList();
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }
}
