package dev.trellis.engine.link;

import dev.trellis.engine.abi.CanonicalAbi;
import dev.trellis.engine.abi.CanonicalOptions;
import dev.trellis.engine.abi.ComponentInstance;
import dev.trellis.engine.abi.CoreFunction;
import dev.trellis.engine.abi.CoreValueIter;
import dev.trellis.engine.abi.CoreValueWriter;
import dev.trellis.engine.abi.LiftLowerContext;
import dev.trellis.engine.abi.LiftLowerValues;
import dev.trellis.engine.abi.Storing;
import dev.trellis.engine.abi.Task;
import dev.trellis.engine.abi.Traps;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.runtime.Lift;
import dev.trellis.engine.runtime.Lower;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.FuncType;

/**
 * {@code canon lift} (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#canon-lift">CanonicalABI.md#canon-lift</a>)
 * with {@code Store.lift}'s reentrance guard, for the synchronous ABI: lower the arguments into
 * the instance, call the core function, lift the result, hand it to the caller, then run
 * {@code post-return} with {@code may_leave} cleared.
 *
 * <p>A trap leaves the instance entered (its {@code may_enter} stays false), so the instance
 * can never be entered again: a trapped instance is dead, as the spec's "trap" means.
 *
 * <p>When the parameters hold no {@code borrow}, the task needs no borrow accounting
 * ({@code num_borrows} stays 0, so {@code Task.return_} cannot trap), and calls from the host
 * share one immutable {@link LiftLowerContext} instead of building one per call.
 */
final class LiftedFunc extends FuncInst {
  private static final long[] NO_ARGS = new long[0];
  final ComponentInstance inst;
  final CoreFunction callee;
  final CanonicalOptions opts;
  final FuncPlan plan;
  private final boolean borrows;
  private final LiftLowerContext hostCx;
  private final int paramFlat;
  private final int resultFlat;
  private final CoreFunction postReturn;

  LiftedFunc(ComponentInstance inst, CoreFunction callee, CanonicalOptions opts, FuncPlan plan) {
    this.inst = inst;
    this.callee = callee;
    this.opts = opts;
    this.plan = plan;
    this.borrows = plan.borrows();
    this.hostCx = new LiftLowerContext(opts, inst, null);
    this.paramFlat = plan.params().flatCount();
    this.resultFlat = plan.results().flatCount();
    this.postReturn = opts.postReturn();
  }

  @Override
  FuncType type() {
    return plan.type();
  }

  @Override
  void call(CallFrame f) {
    ComponentInstance caller = f.caller;
    if (!inst.mayEnterFrom(caller)) {
      throw Traps.cannotEnter();
    }
    inst.enterFrom(caller);
    inst.pushThread();
    Task task = borrows ? new Task() : null;
    LiftLowerContext cx = task == null && caller == null && f.hints == null
        ? hostCx
        : new LiftLowerContext(opts, inst, task, f.hints, caller != null);
    Val[] args = f.onStart();
    long[] flatArgs;
    try {
      flatArgs = LiftLowerValues.lowerFlatValues(cx, CanonicalAbi.MAX_FLAT_PARAMS, args, plan.params(), null);
    } catch (RuntimeException e) {
      if (caller == null && hostMistake(e)) {
        // arguments that do not fit the type, or handles the host no longer holds, are the
        // host's error: the guest has not run, so the instance stays usable
        inst.popThread();
        inst.leaveTo(caller);
      }
      throw e;
    }
    long[] flatResults = callee.call(flatArgs);
    Val[] result = LiftLowerValues.liftFlatValues(cx, CanonicalAbi.MAX_FLAT_RESULTS, new CoreValueIter(flatResults),
        plan.results());
    if (task != null) {
      task.returned();
    }
    f.onResolve(result);
    postReturn(flatResults);
    inst.popThread();
    inst.leaveTo(caller);
  }

  /** Failures of lowering host arguments that are the host's doing, not the guest's. */
  static boolean hostMistake(RuntimeException e) {
    return e instanceof IllegalArgumentException
        || e instanceof dev.trellis.engine.error.TrapException t && (t.kind() == TrapKind.HANDLE_MOVED
            || t.kind() == TrapKind.HANDLE_TYPE_MISMATCH || t.kind() == TrapKind.NOT_OWNER);
  }

  private void postReturn(long[] flatResults) {
    if (postReturn != null) {
      inst.setMayLeave(false);
      postReturn.call(flatResults);
      inst.setMayLeave(true);
    }
  }

  /** The same call from the host with typed codecs: no {@link Val} is built. */
  <P, R> R callTyped(P params, Lower<P> lower, Lift<R> lift) {
    inst.enterFromHost();
    inst.pushThread();
    Task task = borrows ? new Task() : null;
    LiftLowerContext cx = task == null ? hostCx : new LiftLowerContext(opts, inst, task);
    long[] flatArgs;
    int flatCount = paramFlat;
    if (flatCount == 0) {
      flatArgs = NO_ARGS;
    } else if (flatCount > CanonicalAbi.MAX_FLAT_PARAMS) {
      var tuple = plan.params().tuple();
      long ptr = cx.allocate(tuple.alignment(), tuple.elemSize());
      Storing.checkListAllocation(cx, ptr, tuple.alignment(), tuple.elemSize());
      lower.store(cx, params, ptr);
      flatArgs = new long[] {ptr};
    } else {
      CoreValueWriter w = new CoreValueWriter(flatCount);
      lower.lowerFlat(cx, params, w);
      flatArgs = w.toArray();
    }
    long[] flatResults = callee.call(flatArgs);
    R r;
    int resultCount = resultFlat;
    if (resultCount == 0) {
      r = null;
    } else if (resultCount > CanonicalAbi.MAX_FLAT_RESULTS) {
      long ptr = flatResults[0] & 0xFFFF_FFFFL;
      var tuple = plan.results().tuple();
      if (ptr % tuple.alignment() != 0) {
        throw Traps.trap(TrapKind.UNALIGNED_POINTER);
      }
      if (ptr + tuple.elemSize() > cx.memory().byteLength()) {
        throw Traps.trap(TrapKind.POINTER_OUT_OF_BOUNDS);
      }
      r = lift.load(cx, ptr);
    } else {
      r = lift.liftFlat(cx, new CoreValueIter(flatResults));
    }
    if (task != null) {
      task.returned();
    }
    postReturn(flatResults);
    inst.popThread();
    inst.leaveTo(null);
    return r;
  }
}
