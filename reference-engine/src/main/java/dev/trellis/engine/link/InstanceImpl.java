package dev.trellis.engine.link;

import dev.trellis.engine.abi.RuntimeResourceType;
import dev.trellis.engine.runtime.Func;
import dev.trellis.engine.runtime.Instance;
import dev.trellis.engine.runtime.Lift;
import dev.trellis.engine.runtime.Lower;
import dev.trellis.engine.runtime.Store;
import dev.trellis.engine.runtime.TypedFunc;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.ComponentType;
import dev.trellis.engine.types.ExternType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.InstanceType;
import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.types.ValType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An {@link Instance}: the exports of a component instance, bound to the store it lives in. */
final class InstanceImpl implements Instance {
  private final InstanceDef def;
  private final Store<?> store;
  private final Map<String, ExternType> exportTypes;
  private final ComponentType type;

  InstanceImpl(InstanceDef def, Store<?> store, Map<String, ExternType> exportTypes, ComponentType type) {
    this.def = def;
    this.store = store;
    this.exportTypes = exportTypes;
    this.type = type;
  }

  InstanceDef def() {
    return def;
  }

  @Override
  public ComponentType type() {
    return type;
  }

  @Override
  public Set<String> exportNames() {
    return def.exports().keySet();
  }

  private Object export(String name, String what) {
    Object v = def.exports().get(name);
    if (v == null) {
      throw new IllegalArgumentException("no export named `" + name + "`");
    }
    return v;
  }

  @Override
  public Func func(String name) {
    if (!(export(name, "function") instanceof FuncInst f)) {
      throw new IllegalArgumentException("export `" + name + "` is not a function");
    }
    FuncType ft = exportTypes.get(name) instanceof ExternType.FuncExtern(FuncType t) ? t : f.type();
    return new FuncImpl(f, store, ft);
  }

  @Override
  public Instance instance(String name) {
    if (!(export(name, "instance") instanceof InstanceDef d)) {
      throw new IllegalArgumentException("export `" + name + "` is not an instance");
    }
    Map<String, ExternType> ex = exportTypes.get(name) instanceof ExternType.InstanceExtern(InstanceType it)
        ? it.exports() : Map.of();
    return new InstanceImpl(d, store, ex, new ComponentType(Map.of(), ex));
  }

  @Override
  public ResourceType resourceType(String name) {
    if (!(export(name, "resource") instanceof RuntimeResourceType rt)) {
      throw new IllegalArgumentException("export `" + name + "` is not a resource type");
    }
    return rt.type();
  }

  @Override
  public <P, R> TypedFunc<P, R> typedFunc(String name, Lower<P> params, Lift<R> result) {
    if (!(export(name, "function") instanceof LiftedFunc f)) {
      throw new IllegalArgumentException("export `" + name + "` is not a function lifted from core code");
    }
    FuncType ft = f.type();
    List<ValType> ps = ft.params().stream().map(FuncType.Param::type).toList();
    List<ValType> given = params instanceof Lower.Params<?> p ? p.types() : List.of(params.type());
    if (!ps.equals(given)) {
      throw new IllegalArgumentException("parameters of `" + name + "` are " + ps + ", the typed call gives " + given);
    }
    if (!java.util.Objects.equals(ft.result(), result.type())) {
      throw new IllegalArgumentException("result of `" + name + "` is " + ft.result() + ", the typed call lifts "
          + result.type());
    }
    return new TypedCall<>(f, store, params, result);
  }

  /** A {@link TypedFunc}: the store's deadline bracket around {@link LiftedFunc#callTyped}. */
  private record TypedCall<P, R>(LiftedFunc f, Store<?> store, Lower<P> params, Lift<R> result) implements TypedFunc<P, R> {
    @Override
    public R call(P p) {
      if (!store.timed()) {
        return f.callTyped(p, params, result);
      }
      Object token = store.begin();
      R r;
      try {
        r = f.callTyped(p, params, result);
      } catch (RuntimeException e) {
        throw store.end(token, e);
      }
      RuntimeException late = store.end(token, null);
      if (late != null) {
        throw late;
      }
      return r;
    }
  }

  /** A {@link Func} called from the host. */
  static final class FuncImpl implements Func {
    private final FuncInst f;
    private final Store<?> store;
    private final FuncType type;

    FuncImpl(FuncInst f, Store<?> store, FuncType type) {
      this.f = f;
      this.store = store;
      this.type = type;
    }

    @Override
    public FuncType type() {
      return type;
    }

    @Override
    public Val call(Val... args) {
      if (type != null && args.length != type.params().size()) {
        throw new IllegalArgumentException("expected " + type.params().size() + " arguments, got " + args.length);
      }
      if (!store.timed()) {
        HostFrame frame = new HostFrame(args);
        f.call(frame);
        return frame.result;
      }
      return store.enter(() -> {
        HostFrame frame = new HostFrame(args);
        f.call(frame);
        return frame.result;
      });
    }
  }

  /** The host as caller: arguments as given, result kept. */
  static final class HostFrame extends CallFrame {
    private final Val[] args;
    Val result;

    HostFrame(Val[] args) {
      super(null, null);
      this.args = args;
    }

    @Override
    Val[] onStart() {
      return args;
    }

    @Override
    void onResolve(Val[] r) {
      result = r.length == 0 ? null : r[0];
    }
  }
}
