package dev.trellis.engine.abi;

import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import java.util.List;

/**
 * The parameters or results of a function type, compiled once: each type's {@link AbiType},
 * the {@code tuple} type they spill to in memory, and the number of flat values they take.
 */
public final class ValuesLayout {
  private final AbiType[] types;
  private final AbiType.RecordT tuple;
  private final int flatCount;

  private ValuesLayout(AbiType[] types, AbiType.RecordT tuple, int flatCount) {
    this.types = types;
    this.tuple = tuple;
    this.flatCount = flatCount;
  }

  public static ValuesLayout of(List<ValType> ts) {
    AbiType[] types = new AbiType[ts.size()];
    int flat = 0;
    for (int i = 0; i < types.length; i++) {
      types[i] = AbiType.of(ts.get(i));
      flat += types[i].flat().length;
    }
    AbiType.RecordT tuple = ts.isEmpty() ? null : (AbiType.RecordT) AbiType.of(new TupleType(ts));
    return new ValuesLayout(types, tuple, flat);
  }

  public AbiType[] types() {
    return types;
  }

  public int size() {
    return types.length;
  }

  public AbiType type(int i) {
    return types[i];
  }

  /** {@code TupleType(ts)}, or null for no values. */
  public AbiType.RecordT tuple() {
    return tuple;
  }

  /** {@code len(flatten_types(ts))}. */
  public int flatCount() {
    return flatCount;
  }
}
