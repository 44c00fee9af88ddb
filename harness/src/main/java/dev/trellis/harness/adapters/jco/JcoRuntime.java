package dev.trellis.harness.adapters.jco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.FuncType;
import dev.trellis.harness.adapters.AbstractRuntime;
import dev.trellis.harness.adapters.CliServer;
import dev.trellis.harness.adapters.ComponentTypes;
import dev.trellis.harness.adapters.LineWorker;
import dev.trellis.harness.adapters.NodeTools;
import dev.trellis.harness.adapters.Processes;
import dev.trellis.harness.spi.HttpService;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeFailure.Kind;
import dev.trellis.harness.spi.WasiCommand;
import dev.trellis.harness.spi.WasiResult;
import dev.trellis.harness.spi.Wasm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * jco: components transpiled to JavaScript and run on Node with preview2-shim. Loads,
 * instantiations and calls go to one long-lived Node worker ({@code driver.mjs}) per runtime;
 * a WASI command runs in a Node process of its own (its stdio and exit are the process's);
 * {@code wasi:http} is served by {@code jco serve}.
 */
final class JcoRuntime extends AbstractRuntime {
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path node;
  private final Path nodeModules;
  private final Path driver;
  private final LineWorker worker;

  JcoRuntime(Path node, Path nodeModules, String version, String detail) {
    super(JcoProvider.ID, version, detail, JcoProvider.FEATURES);
    this.node = node;
    this.nodeModules = nodeModules;
    this.driver = NodeTools.scripts().resolve("driver.mjs");
    this.worker = JcoBindings.newWorker();
  }

  private final class JcoLoaded implements Loaded {
    final Wasm wasm;
    final String handle;
    final int generation;
    final Map<String, FuncType> types = new HashMap<>();
    Map<String, dev.trellis.engine.types.ExternType> exports;

    JcoLoaded(Wasm wasm, String handle, int generation) {
      this.wasm = wasm;
      this.handle = handle;
      this.generation = generation;
    }

    @Override
    public Wasm wasm() {
      return wasm;
    }

    @Override
    public void close() {
      drop(handle, generation);
    }

    FuncType type(List<String> path) {
      if (exports == null) {
        exports = ComponentTypes.exports(wasm);
      }
      return types.computeIfAbsent(String.join("#", path), k -> ComponentTypes.exportedFunc(exports, path));
    }
  }

  @Override
  public Loaded load(Wasm wasm) {
    if (wasm.kind() == Wasm.Kind.CORE_MODULE) {
      throw RuntimeFailure.unsupported("jco runs components, not core modules");
    }
    ObjectNode req = request("load");
    req.put("name", wasm.name());
    req.put("bytes", Base64.getEncoder().encodeToString(wasm.bytes()));
    JsonNode r = call(req);
    return new JcoLoaded(wasm, r.path("ok").path("handle").asText(), worker.generation());
  }

  @Override
  public Instance instantiate(Loaded loaded) {
    if (!(loaded instanceof JcoLoaded l)) {
      throw new IllegalArgumentException("not loaded by jco: " + loaded);
    }
    JcoLoaded live = l.generation == worker.generation() && worker.isAlive() ? l : (JcoLoaded) load(l.wasm);
    ObjectNode req = request("instantiate");
    req.put("loaded", live.handle);
    JsonNode r = call(req);
    String handle = r.path("ok").path("handle").asText();
    int gen = worker.generation();
    return new Instance() {
      @Override
      public List<Val> invoke(String export, List<Val> args) {
        if (gen != worker.generation()) {
          throw new RuntimeFailure(Kind.ERROR, "the jco worker restarted since this instance was created");
        }
        List<String> path = Arrays.asList(export.split("#", -1));
        FuncType type = live.type(path);
        ObjectNode req = request("invoke");
        req.put("instance", handle);
        ArrayNode p = req.putArray("path");
        path.forEach(p::add);
        req.set("args", JcoBindings.args(type, export, args));
        return JcoBindings.results(type, worker.call(req, CALL_TIMEOUT));
      }

      @Override
      public void close() {
        drop(handle, gen);
      }
    };
  }

  private void drop(String handle, int generation) {
    if (generation == worker.generation() && worker.isAlive()) {
      ObjectNode req = request("drop");
      req.put("handle", handle);
      try {
        worker.call(req, CALL_TIMEOUT);
      } catch (RuntimeFailure ignored) {
        // the worker is gone: so is the handle
      }
    }
  }

  private static ObjectNode request(String op) {
    ObjectNode o = JSON.createObjectNode();
    o.put("op", op);
    return o;
  }

  private JsonNode call(ObjectNode req) {
    JsonNode r = worker.call(req, CALL_TIMEOUT);
    JcoBindings.failIfError(r, worker);
    return r;
  }

  // ---- WASI commands ------------------------------------------------------------------------

  @Override
  public WasiResult runCommand(Wasm command, WasiCommand how) {
    for (WasiCommand.Preopen p : how.preopens()) {
      if (p.readOnly()) {
        throw RuntimeFailure.unsupported("jco's preview2-shim has no read-only preopens (" + p.guestPath() + ")");
      }
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("trellis-jco-run-");
      Path wasm = dir.resolve("command.wasm");
      Files.write(wasm, command.bytes());
      Path trap = dir.resolve("trap.txt");
      ObjectNode cfg = JSON.createObjectNode();
      cfg.put("program", command.name());
      ArrayNode args = cfg.putArray("args");
      how.args().forEach(args::add);
      ObjectNode env = cfg.putObject("env");
      how.env().forEach(env::put);
      ObjectNode pre = cfg.putObject("preopens");
      for (WasiCommand.Preopen p : how.preopens()) {
        pre.put(p.guestPath(), p.hostPath().toAbsolutePath().toString());
      }
      cfg.put("trapFile", trap.toString());
      // preview2-shim has one switch for sockets (and name lookup): no allow-list.
      cfg.put("network", !how.network().isEmpty());
      Path config = dir.resolve("config.json");
      JSON.writeValue(config.toFile(), cfg);
      Processes.Result r = Processes.run(List.of(node.toString(), driver.toString(), nodeModules.toString(), "run",
          wasm.toString(), config.toString()), dir, Map.of(), how.stdin(), how.timeout());
      if (r.timedOut()) {
        throw new RuntimeFailure(Kind.TIMEOUT, "jco command did not finish within " + how.timeout(), r.err(), null);
      }
      String trapMessage = Files.exists(trap) ? Files.readString(trap) : null;
      return new WasiResult(r.exitCode(), r.stdout(), r.stderr(), trapMessage);
    } catch (IOException e) {
      throw new RuntimeFailure(Kind.ERROR, "running jco: " + e.getMessage(), e);
    } finally {
      CliServer.deleteTree(dir);
    }
  }

  // ---- wasi:http -------------------------------------------------------------------------

  @Override
  public HttpService serveHttp(Wasm proxy, InetSocketAddress address) {
    Path jcoJs = NodeTools.jco();
    return CliServer.start(proxy.bytes(), address, Duration.ofSeconds(60), (wasm, host, port) -> List.of(node.toString(),
        jcoJs.toString(), "serve", wasm.toString(), "--host", host, "--port", Integer.toString(port),
        "--jco-dir", wasm.resolveSibling("jco-out").toString()));
  }

  @Override
  public void close() {
    worker.close();
  }
}
