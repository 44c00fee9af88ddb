package dev.trellis.engine.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.EnumType;
import dev.trellis.engine.types.FlagsType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.OptionType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.RecordType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** load/store, lift_flat/lower_flat and the spilling of lift_flat_values/lower_flat_values. */
class ValuesTest {

  static TrapKind trapKind(Runnable r) {
    return StringsTest.trapKind(r);
  }

  static Val roundTripMemory(ValType t, Val v) {
    TestMemory m = new TestMemory(1024, 512);
    AbiType at = AbiType.of(t);
    long ptr = CanonicalAbi.alignTo(8, at.alignment());
    Storing.store(m.cx(), v, at, ptr);
    return Loading.load(new LiftLowerContext(m.cx().opts, m.cx().inst, new Subtask()), ptr, at);
  }

  static Val roundTripFlat(ValType t, Val v) {
    TestMemory m = new TestMemory(1024, 512);
    AbiType at = AbiType.of(t);
    CoreValueWriter w = new CoreValueWriter(1);
    FlatLowering.lowerFlat(m.cx(), v, at, w);
    assertThat(w.size()).isEqualTo(at.flat().length);
    CoreValueIter vi = new CoreValueIter(w.toArray());
    Val r = FlatLifting.liftFlat(new LiftLowerContext(m.cx().opts, m.cx().inst, new Subtask()), vi, at);
    assertThat(vi.done()).isTrue();
    return r;
  }

  static void roundTrips(ValType t, Val v) {
    assertThat(roundTripMemory(t, v)).as("store/load " + t).isEqualTo(v);
    assertThat(roundTripFlat(t, v)).as("lower_flat/lift_flat " + t).isEqualTo(v);
  }

  @Test
  void scalarsRoundTrip() {
    roundTrips(PrimType.BOOL, new Val.Bool(true));
    roundTrips(PrimType.U8, new Val.U8(255));
    roundTrips(PrimType.S8, new Val.S8((byte) -128));
    roundTrips(PrimType.U16, new Val.U16(65535));
    roundTrips(PrimType.S16, new Val.S16((short) -2));
    roundTrips(PrimType.U32, new Val.U32(0xFFFF_FFFFL));
    roundTrips(PrimType.S32, new Val.S32(Integer.MIN_VALUE));
    roundTrips(PrimType.U64, new Val.U64(-1L));
    roundTrips(PrimType.S64, new Val.S64(Long.MIN_VALUE));
    roundTrips(PrimType.F32, new Val.F32(-0.0f));
    roundTrips(PrimType.F64, new Val.F64(Double.MIN_VALUE));
    roundTrips(PrimType.CHAR, new Val.Char(0x10FFFF));
    roundTrips(PrimType.STRING, new Val.Str("☃🍰"));
  }

  @Test
  void flatIntegersIgnoreHighBits() {
    TestMemory m = new TestMemory(64, 32);
    assertThat(FlatLifting.liftFlat(m.cx(), new CoreValueIter(new long[] {0x1_23L}), AbiType.of(PrimType.U8)))
        .isEqualTo(new Val.U8(0x23));
    assertThat(FlatLifting.liftFlat(m.cx(), new CoreValueIter(new long[] {0xFFFF_FF80L}), AbiType.of(PrimType.S8)))
        .isEqualTo(new Val.S8((byte) -128));
    assertThat(FlatLifting.liftFlat(m.cx(), new CoreValueIter(new long[] {0x8000_0000L}), AbiType.of(PrimType.S32)))
        .isEqualTo(new Val.S32(Integer.MIN_VALUE));
    assertThat(FlatLifting.liftFlat(m.cx(), new CoreValueIter(new long[] {2}), AbiType.of(PrimType.BOOL)))
        .isEqualTo(new Val.Bool(true));
  }

  @Test
  void nansAreCanonicalizedBothWays() {
    TestMemory m = new TestMemory(64, 32);
    Val f = FlatLifting.liftFlat(m.cx(), new CoreValueIter(new long[] {0xffa0_0001L}), AbiType.of(PrimType.F32));
    assertThat(Float.floatToRawIntBits(((Val.F32) f).value())).isEqualTo(0x7fc00000);
    Val d = FlatLifting.liftFlat(m.cx(), new CoreValueIter(new long[] {0xfff0_0000_0000_0001L}), AbiType.of(PrimType.F64));
    assertThat(Double.doubleToRawLongBits(((Val.F64) d).value())).isEqualTo(0x7ff8000000000000L);
    m.mem.writeInt(0, 0x7f800001);
    assertThat(Float.floatToRawIntBits(((Val.F32) Loading.load(m.cx(), 0, PrimType.F32)).value())).isEqualTo(0x7fc00000);
    CoreValueWriter w = new CoreValueWriter(1);
    FlatLowering.lowerFlat(m.cx(), new Val.F32(Float.intBitsToFloat(0xff800123)), AbiType.of(PrimType.F32), w);
    assertThat(w.toArray()[0]).isEqualTo(0x7fc00000L);
  }

  @Test
  void charsOutsideTheScalarValuesTrap() {
    TestMemory m = new TestMemory(64, 32);
    AbiType c = AbiType.of(PrimType.CHAR);
    assertThat(trapKind(() -> FlatLifting.liftFlat(m.cx(), new CoreValueIter(new long[] {0xD800}), c))).isEqualTo(TrapKind.INVALID_CHAR);
    assertThat(trapKind(() -> FlatLifting.liftFlat(m.cx(), new CoreValueIter(new long[] {0xDFFF}), c))).isEqualTo(TrapKind.INVALID_CHAR);
    assertThat(trapKind(() -> FlatLifting.liftFlat(m.cx(), new CoreValueIter(new long[] {0x110000}), c))).isEqualTo(TrapKind.INVALID_CHAR);
    m.mem.writeInt(4, -1);
    assertThatThrownBy(() -> Loading.load(m.cx(), 4, c)).hasMessageContaining("invalid `char` bit pattern");
  }

  @Test
  void aggregatesRoundTrip() {
    RecordType rec = new RecordType(List.of(new RecordType.Field("a", PrimType.U8), new RecordType.Field("b", PrimType.STRING),
        new RecordType.Field("c", PrimType.F64)));
    roundTrips(rec, new Val.RecordOf(List.of(new Val.Field("a", new Val.U8(7)), new Val.Field("b", new Val.Str("x")),
        new Val.Field("c", new Val.F64(2.5)))));
    TupleType tup = new TupleType(List.of(PrimType.CHAR, PrimType.S16));
    roundTrips(tup, new Val.TupleOf(List.of(new Val.Char('z'), new Val.S16((short) -3))));
    roundTrips(new ListType(PrimType.U8), new Val.ListOf(List.of(new Val.U8(1), new Val.U8(2), new Val.U8(3))));
    roundTrips(new ListType(PrimType.STRING), new Val.ListOf(List.of(new Val.Str("a"), new Val.Str(""), new Val.Str("ö"))));
    roundTrips(new ListType(PrimType.U32, 3), new Val.ListOf(List.of(new Val.U32(1), new Val.U32(2), new Val.U32(3))));
    roundTrips(new ListType(PrimType.U64), new Val.ListOf(List.of()));
    roundTrips(new OptionType(PrimType.STRING), new Val.OptionOf(new Val.Str("s")));
    roundTrips(new OptionType(PrimType.STRING), Val.OptionOf.NONE);
    roundTrips(new ResultType(PrimType.U32, null), new Val.ResultOf(true, new Val.U32(5)));
    roundTrips(new ResultType(PrimType.U32, null), new Val.ResultOf(false, null));
    roundTrips(new EnumType(List.of("x", "y", "z")), new Val.EnumOf("z"));
    FlagsType fl = TypeFunctionsTest.flags(20);
    roundTrips(fl, new Val.FlagsOf(List.of("f0", "f19", "f9")));
    roundTrips(TypeFunctionsTest.flags(40), new Val.FlagsOf(List.of("f0", "f33", "f39")));
  }

  @Test
  void variantPayloadsAreCoercedThroughJoinedSlots() {
    VariantType v = new VariantType(List.of(new VariantType.Case("f", PrimType.F32), new VariantType.Case("u", PrimType.U64),
        new VariantType.Case("d", PrimType.F64), new VariantType.Case("i", PrimType.S32), new VariantType.Case("n", null)));
    // flat: [i32, i64]
    for (Val payload : List.of(new Val.F32(-1.5f), new Val.U64(-7), new Val.F64(3.25), new Val.S32(-1))) {
      String c = switch (payload) {
        case Val.F32 x -> "f";
        case Val.U64 x -> "u";
        case Val.F64 x -> "d";
        default -> "i";
      };
      roundTrips(v, new Val.VariantOf(c, payload));
    }
    roundTrips(v, new Val.VariantOf("n", null));
    // an i32 payload in an i64 slot is zero-extended (the spec's unsigned i32)
    TestMemory m = new TestMemory(64, 32);
    CoreValueWriter w = new CoreValueWriter(2);
    FlatLowering.lowerFlat(m.cx(), new Val.VariantOf("i", new Val.S32(-1)), AbiType.of(v), w);
    assertThat(w.toArray()).containsExactly(3L, 0xFFFF_FFFFL);
    // and an f32 payload in an i64 slot is its bits, zero-extended
    CoreValueWriter w2 = new CoreValueWriter(2);
    FlatLowering.lowerFlat(m.cx(), new Val.VariantOf("f", new Val.F32(-1.5f)), AbiType.of(v), w2);
    assertThat(w2.toArray()).containsExactly(0L, Float.floatToRawIntBits(-1.5f) & 0xFFFF_FFFFL);
    // unused joined slots are zero
    CoreValueWriter w3 = new CoreValueWriter(2);
    FlatLowering.lowerFlat(m.cx(), new Val.VariantOf("n", null), AbiType.of(v), w3);
    assertThat(w3.toArray()).containsExactly(4L, 0L);
  }

  @Test
  void invalidDiscriminantsTrap() {
    TestMemory m = new TestMemory(64, 32);
    OptionType o = new OptionType(PrimType.U8);
    assertThat(trapKind(() -> FlatLifting.liftFlat(m.cx(), new CoreValueIter(new long[] {2, 0}), AbiType.of(o))))
        .isEqualTo(TrapKind.INVALID_DISCRIMINANT);
    m.put(0, 3);
    assertThatThrownBy(() -> Loading.load(m.cx(), 0, new EnumType(List.of("a", "b", "c"))))
        .hasMessageContaining("invalid variant discriminant");
    m.put(0, 2);
    assertThat(Loading.load(m.cx(), 0, new EnumType(List.of("a", "b", "c")))).isEqualTo(new Val.EnumOf("c"));
    // discriminants are read at their full width: 0x0100 is case 256, past a 257-case... variant of 300 accepts it
    EnumType e300 = new EnumType(IntStream.range(0, 300).mapToObj(i -> "c" + i).toList());
    m.put(0, 0x00, 0x01);
    assertThat(Loading.load(m.cx(), 0, e300)).isEqualTo(new Val.EnumOf("c256"));
    m.put(0, 0x2c, 0x01);
    assertThat(trapKind(() -> Loading.load(m.cx(), 0, e300))).isEqualTo(TrapKind.INVALID_DISCRIMINANT);
  }

  @Test
  void flagBitsPastTheLastLabelAreIgnored() {
    TestMemory m = new TestMemory(64, 32);
    m.put(0, 0xff);
    assertThat(Loading.load(m.cx(), 0, TypeFunctionsTest.flags(3))).isEqualTo(new Val.FlagsOf(List.of("f0", "f1", "f2")));
    assertThat(FlatLifting.liftFlat(m.cx(), new CoreValueIter(new long[] {0xFFFF_FFFFL}), AbiType.of(TypeFunctionsTest.flags(2))))
        .isEqualTo(new Val.FlagsOf(List.of("f0", "f1")));
  }

  @Test
  void listsAreCheckedForLengthAlignmentAndBounds() {
    TestMemory m = new TestMemory(64, 32);
    AbiType.ListT l32 = (AbiType.ListT) AbiType.of(new ListType(PrimType.U32));
    assertThat(trapKind(() -> Loading.loadListFromRange(m.cx(), 2, 1, l32))).isEqualTo(TrapKind.UNALIGNED_POINTER);
    assertThat(trapKind(() -> Loading.loadListFromRange(m.cx(), 60, 2, l32))).isEqualTo(TrapKind.LIST_OUT_OF_BOUNDS);
    assertThat(trapKind(() -> Loading.loadListFromRange(m.cx(), 0, 1L << 27, l32))).isEqualTo(TrapKind.LIST_TOO_LONG);
    assertThat(trapKind(() -> Loading.loadListFromRange(m.cx(), 0xFFFF_FFFCL, 0, l32))).isEqualTo(TrapKind.LIST_OUT_OF_BOUNDS);
    LiftLowerContext adapter = new LiftLowerContext(m.cx().opts, m.cx().inst, new Subtask(), null, true);
    assertThatThrownBy(() -> Loading.loadListFromRange(adapter, 60, 2, l32)).hasMessageContaining("list content out-of-bounds");
    // lowering: the realloc result is checked for alignment, then bounds, even when empty
    m.forced = 2L;
    assertThat(trapKind(() -> Storing.storeListIntoRange(m.cx(), List.of(new Val.U32(1)), l32.element())))
        .isEqualTo(TrapKind.REALLOC_UNALIGNED);
    m.forced = 0xFFFF_FFFCL;
    assertThat(trapKind(() -> Storing.storeListIntoRange(m.cx(), List.of(), l32.element())))
        .isEqualTo(TrapKind.REALLOC_OUT_OF_BOUNDS);
    assertThat(m.reallocCalls.getLast()).containsExactly(0, 0, 4, 0);
  }

  static FuncType params(int n, ValType t, ValType result) {
    List<FuncType.Param> ps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ps.add(new FuncType.Param("p" + i, t));
    }
    return new FuncType(ps, result);
  }

  @Test
  void moreThanSixteenFlatParamsSpillThroughRealloc() {
    TestMemory m = new TestMemory(1024, 256);
    ValuesLayout ps = ValuesLayout.of(params(17, PrimType.U32, null).params().stream().map(FuncType.Param::type).toList());
    Val[] vs = IntStream.range(0, 17).mapToObj(i -> (Val) new Val.U32(i * 10)).toArray(Val[]::new);
    long[] flat = LiftLowerValues.lowerFlatValues(m.cx(), CanonicalAbi.MAX_FLAT_PARAMS, vs, ps, null);
    assertThat(flat).containsExactly(256);
    assertThat(m.reallocCalls).containsExactly(new long[] {0, 0, 4, 68});
    assertThat(m.mem.readInt(256 + 4 * 16)).isEqualTo(160);
    Val[] back = LiftLowerValues.liftFlatValues(m.cx(), CanonicalAbi.MAX_FLAT_PARAMS, new CoreValueIter(flat), ps);
    assertThat(back).containsExactly(vs);
    // exactly sixteen stay flat
    ValuesLayout p16 = ValuesLayout.of(params(16, PrimType.U32, null).params().stream().map(FuncType.Param::type).toList());
    assertThat(LiftLowerValues.lowerFlatValues(m.cx(), 16, java.util.Arrays.copyOf(vs, 16), p16, null)).hasSize(16);
  }

  @Test
  void resultsPastOneFlatValueGoThroughTheOutParam() {
    TestMemory m = new TestMemory(1024, 256);
    ValuesLayout rs = ValuesLayout.of(List.of(PrimType.STRING));
    long[] flat = LiftLowerValues.lowerFlatValues(m.cx(), CanonicalAbi.MAX_FLAT_RESULTS, new Val[] {new Val.Str("hi")}, rs,
        new CoreValueIter(new long[] {40}));
    assertThat(flat).isEmpty();
    assertThat(m.mem.readInt(44)).isEqualTo(2);
    assertThat(trapKind(() -> LiftLowerValues.lowerFlatValues(m.cx(), 1, new Val[] {new Val.Str("hi")}, rs,
        new CoreValueIter(new long[] {42})))).isEqualTo(TrapKind.UNALIGNED_POINTER);
    assertThat(trapKind(() -> LiftLowerValues.lowerFlatValues(m.cx(), 1, new Val[] {new Val.Str("hi")}, rs,
        new CoreValueIter(new long[] {1020})))).isEqualTo(TrapKind.POINTER_OUT_OF_BOUNDS);
    // lifting a spilled result checks the returned pointer the same way
    assertThat(trapKind(() -> LiftLowerValues.liftFlatValues(m.cx(), 1, new CoreValueIter(new long[] {2}), rs)))
        .isEqualTo(TrapKind.UNALIGNED_POINTER);
    m.mem.writeInt(40, 100);
    m.mem.writeInt(44, 0);
    assertThat(LiftLowerValues.liftFlatValues(m.cx(), 1, new CoreValueIter(new long[] {40}), rs))
        .containsExactly(new Val.Str(""));
  }

  @Test
  void valuesThatDoNotFitTheTypeAreTheHostsError() {
    TestMemory m = new TestMemory(64, 32);
    assertThatThrownBy(() -> roundTripFlat(PrimType.U32, new Val.S32(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> roundTripFlat(new EnumType(List.of("a")), new Val.EnumOf("b")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> roundTripFlat(new ListType(PrimType.U8, 2), new Val.ListOf(List.of(new Val.U8(1)))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(m).isNotNull();
  }

  @Test
  void trapsAreTrapExceptions() {
    TestMemory m = new TestMemory(8, 4);
    assertThatThrownBy(() -> Strings.loadStringFromRange(m.cx(), 100, 1)).isInstanceOf(TrapException.class);
  }
}
