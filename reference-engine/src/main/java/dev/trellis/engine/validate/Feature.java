package dev.trellis.engine.validate;

import java.util.Locale;

/**
 * A switchable feature of the Component Model (the emoji-gated features of
 * Explainer.md#gated-features) or of core WebAssembly, named as wasm-tools names it in
 * {@code -f}/{@code --features} (and so in the suites' {@code ;; RUN:} lines).
 */
public enum Feature {
  /** 🪙 value imports/exports, value definitions and the component start function. */
  CM_VALUES("cm-values"),
  /** 🪺 nested namespaces and packages in interface names. */
  CM_NESTED_NAMES("cm-nested-names"),
  /** 🔀 async functions, streams, futures and the concurrency built-ins. */
  CM_ASYNC("cm-async"),
  /** 🚝 more canonical options on the async built-ins. */
  CM_MORE_ASYNC_BUILTINS("cm-more-async-builtins"),
  /** 🚟 {@code async} lift without {@code callback} ("stackful"). */
  CM_ASYNC_STACKFUL("cm-async-stackful"),
  /** 🧵 the cooperative threading built-ins. */
  CM_THREADING("cm-threading"),
  /** 📝 the {@code error-context} type and its built-ins. */
  CM_ERROR_CONTEXT("cm-error-context"),
  /** 🔧 fixed-length lists. */
  CM_FIXED_LENGTH_LISTS("cm-fixed-length-lists"),
  /** 🗺️ the {@code map} type. */
  CM_MAP("cm-map"),
  /** 🏷️ the {@code implements} and {@code external-id} name attributes. */
  CM_IMPLEMENTS("cm-implements"),
  /** 🔗 canonical interface names and the {@code versionsuffix} attribute. */
  CM_CANON_NAMES("cm-canon-names"),
  /** 🐘 64-bit memories (and {@code i64} resource representations) in the Canonical ABI. */
  CM64("cm64"),
  /** The GC-based Canonical ABI options {@code gc} and {@code core-type}. */
  CM_GC("cm-gc"),
  /** Core WebAssembly GC: rec groups, struct and array types in core type definitions. */
  GC("gc"),
  /** Core WebAssembly 64-bit memories and tables. */
  MEMORY64("memory64"),
  /** Core WebAssembly custom page sizes. */
  CUSTOM_PAGE_SIZES("custom-page-sizes"),
  /** Core WebAssembly shared-everything threads (🧵② built-ins). */
  SHARED_EVERYTHING_THREADS("shared-everything-threads"),
  /** Core WebAssembly threads (shared memories). */
  THREADS("threads"),
  /** Core WebAssembly exception handling (tags). */
  EXCEPTIONS("exceptions");

  private final String wasmToolsName;

  Feature(String wasmToolsName) {
    this.wasmToolsName = wasmToolsName;
  }

  /** The name wasm-tools uses for this feature. */
  public String wasmToolsName() {
    return wasmToolsName;
  }

  /** The feature with the given wasm-tools name (case-insensitive, {@code _} or {@code -}), or null. */
  public static Feature byName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Feature f : values()) {
      if (f.wasmToolsName.equals(n)) {
        return f;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return wasmToolsName;
  }
}
