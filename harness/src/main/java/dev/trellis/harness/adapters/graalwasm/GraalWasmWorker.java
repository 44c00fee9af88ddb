package dev.trellis.harness.adapters.graalwasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * The GraalWasm worker: a JVM of its own, started by {@link GraalWasmRuntime} with the Graal
 * compiler on the upgrade module path and JVMCI enabled, so Truffle compiles hot Wasm to
 * machine code (without them GraalWasm silently interprets; {@code hello} reports which
 * happened). Speaks JSON lines over the Unix socket given as its argument:
 *
 * <pre>
 *   hello                                -> {impl, version, compilation: "jit"|"interpreted"}
 *   load {bytes}                         -> {handle}
 *   instantiate {loaded}                 -> {handle}
 *   invoke {instance, export, params, results, args}
 *                                        -> {values}   (params/results: "i32"|"i64"|"f32"|"f64";
 *                                                       values as raw bits in decimal strings)
 *   drop {handle}
 * </pre>
 * Failures: {@code {error: {kind, message}}} with kind load-malformed, load-invalid, link,
 * trap, exhausted or error.
 */
public final class GraalWasmWorker {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Engine engine;
  private final Map<String, Context> contexts = new HashMap<>();
  private final Map<String, Value> modules = new HashMap<>();
  private final Map<String, Value> instances = new HashMap<>();
  private int next;

  private GraalWasmWorker(Engine engine) {
    this.engine = engine;
  }

  public static void main(String[] args) throws Exception {
    Engine engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
    GraalWasmWorker w = new GraalWasmWorker(engine);
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
      BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
      Writer out = new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8);
      String line;
      while ((line = in.readLine()) != null) {
        ObjectNode resp = JSON.createObjectNode();
        JsonNode req;
        try {
          req = JSON.readTree(line);
        } catch (Exception e) {
          resp.putObject("error").put("kind", "error").put("message", "bad request: " + e.getMessage());
          out.write(JSON.writeValueAsString(resp) + "\n");
          out.flush();
          continue;
        }
        resp.set("id", req.get("id"));
        try {
          resp.set("ok", w.handle(req));
        } catch (PolyglotException e) {
          resp.set("error", failure(req.path("op").asText(), e));
        } catch (RuntimeException | StackOverflowError e) {
          resp.putObject("error").put("kind", "error").put("message", String.valueOf(e));
        }
        out.write(JSON.writeValueAsString(resp) + "\n");
        out.flush();
      }
    } finally {
      w.contexts.values().forEach(c -> c.close(true));
      engine.close();
    }
  }

  private JsonNode handle(JsonNode req) {
    ObjectNode ok = JSON.createObjectNode();
    switch (req.path("op").asText()) {
      case "hello" -> {
        String impl = engine.getImplementationName();
        ok.put("impl", impl);
        ok.put("version", engine.getVersion());
        ok.put("compilation", impl.toLowerCase(Locale.ROOT).contains("interpreted") ? "interpreted" : "jit");
      }
      case "load" -> {
        byte[] bytes = Base64.getDecoder().decode(req.path("bytes").asText());
        Context c = Context.newBuilder("wasm").engine(engine).build();
        try {
          Value module = c.eval(Source.newBuilder("wasm", ByteSequence.create(bytes), "module" + (next + 1)).build());
          String h = "L" + (++next);
          contexts.put(h, c);
          modules.put(h, module);
          ok.put("handle", h);
        } catch (RuntimeException e) {
          c.close(true);
          throw e;
        } catch (java.io.IOException e) {
          c.close(true);
          throw new IllegalStateException(e);
        }
      }
      case "instantiate" -> {
        Value module = modules.get(req.path("loaded").asText());
        if (module == null) {
          throw new IllegalArgumentException("no module " + req.path("loaded").asText());
        }
        Value instance = module.newInstance();
        String h = "I" + (++next);
        instances.put(h, instance.getMember("exports"));
        ok.put("handle", h);
      }
      case "invoke" -> {
        Value exports = instances.get(req.path("instance").asText());
        if (exports == null) {
          throw new IllegalArgumentException("no instance " + req.path("instance").asText());
        }
        Value f = exports.getMember(req.path("export").asText());
        if (f == null || !f.canExecute()) {
          throw new IllegalArgumentException("no exported function " + req.path("export").asText());
        }
        JsonNode params = req.path("params");
        JsonNode argBits = req.path("args");
        Object[] argv = new Object[argBits.size()];
        for (int i = 0; i < argv.length; i++) {
          long bits = Long.parseLong(argBits.get(i).asText());
          argv[i] = switch (params.get(i).asText()) {
            case "i32" -> (int) bits;
            case "i64" -> bits;
            case "f32" -> Float.intBitsToFloat((int) bits);
            case "f64" -> Double.longBitsToDouble(bits);
            default -> throw new IllegalArgumentException("core type " + params.get(i));
          };
        }
        Value r = f.execute(argv);
        JsonNode results = req.path("results");
        ArrayNode values = ok.putArray("values");
        if (results.size() == 1) {
          values.add(bits(r, results.get(0).asText()));
        } else if (results.size() > 1) {
          for (int i = 0; i < results.size(); i++) {
            values.add(bits(r.getArrayElement(i), results.get(i).asText()));
          }
        }
      }
      case "drop" -> {
        String h = req.path("handle").asText();
        instances.remove(h);
        modules.remove(h);
        Context c = contexts.remove(h);
        if (c != null) {
          c.close(true);
        }
      }
      default -> throw new IllegalArgumentException("unknown op " + req.path("op").asText());
    }
    return ok;
  }

  private static String bits(Value v, String type) {
    return Long.toString(switch (type) {
      case "i32" -> v.asInt();
      case "i64" -> v.asLong();
      case "f32" -> Float.floatToRawIntBits(v.asFloat()) & 0xffff_ffffL;
      case "f64" -> Double.doubleToRawLongBits(v.asDouble());
      default -> throw new IllegalArgumentException("core type " + type);
    });
  }

  private static ObjectNode failure(String op, PolyglotException e) {
    ObjectNode o = JSON.createObjectNode();
    String message = String.valueOf(e.getMessage());
    String m = message.toLowerCase(Locale.ROOT);
    String kind;
    if (op.equals("load")) {
      kind = m.contains("malformed") || m.contains("truncated") || m.contains("unexpected end") || m.contains("magic") || m.contains("version")
          || m.contains("leb") || m.contains("length") || m.contains("section") && !m.contains("type") ? "load-malformed" : "load-invalid";
    } else if (e.isResourceExhausted() || m.contains("stack overflow") || m.contains("call stack exhausted")) {
      kind = "exhausted";
    } else if (op.equals("instantiate") && (m.contains("import") || m.contains("link") || m.contains("unknown"))) {
      kind = "link";
    } else if (e.isGuestException()) {
      kind = "trap";
    } else {
      kind = "error";
    }
    o.put("kind", kind);
    o.put("message", message);
    return o;
  }
}
