package dev.trellis.engine.link;

import dev.trellis.engine.abi.CanonicalAbi;
import dev.trellis.engine.abi.CoreValueIter;
import dev.trellis.engine.abi.CoreValueWriter;
import dev.trellis.engine.abi.LiftLowerContext;
import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.error.TrellisException;
import dev.trellis.engine.runtime.Lift;
import dev.trellis.engine.runtime.Lower;
import dev.trellis.engine.runtime.Store;
import dev.trellis.engine.runtime.TypedHostFunc;
import dev.trellis.engine.types.FuncType;

/**
 * A typed host function bound to a store. {@code canon lower} calls it through
 * {@link #callLowered}, lifting straight from the caller's flat values and memory into Java
 * values and lowering the result straight back: the fused path, with no {@code Val}s.
 */
final class TypedHostFuncInst extends FuncInst {
  private static final long[] NO_RESULTS = new long[0];
  private final Store<Object> store;
  private final TypedHostFunc<Object, Object, Object> body;
  private final Lift<Object> params;
  private final Lower<Object> result;
  private final FuncType type;
  private final String name;

  @SuppressWarnings("unchecked")
  TypedHostFuncInst(Store<?> store, LinkerInstance.TypedHostFuncDef def, FuncType type) {
    this.store = (Store<Object>) store;
    this.body = (TypedHostFunc<Object, Object, Object>) def.body();
    this.params = (Lift<Object>) def.params();
    this.result = (Lower<Object>) def.result();
    this.type = type;
    this.name = def.name();
  }

  @Override
  FuncType type() {
    return type;
  }

  @Override
  void call(CallFrame frame) {
    throw new TrapException(TrapKind.HOST_ERROR, name + ": a typed host function is called from guests only");
  }

  /** The fused {@code canon lower} of this function: flat values in, flat values out. */
  long[] callLowered(LiftLowerContext cx, FuncPlan plan, long[] args) {
    if (args.length == 0 && result == null) {
      // no parameters, no result: nothing to lift or lower
      try {
        body.call(store, null);
      } catch (TrellisException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new TrapException(TrapKind.HOST_ERROR, name + ": " + e.getMessage(), e);
      }
      return NO_RESULTS;
    }
    CoreValueIter it = new CoreValueIter(args);
    Object p = plan.params().flatCount() > CanonicalAbi.MAX_FLAT_PARAMS
        ? params.load(cx, it.next() & 0xFFFF_FFFFL)
        : params.liftFlat(cx, it);
    Object r;
    try {
      r = body.call(store, p);
    } catch (TrellisException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new TrapException(TrapKind.HOST_ERROR, name + ": " + e.getMessage(), e);
    }
    if (result == null) {
      return NO_RESULTS;
    }
    if (plan.results().flatCount() > CanonicalAbi.MAX_FLAT_RESULTS) {
      long ptr = it.next() & 0xFFFF_FFFFL;
      var tuple = plan.results().tuple();
      if (ptr % tuple.alignment() != 0) {
        throw new TrapException(TrapKind.UNALIGNED_POINTER);
      }
      if (ptr + tuple.elemSize() > cx.memory().byteLength()) {
        throw new TrapException(TrapKind.POINTER_OUT_OF_BOUNDS);
      }
      result.store(cx, r, ptr);
      return NO_RESULTS;
    }
    CoreValueWriter w = new CoreValueWriter(1);
    result.lowerFlat(cx, r, w);
    return w.toArray();
  }
}
