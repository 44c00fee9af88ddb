package dev.trellis.wasiconformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One test's JSON specification, in wasi-testsuite's format: what to run the program with
 * ({@code args}, {@code env}, {@code dirs}) and what it must do ({@code exit_code},
 * {@code stdout}, {@code stderr}); or the operation-based form ({@code proposals},
 * {@code world}, {@code operations}) that wasi-testsuite uses for sockets and HTTP.
 *
 * <p>Trellis's additions, all optional: {@code program} (which program runs, when it is not
 * the spec's own name), {@code wasi_functions} (the WASI 0.2 functions the test calls, as
 * {@code wasi:io/streams#[method]output-stream.write}; wasi-testsuite has the field for
 * preview1 names), {@code trap} (the program must trap), {@code network} and
 * {@code http_allow} (grants narrower than what the {@code sockets} and {@code http}
 * proposals grant), {@code endpoints} (HTTP endpoints the runner serves, as wasi-testsuite's
 * http-client tests have them) and {@code dirs} entries written as objects
 * ({@code {"dir": "d", "guest": "/g", "readonly": true}}). An unknown field is an error, so a
 * misspelt expectation cannot pass unnoticed.
 */
public record WasiSpec(
    String program,
    List<String> args,
    Map<String, String> env,
    List<Dir> dirs,
    Integer exitCode,
    String stdout,
    String stderr,
    boolean trap,
    List<String> wasiFunctions,
    List<String> proposals,
    String world,
    List<Operation> operations,
    List<Endpoint> endpoints,
    List<String> network,
    List<String> httpAllow) {

  /** A preopened directory: {@code dir} relative to the spec's directory, seen as {@code guest}. */
  public record Dir(String dir, String guest, boolean readOnly) {}

  /** An HTTP endpoint the runner serves for the test ({@code mode}: what it answers). */
  public record Endpoint(String method, String path, String mode) {}

  /** What the runner does, in order, in the operation-based form. */
  public sealed interface Operation {
    /** Starts the program (a command), or starts serving it (a {@code wasi:http/proxy}). */
    record Run() implements Operation {}

    /** Waits for the command to end; its exit code must be {@code exitCode} (null: the spec's). */
    record Wait(Integer exitCode) implements Operation {}

    /** Writes {@code payload} to the program's {@code stdin}. */
    record Write(String id, String payload) implements Operation {}

    /** The program's {@code stdout} or {@code stderr} continues with {@code payload}. */
    record Read(String id, String payload) implements Operation {}

    /** Connects to the program's server at {@code address} (TCP; UDP: just a socket). */
    record Connect(String id, String protocolType, String address) implements Operation {}

    record Send(String id, String payload) implements Operation {}

    /** Receives {@code payload} (exactly) on connection {@code id}. */
    record Recv(String id, String payload) implements Operation {}

    /** Sends an HTTP request to the served program and checks the response. */
    record Request(String method, String path, Map<String, String> headers, String body, Response response)
        implements Operation {}

    /** Stops serving (or stops the program). */
    record Kill(String signal) implements Operation {}
  }

  /** An expected response: status, headers that must be present with these values, body. */
  public record Response(int status, Map<String, String> headers, String body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("program", "args", "env", "dirs", "exit_code", "stdout", "stderr",
      "trap", "wasi_functions", "proposals", "world", "operations", "endpoints", "network", "http_allow", "protocol");

  public WasiSpec {
    args = List.copyOf(args);
    env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    dirs = List.copyOf(dirs);
    wasiFunctions = List.copyOf(wasiFunctions);
    proposals = List.copyOf(proposals);
    operations = List.copyOf(operations);
    endpoints = List.copyOf(endpoints);
    network = network == null ? null : List.copyOf(network);
    httpAllow = httpAllow == null ? null : List.copyOf(httpAllow);
  }

  /** The conceptual default of wasi-testsuite's specification: no args, env, dirs; exit 0. */
  public static WasiSpec defaults() {
    return new WasiSpec(null, List.of(), Map.of(), List.of(), null, null, null, false, List.of(), List.of(), null,
        List.of(), List.of(), null, null);
  }

  /** The exit code the program must end with (0 unless the spec says). */
  public int expectedExitCode() {
    return exitCode == null ? 0 : exitCode;
  }

  /** Whether the program is served as a {@code wasi:http/proxy} rather than run as a command. */
  public boolean isProxy() {
    return world != null && world.startsWith("wasi:http/proxy");
  }

  public boolean hasOperations() {
    return !operations.isEmpty();
  }

  public static WasiSpec read(Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SpecException(file + ": not JSON: " + e.getOriginalMessage());
    }
    return parse(root, file.toString());
  }

  static WasiSpec parse(JsonNode root, String where) {
    if (root == null || !root.isObject()) {
      throw new SpecException(where + ": a spec is a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new SpecException(where + ": unknown field \"" + f + "\"");
      }
    }
    if (root.has("protocol")) {
      throw new SpecException(where + ": the older \"protocol\" form is not supported; use \"operations\"");
    }
    List<Dir> dirs = new ArrayList<>();
    for (JsonNode d : array(root, "dirs", where)) {
      if (d.isTextual()) {
        dirs.add(new Dir(d.asText(), d.asText(), false));
      } else if (d.isObject() && d.hasNonNull("dir")) {
        String dir = d.get("dir").asText();
        dirs.add(new Dir(dir, d.hasNonNull("guest") ? d.get("guest").asText() : dir, d.path("readonly").asBoolean(false)));
      } else {
        throw new SpecException(where + ": a \"dirs\" entry is a string or {\"dir\", \"guest\", \"readonly\"}");
      }
    }
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode e = root.get("env");
    if (e != null && !e.isNull()) {
      if (!e.isObject()) {
        throw new SpecException(where + ": \"env\" is an object of strings");
      }
      e.fields().forEachRemaining(en -> env.put(en.getKey(), en.getValue().asText()));
    }
    List<Operation> ops = new ArrayList<>();
    for (JsonNode op : array(root, "operations", where)) {
      ops.add(operation(op, where));
    }
    List<Endpoint> endpoints = new ArrayList<>();
    for (JsonNode ep : array(root, "endpoints", where)) {
      endpoints.add(new Endpoint(text(ep, "method", "GET"), text(ep, "path", "/"), text(ep, "mode", null)));
    }
    Integer exit = root.hasNonNull("exit_code") ? root.get("exit_code").asInt() : null;
    return new WasiSpec(text(root, "program", null), strings(root, "args", where), env, dirs, exit,
        text(root, "stdout", null), text(root, "stderr", null), root.path("trap").asBoolean(false),
        strings(root, "wasi_functions", where), strings(root, "proposals", where), text(root, "world", null), ops,
        endpoints, root.has("network") ? strings(root, "network", where) : null,
        root.has("http_allow") ? strings(root, "http_allow", where) : null);
  }

  private static Operation operation(JsonNode op, String where) {
    String type = text(op, "type", "");
    return switch (type) {
      case "run" -> new Operation.Run();
      case "wait" -> new Operation.Wait(op.hasNonNull("exit_code") ? op.get("exit_code").asInt() : null);
      case "write" -> new Operation.Write(text(op, "id", "stdin"), text(op, "payload", ""));
      case "read" -> new Operation.Read(text(op, "id", "stdout"), text(op, "payload", ""));
      case "connect" -> new Operation.Connect(text(op, "id", "default"), text(op, "protocol_type", "tcp"),
          text(op, "address", "127.0.0.1:${port}"));
      case "send" -> new Operation.Send(text(op, "id", "default"), text(op, "payload", ""));
      case "recv" -> new Operation.Recv(text(op, "id", "default"), text(op, "payload", ""));
      case "request" -> {
        Map<String, String> headers = new LinkedHashMap<>();
        op.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        JsonNode r = op.get("response");
        Response resp = null;
        if (r != null && !r.isNull()) {
          Map<String, String> rh = new LinkedHashMap<>();
          r.path("headers").fields().forEachRemaining(h -> rh.put(h.getKey(), h.getValue().asText()));
          resp = new Response(r.path("status").asInt(200), rh, text(r, "body", null));
        }
        yield new Operation.Request(text(op, "method", "GET"), text(op, "path", "/"), headers, text(op, "body", null),
            resp);
      }
      case "kill" -> new Operation.Kill(text(op, "signal", "SIGINT"));
      default -> throw new SpecException(where + ": unknown operation type \"" + type + "\"");
    };
  }

  private static Iterable<JsonNode> array(JsonNode root, String field, String where) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new SpecException(where + ": \"" + field + "\" is an array");
    }
    return n;
  }

  private static List<String> strings(JsonNode root, String field, String where) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array(root, field, where)) {
      out.add(n.asText());
    }
    return out;
  }

  private static String text(JsonNode n, String field, String dflt) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? dflt : v.asText();
  }

  /** A spec that cannot be read: bad JSON, an unknown field or operation. */
  public static final class SpecException extends RuntimeException {
    public SpecException(String message) {
      super(message);
    }
  }
}
