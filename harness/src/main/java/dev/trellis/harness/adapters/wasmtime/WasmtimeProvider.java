package dev.trellis.harness.adapters.wasmtime;

import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeProvider;
import java.util.EnumSet;
import java.util.Set;

/** Wasmtime through its C API in-process ({@code wasmtime}). */
public final class WasmtimeProvider implements RuntimeProvider {
  static final String ID = "wasmtime";
  static final Set<Feature> FEATURES = java.util.Collections.unmodifiableSet(EnumSet.of(
      Feature.CORE_MODULE, Feature.COMPONENT, Feature.RESOURCES, Feature.COMPONENT_ASYNC,
      Feature.ERROR_CONTEXT, Feature.MAP, Feature.INVOKE, Feature.WASI_COMMAND));

  private static volatile WasmtimeNative loadedNative;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "Wasmtime's C API (libwasmtime) in-process through Java FFM";
  }

  @Override
  public Set<Feature> features() {
    return FEATURES;
  }

  @Override
  public Probe probe() {
    return switch (WasmtimeLocator.find()) {
      case WasmtimeLocator.Library(var path, var version, var how) -> Probe.available(version, path + " (" + how + ")");
      case WasmtimeLocator.NotFound(var reason) -> Probe.missing(reason);
    };
  }

  @Override
  public Runtime open() {
    return switch (WasmtimeLocator.find()) {
      case WasmtimeLocator.Library(var path, var version, var how) -> new WasmtimeRuntime(nativeFor(path), version,
          WasmtimeRuntime.DEFAULT_CALL_TIMEOUT);
      case WasmtimeLocator.NotFound(var reason) -> throw RuntimeFailure.unsupported("wasmtime: " + reason);
    };
  }

  /**
   * Where {@code libwasmtime} is (as {@link #probe()} finds it), for code that binds the C API
   * itself, such as the bench's in-process JMH driver; empty when it is not found.
   */
  public static java.util.Optional<java.nio.file.Path> libraryPath() {
    return WasmtimeLocator.find() instanceof WasmtimeLocator.Library l ? java.util.Optional.of(l.path())
        : java.util.Optional.empty();
  }

  /** The library is loaded once per JVM (it cannot be unloaded). */
  private static synchronized WasmtimeNative nativeFor(java.nio.file.Path path) {
    WasmtimeNative n = loadedNative;
    if (n == null || !n.path.equals(path)) {
      try {
        n = new WasmtimeNative(path);
      } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
        throw RuntimeFailure.unsupported("cannot load " + path + ": " + e.getMessage());
      }
      loadedNative = n;
    }
    return n;
  }
}
