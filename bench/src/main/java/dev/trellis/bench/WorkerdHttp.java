package dev.trellis.bench;

import dev.trellis.harness.adapters.CliServer;
import dev.trellis.harness.adapters.NodeTools;
import dev.trellis.harness.adapters.workerd.WorkerdProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * workerd serving a {@code wasi:http} component, for the bench: the runtime's SPI adapter runs
 * components but not {@code wasi:http}, so the bench transpiles the component with jco
 * ({@code --instantiation async}) and serves it from a worker whose fetch handler makes a
 * fresh instance per request, its {@code wasi:http} imports provided by a small shim
 * ({@code workerd/wasi-http-shim.mjs}: only what the hello workloads call) that turns the
 * guest's outgoing-response into a fetch Response.
 */
final class WorkerdHttp implements AutoCloseable {
  private final Path dir;
  private final Process process;
  private final URI uri;

  private WorkerdHttp(Path dir, Process process, URI uri) {
    this.dir = dir;
    this.process = process;
    this.uri = uri;
  }

  /** The workerd binary, as the workerd runtime finds it. */
  static Optional<Path> binary() {
    return WorkerdProvider.binary();
  }

  /** Transpiles {@code component} once into {@code dir} (jco) and writes the worker around it. */
  static Path prepare(byte[] component, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path wasm = dir.resolve("component.wasm");
    Files.write(wasm, component);
    Path node = NodeTools.node().orElseThrow(() -> new IOException("node not found"));
    Path jco = NodeTools.jco();
    Path out = dir.resolve("worker");
    Process p = new ProcessBuilder(node.toString(), jco.toString(), "transpile", wasm.toString(), "--instantiation",
        "async", "--name", "component", "--quiet", "-o", out.toString()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("jco transpile failed: " + log.strip());
    }
    List<String> cores = new ArrayList<>();
    try (var files = Files.list(out)) {
      files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".wasm")).sorted().forEach(cores::add);
    }
    try (InputStream shim = WorkerdHttp.class.getResourceAsStream("workerd/wasi-http-shim.mjs")) {
      Files.write(out.resolve("wasi-http-shim.mjs"), shim.readAllBytes());
    }
    StringBuilder main = new StringBuilder();
    main.append("import { instantiate } from \"./component.js\";\n");
    main.append("import { imports, respond, IncomingRequest, ResponseOutparam } from \"./wasi-http-shim.mjs\";\n");
    StringBuilder table = new StringBuilder("const modules = {\n");
    for (int i = 0; i < cores.size(); i++) {
      main.append("import m").append(i).append(" from \"./").append(cores.get(i)).append("\";\n");
      table.append("  \"").append(cores.get(i)).append("\": m").append(i).append(",\n");
    }
    main.append(table).append("};\n");
    main.append("""
        export default {
          async fetch(request) {
            // a fresh instance per request
            const instance = await instantiate((name) => modules[name], imports);
            const out = new ResponseOutparam();
            instance.incomingHandler.handle(new IncomingRequest(request), out);
            return respond(out);
          },
        };
        """);
    Files.writeString(out.resolve("main.mjs"), main);
    return out;
  }

  /** Starts workerd on a free port of 127.0.0.1 serving a prepared worker directory. */
  static WorkerdHttp start(Path worker) throws IOException, InterruptedException {
    Path workerd = binary().orElseThrow(() -> new IOException("workerd not found"));
    int port = CliServer.freePort(InetAddress.getLoopbackAddress());
    List<String> modules = new ArrayList<>();
    modules.add(WorkerdProvider.module("main.mjs", "esModule"));
    try (var files = Files.list(worker)) {
      for (Path f : files.sorted().toList()) {
        String n = f.getFileName().toString();
        if (n.equals("main.mjs") || f.toFile().isDirectory()) {
          continue;
        }
        if (n.endsWith(".wasm")) {
          modules.add(WorkerdProvider.module(n, "wasm"));
        } else if (n.endsWith(".js") || n.endsWith(".mjs")) {
          modules.add(WorkerdProvider.module(n, "esModule"));
        }
      }
    }
    Path cfg = worker.resolve("config-" + port + ".capnp");
    Files.writeString(cfg, WorkerdProvider.config(modules, port));
    Process p = new ProcessBuilder(workerd.toString(), "serve", cfg.getFileName().toString()).directory(worker.toFile())
        .redirectErrorStream(true).redirectOutput(worker.resolve("workerd-" + port + ".log").toFile()).start();
    return new WorkerdHttp(worker, p, URI.create("http://127.0.0.1:" + port + "/"));
  }

  URI uri() {
    return uri;
  }

  Process process() {
    return process;
  }

  /** What workerd logged, for failures. */
  String log() {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().startsWith("workerd-" + uri.getPort())) {
          return Files.readString(f).strip();
        }
      }
    } catch (IOException e) {
      // no log
    }
    return "";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
