package dev.trellis.harness.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/** The runtime providers on the class path, by id, in a stable order. */
public final class Runtimes {
  private final Map<String, RuntimeProvider> byId;

  private Runtimes(List<RuntimeProvider> providers) {
    Map<String, RuntimeProvider> m = new LinkedHashMap<>();
    providers.stream()
        .sorted(Comparator.comparingInt(Runtimes::rank).thenComparing(RuntimeProvider::id))
        .forEach(p -> {
          if (m.putIfAbsent(p.id(), p) != null) {
            throw new IllegalStateException("two runtime providers with id " + p.id());
          }
        });
    this.byId = m;
  }

  /** Every provider listed in {@code META-INF/services}. */
  public static Runtimes discover() {
    List<RuntimeProvider> list = new ArrayList<>();
    ServiceLoader.load(RuntimeProvider.class, Runtimes.class.getClassLoader()).forEach(list::add);
    return new Runtimes(list);
  }

  /** A fixed set, for tests. */
  public static Runtimes of(List<RuntimeProvider> providers) {
    return new Runtimes(providers);
  }

  public List<RuntimeProvider> providers() {
    return List.copyOf(byId.values());
  }

  public Set<String> ids() {
    return byId.keySet();
  }

  public Optional<RuntimeProvider> provider(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** A provider's probe, as a row for {@code trellis runtimes}. */
  public record Discovered(RuntimeProvider provider, Probe probe) {
    public String id() {
      return provider.id();
    }
  }

  /** Probes every provider (each probe is cheap; a failing probe is reported as missing). */
  public List<Discovered> probeAll() {
    List<Discovered> out = new ArrayList<>();
    for (RuntimeProvider p : byId.values()) {
      out.add(new Discovered(p, safeProbe(p)));
    }
    return out;
  }

  public static Probe safeProbe(RuntimeProvider p) {
    try {
      return p.probe();
    } catch (RuntimeException | LinkageError e) {
      return Probe.missing("probe failed: " + e);
    }
  }

  /**
   * Opens a runtime by id; fails with {@code UNSUPPORTED} naming the known ids when the id is
   * unknown, or with the probe's reason when the runtime is missing.
   */
  public Runtime open(String id) {
    RuntimeProvider p = byId.get(id);
    if (p == null) {
      throw RuntimeFailure.unsupported("unknown runtime '" + id + "'; known: " + String.join(", ", ids()));
    }
    Probe probe = safeProbe(p);
    if (probe instanceof Probe.Missing(String reason)) {
      throw RuntimeFailure.unsupported(id + " is not available: " + reason);
    }
    return p.open();
  }

  // The reference engine first, then the in-process JVM engines, then external runtimes.
  private static int rank(RuntimeProvider p) {
    String id = p.id();
    if (id.startsWith("trellis")) {
      return 0;
    }
    if (id.startsWith("wasmtime")) {
      return 1;
    }
    if (id.startsWith("chicory") || id.startsWith("graalwasm")) {
      return 2;
    }
    return 3;
  }
}
