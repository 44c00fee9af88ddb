package dev.trellis.engine.runtime;

/**
 * The root of the embedding API, in the spirit of Wasmtime's: an engine holds the
 * configuration; {@code Component}s are compiled for an engine once, then instantiated any
 * number of times into {@link Store}s through a {@code Linker}.
 *
 * <pre>{@code
 * Engine engine = new Engine(EngineConfig.defaults().coreBackend(CoreBackend.COMPILER));
 * Component component = Component.fromBinary(engine, bytes);
 * Linker<Void> linker = new Linker<>(engine);
 * linker.instance("test:demo/log@1.0.0").func("log", (store, args) -> { System.out.println(args[0]); return null; });
 * InstancePre<Void> pre = linker.instantiatePre(component);     // imports resolved and checked once
 * Instance instance = pre.instantiate(new Store<>(engine, null)); // cheap, many times
 * Val r = instance.func("run").call(new Val.Str("hi"));
 * }</pre>
 */
public final class Engine {
  private final EngineConfig config;

  public Engine() {
    this(EngineConfig.defaults());
  }

  public Engine(EngineConfig config) {
    this.config = config;
  }

  public EngineConfig config() {
    return config;
  }
}
