package dev.trellis.engine.abi;

import static dev.trellis.engine.abi.FlatType.F32;
import static dev.trellis.engine.abi.FlatType.F64;
import static dev.trellis.engine.abi.FlatType.I32;
import static dev.trellis.engine.abi.FlatType.I64;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** despecialize / alignment / elem_size / flatten_type / flatten_functype, checked by hand against the spec. */
class TypeFunctionsTest {

  static RecordType record(ValType... ts) {
    List<RecordType.Field> fs = new ArrayList<>();
    for (int i = 0; i < ts.length; i++) {
      fs.add(new RecordType.Field("f" + i, ts[i]));
    }
    return new RecordType(fs);
  }

  @Test
  void despecializeMapsSpecializedTypesToTheirExpansion() {
    assertThat(CanonicalAbi.despecialize(new TupleType(List.of(PrimType.U8, PrimType.STRING))))
        .isEqualTo(new RecordType(List.of(new RecordType.Field("0", PrimType.U8), new RecordType.Field("1", PrimType.STRING))));
    assertThat(CanonicalAbi.despecialize(new OptionType(PrimType.U32)))
        .isEqualTo(new VariantType(List.of(new VariantType.Case("none", null), new VariantType.Case("some", PrimType.U32))));
    assertThat(CanonicalAbi.despecialize(new ResultType(null, PrimType.STRING)))
        .isEqualTo(new VariantType(List.of(new VariantType.Case("ok", null), new VariantType.Case("error", PrimType.STRING))));
    assertThat(CanonicalAbi.despecialize(new EnumType(List.of("a", "b"))))
        .isEqualTo(new VariantType(List.of(new VariantType.Case("a", null), new VariantType.Case("b", null))));
    assertThat(CanonicalAbi.despecialize(PrimType.STRING)).isEqualTo(PrimType.STRING);
  }

  @Test
  void alignmentAndSizeOfScalars() {
    assertThat(CanonicalAbi.alignment(PrimType.BOOL)).isEqualTo(1);
    assertThat(CanonicalAbi.alignment(PrimType.U16)).isEqualTo(2);
    assertThat(CanonicalAbi.alignment(PrimType.CHAR)).isEqualTo(4);
    assertThat(CanonicalAbi.alignment(PrimType.F64)).isEqualTo(8);
    assertThat(CanonicalAbi.alignment(PrimType.STRING)).isEqualTo(4);
    assertThat(CanonicalAbi.elemSize(PrimType.STRING)).isEqualTo(8);
    assertThat(CanonicalAbi.elemSize(new ListType(PrimType.U64))).isEqualTo(8);
    assertThat(CanonicalAbi.alignment(new ListType(PrimType.U64))).isEqualTo(4);
  }

  @Test
  void recordLayoutPadsFieldsAndTheEnd() {
    RecordType r = record(PrimType.U8, PrimType.U32, PrimType.U8, PrimType.U16);
    // u8 @0, u32 @4, u8 @8, u16 @10 -> 12, aligned to 4
    assertThat(CanonicalAbi.alignment(r)).isEqualTo(4);
    assertThat(CanonicalAbi.elemSize(r)).isEqualTo(12);
    AbiType.RecordT t = (AbiType.RecordT) AbiType.of(r);
    assertThat(t.offsets()).containsExactly(0, 4, 8, 10);
    assertThat(CanonicalAbi.elemSize(record(PrimType.U8, PrimType.U64))).isEqualTo(16);
  }

  @Test
  void variantDiscriminantAndPayloadOffset() {
    VariantType v = new VariantType(List.of(new VariantType.Case("a", PrimType.U8), new VariantType.Case("b", PrimType.U64)));
    assertThat(CanonicalAbi.alignment(v)).isEqualTo(8);
    assertThat(CanonicalAbi.elemSize(v)).isEqualTo(16);
    assertThat(((AbiType.VariantT) AbiType.of(v)).payloadOffset()).isEqualTo(8);
    assertThat(CanonicalAbi.elemSize(new OptionType(PrimType.U8))).isEqualTo(2);
    assertThat(CanonicalAbi.elemSize(new OptionType(PrimType.STRING))).isEqualTo(12);
    // discriminant sizes at the 256 / 65536 boundaries
    assertThat(CanonicalAbi.discriminantType(256)).isEqualTo(PrimType.U8);
    assertThat(CanonicalAbi.discriminantType(257)).isEqualTo(PrimType.U16);
    assertThat(CanonicalAbi.discriminantType(65536)).isEqualTo(PrimType.U16);
    assertThat(CanonicalAbi.discriminantType(65537)).isEqualTo(PrimType.U32);
    EnumType e300 = new EnumType(IntStream.range(0, 300).mapToObj(i -> "c" + i).toList());
    assertThat(CanonicalAbi.elemSize(e300)).isEqualTo(2);
    assertThat(CanonicalAbi.alignment(e300)).isEqualTo(2);
  }

  @Test
  void flagsSizes() {
    assertThat(CanonicalAbi.elemSize(flags(1))).isEqualTo(1);
    assertThat(CanonicalAbi.elemSize(flags(8))).isEqualTo(1);
    assertThat(CanonicalAbi.elemSize(flags(9))).isEqualTo(2);
    assertThat(CanonicalAbi.elemSize(flags(16))).isEqualTo(2);
    assertThat(CanonicalAbi.elemSize(flags(17))).isEqualTo(4);
    assertThat(CanonicalAbi.elemSize(flags(32))).isEqualTo(4);
    assertThat(CanonicalAbi.flattenType(flags(32))).containsExactly(I32);
  }

  static FlagsType flags(int n) {
    return new FlagsType(IntStream.range(0, n).mapToObj(i -> "f" + i).toList());
  }

  @Test
  void fixedLengthListsAreLaidOutLikeTuples() {
    ListType l = new ListType(PrimType.U16, 3);
    assertThat(CanonicalAbi.alignment(l)).isEqualTo(2);
    assertThat(CanonicalAbi.elemSize(l)).isEqualTo(6);
    assertThat(CanonicalAbi.flattenType(l)).containsExactly(I32, I32, I32);
    assertThat(CanonicalAbi.flattenType(new ListType(PrimType.F64))).containsExactly(I32, I32);
  }

  @Test
  void variantFlatteningJoins() {
    // (variant (case "a" f32) (case "b" u32)) -> [i32 disc, i32]
    VariantType v1 = new VariantType(List.of(new VariantType.Case("a", PrimType.F32), new VariantType.Case("b", PrimType.U32)));
    assertThat(CanonicalAbi.flattenType(v1)).containsExactly(I32, I32);
    // f32 vs u64 -> i64; f64 vs f32 -> i64
    VariantType v2 = new VariantType(List.of(new VariantType.Case("a", PrimType.F32), new VariantType.Case("b", PrimType.U64),
        new VariantType.Case("c", null)));
    assertThat(CanonicalAbi.flattenType(v2)).containsExactly(I32, I64);
    VariantType v3 = new VariantType(List.of(new VariantType.Case("a", PrimType.F64), new VariantType.Case("b", PrimType.F32)));
    assertThat(CanonicalAbi.flattenType(v3)).containsExactly(I32, I64);
    VariantType v4 = new VariantType(List.of(new VariantType.Case("a", PrimType.F64), new VariantType.Case("b",
        new TupleType(List.of(PrimType.F32, PrimType.F32)))));
    assertThat(CanonicalAbi.flattenType(v4)).containsExactly(I32, I64, F32);
    assertThat(CanonicalAbi.flattenType(new OptionType(PrimType.F64))).containsExactly(I32, F64);
  }

  @Test
  void flattenFuncTypeSpillsPastTheLimits() {
    List<FuncType.Param> sixteen = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      sixteen.add(new FuncType.Param("p" + i, PrimType.U32));
    }
    FuncType ok = new FuncType(sixteen, null);
    assertThat(CanonicalAbi.flattenFuncType(ok, CanonicalAbi.Context.LIFT).params()).hasSize(16);
    List<FuncType.Param> seventeen = new ArrayList<>(sixteen);
    seventeen.add(new FuncType.Param("p16", PrimType.U8));
    FuncType spill = new FuncType(seventeen, PrimType.STRING);
    assertThat(CanonicalAbi.flattenFuncType(spill, CanonicalAbi.Context.LIFT))
        .isEqualTo(new CanonicalAbi.CoreSignature(List.of(I32), List.of(I32)));
    // lower: results go to a caller-supplied out pointer
    assertThat(CanonicalAbi.flattenFuncType(spill, CanonicalAbi.Context.LOWER))
        .isEqualTo(new CanonicalAbi.CoreSignature(List.of(I32, I32), List.of()));
    FuncType scalar = new FuncType(List.of(new FuncType.Param("x", PrimType.F64)), PrimType.S64);
    assertThat(CanonicalAbi.flattenFuncType(scalar, CanonicalAbi.Context.LOWER))
        .isEqualTo(new CanonicalAbi.CoreSignature(List.of(F64), List.of(I64)));
    assertThat(CanonicalAbi.flattenType(new ListType(PrimType.U8, 17))).hasSize(17);
    assertThat(Collections.frequency(CanonicalAbi.flattenType(record(PrimType.F32, PrimType.F64)), F32)).isEqualTo(1);
  }

  @Test
  void elemSizeIsAMultipleOfAlignment() {
    List<ValType> samples = List.of(record(PrimType.U8, PrimType.U64, PrimType.U8), new OptionType(PrimType.CHAR),
        new ResultType(PrimType.STRING, PrimType.U8), flags(20), new ListType(PrimType.U8, 3),
        new TupleType(List.of(PrimType.U16, PrimType.U8)));
    for (ValType t : samples) {
      assertThat(CanonicalAbi.elemSize(t) % CanonicalAbi.alignment(t)).as(t.toString()).isZero();
    }
  }
}
