package dev.trellis.engine.abi;

import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.types.ResourceType;

/**
 * {@code LiftLowerContext} (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#lifting-and-lowering-context">CanonicalABI.md#lifting-and-lowering-context</a>):
 * the options, the component instance and the borrow scope every lifting and lowering function
 * receives as {@code cx}.
 *
 * <p>Two engine additions ride along: {@code hints}, the {@link StringHints} of a
 * component-to-component call (null otherwise), and {@code adapter}, true when both sides of
 * the call are components, which only selects the wording of some traps (Wasmtime words the
 * same failure differently in its fused adapters and in its host-side lifting, and the suites
 * quote both).
 */
public final class LiftLowerContext {
  public final CanonicalOptions opts;
  public final ComponentInstance inst;
  public final BorrowScope borrowScope;
  final StringHints hints;
  final boolean adapter;

  public LiftLowerContext(CanonicalOptions opts, ComponentInstance inst, BorrowScope borrowScope) {
    this(opts, inst, borrowScope, null, false);
  }

  public LiftLowerContext(CanonicalOptions opts, ComponentInstance inst, BorrowScope borrowScope,
      StringHints hints, boolean adapter) {
    this.opts = opts;
    this.inst = inst;
    this.borrowScope = borrowScope;
    this.hints = hints;
    this.adapter = adapter;
  }

  /** {@code cx.opts.memory}, trapping when a type needs memory that the options lack. */
  public AbiMemory memory() {
    AbiMemory m = opts.memory();
    if (m == null) {
      throw Traps.trap(TrapKind.CANON_ABI, "canonical option `memory` is required");
    }
    return m;
  }

  RuntimeResourceType resource(ResourceType t) {
    return inst.resource(t);
  }

  /**
   * {@code LiftLowerContext.reallocate}: calls {@code realloc} with {@code may_leave} cleared
   * and without the reentrance checks of an export call. Returns the pointer as unsigned.
   */
  public long reallocate(long old, long oldByteLength, int alignment, long newByteLength) {
    CoreFunction realloc = opts.realloc();
    if (realloc == null) {
      throw Traps.trap(TrapKind.CANON_ABI, "canonical option `realloc` is required");
    }
    inst.mayLeave = false;
    inst.pushThread();
    long[] r = realloc.call(old, oldByteLength, alignment, newByteLength);
    inst.popThread();
    inst.mayLeave = true;
    return r[0] & 0xFFFF_FFFFL;
  }

  /** {@code LiftLowerContext.allocate}. */
  public long allocate(int alignment, long byteLength) {
    return reallocate(0, 0, alignment, byteLength);
  }
}
