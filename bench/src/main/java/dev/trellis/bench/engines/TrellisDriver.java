package dev.trellis.bench.engines;

import dev.trellis.bench.workloads.Workload;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.core.CoreBackend;
import dev.trellis.engine.link.Component;
import dev.trellis.engine.link.InstancePre;
import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Engine;
import dev.trellis.engine.runtime.EngineConfig;
import dev.trellis.engine.runtime.Func;
import dev.trellis.engine.runtime.Instance;
import dev.trellis.engine.runtime.Lift;
import dev.trellis.engine.runtime.Lower;
import dev.trellis.engine.runtime.Store;
import dev.trellis.engine.runtime.TypedFunc;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.validate.ComponentInfo;
import dev.trellis.engine.validate.Validator;
import dev.trellis.engine.wasi.Wasi;
import dev.trellis.engine.wasi.WasiCtx;
import dev.trellis.engine.wasi.WasiState;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference engine on one Chicory backend: decode ({@link ComponentDecoder}), validate
 * ({@link Validator}, embedded core modules included), compile ({@link Component#fromInfo}:
 * core modules parsed and, on the compiler backend, compiled to JVM classes; ABI plans laid
 * out), instantiate from an {@link InstancePre} into a new {@link Store}. Calls go through the
 * typed API where the signature allows ({@link TypedFunc}), else through {@link Func#call}.
 *
 * <p>A component that imports anything is linked to the engine's WASI 0.2 host ({@link Wasi}) and
 * each instance gets a {@link WasiState} of its own, as {@code trellis serve} does per request.
 */
public final class TrellisDriver implements EngineDriver {
  private final String runtime;
  private final Engine engine;
  private final Map<Component, InstancePre<WasiState>> pres = new java.util.IdentityHashMap<>();
  /** What each instance of an importing component gets: nothing granted, as `trellis serve` gives. */
  private final WasiCtx ctx = WasiCtx.builder().build();

  public TrellisDriver(String runtime, CoreBackend backend) {
    this.runtime = runtime;
    this.engine = new Engine(EngineConfig.defaults().coreBackend(backend));
  }

  public static TrellisDriver interpreter() {
    return new TrellisDriver("trellis", CoreBackend.INTERPRETER);
  }

  public static TrellisDriver compiler() {
    return new TrellisDriver("trellis-compiler", CoreBackend.COMPILER);
  }

  @Override
  public String runtime() {
    return runtime;
  }

  @Override
  public boolean components() {
    return true;
  }


  @Override
  public String note(Phase p) {
    return switch (p) {
      case VALIDATE -> "embedded core modules parsed and validated by Chicory";
      case COMPILE -> "core modules parsed again and (compiler backend) compiled; ABI plans";
      case INSTANTIATE -> "new Store (+ WasiState when it imports) + InstancePre.instantiate";
      default -> null;
    };
  }

  @Override
  public Object decode(byte[] bytes) {
    return ComponentDecoder.decode(bytes);
  }

  @Override
  public Object validate(Object decoded) {
    return Validator.validate((dev.trellis.engine.binary.Component) decoded, engine.config().features());
  }

  @Override
  public Object compile(Object validated) {
    return Component.fromInfo(engine, (ComponentInfo) validated);
  }

  @Override
  public Object compileInput(byte[] bytes) {
    return validate(decode(bytes));
  }

  /** The {@link InstancePre} of a compiled component: imports resolved once, as a server would. */
  public InstancePre<WasiState> pre(Component c) {
    return pres.computeIfAbsent(c, k -> linker(k).instantiatePre(k));
  }

  @Override
  public Object instantiate(Object compiled) {
    Component c = (Component) compiled;
    return pre(c).instantiate(new Store<>(engine, imports(c) ? new WasiState(ctx) : null));
  }

  @Override
  public Object instantiateCold(byte[] bytes) {
    Component c = Component.fromBinary(engine, bytes);
    return linker(c).instantiatePre(c).instantiate(new Store<>(engine, imports(c) ? new WasiState(ctx) : null));
  }

  /** Whether a component imports anything (then its instances get a WASI context, as a server gives them). */
  private static boolean imports(Component c) {
    return !c.type().imports().isEmpty();
  }

  /** The linker: the reference engine's WASI 0.2 host when the component imports anything, else empty. */
  Linker<WasiState> linker(Component c) {
    Linker<WasiState> linker = new Linker<>(engine);
    if (imports(c)) {
      Wasi.addToLinker(linker);
    }
    return linker;
  }

  @Override
  public Caller caller(Object instance, Workload w) {
    Instance inst = (Instance) instance;
    Func f = inst.func(w.export());
    FuncType t = f.type();
    List<Val> args = w.componentArgs();
    Val[] argv = args.toArray(Val[]::new);
    boolean allU32 = t.params().stream().allMatch(p -> p.type() == PrimType.U32);
    boolean u32Result = t.result() == PrimType.U32;
    if (allU32 && (t.result() == null || u32Result) && args.size() <= 2) {
      if (args.isEmpty() && t.result() == null) {
        TypedFunc<Void, Void> tf = inst.typedFunc(w.export(), Lower.params(), Lift.none());
        return caller(() -> {
          tf.call(null);
          return null;
        }, f, argv);
      }
      if (args.size() == 1 && u32Result) {
        TypedFunc<Integer, Integer> tf = inst.typedFunc(w.export(), Lower.params(Lower.u32()), Lift.u32());
        Integer a = (int) ((Val.U32) args.get(0)).value();
        return caller(() -> tf.call(a), f, argv);
      }
      if (args.size() == 2 && u32Result) {
        TypedFunc<Lower.Tuple2<Integer, Integer>, Integer> tf =
            inst.typedFunc(w.export(), Lower.params(Lower.u32(), Lower.u32()), Lift.u32());
        Lower.Tuple2<Integer, Integer> a = new Lower.Tuple2<>((int) ((Val.U32) args.get(0)).value(),
            (int) ((Val.U32) args.get(1)).value());
        return caller(() -> tf.call(a), f, argv);
      }
    }
    return caller(() -> f.call(argv), f, argv);
  }

  private static Caller caller(java.util.function.Supplier<Object> fast, Func f, Val[] argv) {
    return new Caller() {
      @Override
      public Object call() {
        return fast.get();
      }

      @Override
      public List<Val> results() {
        fast.get(); // the fast path must work too
        Val r = f.call(argv);
        return r == null ? List.of() : List.of(r);
      }
    };
  }
}
