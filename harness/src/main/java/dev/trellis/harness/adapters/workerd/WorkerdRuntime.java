package dev.trellis.harness.adapters.workerd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.FuncType;
import dev.trellis.harness.adapters.AbstractRuntime;
import dev.trellis.harness.adapters.CliServer;
import dev.trellis.harness.adapters.ComponentTypes;
import dev.trellis.harness.adapters.CoreTypes;
import dev.trellis.harness.adapters.CoreValues;
import dev.trellis.harness.adapters.CoreValues.CoreType;
import dev.trellis.harness.adapters.HttpWait;
import dev.trellis.harness.adapters.LineWorker;
import dev.trellis.harness.adapters.NodeTools;
import dev.trellis.harness.adapters.Processes;
import dev.trellis.harness.adapters.jco.JcoBindings;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeFailure.Kind;
import dev.trellis.harness.spi.Wasm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * workerd. Workers may not compile WebAssembly at run time, so every load writes a worker
 * whose config embeds the module (or a component's jco-transpiled modules) and starts a
 * workerd process serving it on a free port of 127.0.0.1; instantiations and calls are HTTP
 * requests to it ({@code workerd-worker.mjs}). Components are transpiled by the jco driver,
 * kept running for the runtime's lifetime.
 */
final class WorkerdRuntime extends AbstractRuntime {
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path workerd;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final List<WorkerdLoaded> live = new ArrayList<>();
  private LineWorker transpiler;

  WorkerdRuntime(Path workerd, String version, String detail) {
    super(WorkerdProvider.ID, version, detail, WorkerdProvider.FEATURES);
    this.workerd = workerd;
  }

  /**
   * At most this many workerd processes run at once: a script defines hundreds of modules and
   * rarely goes back to old ones. The least recently used is stopped (its directory kept) and
   * started again if it is used again; instances it had are gone then.
   */
  static final int MAX_RUNNING = 8;

  /** One loaded module or component: a directory with its worker, served by a workerd process when running. */
  private final class WorkerdLoaded implements Loaded {
    final Wasm wasm;
    final boolean component;
    final Path dir;
    final List<String> modules;
    Process process;
    URI uri;
    /** Counts the starts, so an instance of an earlier process is known to be gone. */
    int starts;

    WorkerdLoaded(Wasm wasm, boolean component, Path dir, List<String> modules) {
      this.wasm = wasm;
      this.component = component;
      this.dir = dir;
      this.modules = modules;
    }

    @Override
    public Wasm wasm() {
      return wasm;
    }

    /** Starts workerd on a free port and waits until the worker answers. */
    void start() throws IOException {
      int port = CliServer.freePort(InetAddress.getLoopbackAddress());
      Files.writeString(dir.resolve("config.capnp"), WorkerdProvider.config(modules, port));
      ProcessBuilder pb = new ProcessBuilder(workerd.toString(), "serve", "config.capnp");
      pb.directory(dir.toFile());
      pb.redirectErrorStream(true);
      pb.redirectOutput(dir.resolve("workerd.log").toFile());
      process = pb.start();
      uri = URI.create("http://127.0.0.1:" + port + "/");
      starts++;
      try {
        // workerd may listen before it has compiled the worker's modules; a ping answers only
        // once they loaded, and a module that does not compile stops workerd.
        HttpWait.untilListening(process, "127.0.0.1", port, START_TIMEOUT, dir.resolve("workerd.log"));
        ObjectNode ping = JsonNodeFactory.instance.objectNode();
        ping.put("op", "ping");
        JcoBindings.failIfError(send(ping));
      } catch (RuntimeFailure f) {
        stop();
        throw f.kind() == Kind.CRASHED ? compileFailure(log(dir)) : f;
      }
      running(this);
    }

    void stop() {
      if (process != null) {
        Processes.kill(process);
        process = null;
      }
    }

    JsonNode post(ObjectNode body) {
      if (process == null) {
        try {
          start();
        } catch (IOException e) {
          throw new RuntimeFailure(Kind.ERROR, "restarting workerd: " + e.getMessage(), e);
        }
      } else {
        running(this);
      }
      return send(body);
    }

    private JsonNode send(ObjectNode body) {
      if (!process.isAlive()) {
        throw new RuntimeFailure(Kind.CRASHED, "workerd exited (code " + process.exitValue() + ")", log(dir), null);
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
            HttpResponse.BodyHandlers.ofString());
        try {
          return JSON.readTree(r.body());
        } catch (IOException e) {
          throw new RuntimeFailure(Kind.CRASHED, "workerd answered " + r.statusCode() + " with non-JSON: "
              + abbreviate(r.body()), log(dir), e);
        }
      } catch (java.net.http.HttpTimeoutException e) {
        stop();
        throw new RuntimeFailure(Kind.TIMEOUT, "workerd did not answer within " + CALL_TIMEOUT + " (stopped)", log(dir), e);
      } catch (IOException e) {
        throw new RuntimeFailure(Kind.CRASHED, "workerd connection failed: " + e.getMessage(), log(dir), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RuntimeFailure(Kind.ERROR, "interrupted", e);
      }
    }

    @Override
    public void close() {
      stop();
      CliServer.deleteTree(dir);
      synchronized (live) {
        live.remove(this);
      }
    }
  }

  /** Marks {@code l} most recently used and stops the least recently used beyond {@link #MAX_RUNNING}. */
  private void running(WorkerdLoaded l) {
    synchronized (live) {
      live.remove(l);
      live.add(l);
      long running = live.stream().filter(x -> x.process != null).count();
      for (WorkerdLoaded x : live) {
        if (running <= MAX_RUNNING) {
          break;
        }
        if (x != l && x.process != null) {
          x.stop();
          running--;
        }
      }
    }
  }

  @Override
  public Loaded load(Wasm wasm) {
    boolean component = wasm.kind() == Wasm.Kind.COMPONENT;
    Path dir = null;
    try {
      dir = Files.createTempDirectory("trellis-workerd-");
      List<String> modules = new ArrayList<>();
      StringBuilder loadedJs = new StringBuilder();
      if (component) {
        List<String> files = transpile(wasm, dir);
        loadedJs.append("export const kind = \"component\";\n");
        loadedJs.append("export { instantiate } from \"./component.js\";\n");
        StringBuilder core = new StringBuilder("export const coreModules = {\n");
        int k = 0;
        for (String f : files) {
          if (f.endsWith(".wasm")) {
            loadedJs.append("import m").append(k).append(" from \"./").append(f).append("\";\n");
            core.append("  \"").append(f).append("\": m").append(k).append(",\n");
            modules.add(WorkerdProvider.module(f, "wasm"));
            k++;
          } else if (f.endsWith(".js") || f.endsWith(".mjs")) {
            modules.add(WorkerdProvider.module(f, "esModule"));
          }
        }
        loadedJs.append(core).append("};\n");
      } else {
        Files.write(dir.resolve("module.wasm"), wasm.bytes());
        modules.add(WorkerdProvider.module("module.wasm", "wasm"));
        loadedJs.append("import m from \"./module.wasm\";\nexport const kind = \"core\";\nexport const module = m;\n");
      }
      Files.writeString(dir.resolve("loaded.mjs"), loadedJs);
      for (String script : List.of("workerd-worker.mjs", "values.mjs")) {
        Files.copy(NodeTools.scripts().resolve(script), dir.resolve(script));
      }
      modules.addFirst(WorkerdProvider.module("loaded.mjs", "esModule"));
      modules.addFirst(WorkerdProvider.module("values.mjs", "esModule"));
      modules.addFirst(WorkerdProvider.module("workerd-worker.mjs", "esModule"));
      WorkerdLoaded l = new WorkerdLoaded(wasm, component, dir, modules);
      l.start();
      return l;
    } catch (IOException e) {
      CliServer.deleteTree(dir);
      throw new RuntimeFailure(Kind.ERROR, "preparing a workerd worker: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      CliServer.deleteTree(dir);
      throw e;
    }
  }

  /** workerd compiles the module when it starts; a bad module stops it with V8's message. */
  private static RuntimeFailure compileFailure(String log) {
    String text = log == null ? "" : log;
    String line = text.lines().filter(l -> l.contains("CompileError") || l.contains("Error")).findFirst()
        .orElse(text.lines().findFirst().orElse("workerd failed to start"));
    String m = line.toLowerCase(Locale.ROOT);
    Kind kind = m.contains("compiling function") || m.contains("type error") || m.contains("invalid") && !m.contains("section")
        ? Kind.INVALID
        : m.contains("compileerror") ? Kind.MALFORMED : Kind.ERROR;
    return new RuntimeFailure(kind, line.strip(), log, null);
  }

  /** Transpiles a component with jco (instantiation mode) into {@code dir}; returns the files. */
  private List<String> transpile(Wasm wasm, Path dir) {
    synchronized (this) {
      if (transpiler == null) {
        transpiler = JcoBindings.newWorker();
      }
    }
    ObjectNode req = JsonNodeFactory.instance.objectNode();
    req.put("op", "transpile");
    req.put("bytes", Base64.getEncoder().encodeToString(wasm.bytes()));
    req.put("outDir", dir.toString());
    JsonNode r = transpiler.call(req, CALL_TIMEOUT);
    JcoBindings.failIfError(r, transpiler);
    List<String> files = new ArrayList<>();
    r.path("ok").path("files").forEach(f -> files.add(f.asText()));
    return files;
  }

  @Override
  public Instance instantiate(Loaded loaded) {
    if (!(loaded instanceof WorkerdLoaded l)) {
      throw new IllegalArgumentException("not loaded by workerd: " + loaded);
    }
    ObjectNode req = JsonNodeFactory.instance.objectNode();
    req.put("op", "instantiate");
    JsonNode r = l.post(req);
    JcoBindings.failIfError(r);
    String handle = r.path("ok").path("handle").asText();
    int started = l.starts;
    return new Instance() {
      @Override
      public List<Val> invoke(String export, List<Val> args) {
        if (l.starts != started || l.process == null) {
          throw new RuntimeFailure(Kind.ERROR, "this instance's workerd was stopped (at most " + MAX_RUNNING
              + " run at once) or restarted since it was created");
        }
        return l.component ? invokeComponent(l, handle, export, args) : invokeCore(l, handle, export, args);
      }

      @Override
      public void close() {
        if (l.starts == started && l.process != null && l.process.isAlive()) {
          ObjectNode drop = JsonNodeFactory.instance.objectNode();
          drop.put("op", "drop");
          drop.put("handle", handle);
          l.post(drop);
        }
      }
    };
  }

  private List<Val> invokeCore(WorkerdLoaded l, String handle, String export, List<Val> args) {
    CoreTypes.Signature sig = CoreTypes.exportedFunc(l.wasm.bytes(), export)
        .orElseThrow(() -> new RuntimeFailure(Kind.ERROR, "no exported function " + export));
    CoreValues.checkArity(export, sig.params().size(), args.size());
    ObjectNode req = JsonNodeFactory.instance.objectNode();
    req.put("op", "invoke");
    req.put("instance", handle);
    req.putArray("path").add(export);
    ArrayNode a = req.putArray("args");
    for (int i = 0; i < args.size(); i++) {
      a.add(coreToJs(args.get(i), sig.params().get(i)));
    }
    JsonNode r = l.post(req);
    JcoBindings.failIfError(r);
    JsonNode value = r.path("ok").path("value");
    List<CoreType> results = sig.results();
    if (results.isEmpty()) {
      return List.of();
    }
    if (results.size() == 1) {
      return List.of(coreFromJs(value, results.getFirst()));
    }
    List<Val> out = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      out.add(coreFromJs(value.path(i), results.get(i)));
    }
    return out;
  }

  private static JsonNode coreToJs(Val v, CoreType t) {
    long bits = CoreValues.toBits(v, t);
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (t) {
      case I32 -> f.numberNode((int) bits);
      case I64 -> f.objectNode().put("b", Long.toString(bits));
      case F32 -> number(Float.intBitsToFloat((int) bits));
      case F64 -> number(Double.longBitsToDouble(bits));
    };
  }

  private static JsonNode number(double d) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return f.objectNode().put("n", Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
    }
    if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
      return f.objectNode().put("n", "-0");
    }
    return f.numberNode(d);
  }

  private static Val coreFromJs(JsonNode n, CoreType t) {
    double d;
    if (t == CoreType.I64) {
      JsonNode b = n.path("b");
      if (!b.isTextual()) {
        throw new RuntimeFailure(Kind.ERROR, "workerd returned " + n + " for an i64");
      }
      return new Val.S64(new java.math.BigInteger(b.asText()).longValue());
    }
    if (n.isNumber()) {
      d = n.asDouble();
    } else if (n.path("n").isTextual()) {
      d = switch (n.path("n").asText()) {
        case "NaN" -> Double.NaN;
        case "Infinity" -> Double.POSITIVE_INFINITY;
        case "-Infinity" -> Double.NEGATIVE_INFINITY;
        default -> -0.0;
      };
    } else {
      throw new RuntimeFailure(Kind.ERROR, "workerd returned " + n + " for a " + t);
    }
    return switch (t) {
      case I32 -> new Val.S32((int) (long) d);
      case F32 -> new Val.F32((float) d);
      case F64 -> new Val.F64(d);
      case I64 -> throw new IllegalStateException();
    };
  }

  private List<Val> invokeComponent(WorkerdLoaded l, String handle, String export, List<Val> args) {
    List<String> path = Arrays.asList(export.split("#", -1));
    FuncType type = ComponentTypes.exportedFunc(l.wasm, path);
    ObjectNode req = JsonNodeFactory.instance.objectNode();
    req.put("op", "invoke");
    req.put("instance", handle);
    ArrayNode p = req.putArray("path");
    path.forEach(p::add);
    req.set("args", JcoBindings.args(type, export, args));
    return JcoBindings.results(type, l.post(req));
  }

  private static String log(Path dir) {
    try {
      Path log = dir.resolve("workerd.log");
      return Files.exists(log) ? Files.readString(log) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  @Override
  public void close() {
    List<WorkerdLoaded> all;
    synchronized (live) {
      all = new ArrayList<>(live);
    }
    all.forEach(WorkerdLoaded::close);
    if (transpiler != null) {
      transpiler.close();
    }
  }
}
