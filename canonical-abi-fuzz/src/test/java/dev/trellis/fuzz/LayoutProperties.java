package dev.trellis.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.abi.AbiType;
import dev.trellis.engine.abi.CanonicalAbi;
import dev.trellis.engine.abi.CoreValueIter;
import dev.trellis.engine.abi.CoreValueWriter;
import dev.trellis.engine.abi.FlatLifting;
import dev.trellis.engine.abi.FlatLowering;
import dev.trellis.engine.abi.Loading;
import dev.trellis.engine.abi.Storing;
import dev.trellis.engine.binary.CanonOpt.StringEncoding;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.ValType;
import dev.trellis.fuzz.RoundTripProperties.Typed;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Layout properties of the reference engine's Canonical ABI: {@code alignment},
 * {@code elem_size} and {@code flatten_type} agree with the spec's Python (the
 * {@link SpecLayout} oracle), {@code elem_size % alignment == 0}; a {@code store} writes only
 * inside {@code [ptr, ptr + elem_size)} and the blocks it allocated with {@code realloc}; and
 * floats keep their bits except NaNs, which lifting canonicalizes.
 */
class LayoutProperties {

  @Provide
  static Arbitrary<ValType> types() {
    return AbiArbitraries.types(RoundTripProperties.BOUNDS);
  }

  @Provide
  static Arbitrary<Typed> typed() {
    return RoundTripProperties.typed();
  }

  @Provide
  static Arbitrary<StringEncoding> encodings() {
    return RoundTripProperties.encodings();
  }

  @Property(seed = "20250201")
  void elemSizeIsAMultipleOfAlignmentAndMatchesTheSpec(@ForAll("types") ValType t) {
    int align = CanonicalAbi.alignment(t);
    int size = CanonicalAbi.elemSize(t);
    assertThat(align).isIn(1, 2, 4, 8);
    assertThat(size).isPositive();
    assertThat(size % align).as("elem_size %% alignment").isZero();
    assertThat(align).as("alignment per CanonicalABI.md").isEqualTo(SpecLayout.alignment(t));
    assertThat(size).as("elem_size per CanonicalABI.md").isEqualTo(SpecLayout.elemSize(t));
    assertThat(CanonicalAbi.flattenType(t).stream().map(Object::toString).toList())
        .as("flatten_type per CanonicalABI.md").isEqualTo(SpecLayout.flatten(t));

    AbiType at = AbiType.of(t);
    assertThat(at.alignment()).isEqualTo(align);
    assertThat(at.elemSize()).isEqualTo(size);
    assertThat(List.of(at.flat())).isEqualTo(CanonicalAbi.flattenType(t));
    switch (at) {
      case AbiType.RecordT r -> {
        for (int i = 0; i < r.fields().length; i++) {
          int off = r.offsets()[i];
          assertThat(off % r.fields()[i].alignment()).as("field %d aligned", i).isZero();
          assertThat(off + r.fields()[i].elemSize()).as("field %d inside the record", i).isLessThanOrEqualTo(size);
          if (i > 0) {
            assertThat(off).as("fields in order, not overlapping")
                .isGreaterThanOrEqualTo(r.offsets()[i - 1] + r.fields()[i - 1].elemSize());
          }
        }
      }
      case AbiType.VariantT v -> {
        assertThat(v.discSize()).isEqualTo(SpecLayout.discriminantSize(v.labels().length));
        for (AbiType p : v.payloads()) {
          if (p != null) {
            assertThat(v.payloadOffset() % p.alignment()).isZero();
            assertThat(v.payloadOffset() + p.elemSize()).isLessThanOrEqualTo(size);
          }
        }
        assertThat(v.payloadOffset()).isGreaterThanOrEqualTo(v.discSize());
      }
      default -> {
      }
    }
  }

  @Property(seed = "20250202")
  void storesStayInsideTheirBlockAndTheirAllocations(@ForAll("typed") Typed tv,
      @ForAll("encodings") StringEncoding enc) {
    AbiFixture fx = new AbiFixture(RoundTripProperties.RESOURCES);
    AbiType at = AbiType.of(tv.type());
    long ptr = fx.allocate(at.alignment(), at.elemSize());
    int callsBefore = fx.reallocCalls.size();
    fx.memory.clearWrites();
    Storing.store(fx.lowering(enc), AbiFixture.freshHandles(tv.value()), at, ptr);
    List<long[]> allocations = fx.reallocCalls.subList(callsBefore, fx.reallocCalls.size());
    for (long[] w : fx.memory.writes) {
      long from = w[0];
      long to = w[0] + w[1];
      boolean inBlock = from >= ptr && to <= ptr + at.elemSize();
      boolean inAllocation = allocations.stream().anyMatch(a -> from >= a[4] && to <= a[4] + a[3]);
      assertThat(inBlock || inAllocation)
          .as("write [%d, %d) is inside [%d, %d) or a block store allocated", from, to, ptr, ptr + at.elemSize())
          .isTrue();
    }
  }

  /**
   * {@code decode_i32_as_float}/{@code decode_i64_as_float}: lifting keeps every non-NaN bit
   * pattern (±0, subnormals, infinities) and turns every NaN into exactly the canonical NaN,
   * flat and from memory; lowering keeps non-NaN bits and lowers a NaN as a NaN.
   */
  @Property(seed = "20250203")
  void nanCanonicalization(@ForAll("floatBits") long bits, @ForAll boolean wide) {
    AbiFixture fx = new AbiFixture(List.of());
    ValType t = wide ? PrimType.F64 : PrimType.F32;
    AbiType at = AbiType.of(t);
    long raw = wide ? bits : bits & 0xFFFF_FFFFL;
    boolean nan = wide ? Double.isNaN(Double.longBitsToDouble(raw)) : Float.isNaN(Float.intBitsToFloat((int) raw));
    long canonical = wide ? 0x7ff8000000000000L : 0x7fc00000L;

    Val lifted = FlatLifting.liftFlat(fx.lifting(StringEncoding.UTF8), new CoreValueIter(new long[] {raw}), at);
    assertThat(bitsOf(lifted)).isEqualTo(nan ? canonical : raw);

    long ptr = fx.allocate(8, 8);
    if (wide) {
      fx.memory.writeLong((int) ptr, raw);
    } else {
      fx.memory.writeInt((int) ptr, (int) raw);
    }
    Val loaded = Loading.load(fx.lifting(StringEncoding.UTF8), ptr, at);
    assertThat(bitsOf(loaded)).isEqualTo(nan ? canonical : raw);

    Val v = wide ? new Val.F64(Double.longBitsToDouble(raw)) : new Val.F32(Float.intBitsToFloat((int) raw));
    CoreValueWriter w = new CoreValueWriter(1);
    FlatLowering.lowerFlat(fx.lowering(StringEncoding.UTF8), v, at, w);
    long lowered = w.toArray()[0];
    if (nan) {
      assertThat(wide ? Double.isNaN(Double.longBitsToDouble(lowered)) : Float.isNaN(Float.intBitsToFloat((int) lowered)))
          .as("a NaN lowers to a NaN").isTrue();
    } else {
      assertThat(lowered).isEqualTo(raw);
    }
  }

  @Provide
  static Arbitrary<Long> floatBits() {
    return net.jqwik.api.Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, net.jqwik.api.Arbitraries.longs()),
        net.jqwik.api.Tuple.of(2, AbiArbitraries.nanF64Bits()),
        net.jqwik.api.Tuple.of(2, AbiArbitraries.nanF32Bits().map(i -> i & 0xFFFF_FFFFL)),
        net.jqwik.api.Tuple.of(1, AbiArbitraries.f64s().map(Double::doubleToRawLongBits)),
        net.jqwik.api.Tuple.of(1, AbiArbitraries.f32s().map(f -> Float.floatToRawIntBits(f) & 0xFFFF_FFFFL)));
  }

  private static long bitsOf(Val v) {
    return switch (v) {
      case Val.F32(float f) -> Float.floatToRawIntBits(f) & 0xFFFF_FFFFL;
      case Val.F64(double d) -> Double.doubleToRawLongBits(d);
      default -> throw new AssertionError(v);
    };
  }
}
