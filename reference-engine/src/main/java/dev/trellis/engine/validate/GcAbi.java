package dev.trellis.engine.validate;

import dev.trellis.engine.binary.CoreCompType;
import dev.trellis.engine.types.FuncType;

/** The GC-based Canonical ABI variant selected by the {@code gc} option (cm-gc). */
final class GcAbi {
  private GcAbi() {}

  static CoreCompType.Func liftType(Scope s, FuncType ft, CanonOptions o, long off) {
    throw Scope.invalid(off, "the GC canonical ABI (`gc` option) is not supported by this validator yet");
  }

  static CoreCompType.Func lowerType(Scope s, FuncType ft, CanonOptions o, long off) {
    throw Scope.invalid(off, "the GC canonical ABI (`gc` option) is not supported by this validator yet");
  }

  static void checkCallee(CoreCompType.Func expected, CoreCompType.Func callee, int index, long off) {}
}
