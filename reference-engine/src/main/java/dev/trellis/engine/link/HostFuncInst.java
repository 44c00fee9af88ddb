package dev.trellis.engine.link;

import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.error.TrellisException;
import dev.trellis.engine.runtime.HostFunc;
import dev.trellis.engine.runtime.Store;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.FuncType;

/** A host function bound to a store: arguments in, result out, failures become traps. */
final class HostFuncInst extends FuncInst {
  private static final Val[] NONE = new Val[0];
  private final Store<Object> store;
  private final HostFunc<Object> body;
  private final FuncType type;
  private final String name;

  @SuppressWarnings("unchecked")
  HostFuncInst(Store<?> store, HostFunc<?> body, FuncType type, String name) {
    this.store = (Store<Object>) store;
    this.body = (HostFunc<Object>) body;
    this.type = type;
    this.name = name;
  }

  @Override
  FuncType type() {
    return type;
  }

  @Override
  void call(CallFrame f) {
    Val[] args = f.onStart();
    Val r;
    try {
      r = body.call(store, args);
    } catch (TrellisException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new TrapException(TrapKind.HOST_ERROR, name + ": " + e.getMessage(), e);
    }
    f.onResolve(r == null ? NONE : new Val[] {r});
  }
}
