package dev.trellis.engine.text;

import dev.trellis.engine.binary.PrimValType;
import dev.trellis.engine.binary.ValTypeRef;

/** A {@code valtype} as parsed: a primitive, or a type index resolved once indices are known. */
sealed interface ComponentWatValType {
  ValTypeRef resolve(ComponentWatScope scope);

  record Prim(PrimValType type) implements ComponentWatValType {
    @Override
    public ValTypeRef resolve(ComponentWatScope scope) {
      return type;
    }
  }

  record Indexed(ComponentWatScope.Ref ref) implements ComponentWatValType {
    @Override
    public ValTypeRef resolve(ComponentWatScope scope) {
      return new ValTypeRef.Index(scope.index(ref));
    }
  }
}
