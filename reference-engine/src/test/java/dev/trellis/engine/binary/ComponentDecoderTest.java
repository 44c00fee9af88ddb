package dev.trellis.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.error.MalformedException;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Targeted decoder cases: offsets, error wording and the guards against hostile input. */
class ComponentDecoderTest {
  private static final String PRE = "0061736d0d000100";

  private static Component dec(String hex) {
    return ComponentDecoder.decode(HexFormat.of().parseHex(hex.replace(" ", "")));
  }

  private static MalformedException fails(String hex) {
    try {
      dec(hex);
    } catch (MalformedException e) {
      return e;
    }
    throw new AssertionError("accepted: " + hex);
  }

  @Test
  void offsetsAreAbsoluteAcrossNestedComponents() {
    // outer: nested component (at 8) holding a type section (at 18) with `string` (at 21)
    Component c = dec(PRE + "040c" + PRE + "0702 01 73");
    var nested = (Section.NestedComponent) c.sections().get(0);
    assertThat(nested.offset()).isEqualTo(8);
    var types = (Section.Types) nested.component().sections().get(0);
    assertThat(types.offset()).isEqualTo(18);
    assertThat(types.items().get(0)).isEqualTo(new TypeDef(new DefType.PrimitiveDef(PrimValType.STRING), 21));
  }

  @Test
  void errorsCarryTheOffsetAndWhatWasExpected() {
    MalformedException e = fails(PRE + "0702 01 62");
    assertThat(e.offset()).isEqualTo(11);
    assertThat(e.reason()).isEqualTo("invalid leading byte (0x62) for component defined type");
    assertThat(fails(PRE + "0703 00").reason()).isEqualTo("unexpected end-of-file");
    assertThat(fails(PRE + "0d00").reason()).startsWith("malformed section id");
    assertThat(fails(PRE + "0702 00 00").reason()).isEqualTo("unexpected data at the end of the section");
  }

  @Test
  void preambles() {
    assertThat(fails("").reason()).isEqualTo("unexpected end-of-file");
    assertThat(fails("0061736d01000000").reason()).isEqualTo("expected a version header for a component");
    assertThat(fails("0061736d0c000100").reason()).startsWith("unknown binary version");
    assertThat(fails("0061736e0d000100").reason()).startsWith("magic header not detected");
    assertThat(fails(PRE + "0108" + PRE).reason()).isEqualTo("expected a version header for a module");
    assertThat(dec(PRE + "0108 0061736d01000000").sections().get(0))
        .isEqualTo(new Section.CoreModule(Bytes.of(HexFormat.of().parseHex("0061736d01000000")), 8));
  }

  @Test
  void lebsAcceptPaddingButNotExtraBits() {
    assertThat(dec(PRE + "07 8180808000 00").sections()).hasSize(1);
    assertThat(fails(PRE + "07 8180808070 00").reason()).contains("integer too large");
    assertThat(fails(PRE + "07 818080808000 00").reason()).contains("integer representation too long");
  }

  @Test
  void countsAreCheckedAgainstTheRemainingBytesBeforeAllocating() {
    // a vec count of 2^32-1 in a 6-byte section
    assertThat(fails(PRE + "0706 ffffffff0f 73").reason()).isEqualTo("unexpected end-of-file");
    // a name length running past the section
    assertThat(fails(PRE + "0006 ffffffff0f 61").reason()).isEqualTo("unexpected end-of-file");
  }

  @Test
  void namesMustBeUtf8() {
    assertThat(fails(PRE + "0003 02fffe").reason()).isEqualTo("malformed UTF-8 encoding");
    assertThat(fails(PRE + "0004 03eda080").reason()).isEqualTo("malformed UTF-8 encoding"); // surrogate
    assertThat(fails(PRE + "0003 02c0af").reason()).isEqualTo("malformed UTF-8 encoding"); // overlong
    var custom = (Section.Custom) dec(PRE + "0005 04f09f9982").sections().get(0);
    assertThat(custom.name()).isEqualTo("🙂");
  }

  @Test
  void valTypeIndicesAreS33() {
    var t = (Section.Types) dec(PRE + "0704 01 70c000").sections().get(0);
    assertThat(t.items().get(0).type()).isEqualTo(new DefType.ListDef(new ValTypeRef.Index(64)));
    // 0x40 alone is s33 -64: neither a primitive nor an index
    assertThat(fails(PRE + "0703 01 7040").reason()).isEqualTo("invalid leading byte (0x40) for component value type");
  }

  @Test
  void nestingIsBounded() {
    // 150 nested instance types: 0x42 0x01 (one decl) 0x01 (type decl) ... 0x42 0x00
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x01});
    for (int i = 0; i < 150; i++) {
      body.writeBytes(new byte[] {0x42, 0x01, 0x01});
    }
    body.writeBytes(new byte[] {0x42, 0x00});
    byte[] b = body.toByteArray();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(HexFormat.of().parseHex(PRE));
    all.write(0x07);
    all.writeBytes(new byte[] {(byte) (0x80 | (b.length & 0x7f)), (byte) (b.length >> 7)});
    all.writeBytes(b);
    assertThatThrownBy(() -> ComponentDecoder.decode(all.toByteArray()))
        .isInstanceOf(MalformedException.class)
        .hasMessageContaining("nesting too deep");

    // nested components: each level adds 10 bytes of header
    byte[] c = HexFormat.of().parseHex(PRE);
    for (int i = 0; i < 150; i++) {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      o.writeBytes(HexFormat.of().parseHex(PRE));
      o.write(0x04);
      LebWriter w = new LebWriter().u32(c.length);
      o.writeBytes(w.toByteArray());
      o.writeBytes(c);
      c = o.toByteArray();
    }
    byte[] deep = c;
    assertThatThrownBy(() -> ComponentDecoder.decode(deep))
        .isInstanceOf(MalformedException.class)
        .hasMessageContaining("nesting too deep");
  }

  @Test
  void coreTypesAtComponentLevelAndInModuleTypes() {
    var ct = (Section.CoreTypes) dec(PRE + "0311 03 005000600000 5001 0150006000 00 4e00").sections().get(0);
    CoreSubType nonFinal = new CoreSubType(CoreSubType.Form.NON_FINAL, List.of(), new CoreCompType.Func(List.of(), List.of()));
    assertThat(ct.items()).extracting(CoreTypeDef::type).containsExactly(
        new CoreDefType.Sub(nonFinal),
        new CoreDefType.ModuleType(List.of(new CoreDefType.TypeDecl(new CoreDefType.Sub(nonFinal), 19))),
        new CoreDefType.RecGroup(List.of()));
    assertThat(fails(PRE + "0305 01 00600000").reason()).isEqualTo("invalid leading byte (0x60) for non-final sub type");
  }

  @Test
  void legacyAndUnallocatedOpcodesAreRejected() {
    assertThat(fails(PRE + "0803 01 0700").reason()).isEqualTo("invalid leading byte (0x7) for canonical function");
    assertThat(fails(PRE + "0802 01 08").reason()).isEqualTo("invalid leading byte (0x8) for canonical function");
    assertThat(fails(PRE + "0704 01 3e7f00").reason()).isEqualTo("invalid leading byte (0x3e) for component defined type");
  }

  @Test
  void nullIsNotBytes() {
    assertThatThrownBy(() -> ComponentDecoder.decode(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void wasmKind() {
    assertThat(Wasm.kind(HexFormat.of().parseHex(PRE))).isEqualTo(Wasm.Kind.COMPONENT);
    assertThat(Wasm.isCoreModule(HexFormat.of().parseHex("0061736d01000000"))).isTrue();
    assertThat(Wasm.kind(HexFormat.of().parseHex("0061736d"))).isEqualTo(Wasm.Kind.UNKNOWN);
    assertThat(Wasm.isComponent(null)).isFalse();
  }
}
