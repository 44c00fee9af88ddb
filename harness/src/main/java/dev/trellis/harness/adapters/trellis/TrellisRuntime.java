package dev.trellis.harness.adapters.trellis;

import dev.trellis.engine.core.CoreBackend;
import dev.trellis.engine.core.CoreExtern;
import dev.trellis.engine.core.CoreFunc;
import dev.trellis.engine.core.CoreInstance;
import dev.trellis.engine.core.CoreModule;
import dev.trellis.engine.error.InvalidException;
import dev.trellis.engine.error.LinkException;
import dev.trellis.engine.error.MalformedException;
import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrellisException;
import dev.trellis.engine.link.Component;
import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Engine;
import dev.trellis.engine.runtime.EngineConfig;
import dev.trellis.engine.runtime.Func;
import dev.trellis.engine.runtime.Store;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.validate.Features;
import dev.trellis.engine.wasi.WasiCommandRunner;
import dev.trellis.engine.wasi.WasiCtx;
import dev.trellis.engine.wasi.WasiCtxBuilder;
import dev.trellis.engine.wasi.WasiHttpServer;
import dev.trellis.harness.adapters.AbstractRuntime;
import dev.trellis.harness.adapters.CoreTypes;
import dev.trellis.harness.adapters.CoreValues;
import dev.trellis.harness.spi.HttpService;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeFailure.Kind;
import dev.trellis.harness.spi.WasiCommand;
import dev.trellis.harness.spi.WasiResult;
import dev.trellis.harness.spi.Wasm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference engine in-process, on one of Chicory's backends. Components validate with
 * every feature the validator knows enabled (as Wasmtime is configured for the suites); each
 * instance gets a store of its own with a per-call deadline.
 */
final class TrellisRuntime extends AbstractRuntime {
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final CoreBackend backend;
  private final Engine engine;
  /** Engines for the feature profiles scripts ask for, by profile. */
  private final java.util.Map<java.util.Set<dev.trellis.engine.validate.Feature>, Engine> profiles = new java.util.HashMap<>();

  TrellisRuntime(String id, CoreBackend backend, String version) {
    super(id, version, TrellisProvider.detail(backend), TrellisProvider.FEATURES);
    this.backend = backend;
    this.engine = new Engine(EngineConfig.defaults().coreBackend(backend).features(Features.ALL));
  }

  private record ComponentLoaded(Wasm wasm, Component component) implements Loaded {}

  private record CoreLoaded(Wasm wasm, CoreModule module) implements Loaded {}

  @Override
  public Loaded load(Wasm wasm) {
    return load(wasm, engine);
  }

  /** Validates under the profile the script's run line names, on top of the validator's defaults. */
  @Override
  public Loaded load(Wasm wasm, List<String> features) {
    Features f = Features.DEFAULT.applyKnown(features);
    Engine e = profiles.computeIfAbsent(f.enabled(),
        k -> new Engine(EngineConfig.defaults().coreBackend(backend).features(f)));
    return load(wasm, e);
  }

  private Loaded load(Wasm wasm, Engine under) {
    byte[] bytes = wasm.bytes();
    try {
      return wasm.kind() == Wasm.Kind.CORE_MODULE
          ? new CoreLoaded(wasm, CoreModule.compile(bytes, backend))
          : new ComponentLoaded(wasm, Component.fromBinary(under, bytes));
    } catch (TrellisException e) {
      throw failure(e);
    } catch (StackOverflowError e) {
      throw new RuntimeFailure(Kind.EXHAUSTED, "stack exhausted loading " + wasm.name(), e);
    }
  }

  @Override
  public Instance instantiate(Loaded loaded) {
    try {
      return switch (loaded) {
        case ComponentLoaded c -> component(c.component());
        case CoreLoaded c -> core(c.wasm(), c.module());
        default -> throw new IllegalArgumentException("not loaded by " + id() + ": " + loaded);
      };
    } catch (TrellisException e) {
      throw failure(e);
    } catch (StackOverflowError e) {
      throw new RuntimeFailure(Kind.EXHAUSTED, "call stack exhausted", e);
    }
  }

  private Instance component(Component c) {
    Store<Void> store = new Store<>(engine, null);
    store.setCallTimeout(CALL_TIMEOUT);
    dev.trellis.engine.runtime.Instance inst = new Linker<Void>(engine).instantiate(store, c);
    return (export, args) -> {
      String[] path = export.split("#", -1);
      Func f;
      try {
        dev.trellis.engine.runtime.Instance scope = inst;
        for (int i = 0; i < path.length - 1; i++) {
          scope = scope.instance(path[i]);
        }
        f = scope.func(path[path.length - 1]);
      } catch (IllegalArgumentException e) {
        throw new RuntimeFailure(Kind.ERROR, e.getMessage(), e);
      }
      try {
        Val r = f.call(args.toArray(Val[]::new));
        return r == null ? List.of() : List.of(r);
      } catch (TrellisException e) {
        throw failure(e);
      } catch (IllegalArgumentException e) {
        throw new RuntimeFailure(Kind.ERROR, e.getMessage(), e);
      } catch (StackOverflowError e) {
        throw new RuntimeFailure(Kind.EXHAUSTED, "call stack exhausted", e);
      }
    };
  }

  private Instance core(Wasm wasm, CoreModule module) {
    CoreInstance inst = module.instantiate(name -> null, null);
    return (export, args) -> {
      CoreTypes.Signature sig = CoreTypes.exportedFunc(wasm.bytes(), export)
          .orElseThrow(() -> new RuntimeFailure(Kind.ERROR, "no exported function " + export));
      CoreExtern e = inst.export(export);
      if (!(e instanceof CoreFunc f)) {
        throw new RuntimeFailure(Kind.ERROR, "no exported function " + export);
      }
      CoreValues.checkArity(export, sig.params().size(), args.size());
      long[] raw = new long[args.size()];
      for (int i = 0; i < raw.length; i++) {
        raw[i] = CoreValues.toBits(args.get(i), sig.params().get(i));
      }
      long[] out;
      try {
        out = f.call(raw);
      } catch (TrellisException x) {
        throw failure(x);
      }
      List<Val> vals = new ArrayList<>();
      for (int i = 0; i < sig.results().size(); i++) {
        vals.add(CoreValues.fromBits(out[i], sig.results().get(i)));
      }
      return vals;
    };
  }

  /** The engine's typed errors, stage by stage. */
  static RuntimeFailure failure(TrellisException e) {
    return switch (e) {
      case MalformedException m -> new RuntimeFailure(Kind.MALFORMED, m.getMessage(), m);
      case InvalidException i -> new RuntimeFailure(Kind.INVALID, i.getMessage(), i);
      case LinkException l -> new RuntimeFailure(Kind.UNLINKABLE, l.getMessage(), l);
      case TrapException t -> new RuntimeFailure(switch (t.kind()) {
        case STACK_OVERFLOW -> Kind.EXHAUSTED;
        case DEADLINE_EXCEEDED -> Kind.TIMEOUT;
        case ASYNC_UNSUPPORTED -> Kind.UNSUPPORTED;
        default -> Kind.TRAP;
      }, t.getMessage(), t);
      default -> new RuntimeFailure(Kind.ERROR, e.getMessage(), e);
    };
  }

  /**
   * Runs a {@code wasi:cli/command} on the engine's WASI 0.2 host: exactly the args, env,
   * stdin, preopens (read-only ones enforced), network grants and HTTP authorities given,
   * nothing inherited.
   */
  @Override
  public WasiResult runCommand(Wasm command, WasiCommand how) {
    if (command.kind() != Wasm.Kind.COMPONENT) {
      throw RuntimeFailure.unsupported(id() + " runs WASI 0.2 command components; this is a core module");
    }
    Component component = ((ComponentLoaded) load(command)).component();
    WasiCommandRunner runner;
    try {
      runner = WasiCommandRunner.of(component);
    } catch (TrellisException e) {
      throw failure(e);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    WasiCtxBuilder b = WasiCtx.builder().arg(command.name()).args(how.args()).stdin(how.stdin())
        .stdout(out).stderr(err).deadline(how.timeout());
    how.env().forEach(b::env);
    for (WasiCommand.Preopen p : how.preopens()) {
      b.preopenedDir(p.hostPath(), p.guestPath(), p.readOnly() ? WasiCtx.Perms.READ_ONLY : WasiCtx.Perms.READ_WRITE);
    }
    java.util.Set<String> calls = java.util.concurrent.ConcurrentHashMap.newKeySet();
    b.onHostCall(calls::add);
    how.network().forEach(b::allowNetwork);
    b.allowIpNameLookup(how.ipNameLookup());
    how.http().forEach(b::allowHttp);
    int exit;
    String trap = null;
    try {
      exit = runner.run(b.build());
    } catch (TrapException t) {
      RuntimeFailure f = failure(t);
      if (f.kind() != Kind.TRAP && f.kind() != Kind.EXHAUSTED && f.kind() != Kind.TIMEOUT) {
        throw f;
      }
      exit = 134;
      trap = t.getMessage();
    } catch (TrellisException e) {
      throw failure(e);
    } catch (StackOverflowError e) {
      exit = 134;
      trap = "call stack exhausted";
    }
    return new WasiResult(exit, out.toByteArray(), err.toByteArray(), trap, new java.util.TreeSet<>(calls).stream().toList());
  }

  /**
   * Serves a {@code wasi:http/proxy} component with the engine's WASI host
   * ({@link WasiHttpServer}): a fresh instance per request, nothing granted to the guest.
   */
  @Override
  public HttpService serveHttp(Wasm proxy, java.net.InetSocketAddress address) {
    if (proxy.kind() != Wasm.Kind.COMPONENT) {
      throw RuntimeFailure.unsupported(id() + " serves wasi:http components; this is a core module");
    }
    Component component = ((ComponentLoaded) load(proxy)).component();
    java.util.Set<String> calls = java.util.concurrent.ConcurrentHashMap.newKeySet();
    WasiHttpServer server;
    try {
      server = WasiHttpServer.start(component, WasiCtx.builder().onHostCall(calls::add).build(), address);
    } catch (TrellisException e) {
      throw failure(e);
    } catch (java.io.UncheckedIOException e) {
      throw new RuntimeFailure(Kind.ERROR, e.getMessage(), e);
    }
    return new HttpService() {
      @Override
      public java.net.URI uri() {
        return server.uri();
      }

      @Override
      public java.util.List<String> hostCalls() {
        return new java.util.TreeSet<>(calls).stream().toList();
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  @Override
  public void close() {}
}
