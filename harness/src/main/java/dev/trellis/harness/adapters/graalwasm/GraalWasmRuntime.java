package dev.trellis.harness.adapters.graalwasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.engine.runtime.Val;
import dev.trellis.harness.adapters.AbstractRuntime;
import dev.trellis.harness.adapters.CoreTypes;
import dev.trellis.harness.adapters.CoreValues;
import dev.trellis.harness.adapters.CoreValues.CoreType;
import dev.trellis.harness.adapters.LineWorker;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeFailure.Kind;
import dev.trellis.harness.spi.Wasm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * GraalWasm in a worker JVM ({@link GraalWasmWorker}) launched with JVMCI and the Graal
 * compiler, so it compiles; {@link #detail()} says whether it did ({@code jit}) or fell back
 * to the interpreter, and why.
 */
final class GraalWasmRuntime extends AbstractRuntime {
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(120);

  private final LineWorker worker;

  private GraalWasmRuntime(LineWorker worker, String version, String detail) {
    super(GraalWasmProvider.ID, version, detail, GraalWasmProvider.FEATURES);
    this.worker = worker;
  }

  /** What {@code hello} said: the compilation mode and a description. */
  record Mode(String compilation, String description) {}

  /** Starts the worker (JIT if the JVM allows it, else interpreted) and asks which mode it runs in. */
  static GraalWasmRuntime start(GraalWasmJars.Found jars) {
    LineWorker w = new LineWorker("graalwasm", sock -> command(jars, true, sock), Duration.ofSeconds(60));
    Mode mode;
    try {
      mode = hello(w);
    } catch (RuntimeFailure jitFailed) {
      w.close();
      String reason = firstLine(jitFailed.output() != null && !jitFailed.output().isBlank() ? jitFailed.output() : jitFailed.getMessage());
      w = new LineWorker("graalwasm", sock -> command(jars, false, sock), Duration.ofSeconds(60));
      Mode m = hello(w);
      mode = new Mode(m.compilation(), m.description() + " (JVMCI unavailable: " + reason + ")");
    }
    return new GraalWasmRuntime(w, jars.version(), mode.description());
  }

  private static Mode hello(LineWorker w) {
    ObjectNode req = JsonNodeFactory.instance.objectNode();
    req.put("op", "hello");
    JsonNode ok = call(w, req).path("ok");
    String compilation = ok.path("compilation").asText();
    String desc = compilation.equals("jit")
        ? "JIT: " + ok.path("impl").asText() + " (Graal compiler via JVMCI, worker JVM)"
        : "interpreted: " + ok.path("impl").asText() + " (worker JVM)";
    return new Mode(compilation, desc);
  }

  static List<String> command(GraalWasmJars.Found jars, boolean jit, Path socket) {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Set<Path> cp = new LinkedHashSet<>();
    for (Class<?> c : List.of(GraalWasmWorker.class, com.fasterxml.jackson.databind.ObjectMapper.class,
        com.fasterxml.jackson.core.JsonFactory.class, com.fasterxml.jackson.annotation.JsonInclude.class)) {
      GraalWasmJars.codeSource(c).ifPresent(cp::add);
    }
    List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xss16m", "--sun-misc-unsafe-memory-access=allow",
        "--enable-native-access=ALL-UNNAMED"));
    cmd.addAll(jvmOptions(jars, jit));
    cmd.add("-cp");
    cmd.add(cp.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
    cmd.add(GraalWasmWorker.class.getName());
    cmd.add(socket.toString());
    return cmd;
  }

  /** GraalWasm on the module path and, with {@code jit}, the Graal compiler via JVMCI. */
  static List<String> jvmOptions(GraalWasmJars.Found jars, boolean jit) {
    List<String> o = new ArrayList<>();
    if (jit) {
      o.addAll(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
          "--upgrade-module-path=" + jars.compiler()));
    }
    o.add("--module-path=" + jars.modulePath().stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
    o.add("--add-modules=org.graalvm.polyglot");
    return o;
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.strip().lines().filter(l -> !l.startsWith("WARNING")).findFirst().orElse(s.strip());
  }

  private record GraalLoaded(Wasm wasm, String handle, int generation) implements Loaded {}

  @Override
  public Loaded load(Wasm wasm) {
    if (wasm.kind() == Wasm.Kind.COMPONENT) {
      throw RuntimeFailure.unsupported("graalwasm runs core modules only, not components");
    }
    ObjectNode req = JsonNodeFactory.instance.objectNode();
    req.put("op", "load");
    req.put("bytes", Base64.getEncoder().encodeToString(wasm.bytes()));
    JsonNode r = call(worker, req);
    return new GraalLoaded(wasm, r.path("ok").path("handle").asText(), worker.generation());
  }

  @Override
  public Instance instantiate(Loaded loaded) {
    if (!(loaded instanceof GraalLoaded l)) {
      throw new IllegalArgumentException("not loaded by graalwasm: " + loaded);
    }
    GraalLoaded live = l.generation() == worker.generation() && worker.isAlive() ? l : (GraalLoaded) load(l.wasm());
    ObjectNode req = JsonNodeFactory.instance.objectNode();
    req.put("op", "instantiate");
    req.put("loaded", live.handle());
    String handle = call(worker, req).path("ok").path("handle").asText();
    int gen = worker.generation();
    return new Instance() {
      @Override
      public List<Val> invoke(String export, List<Val> args) {
        if (gen != worker.generation()) {
          throw new RuntimeFailure(Kind.ERROR, "the graalwasm worker restarted since this instance was created");
        }
        CoreTypes.Signature sig = CoreTypes.exportedFunc(live.wasm().bytes(), export)
            .orElseThrow(() -> new RuntimeFailure(Kind.ERROR, "no exported function " + export));
        CoreValues.checkArity(export, sig.params().size(), args.size());
        ObjectNode req = JsonNodeFactory.instance.objectNode();
        req.put("op", "invoke");
        req.put("instance", handle);
        req.put("export", export);
        ArrayNode params = req.putArray("params");
        sig.params().forEach(t -> params.add(t.name().toLowerCase(Locale.ROOT)));
        ArrayNode results = req.putArray("results");
        sig.results().forEach(t -> results.add(t.name().toLowerCase(Locale.ROOT)));
        ArrayNode a = req.putArray("args");
        for (int i = 0; i < args.size(); i++) {
          a.add(Long.toString(CoreValues.toBits(args.get(i), sig.params().get(i))));
        }
        JsonNode values = call(worker, req).path("ok").path("values");
        List<Val> out = new ArrayList<>();
        for (int i = 0; i < sig.results().size(); i++) {
          CoreType t = sig.results().get(i);
          out.add(CoreValues.fromBits(Long.parseLong(values.get(i).asText()), t));
        }
        return out;
      }

      @Override
      public void close() {
        drop(handle, gen);
      }
    };
  }

  private void drop(String handle, int gen) {
    if (gen == worker.generation() && worker.isAlive()) {
      ObjectNode req = JsonNodeFactory.instance.objectNode();
      req.put("op", "drop");
      req.put("handle", handle);
      try {
        call(worker, req);
      } catch (RuntimeFailure ignored) {
        // gone with the worker
      }
    }
  }

  private static JsonNode call(LineWorker w, ObjectNode req) {
    JsonNode r = w.call(req, CALL_TIMEOUT);
    JsonNode e = r.get("error");
    if (e != null) {
      String message = e.path("message").asText("");
      Kind kind = switch (e.path("kind").asText()) {
        case "load-malformed" -> Kind.MALFORMED;
        case "load-invalid" -> Kind.INVALID;
        case "link" -> Kind.UNLINKABLE;
        case "trap" -> Kind.TRAP;
        case "exhausted" -> Kind.EXHAUSTED;
        default -> Kind.ERROR;
      };
      throw new RuntimeFailure(kind, message);
    }
    return r;
  }

  @Override
  public void close() {
    worker.close();
  }
}
