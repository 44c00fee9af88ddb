package dev.trellis.bench.workloads;

import dev.trellis.bench.workloads.Workload.Use;
import dev.trellis.engine.runtime.Val;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * The workloads, built by {@code scripts/build-workloads} from the sources beside them in
 * {@code bench/src/main/resources/dev/trellis/bench/workloads/} (see the README there) and
 * committed as fixtures.
 */
public final class Workloads {
  private Workloads() {}

  /** Where the fixtures are, on the class path. */
  public static final String RESOURCES = "/dev/trellis/bench/workloads/";

  /** The size each compute kernel is run at (one call ≈ 1 ms on a JIT). */
  public static final Map<String, Integer> KERNEL_N = Map.of("sha256", 16384, "json", 256, "regex", 256, "matrix", 48);

  public static final Workload NOP = new Workload("nop",
      "a function that does nothing (one 64 KiB page of memory): the call and instantiation floor",
      "nop.wasm", "nop.core.wasm", "nop", List.of(), List.of(), List.of(), List.of(),
      EnumSet.of(Use.CALL, Use.PHASES, Use.DENSITY));

  public static final Workload ADD = new Workload("add", "add(a: u32, b: u32) -> u32",
      "params.wasm", "params.core.wasm", "add",
      List.of(new Val.U32(40), new Val.U32(2)), List.of(new Val.U32(42)),
      List.of(new Val.S32(40), new Val.S32(2)), List.of(new Val.S32(42)), EnumSet.of(Use.CALL));

  public static final Workload MIX = new Workload("mix",
      "mix(u8, s16, u32, s64, f32, f64, bool, char) -> f64: eight scalar types converted and summed",
      "params.wasm", "params.core.wasm", "mix",
      List.of(new Val.U8(1), new Val.S16((short) -2), new Val.U32(3), new Val.S64(-4), new Val.F32(0.5f),
          new Val.F64(0.25), new Val.Bool(true), new Val.Char('A')),
      List.of(new Val.F64(64.75)),
      List.of(new Val.S32(1), new Val.S32(-2), new Val.S32(3), new Val.S64(-4), new Val.F32(0.5f),
          new Val.F64(0.25), new Val.S32(1), new Val.S32('A')),
      List.of(new Val.F64(64.75)), EnumSet.of(Use.CALL));

  public static final Workload SHA256 = kernel("sha256", "sha-256 of " + KERNEL_N.get("sha256") + " bytes (C)");
  public static final Workload JSON = kernel("json", "a JSON parser over a document of " + KERNEL_N.get("json") + " items (C)");
  public static final Workload REGEX = kernel("regex", "a regex-like matcher, six patterns over " + KERNEL_N.get("regex") + " lines (C)");
  public static final Workload MATRIX = kernel("matrix", "a " + KERNEL_N.get("matrix") + "x" + KERNEL_N.get("matrix") + " f64 matrix multiply (C)");

  public static final Workload HELLO_HTTP = new Workload("hello-http",
      "a wasi:http/proxy handler answering \"hello from trellis\\n\" (core WAT + jco embed/new)",
      "hello-http.wasm", null, null, null, null, null, null, EnumSet.of(Use.HTTP, Use.PHASES));

  public static final Workload HELLO_JS = new Workload("hello-js",
      "the same handler in JavaScript (componentize-js / StarlingMonkey, 14 MB)",
      "hello-js.wasm.gz", null, null, null, null, null, null, EnumSet.of(Use.HTTP, Use.PHASES));

  public static final Workload KERNELS_COMMAND = new Workload("kernels-command",
      "the four kernels as one wasi:cli/command (C, jco new --wasi-command): `kernels NAME N`",
      "kernels.command.wasm", null, null, null, null, null, null, EnumSet.of(Use.COMMAND));

  public static final List<Workload> ALL = List.of(NOP, ADD, MIX, SHA256, JSON, REGEX, MATRIX, HELLO_HTTP, HELLO_JS,
      KERNELS_COMMAND);

  public static final List<Workload> KERNELS = List.of(SHA256, JSON, REGEX, MATRIX);

  private static Workload kernel(String name, String description) {
    int n = KERNEL_N.get(name);
    long cs = KernelChecks.expected(name, n);
    return new Workload(name, description, name + ".wasm", name + ".core.wasm", "run",
        List.of(new Val.U32(n)), List.of(new Val.U32(cs)),
        List.of(new Val.S32(n)), List.of(new Val.S32((int) cs)), EnumSet.of(Use.CALL, Use.KERNEL, Use.PHASES));
  }

  public static Optional<Workload> named(String name) {
    return ALL.stream().filter(w -> w.name().equals(name)).findFirst();
  }

  public static Workload byName(String name) {
    return named(name).orElseThrow(() -> new IllegalArgumentException("no workload " + name));
  }

  private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

  /** A fixture's bytes ({@code .gz} files decompressed). */
  public static byte[] bytes(String file) {
    if (file == null) {
      throw new IllegalArgumentException("the workload has no such form");
    }
    return CACHE.computeIfAbsent(file, Workloads::read).clone();
  }

  private static byte[] read(String file) {
    try (InputStream raw = Workloads.class.getResourceAsStream(RESOURCES + file)) {
      if (raw == null) {
        throw new IllegalStateException("workload fixture " + file + " is missing; run scripts/build-workloads");
      }
      try (InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading workload fixture " + file, e);
    }
  }

  /** The payload workload's component (Canonical ABI throughput). */
  public static byte[] payloads() {
    return bytes("payloads.wasm");
  }

  /** A text source of a fixture (for the sizes and checks that read them). */
  public static String source(String file) {
    return new String(bytes(file), java.nio.charset.StandardCharsets.UTF_8);
  }
}
