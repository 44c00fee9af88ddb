package dev.trellis.engine.types;

import dev.trellis.engine.binary.CoreSubType;

/**
 * An entry of a component's core type index space: a core module type, or a core
 * (function, struct or array) sub type as written, its type indices relative to the
 * enclosing core type index space.
 */
public sealed interface CoreType permits CoreModuleType, CoreType.Sub {

  /** A core sub type; {@code recGroupStart}/{@code recGroupSize} place its rec group in the index space. */
  record Sub(CoreSubType type, int recGroupStart, int recGroupSize) implements CoreType {}
}
