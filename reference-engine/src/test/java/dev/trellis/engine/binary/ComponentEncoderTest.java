package dev.trellis.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoder against hand-assembled bytes (Binary.md), independent of the decoder. */
class ComponentEncoderTest {
  private static final String PRE = "0061736d0d000100";

  private static String enc(Section... sections) {
    return HexFormat.of().formatHex(ComponentEncoder.encode(new Component(List.of(sections))));
  }

  @Test
  void emptyComponentIsItsPreamble() {
    assertThat(enc()).isEqualTo(PRE);
  }

  @Test
  void sectionSizesAreMinimalLebs() {
    byte[] data = new byte[200];
    String hex = enc(new Section.Custom("c", Bytes.wrap(data), -1));
    // size 202 = 0xca 0x01; name "c"; 200 zero bytes
    assertThat(hex).startsWith(PRE + "00ca01" + "0163").hasSize((8 + 3 + 2 + 200) * 2);
  }

  @Test
  void primitiveAndCompoundTypes() {
    var idx = new ValTypeRef.Index(2);
    String hex = enc(new Section.Types(List.of(
        new TypeDef(new DefType.ResourceDef(CoreValType.Num.I32, null, null), -1),
        new TypeDef(new DefType.RecordDef(List.of(
            new DefType.Field("a", PrimValType.BOOL), new DefType.Field("b", PrimValType.U8))), -1),
        new TypeDef(new DefType.VariantDef(List.of(
            new DefType.Case("x", PrimValType.S8), new DefType.Case("y", null))), -1),
        new TypeDef(new DefType.ResultDef(PrimValType.F32, PrimValType.F64), -1),
        new TypeDef(new DefType.StreamDef(null), -1),
        new TypeDef(new DefType.FixedListDef(PrimValType.U8, 3), -1),
        new TypeDef(new DefType.ListDef(idx), -1),
        new TypeDef(new DefType.FuncDef(true, List.of(), null), -1),
        new TypeDef(new DefType.FuncDef(false, List.of(new DefType.Param("p", PrimValType.STRING)), PrimValType.U32), -1)),
        -1));
    String body = "09" + "3f7f00" + "7202" + "0161" + "7f" + "0162" + "7d"
        + "7102" + "0178" + "017e" + "00" + "0179" + "00" + "00"
        + "6a01760175" + "6600" + "677d03" + "7002" + "43000100" + "400101707300" + "79";
    assertThat(hex).isEqualTo(PRE + "07" + String.format("%02x", body.length() / 2) + body);
  }

  @Test
  void valTypeIndicesAreS33() {
    // index 64 is 0x40 as a u32 LEB but must be 0xc0 0x00 as an s33 (0x40 would read as -64)
    String hex = enc(new Section.Types(List.of(
        new TypeDef(new DefType.ListDef(new ValTypeRef.Index(64)), -1)), -1));
    assertThat(hex).isEqualTo(PRE + "0704" + "01" + "70c000");
  }

  @Test
  void nonFinalSubTypeTakesZeroPrefixOnlyAtComponentLevel() {
    CoreSubType sub = new CoreSubType(CoreSubType.Form.NON_FINAL, List.of(), new CoreCompType.Func(List.of(), List.of()));
    String hex = enc(new Section.CoreTypes(List.of(
        new CoreTypeDef(new CoreDefType.Sub(sub), -1),
        new CoreTypeDef(new CoreDefType.ModuleType(List.of(
            new CoreDefType.TypeDecl(new CoreDefType.Sub(sub), -1),
            new CoreDefType.OuterAliasDecl(1, 0, -1),
            new CoreDefType.ImportDecl("a", "b", new CoreExternType.Func(0), -1))), -1),
        new CoreTypeDef(new CoreDefType.RecGroup(List.of(sub)), -1)), -1));
    String body = "03" + "005000600000"
        + "5003" + "0150006000 00".replace(" ", "") + "0210010100" + "0001610162" + "0000"
        + "4e01" + "5000600000";
    assertThat(hex).isEqualTo(PRE + "03" + String.format("%02x", body.length() / 2) + body);
  }

  @Test
  void sharedCompositeTypesTakeThe0x65Prefix() {
    CoreCompType.Func f = new CoreCompType.Func(List.of(CoreValType.Num.I32), List.of());
    String hex = enc(new Section.CoreTypes(List.of(
        new CoreTypeDef(new CoreDefType.Sub(new CoreSubType(CoreSubType.Form.PLAIN, List.of(), f, true)), -1),
        new CoreTypeDef(new CoreDefType.Sub(new CoreSubType(CoreSubType.Form.NON_FINAL, List.of(),
            new CoreCompType.Struct(List.of()), true)), -1)), -1));
    // as wasm-tools writes (core type (shared (func (param i32)))) (core type (sub (shared (struct))))
    assertThat(hex).isEqualTo(PRE + "030c" + "02" + "6560017f00" + "005000655f00");
  }

  @Test
  void referenceTypesUseShorthandsWhenNullableAndAbstract() {
    CoreCompType.Func f = new CoreCompType.Func(List.of(
        CoreValType.Ref.FUNCREF,
        new CoreValType.Ref(true, CoreValType.Ref.FUNC, -1, true),
        new CoreValType.Ref(false, CoreValType.Ref.ANY, -1, true),
        CoreValType.Ref.concrete(true, 0),
        CoreValType.Ref.concrete(false, 70)), List.of());
    String hex = enc(new Section.CoreTypes(List.of(
        new CoreTypeDef(new CoreDefType.Sub(new CoreSubType(CoreSubType.Form.PLAIN, List.of(), f)), -1)), -1));
    assertThat(hex).isEqualTo(PRE + "030f" + "01" + "6005" + "70" + "6570" + "64656e" + "6300" + "64c600" + "00");
  }

  @Test
  void nestedComponentsCarryTheirOwnPreambleAndSizes() {
    Component inner = new Component(List.of(new Section.Types(List.of(
        new TypeDef(new DefType.PrimitiveDef(PrimValType.STRING), -1)), -1)));
    Component outer = new Component(List.of(new Section.NestedComponent(
        new Component(List.of(new Section.NestedComponent(inner, -1))), -1)));
    assertThat(HexFormat.of().formatHex(ComponentEncoder.encode(outer)))
        .isEqualTo(PRE + "0416" + PRE + "040c" + PRE + "0702" + "0173");
  }

  @Test
  void canonsAndOptions() {
    String hex = enc(new Section.Canons(List.of(
        new CanonDef(new Canon.Lift(1, List.of(CanonOpt.StringEncoding.UTF8, new CanonOpt.Memory(0),
            new CanonOpt.Realloc(5)), 1), -1),
        new CanonDef(new Canon.Lower(0, List.of(new CanonOpt.Async(), new CanonOpt.CoreType(3), new CanonOpt.Gc())), -1),
        new CanonDef(new Canon.TaskReturn(null, List.of()), -1),
        new CanonDef(new Canon.ContextGet(CoreValType.Num.I64, 1), -1),
        new CanonDef(new Canon.WaitableSetPoll(true, 0), -1),
        new CanonDef(new Canon.ThreadSpawnIndirect(true, 2, 0), -1)), -1));
    String body = "06" + "0000010300030004050" + "1"
        + "010000030608030" + "9"
        + "09010000" + "0a7e01" + "210100" + "41010200";
    assertThat(hex).isEqualTo(PRE + "08" + String.format("%02x", body.length() / 2) + body);
  }

  @Test
  void namesImportsExportsAndAliases() {
    String hex = enc(
        new Section.Imports(List.of(
            new Import(new ExternName("i", 2, List.of(new ExternName.Implements("a:b/c"))), new ExternDesc.Instance(0), -1),
            new Import(ExternName.of("m"), new ExternDesc.CoreModule(0), -1),
            new Import(ExternName.of("t"), new ExternDesc.Type(new ExternDesc.SubResource()), -1),
            new Import(ExternName.of("v"), new ExternDesc.Value(new ExternDesc.ValueOf(PrimValType.STRING)), -1)), -1),
        new Section.Aliases(List.of(
            new Alias(Sort.CORE_FUNC, new Alias.CoreExport(0, "f"), -1),
            new Alias(Sort.CORE_TYPE, new Alias.Outer(1, 2), -1),
            new Alias(Sort.FUNC, new Alias.Export(0, "g"), -1)), -1),
        new Section.Exports(List.of(
            new Export(ExternName.of("e"), new SortIdx(Sort.FUNC, 0), new ExternDesc.Func(0), -1),
            new Export(ExternName.of("m"), new SortIdx(Sort.CORE_MODULE, 0), null, -1)), -1));
    String imports = "04" + "02016901" + "0005613a622f63" + "0500"
        + "00016d" + "001100" + "000174" + "0301" + "000176" + "020173";
    String aliases = "03" + "0000010001" + "66" + "0010020102" + "0100000167";
    String exports = "02" + "000165" + "0100" + "010100" + "00016d" + "001100" + "00";
    assertThat(hex).isEqualTo(PRE
        + "0a" + String.format("%02x", imports.length() / 2) + imports
        + "06" + String.format("%02x", aliases.length() / 2) + aliases
        + "0b" + String.format("%02x", exports.length() / 2) + exports);
  }

  @Test
  void limitsKeepTheirFlagsAndWidth() {
    var mem = new CoreExternType.Memory(new CoreExternType.Limits(0x05 | 0x08, 1L << 33, 1L << 34, 12));
    String hex = enc(new Section.CoreTypes(List.of(new CoreTypeDef(new CoreDefType.ModuleType(List.of(
        new CoreDefType.ExportDecl("m", mem, -1))), -1)), -1));
    // min 2^33 = 80 80 80 80 20; max 2^34 = 80 80 80 80 40; page size log2 12
    String body = "01" + "5001" + "03016d" + "02" + "0d" + "8080808020" + "8080808040" + "0c";
    assertThat(hex).isEqualTo(PRE + "03" + String.format("%02x", body.length() / 2) + body);
  }

  @Test
  void recordsThatCannotBeEncodedAreRejected() {
    assertThatThrownBy(() -> enc(new Section.Imports(List.of(
        new Import(new ExternName("x", 0, List.of(new ExternName.ExternalId("y"))), new ExternDesc.Func(0), -1)), -1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> enc(new Section.Types(List.of(
        new TypeDef(new DefType.FixedListDef(PrimValType.U8, 1L << 32), -1)), -1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
