package dev.trellis.engine.abi;

import dev.trellis.engine.types.BorrowType;
import dev.trellis.engine.types.EnumType;
import dev.trellis.engine.types.FlagsType;
import dev.trellis.engine.types.FutureType;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.MapType;
import dev.trellis.engine.types.OptionType;
import dev.trellis.engine.types.OwnType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.RecordType;
import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.engine.types.StreamType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import java.util.List;

/**
 * A value type compiled once for the Canonical ABI: its despecialized shape with
 * {@link CanonicalAbi#alignment alignment}, {@link CanonicalAbi#elemSize elem_size} and
 * {@link CanonicalAbi#flattenType flatten_type} precomputed, and field offsets / variant payload
 * offsets laid out. The value functions dispatch on it instead of re-deriving layouts per value.
 *
 * <p>Specialized types keep a {@link Shape} so lifting can produce the {@code Val} the type
 * was written as (a tuple, not a record with fields "0", "1").
 */
public sealed interface AbiType {

  int alignment();

  int elemSize();

  /** {@code flatten_type}. */
  FlatType[] flat();

  /** The type as written (before despecialization). */
  ValType source();

  /** A scalar primitive: bool, the integers, floats, char. */
  record Prim(PrimType kind, ValType source, int alignment, int elemSize, FlatType[] flat) implements AbiType {}

  /** {@code string}. */
  record Str(ValType source) implements AbiType {
    static final FlatType[] FLAT = {FlatType.I32, FlatType.I32};

    @Override
    public int alignment() {
      return CanonicalAbi.PTR_SIZE;
    }

    @Override
    public int elemSize() {
      return 2 * CanonicalAbi.PTR_SIZE;
    }

    @Override
    public FlatType[] flat() {
      return FLAT;
    }
  }

  /**
   * {@code list<t>} or {@code list<t, n>} ({@code fixedLength >= 0}); a {@code map<k, v>} is a
   * list of tuples with {@link Shape#MAP}.
   */
  record ListT(AbiType element, long fixedLength, Shape shape, ValType source, int alignment, int elemSize,
      FlatType[] flat) implements AbiType {
    public boolean isFixed() {
      return fixedLength >= 0;
    }
  }

  /** A record or tuple ({@link Shape#TUPLE}): fields with their byte offsets. */
  record RecordT(String[] labels, AbiType[] fields, int[] offsets, Shape shape, ValType source, int alignment,
      int elemSize, FlatType[] flat) implements AbiType {}

  /**
   * A variant, enum, option or result: cases (payload null when absent), the discriminant size
   * and the offset of the payload.
   */
  record VariantT(String[] labels, AbiType[] payloads, int discSize, int payloadOffset, Shape shape,
      ValType source, int alignment, int elemSize, FlatType[] flat) implements AbiType {
    /** The case index of {@code label}, or -1. */
    public int caseIndex(String label) {
      for (int i = 0; i < labels.length; i++) {
        if (labels[i].equals(label)) {
          return i;
        }
      }
      return -1;
    }
  }

  /** {@code flags}. */
  record FlagsT(String[] labels, ValType source, int alignment, int elemSize, FlatType[] flat) implements AbiType {}

  /** A type passed as one {@code i32} index (a handle, a stream or future end): 4 bytes, aligned at 4. */
  sealed interface I32Index extends AbiType {
    FlatType[] FLAT = {FlatType.I32};

    @Override
    default int alignment() {
      return 4;
    }

    @Override
    default int elemSize() {
      return 4;
    }

    @Override
    default FlatType[] flat() {
      return FLAT;
    }
  }

  /** {@code own<R>} ({@code borrow == false}) or {@code borrow<R>}. */
  record HandleT(ResourceType resource, boolean borrow, ValType source) implements I32Index {}

  /** {@code stream}, {@code future}, {@code error-context}: values of the async ABI. */
  record AsyncT(ValType source) implements I32Index {}

  /** How a despecialized type was written, so lifted values keep their form. */
  enum Shape { RECORD, TUPLE, VARIANT, ENUM, OPTION, RESULT, LIST, MAP }

  /** Compiles {@code t}. */
  static AbiType of(ValType t) {
    return switch (t) {
      case PrimType p -> switch (p) {
        case STRING -> new Str(p);
        case ERROR_CONTEXT -> new AsyncT(p);
        default -> new Prim(p, p, CanonicalAbi.alignment(p), CanonicalAbi.elemSize(p), flat(p));
      };
      case ListType l -> new ListT(of(l.element()), l.fixedLength(), Shape.LIST, t, CanonicalAbi.alignment(t),
          CanonicalAbi.elemSize(t), flat(t));
      case MapType m -> {
        AbiType entry = of(new TupleType(List.of(m.key(), m.value())));
        yield new ListT(entry, -1, Shape.MAP, t, CanonicalAbi.alignment(t), CanonicalAbi.elemSize(t), flat(t));
      }
      case RecordType r -> record(r.fields().stream().map(RecordType.Field::label).toArray(String[]::new),
          r.fields().stream().map(RecordType.Field::type).toList(), Shape.RECORD, t);
      case TupleType tu -> {
        String[] labels = new String[tu.types().size()];
        for (int i = 0; i < labels.length; i++) {
          labels[i] = Integer.toString(i);
        }
        yield record(labels, tu.types(), Shape.TUPLE, t);
      }
      case VariantType v -> variant(v.cases().stream().map(VariantType.Case::label).toArray(String[]::new),
          v.cases().stream().map(VariantType.Case::type).toList(), Shape.VARIANT, t);
      case EnumType e -> variant(e.labels().toArray(String[]::new),
          java.util.Collections.nCopies(e.labels().size(), null), Shape.ENUM, t);
      case OptionType o -> variant(new String[] {"none", "some"}, java.util.Arrays.asList(null, o.type()),
          Shape.OPTION, t);
      case ResultType r -> variant(new String[] {"ok", "error"}, java.util.Arrays.asList(r.ok(), r.error()),
          Shape.RESULT, t);
      case FlagsType f -> new FlagsT(f.labels().toArray(String[]::new), t, CanonicalAbi.alignment(t),
          CanonicalAbi.elemSize(t), flat(t));
      case OwnType o -> new HandleT(o.resource(), false, t);
      case BorrowType b -> new HandleT(b.resource(), true, t);
      case StreamType s -> new AsyncT(t);
      case FutureType f -> new AsyncT(t);
    };
  }

  private static FlatType[] flat(ValType t) {
    return CanonicalAbi.flattenType(t).toArray(FlatType[]::new);
  }

  private static RecordT record(String[] labels, List<ValType> types, Shape shape, ValType source) {
    AbiType[] fields = new AbiType[types.size()];
    int[] offsets = new int[types.size()];
    long s = 0;
    for (int i = 0; i < fields.length; i++) {
      fields[i] = of(types.get(i));
      s = CanonicalAbi.alignTo(s, fields[i].alignment());
      offsets[i] = Math.toIntExact(s);
      s += fields[i].elemSize();
    }
    return new RecordT(labels, fields, offsets, shape, source, CanonicalAbi.alignment(source),
        CanonicalAbi.elemSize(source), flat(source));
  }

  private static VariantT variant(String[] labels, List<ValType> types, Shape shape, ValType source) {
    AbiType[] payloads = new AbiType[types.size()];
    int maxCaseAlign = 1;
    for (int i = 0; i < payloads.length; i++) {
      ValType ct = types.get(i);
      payloads[i] = ct == null ? null : of(ct);
      if (payloads[i] != null) {
        maxCaseAlign = Math.max(maxCaseAlign, payloads[i].alignment());
      }
    }
    int discSize = CanonicalAbi.elemSize(CanonicalAbi.discriminantType(labels.length));
    int payloadOffset = Math.toIntExact(CanonicalAbi.alignTo(discSize, maxCaseAlign));
    return new VariantT(labels, payloads, discSize, payloadOffset, shape, source, CanonicalAbi.alignment(source),
        CanonicalAbi.elemSize(source), flat(source));
  }
}
