package dev.trellis.harness.adapters;

import dev.trellis.harness.spi.RuntimeFailure.Kind;
import java.util.List;
import java.util.Locale;

/**
 * Telling wasmparser's errors apart. Wasmtime and jco (through wasm-tools) both decode and
 * validate with wasmparser and report a decoding error and a validation error alike ("failed
 * to parse WebAssembly module: ..."); the wording says which it is, and whether it is only a
 * proposal the engine was not configured for.
 */
public final class WasmParserErrors {
  private WasmParserErrors() {}

  /** Phrases of wasmparser's decoding (not validation) errors. */
  private static final List<String> MALFORMED = List.of("unexpected end", "magic header", "unknown binary version",
      "bad magic", "leb", "integer representation too long", "integer too large", "section size mismatch", "malformed",
      "unexpected content after last section", "zero byte expected", "inconsistent lengths", "invalid section",
      "unknown section", "too many", "invalid utf-8", "invalid name", "unexpected data at the end", "trailing bytes",
      "unknown type", "invalid value type", "invalid leading byte", "failed to read");

  /** MALFORMED, INVALID, or UNSUPPORTED for a proposal the engine was not configured with. */
  public static Kind kind(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (isFeatureGate(m)) {
      return Kind.UNSUPPORTED;
    }
    return MALFORMED.stream().anyMatch(m::contains) ? Kind.MALFORMED : Kind.INVALID;
  }

  /**
   * wasmparser's wording for a proposal the engine was not configured with ("... is not
   * enabled", "... must be enabled", "... requires the component model X feature", "the
   * {@code x} feature is not active"): the runtime does not support it here, which is not
   * invalidity.
   */
  public static boolean isFeatureGate(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("not supported") || m.contains("is not enabled") || m.contains("must be enabled")
        || m.contains("not enabled") && (m.contains("feature") || m.contains("proposal"))
        || m.contains("feature is not active")
        || m.contains("require") && (m.contains("feature") || m.contains("proposal"));
  }
}
