package dev.trellis.harness.adapters.jco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.harness.adapters.LineWorker;
import dev.trellis.harness.adapters.NodeTools;
import dev.trellis.harness.adapters.WasmParserErrors;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeFailure.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Calling a jco-transpiled component from Java, wherever its JavaScript runs (Node for the
 * {@code jco} runtime, workerd for {@code workerd}): arguments and results through
 * {@link JsValues}, and the drivers' error responses as {@link RuntimeFailure}s.
 */
public final class JcoBindings {
  private JcoBindings() {}

  /** A jco driver worker on Node ({@code driver.mjs worker}), started on its first request. */
  public static LineWorker newWorker() {
    Path node = NodeTools.node().orElseThrow(() -> RuntimeFailure.unsupported("node is not on PATH"));
    Path driver = NodeTools.scripts().resolve("driver.mjs");
    Path modules = NodeTools.nodeModules();
    return new LineWorker("jco",
        sock -> List.of(node.toString(), driver.toString(), modules.toString(), "worker", sock.toString()),
        Duration.ofSeconds(60));
  }

  /** The call's arguments as the drivers take them. */
  public static ArrayNode args(FuncType type, String export, List<Val> args) {
    if (type.params().size() != args.size()) {
      throw new RuntimeFailure(Kind.ERROR, export + " takes " + type.params().size() + " argument(s), " + args.size() + " given");
    }
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < args.size(); i++) {
      a.add(JsValues.toJs(args.get(i), type.params().get(i).type()));
    }
    return a;
  }

  /**
   * The results of an {@code invoke} response. jco returns a top-level {@code result}'s ok
   * payload directly and throws its error payload as a {@code ComponentError}; both come back
   * as the {@code result} value they stand for.
   */
  public static List<Val> results(FuncType type, JsonNode response) {
    if (response.has("componentError")) {
      if (type.result() instanceof ResultType rt) {
        return List.of(new Val.ResultOf(false, rt.error() == null ? null : JsValues.fromJs(response.get("componentError"), rt.error())));
      }
      throw new RuntimeFailure(Kind.TRAP, "ComponentError: " + response.get("componentError"));
    }
    failIfError(response);
    JsonNode value = response.path("ok").path("value");
    if (type.result() == null) {
      return List.of();
    }
    if (type.result() instanceof ResultType rt) {
      return List.of(new Val.ResultOf(true, rt.ok() == null ? null : JsValues.fromJs(value, rt.ok())));
    }
    return List.of(JsValues.fromJs(value, type.result()));
  }

  /** Throws the failure a driver response reports, if any. */
  public static void failIfError(JsonNode r) {
    failIfError(r, null);
  }

  /**
   * Throws the failure a driver response reports, if any; when the driver says jco's own
   * tooling crashed (a trap inside jco poisons it), {@code worker} is stopped first so the next
   * request starts a fresh one.
   */
  public static void failIfError(JsonNode r, LineWorker worker) {
    JsonNode e = r.get("error");
    if (e == null) {
      return;
    }
    if (worker != null && e.path("restart").asBoolean(false)) {
      worker.close();
    }
    String message = e.path("message").asText("");
    Kind kind = switch (e.path("kind").asText("error")) {
      case "trap" -> Kind.TRAP;
      case "exhausted" -> Kind.EXHAUSTED;
      case "link" -> Kind.UNLINKABLE;
      case "unsupported" -> Kind.UNSUPPORTED;
      case "load" -> loadFailureKind(message);
      default -> Kind.ERROR;
    };
    throw new RuntimeFailure(kind, oneLine(message));
  }

  /** jco validates with wasm-tools; its messages tell a decoding error from a validation error. */
  static Kind loadFailureKind(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    // wasm-tools' decoding and validation errors carry a byte offset; jco's own limits do not.
    boolean fromParser = m.contains("(at offset 0x");
    if (!fromParser && (m.contains("failed to extract interface information") || m.contains("not supported")
        || m.contains("unsupported"))) {
      return Kind.UNSUPPORTED;
    }
    return WasmParserErrors.kind(message);
  }

  static String oneLine(String message) {
    return message.strip().replaceAll("\\s*\\n\\s*(Caused by:)?\\s*", ": ").replaceAll("(: )+", ": ");
  }
}
