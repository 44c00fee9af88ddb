package dev.trellis.wasiconformance;

import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.HttpService;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.WasiCommand;
import dev.trellis.harness.spi.WasiResult;
import dev.trellis.harness.spi.Wasm;
import dev.trellis.wasiconformance.WasiSpec.Operation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs the cases of a WASI suite on one runtime, through the runtime SPI, and judges them:
 * each case becomes one {@link CaseResult} ({@code suite} "wasi", {@code file} the case id,
 * {@code directive} {@code wasi-command} or {@code wasi-http}, {@code feature} the case's area).
 *
 * <p>A runtime that hangs (no answer within the deadline), crashes (its process dies, it throws
 * what is not a WASI outcome) or prints garbage (output that is not what the spec says) fails
 * the case with what it printed attached, and the runner goes on with the next case. A hung
 * in-process runtime's thread is abandoned (a daemon), not waited for.
 */
public final class WasiRunner {
  /** Extra time past the runtime's own deadline before the runner gives up on it: 2 to 10 s. */
  private final Duration grace;
  private static final int MAX_SHOWN = 2000;

  private final Runtime runtime;
  private final WasiExpectations expectations;
  private final Duration timeout;
  private final Function<WasiCase, Wasm> programs;

  /**
   * @param programs the component of a case (built, assembled or adapted); may throw
   *     {@link ProgramException} when a program cannot be had
   */
  public WasiRunner(Runtime runtime, WasiExpectations expectations, Duration timeout, Function<WasiCase, Wasm> programs) {
    this.runtime = runtime;
    this.expectations = expectations;
    this.timeout = timeout;
    this.programs = programs;
    long half = timeout.toMillis() / 2;
    this.grace = Duration.ofMillis(Math.max(2000, Math.min(10_000, half)));
  }

  public Runtime runtime() {
    return runtime;
  }

  private java.util.function.BiConsumer<WasiCase, List<String>> hostCallListener = (c, calls) -> { };

  /** Hears, after each case whose runtime records them, the WASI functions its run called. */
  public WasiRunner onHostCalls(java.util.function.BiConsumer<WasiCase, List<String>> listener) {
    hostCallListener = listener;
    return this;
  }

  /** Runs one case (or reports it skipped or unsupported) under the expectations. */
  public CaseResult run(WasiCase c) {
    long t0 = System.nanoTime();
    String directive = c.spec().isProxy() ? "wasi-http" : "wasi-command";
    WasiExpectations.Entry exp = expectations.lookup(c.id());
    if (exp != null && exp.kind() == WasiExpectations.Kind.SKIP) {
      return result(c, directive, Outcome.SKIPPED, exp.reason(), 0);
    }
    if (c.program() instanceof WasiCase.Program.Unreadable u) {
      return result(c, directive, Outcome.UNSUPPORTED, "this runner cannot read the spec: " + u.reason(), 0);
    }
    Set<Feature> missing = needs(c);
    missing.removeAll(runtime.features());
    if (!missing.isEmpty()) {
      return result(c, directive, Outcome.UNSUPPORTED,
          "needs " + String.join(", ", missing.stream().map(Feature::id).toList()) + ", which " + runtime.id()
              + " does not declare", 0);
    }
    Verdict v;
    try {
      v = execute(c);
    } catch (ProgramException e) {
      v = Verdict.failed("program: " + e.getMessage());
    } catch (RuntimeFailure f) {
      v = f.kind() == RuntimeFailure.Kind.UNSUPPORTED ? Verdict.unsupported(f.getMessage())
          : Verdict.failed(f.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + f.getMessage()
              + (f.output() == null || f.output().isBlank() ? "" : "\n--- runtime output ---\n" + clip(f.output())));
    } catch (IOException e) {
      v = Verdict.failed("runner: " + e);
    } catch (RuntimeException e) {
      // Anything else the adapter threw is the runtime's crash, not the runner's: report it.
      v = Verdict.failed("crashed: " + e);
    }
    long nanos = System.nanoTime() - t0;
    if (v.outcome == Outcome.UNSUPPORTED) {
      return result(c, directive, Outcome.UNSUPPORTED, v.message, nanos);
    }
    if (exp != null) {
      return v.outcome == Outcome.PASSED
          ? result(c, directive, Outcome.FAILED, "expected to fail but passed (" + exp.reason() + ")", nanos)
          : result(c, directive, Outcome.EXPECTED_FAILURE, exp.reason() + " | " + v.message, nanos);
    }
    return result(c, directive, v.outcome, v.message, nanos);
  }

  private CaseResult result(WasiCase c, String directive, Outcome o, String message, long nanos) {
    return new CaseResult(runtime.id(), c.suite(), c.id(), 0, directive, o, message, c.area(), nanos);
  }

  /** The features a case needs of a runtime. */
  static Set<Feature> needs(WasiCase c) {
    Set<Feature> n = EnumSet.of(Feature.COMPONENT);
    n.add(c.spec().isProxy() ? Feature.WASI_HTTP : Feature.WASI_COMMAND);
    if (c.program() instanceof WasiCase.Program.Preview3) {
      n.add(Feature.WASI_P3);
    }
    return n;
  }

  record Verdict(Outcome outcome, String message) {
    static Verdict passed() {
      return new Verdict(Outcome.PASSED, null);
    }

    static Verdict failed(String m) {
      return new Verdict(Outcome.FAILED, m);
    }

    static Verdict unsupported(String m) {
      return new Verdict(Outcome.UNSUPPORTED, m);
    }
  }

  // ---- execution -------------------------------------------------------------------------------

  private Verdict execute(WasiCase c) throws IOException {
    WasiSpec spec = c.spec();
    Path work = Files.createTempDirectory("trellis-wasi-");
    Endpoints endpoints = null;
    try {
      Map<String, String> vars = new HashMap<>();
      vars.put("port", Integer.toString(freePort()));
      vars.put("closed_port", Integer.toString(freePort()));
      if (!spec.endpoints().isEmpty()) {
        endpoints = Endpoints.start(spec.endpoints());
        vars.put("http_server", endpoints.authority());
      }
      Wasm wasm = programs.apply(c);
      if (spec.isProxy()) {
        return serve(c, wasm, vars);
      }
      return command(c, wasm, work, vars);
    } finally {
      if (endpoints != null) {
        endpoints.close();
      }
      deleteTree(work);
    }
  }

  private Verdict command(WasiCase c, Wasm wasm, Path work, Map<String, String> vars) throws IOException {
    WasiSpec spec = c.spec();
    List<WasiCommand.Preopen> preopens = new ArrayList<>();
    for (WasiSpec.Dir d : spec.dirs()) {
      Path src = c.specDir().resolve(d.dir()).normalize();
      if (!Files.isDirectory(src)) {
        return Verdict.failed("spec: no directory " + src);
      }
      Path copy = work.resolve("d" + preopens.size()).resolve(src.getFileName().toString());
      copyTree(src, copy);
      preopens.add(new WasiCommand.Preopen(copy, d.guest(), d.readOnly()));
    }
    ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    for (Operation op : spec.operations()) {
      if (op instanceof Operation.Write w && w.id().equals("stdin")) {
        stdin.writeBytes(w.payload().getBytes(StandardCharsets.UTF_8));
      }
    }
    Map<String, String> env = new LinkedHashMap<>();
    spec.env().forEach((k, v) -> env.put(k, subst(v, vars)));
    WasiCommand how = WasiCommand.of(spec.args().stream().map(a -> subst(a, vars)).toArray(String[]::new))
        .withEnv(env).withPreopens(preopens).withStdin(stdin.toByteArray()).withTimeout(timeout)
        .withNetwork(network(spec, vars)).withIpNameLookup(spec.proposals().contains("sockets"))
        .withHttp(http(spec, vars));

    CompletableFuture<WasiResult> run = new CompletableFuture<>();
    Thread t = Thread.ofPlatform().daemon().name("wasi-" + c.id()).start(() -> {
      try {
        run.complete(runtime.runCommand(wasm, how));
      } catch (Throwable e) {
        run.completeExceptionally(e);
      }
    });
    List<String> problems = new ArrayList<>();
    Map<String, Peer> peers = new HashMap<>();
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      for (Operation op : spec.operations()) {
        switch (op) {
          case Operation.Connect k -> peers.put(k.id(), Peer.connect(k, subst(k.address(), vars), deadline, run));
          case Operation.Send s -> peer(peers, s.id()).send(s.payload().getBytes(StandardCharsets.UTF_8));
          case Operation.Recv r -> {
            byte[] got = peer(peers, r.id()).recv(r.payload().getBytes(StandardCharsets.UTF_8).length, deadline, run);
            if (!new String(got, StandardCharsets.UTF_8).equals(r.payload())) {
              problems.add("recv on " + r.id() + ": expected " + quote(r.payload()) + ", got " + show(got));
            }
          }
          case Operation.Kill k -> {
            // A command cannot be signalled through the SPI: its deadline ends it.
          }
          default -> {
            // run, write, read and wait are handled around the run
          }
        }
      }
    } catch (IOException e) {
      problems.add("runner: " + e.getMessage());
    } finally {
      for (Peer p : peers.values()) {
        p.close();
      }
    }
    WasiResult r;
    try {
      r = run.get(timeout.plus(grace).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      t.interrupt();
      return Verdict.failed("hung: " + runtime.id() + " did not finish within " + timeout.plus(grace).toSeconds()
          + " s" + (problems.isEmpty() ? "" : "; " + String.join("; ", problems)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Verdict.failed("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeFailure f) {
        throw f;
      }
      throw new IllegalStateException(e.getCause().toString(), e.getCause());
    }
    judge(spec, r, problems);
    if (r.hostCalls() != null) {
      hostCallListener.accept(c, r.hostCalls());
    }
    verifyCalls(spec, r.hostCalls(), problems);
    if (problems.isEmpty()) {
      return Verdict.passed();
    }
    return Verdict.failed(String.join("; ", problems) + "\n" + transcript(r));
  }

  /** Compares a finished command with what its spec says it must do. */
  static void judge(WasiSpec spec, WasiResult r, List<String> problems) {
    Integer waitCode = null;
    Map<String, Integer> cursor = new HashMap<>();
    for (Operation op : spec.operations()) {
      if (op instanceof Operation.Wait w && w.exitCode() != null) {
        waitCode = w.exitCode();
      }
      if (op instanceof Operation.Read rd) {
        byte[] stream = rd.id().equals("stderr") ? r.stderr() : r.stdout();
        int at = cursor.getOrDefault(rd.id(), 0);
        byte[] want = rd.payload().getBytes(StandardCharsets.UTF_8);
        if (at + want.length > stream.length || !java.util.Arrays.equals(stream, at, at + want.length, want, 0, want.length)) {
          problems.add("read " + rd.id() + ": expected " + quote(rd.payload()) + " at byte " + at);
        }
        cursor.put(rd.id(), at + want.length);
      }
    }
    if (spec.trap()) {
      if (!r.trapped()) {
        problems.add("expected a trap, but the command ended with exit code " + r.exitCode());
      }
    } else {
      if (r.trapped()) {
        problems.add("trapped: " + r.trap());
      }
      int want = waitCode != null ? waitCode : spec.expectedExitCode();
      if (!r.trapped() && r.exitCode() != want) {
        problems.add("exit code " + r.exitCode() + ", expected " + want);
      }
    }
    if (spec.stdout() != null && !spec.stdout().equals(decode(r.stdout()))) {
      problems.add("stdout differs: " + firstDifference(spec.stdout(), decode(r.stdout())));
    }
    if (spec.stderr() != null && !spec.stderr().equals(decode(r.stderr()))) {
      problems.add("stderr differs: " + firstDifference(spec.stderr(), decode(r.stderr())));
    }
  }

  /** Functions the host calls, not the guest: the runner's own doing, not checked here. */
  private static final Set<String> EXPORTS = Set.of("wasi:cli/run#run", "wasi:http/incoming-handler#handle");

  /**
   * On a runtime that records the WASI functions a guest called, every function the spec
   * declares in {@code wasi_functions} must be among them: the coverage table counts on it.
   */
  static void verifyCalls(WasiSpec spec, List<String> calls, List<String> problems) {
    if (calls == null) {
      return;
    }
    List<String> missing = spec.wasiFunctions().stream()
        .filter(f -> f.startsWith("wasi:") && !EXPORTS.contains(f) && !calls.contains(f)).toList();
    if (!missing.isEmpty()) {
      problems.add("declares in wasi_functions what the run never called: " + String.join(", ", missing));
    }
  }

  private Verdict serve(WasiCase c, Wasm wasm, Map<String, String> vars) throws IOException {
    List<String> problems = new ArrayList<>();
    HttpService service = null;
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    try {
      for (Operation op : c.spec().operations()) {
        switch (op) {
          case Operation.Run r -> service = start(wasm);
          case Operation.Request q -> {
            if (service == null) {
              service = start(wasm);
            }
            problems.addAll(request(client, service.uri(), q, vars));
          }
          case Operation.Kill k -> {
            if (service != null) {
              if (service.hostCalls() != null) {
                hostCallListener.accept(c, service.hostCalls());
              }
              verifyCalls(c.spec(), service.hostCalls(), problems);
              service.close();
              service = null;
            }
          }
          default -> {
            // wait, and stream operations, have no meaning for a served component
          }
        }
      }
    } finally {
      if (service != null) {
        service.close();
      }
      client.close();
    }
    return problems.isEmpty() ? Verdict.passed() : Verdict.failed(String.join("; ", problems));
  }

  private HttpService start(Wasm wasm) {
    CompletableFuture<HttpService> f = CompletableFuture.supplyAsync(
        () -> runtime.serveHttp(wasm, new InetSocketAddress("127.0.0.1", 0)));
    try {
      return f.get(timeout.plus(grace).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new RuntimeFailure(RuntimeFailure.Kind.TIMEOUT, "hung: " + runtime.id() + " did not start serving within "
          + timeout.plus(grace).toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeFailure(RuntimeFailure.Kind.ERROR, "interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeFailure rf) {
        throw rf;
      }
      throw new IllegalStateException(e.getCause().toString(), e.getCause());
    }
  }

  private List<String> request(HttpClient client, URI base, Operation.Request q, Map<String, String> vars) {
    List<String> problems = new ArrayList<>();
    String what = q.method() + " " + q.path();
    URI uri = base.resolve(subst(q.path(), vars));
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
    q.headers().forEach(b::header);
    b.method(q.method(), q.body() == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(q.body()));
    HttpResponse<byte[]> resp;
    try {
      resp = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      problems.add(what + ": no response (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
      return problems;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add(what + ": interrupted");
      return problems;
    }
    WasiSpec.Response want = q.response();
    if (want == null) {
      return problems;
    }
    if (resp.statusCode() != want.status()) {
      problems.add(what + ": status " + resp.statusCode() + ", expected " + want.status() + " (body " + show(resp.body()) + ")");
    }
    for (Map.Entry<String, String> h : want.headers().entrySet()) {
      String got = String.join(", ", resp.headers().allValues(h.getKey()));
      if (!got.equals(h.getValue())) {
        problems.add(what + ": header " + h.getKey() + " is " + quote(got) + ", expected " + quote(h.getValue()));
      }
    }
    if (want.body() != null && !want.body().equals(decode(resp.body()))) {
      problems.add(what + ": body " + firstDifference(want.body(), decode(resp.body())));
    }
    return problems;
  }

  private static List<String> network(WasiSpec spec, Map<String, String> vars) {
    if (spec.network() != null) {
      return spec.network().stream().map(n -> subst(n, vars)).toList();
    }
    // The sockets proposal grants loopback only: every test of the suite stays on this machine.
    return spec.proposals().contains("sockets") ? List.of("127.0.0.0/8", "[::1]") : List.of();
  }

  private static List<String> http(WasiSpec spec, Map<String, String> vars) {
    if (spec.httpAllow() != null) {
      return spec.httpAllow().stream().map(n -> subst(n, vars)).toList();
    }
    if (!spec.proposals().contains("http")) {
      return List.of();
    }
    return vars.containsKey("http_server") ? List.of(vars.get("http_server")) : List.of("127.0.0.1");
  }

  // ---- the runner's side of a socket test ------------------------------------------------------

  /** A connection the runner makes to the program's server. */
  private interface Peer extends AutoCloseable {
    void send(byte[] b) throws IOException;

    /** Receives up to n bytes; gives up at the deadline, or soon after the program ended. */
    byte[] recv(int n, long deadline, CompletableFuture<?> program) throws IOException;

    @Override
    void close();

    /** Connects, retrying until the program listens (or ends, or the deadline passes). */
    static Peer connect(Operation.Connect k, String address, long deadline, CompletableFuture<?> program)
        throws IOException {
      int colon = address.lastIndexOf(':');
      InetSocketAddress to = new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
      if (k.protocolType().equals("udp")) {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        s.connect(to);
        return new UdpPeer(s);
      }
      IOException last = null;
      while (System.nanoTime() < deadline && !program.isDone()) {
        Socket s = new Socket();
        try {
          s.connect(to, 1000);
          s.setSoTimeout(1000);
          return new TcpPeer(s);
        } catch (IOException e) {
          last = e;
          s.close();
          try {
            Thread.sleep(50);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
          }
        }
      }
      throw new IOException("connect " + k.id() + " to " + address + ": " + (program.isDone() ? "the program ended"
          : last == null ? "deadline" : last.getMessage()));
    }
  }

  private record TcpPeer(Socket s) implements Peer {
    @Override
    public void send(byte[] b) throws IOException {
      OutputStream o = s.getOutputStream();
      o.write(b);
      o.flush();
    }

    @Override
    public byte[] recv(int n, long deadline, CompletableFuture<?> program) throws IOException {
      InputStream in = s.getInputStream();
      byte[] buf = new byte[n];
      int got = 0;
      boolean ended = false;
      while (got < n && System.nanoTime() < deadline && !ended) {
        ended = program.isDone(); // one more read after the end: what it sent before is in the socket
        try {
          int k = in.read(buf, got, n - got);
          if (k < 0) {
            break;
          }
          got += k;
        } catch (java.net.SocketTimeoutException e) {
          // keep waiting until the deadline
        }
      }
      return java.util.Arrays.copyOf(buf, got);
    }

    @Override
    public void close() {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing a test connection
      }
    }
  }

  /** UDP: a datagram may be sent before the program binds; the last one is resent until answered. */
  private static final class UdpPeer implements Peer {
    private final DatagramSocket s;
    private byte[] last;

    UdpPeer(DatagramSocket s) {
      this.s = s;
    }

    @Override
    public void send(byte[] b) throws IOException {
      last = b.clone();
      s.send(new DatagramPacket(b, b.length));
    }

    @Override
    public byte[] recv(int n, long deadline, CompletableFuture<?> program) throws IOException {
      byte[] buf = new byte[65536];
      s.setSoTimeout(200);
      boolean ended = false;
      while (System.nanoTime() < deadline && !ended) {
        ended = program.isDone();
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          s.receive(p);
          return java.util.Arrays.copyOf(buf, p.getLength());
        } catch (java.net.SocketTimeoutException | java.net.PortUnreachableException e) {
          if (last != null) {
            try {
              s.send(new DatagramPacket(last, last.length));
            } catch (IOException ignored) {
              // nobody bound yet: try again
            }
          }
        }
      }
      return new byte[0];
    }

    @Override
    public void close() {
      s.close();
    }
  }

  private static Peer peer(Map<String, Peer> peers, String id) throws IOException {
    Peer p = peers.get(id);
    if (p == null) {
      throw new IOException("no connection " + id + " (a connect operation must come first)");
    }
    return p;
  }

  // ---- helpers ---------------------------------------------------------------------------------

  static String subst(String s, Map<String, String> vars) {
    if (s == null || !s.contains("${")) {
      return s;
    }
    String out = s;
    for (Map.Entry<String, String> v : vars.entrySet()) {
      out = out.replace("${" + v.getKey() + "}", v.getValue());
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Bytes as text: UTF-8 where they are, {@code \xNN} where they are not. */
  static String decode(byte[] b) {
    var dec = StandardCharsets.UTF_8.newDecoder();
    try {
      return dec.decode(java.nio.ByteBuffer.wrap(b)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      StringBuilder sb = new StringBuilder();
      for (byte x : b) {
        int v = x & 0xff;
        if (v >= 0x20 && v < 0x7f || v == '\n' || v == '\t') {
          sb.append((char) v);
        } else {
          sb.append(String.format(java.util.Locale.ROOT, "\\x%02x", v));
        }
      }
      return sb.toString();
    }
  }

  static String transcript(WasiResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append("exit code ").append(r.exitCode());
    if (r.trapped()) {
      sb.append(", trap: ").append(r.trap());
    }
    sb.append("\n--- stdout ---\n").append(clip(decode(r.stdout())));
    if (r.stderr().length > 0) {
      sb.append("\n--- stderr ---\n").append(clip(decode(r.stderr())));
    }
    return sb.toString();
  }

  static String clip(String s) {
    return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "... (" + (s.length() - MAX_SHOWN) + " more chars)";
  }

  private static String show(byte[] b) {
    return quote(clip(decode(b)));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\n", "\\n").replace("\"", "\\\"") + "\"";
  }

  /** Where two texts first differ, by line: "line N: expected ..., got ...". */
  static String firstDifference(String want, String got) {
    String[] a = want.split("\n", -1);
    String[] b = got.split("\n", -1);
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String x = i < a.length ? a[i] : null;
      String y = i < b.length ? b[i] : null;
      if (x == null || !x.equals(y)) {
        return "line " + (i + 1) + ": expected " + (x == null ? "(end)" : quote(x)) + ", got "
            + (y == null ? "(end)" : quote(y));
      }
    }
    return "(same lines)";
  }

  private static void copyTree(Path src, Path dst) throws IOException {
    Files.walkFileTree(src, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(dst.resolve(src.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!file.getFileName().toString().endsWith(".cleanup")) {
          Files.copy(file, dst.resolve(src.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: a temporary directory
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }

  /** A program that cannot be had (not built, does not assemble, cannot be adapted). */
  public static final class ProgramException extends RuntimeException {
    public ProgramException(String message) {
      super(message);
    }

    public ProgramException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
