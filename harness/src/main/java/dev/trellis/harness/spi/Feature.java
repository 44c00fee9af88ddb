package dev.trellis.harness.spi;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a runtime claims to support. A suite case needing a feature the runtime does not
 * declare is reported as unsupported, never as failed.
 */
public enum Feature {
  /** Core WebAssembly modules: load, instantiate, invoke exports with core values. */
  CORE_MODULE("core-module"),
  /** Components with the synchronous Canonical ABI (values, linking, validation). */
  COMPONENT("component"),
  /** Resource types and handles ({@code own}, {@code borrow}, {@code resource.*} built-ins). */
  RESOURCES("resources"),
  /** The Component Model's async ABI: async lift/lower, tasks, waitable sets, streams, futures. */
  COMPONENT_ASYNC("component-async"),
  /** Component Model threading built-ins ({@code thread.*}) and stackful async. */
  COMPONENT_THREADING("component-threading"),
  /** {@code error-context} values and built-ins. */
  ERROR_CONTEXT("error-context"),
  /** The {@code map} value type. */
  MAP("map"),
  /** Fixed-length lists ({@code list<T, N>}). */
  FIXED_LENGTH_LISTS("fixed-length-lists"),
  /** Value imports, exports and definitions, and the component start function (🪙). */
  COMPONENT_VALUES("component-values"),
  /** The GC-based Canonical ABI options ({@code gc}, {@code core-type}). */
  COMPONENT_GC("component-gc"),
  /** 64-bit memories in the Canonical ABI (🐘). */
  COMPONENT_MEMORY64("component-memory64"),
  /** Shared-everything threads. */
  SHARED_EVERYTHING_THREADS("shared-everything-threads"),
  /** Calling an export with values from the host ({@code invoke}); a trigger-only runtime lacks it. */
  INVOKE("invoke"),
  /** Running a {@code wasi:cli/command} component with args, env, preopens and stdio. */
  WASI_COMMAND("wasi-command"),
  /** Serving a {@code wasi:http/proxy} component on a local address. */
  WASI_HTTP("wasi-http"),
  /** WASI 0.3 (wasip3) components: async exports and imports over the Component Model's async ABI. */
  WASI_P3("wasi-p3");

  private final String id;

  Feature(String id) {
    this.id = id;
  }

  /** The stable spelling used in reports, expectation files and on the command line. */
  public String id() {
    return id;
  }

  public static Optional<Feature> byId(String id) {
    return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return id;
  }
}
