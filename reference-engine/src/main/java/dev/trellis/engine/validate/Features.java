package dev.trellis.engine.validate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A feature profile: which gated features validation accepts. {@link #DEFAULT} is WASI 0.2
 * sync — every Component Model feature added since 0.2 off — plus the core WebAssembly 3.0
 * features wasm-tools enables by default (gc, memory64, exceptions, threads).
 */
public final class Features {
  private static final Set<Feature> DEFAULT_SET =
      EnumSet.of(Feature.EXCEPTIONS, Feature.THREADS, Feature.GC, Feature.MEMORY64);

  /** WASI 0.2 sync: the profile used when nothing else is asked for. */
  public static final Features DEFAULT = new Features(DEFAULT_SET);

  /**
   * The profile the Component Model's own reference tests ({@code component-model/test}) are
   * run under, per their README: async with the more-async built-ins, stackful lifts,
   * threading, {@code implements}, fixed-length lists and maps.
   */
  public static final Features COMPONENT_MODEL_TESTS = DEFAULT.with(Feature.CM_ASYNC, Feature.CM_MORE_ASYNC_BUILTINS,
      Feature.CM_ASYNC_STACKFUL, Feature.CM_THREADING, Feature.CM_IMPLEMENTS, Feature.CM_FIXED_LENGTH_LISTS,
      Feature.CM_MAP);

  /** Every feature enabled. */
  public static final Features ALL = new Features(EnumSet.allOf(Feature.class));

  private final Set<Feature> enabled;

  private Features(Set<Feature> enabled) {
    this.enabled = enabled.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(enabled);
    // the async extensions build on async itself
    if (this.enabled.contains(Feature.CM_THREADING) || this.enabled.contains(Feature.CM_ASYNC_STACKFUL)
        || this.enabled.contains(Feature.CM_MORE_ASYNC_BUILTINS)) {
      this.enabled.add(Feature.CM_ASYNC);
    }
  }

  /** Exactly the given features. */
  public static Features of(Feature... features) {
    Set<Feature> s = EnumSet.noneOf(Feature.class);
    Collections.addAll(s, features);
    return new Features(s);
  }

  public boolean has(Feature f) {
    return enabled.contains(f);
  }

  /** The enabled features. */
  public Set<Feature> enabled() {
    return Collections.unmodifiableSet(enabled);
  }

  public Features with(Feature... fs) {
    Set<Feature> s = EnumSet.noneOf(Feature.class);
    s.addAll(enabled);
    Collections.addAll(s, fs);
    return new Features(s);
  }

  public Features without(Feature... fs) {
    Set<Feature> s = EnumSet.noneOf(Feature.class);
    s.addAll(enabled);
    for (Feature f : fs) {
      s.remove(f);
    }
    return new Features(s);
  }

  /**
   * Applies a wasm-tools feature list to {@link #DEFAULT}: comma- or space-separated names,
   * each optionally prefixed {@code -} (disable) or {@code +} (enable); {@code all} enables
   * everything, {@code default} resets to the default. Unknown names are an
   * {@link IllegalArgumentException} naming them.
   */
  public static Features parse(String list) {
    return DEFAULT.apply(list);
  }

  /** Applies a wasm-tools feature list (see {@link #parse}) on top of this profile. */
  public Features apply(String list) {
    Set<Feature> s = EnumSet.noneOf(Feature.class);
    s.addAll(enabled);
    List<String> unknown = new ArrayList<>();
    for (String raw : list.split("[,\\s]+")) {
      String item = raw.trim();
      if (item.isEmpty()) {
        continue;
      }
      boolean off = item.startsWith("-");
      if (off || item.startsWith("+")) {
        item = item.substring(1);
      }
      switch (item.toLowerCase(java.util.Locale.ROOT)) {
        case "all" -> {
          if (off) {
            s.clear();
          } else {
            s.addAll(EnumSet.allOf(Feature.class));
          }
        }
        case "default" -> {
          s.clear();
          s.addAll(DEFAULT_SET);
        }
        default -> {
          Feature f = Feature.byName(item);
          if (f == null) {
            unknown.add(item);
          } else if (off) {
            s.remove(f);
          } else {
            s.add(f);
          }
        }
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown feature(s): " + String.join(", ", unknown)
          + " (known: " + known() + ")");
    }
    return new Features(s);
  }

  /**
   * Applies wasm-tools feature names (each optionally prefixed {@code -} or {@code +}) on top
   * of this profile, ignoring the names of features Trellis does not gate (core proposals such
   * as {@code simd} or {@code tail-call} that validation accepts anyway).
   */
  public Features applyKnown(java.util.List<String> names) {
    Features f = this;
    for (String n : names) {
      try {
        f = f.apply(n);
      } catch (IllegalArgumentException ignored) {
        // a feature validation does not gate
      }
    }
    return f;
  }

  private static final Pattern FEATURE_FLAG =
      Pattern.compile("(?:^|\\s)(?:-f|--features)(?:=|\\s+)(\\S+)");

  /**
   * The profile a suite file asks for in its {@code ;; RUN:} line(s), e.g. {@code ;; RUN: wast
   * --assert default --snapshot tests/snapshots % -f cm-async,cm64}: {@link #DEFAULT} with
   * every {@code -f}/{@code --features} list applied. Feature names this profile does not know
   * are ignored here (a suite may name core features Trellis does not gate).
   */
  public static Features fromRunLines(String fileText) {
    Features f = DEFAULT;
    for (String line : fileText.split("\n")) {
      String t = line.strip();
      if (!t.startsWith(";;")) {
        if (!t.isEmpty()) {
          break;
        }
        continue;
      }
      t = t.substring(2).strip();
      if (!t.startsWith("RUN")) {
        continue;
      }
      Matcher m = FEATURE_FLAG.matcher(t);
      while (m.find()) {
        for (String item : m.group(1).split(",")) {
          try {
            f = f.apply(item);
          } catch (IllegalArgumentException ignored) {
            // a core feature we do not model: nothing to switch
          }
        }
      }
    }
    return f;
  }

  /**
   * The profile for one suite file: the features its {@code ;; RUN:} lines name, or, for the
   * Component Model's reference tests (no RUN lines; {@code path} under {@code
   * component-model/test/}), {@link #COMPONENT_MODEL_TESTS}; else {@link #DEFAULT}.
   */
  public static Features forSuiteFile(String path, String fileText) {
    String p = path.replace('\\', '/');
    if (!hasRunLine(fileText) && (p.contains("component-model/test/") || p.startsWith("test/"))) {
      return COMPONENT_MODEL_TESTS;
    }
    return fromRunLines(fileText);
  }

  private static boolean hasRunLine(String fileText) {
    for (String line : fileText.split("\n")) {
      String t = line.strip();
      if (t.startsWith(";;") && t.substring(2).strip().startsWith("RUN")) {
        return true;
      }
      if (!t.isEmpty() && !t.startsWith(";;")) {
        return false;
      }
    }
    return false;
  }

  private static String known() {
    List<String> names = new ArrayList<>();
    for (Feature f : Feature.values()) {
      names.add(f.wasmToolsName());
    }
    return String.join(", ", names);
  }

  /** The wasm-tools {@code -f} list that yields this profile from the default. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (Feature f : Feature.values()) {
      boolean on = enabled.contains(f);
      boolean def = DEFAULT_SET.contains(f);
      if (on && !def) {
        parts.add(f.wasmToolsName());
      } else if (!on && def) {
        parts.add("-" + f.wasmToolsName());
      }
    }
    return parts.isEmpty() ? "default" : String.join(",", parts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Features f && f.enabled.equals(enabled);
  }

  @Override
  public int hashCode() {
    return enabled.hashCode();
  }
}
