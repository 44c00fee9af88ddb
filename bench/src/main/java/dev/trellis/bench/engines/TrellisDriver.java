package dev.trellis.bench.engines;

import dev.trellis.bench.workloads.Workload;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.core.CoreBackend;
import dev.trellis.engine.link.Component;
import dev.trellis.engine.link.InstancePre;
import dev.trellis.engine.link.Linker;
import dev.trellis.engine.link.LinkerInstance;
import dev.trellis.engine.runtime.Engine;
import dev.trellis.engine.runtime.EngineConfig;
import dev.trellis.engine.runtime.Func;
import dev.trellis.engine.runtime.Instance;
import dev.trellis.engine.runtime.Lift;
import dev.trellis.engine.runtime.Lower;
import dev.trellis.engine.runtime.Store;
import dev.trellis.engine.runtime.TypedFunc;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.ExternType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.validate.ComponentInfo;
import dev.trellis.engine.validate.Validator;
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
 * <p>Imports are satisfied by {@link #linker}: by default, stubs that trap if called (enough to
 * instantiate; nothing is called while instantiating).
 */
public final class TrellisDriver implements EngineDriver {
  private final String runtime;
  private final Engine engine;
  private final Map<Component, InstancePre<Void>> pres = new java.util.IdentityHashMap<>();

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
      case INSTANTIATE -> "new Store + InstancePre.instantiate";
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
  public InstancePre<Void> pre(Component c) {
    return pres.computeIfAbsent(c, k -> linker(k).instantiatePre(k));
  }

  @Override
  public Object instantiate(Object compiled) {
    return pre((Component) compiled).instantiate(new Store<>(engine, null));
  }

  @Override
  public Object instantiateCold(byte[] bytes) {
    Component c = Component.fromBinary(engine, bytes);
    return linker(c).instantiatePre(c).instantiate(new Store<>(engine, null));
  }

  /** A linker defining every import of {@code c} as stubs that trap when called. */
  Linker<Void> linker(Component c) {
    Linker<Void> linker = new Linker<>(engine);
    for (Map.Entry<String, ExternType> imp : c.type().imports().entrySet()) {
      if (imp.getValue() instanceof ExternType.InstanceExtern(var type)) {
        LinkerInstance<Void> li = linker.instance(imp.getKey());
        for (Map.Entry<String, ExternType> e : type.exports().entrySet()) {
          String name = imp.getKey() + "#" + e.getKey();
          switch (e.getValue()) {
            case ExternType.FuncExtern f -> li.func(e.getKey(), (store, args) -> {
              throw new IllegalStateException("bench stub " + name + " called");
            });
            case ExternType.TypeExtern(ResourceType r) -> li.resource(e.getKey(), new ResourceType(e.getKey()), (s, rep) -> {});
            default -> {}
          }
        }
      } else if (imp.getValue() instanceof ExternType.FuncExtern) {
        String name = imp.getKey();
        linker.root().func(name, (store, args) -> {
          throw new IllegalStateException("bench stub " + name + " called");
        });
      }
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
