package dev.trellis.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.binary.Bytes;
import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.ComponentEncoder;
import dev.trellis.engine.binary.DefType;
import dev.trellis.engine.binary.LebWriter;
import dev.trellis.engine.binary.PrimValType;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.binary.TypeDef;
import dev.trellis.engine.binary.ValTypeRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrinterTest {

  private static Section.Types types(DefType... ts) {
    return new Section.Types(java.util.Arrays.stream(ts).map(t -> new TypeDef(t, -1)).toList(), -1);
  }

  /** A component-name payload naming the component and types 0.. with {@code typeNames}. */
  private static Section.Custom names(String component, String... typeNames) {
    LebWriter w = new LebWriter();
    if (component != null) {
      LebWriter sub = new LebWriter().name(component);
      w.u8(0).u32(sub.size()).bytes(sub);
    }
    LebWriter sub = new LebWriter().u8(0x03).u32(typeNames.length);
    for (int i = 0; i < typeNames.length; i++) {
      sub.u32(i).name(typeNames[i]);
    }
    w.u8(1).u32(sub.size()).bytes(sub);
    return new Section.Custom("component-name", Bytes.wrap(w.toByteArray()), -1);
  }

  private static final Printer.Options REGENERATE = new Printer.Options(null, Printer.Names.REGENERATE);

  @Test
  void namesBecomeIdentifiersAndTheSectionStays() {
    Component c = new Component(List.of(
        types(new DefType.PrimitiveDef(PrimValType.STRING), new DefType.ListDef(new ValTypeRef.Index(0))),
        names("C", "s", "a b")));
    String text = Printer.print(c);
    assertThat(text).isEqualTo("(component $C\n"
        + "  (type $s (;0;) string)\n"
        + "  (type $\"a b\" (;1;) (list $s))\n"
        + "  (@custom \"component-name\" \"\\00\\02\\01C\\01\\0a\\03\\02\\00\\01s\\01\\03a b\")\n"
        + ")\n");
    assertThat(ComponentWat.assemble(text, "t", ComponentWat.Options.DEFAULT)).isEqualTo(ComponentEncoder.encode(c));
  }

  @Test
  void canonicalNamesBecomeOnlyIdentifiersForARegeneratingParser() {
    Component c = new Component(List.of(
        types(new DefType.PrimitiveDef(PrimValType.STRING), new DefType.ListDef(new ValTypeRef.Index(0))),
        names("C", "s", "a b")));
    assertThat(Printer.print(c, REGENERATE)).isEqualTo("""
        (component $C
          (type $s (;0;) string)
          (type $"a b" (;1;) (list $s))
        )
        """);
  }

  @Test
  void nonCanonicalNamesStayCustomSections() {
    // duplicate names in one sort cannot be identifiers
    Component c = new Component(List.of(
        types(new DefType.PrimitiveDef(PrimValType.STRING), new DefType.PrimitiveDef(PrimValType.U8)),
        names(null, "x", "x")));
    for (Printer.Options o : List.of(Printer.Options.DEFAULT, REGENERATE)) {
      String text = Printer.print(c, o);
      assertThat(text).contains("(type (;0;) string)", "(type (;1;) u8)", "(@custom \"component-name\" \"\\01");
      assertThat(text).doesNotContain("$x");
    }
    // a regenerating parser cannot write names for indices that do not exist
    Component d = new Component(List.of(types(new DefType.PrimitiveDef(PrimValType.STRING)), names(null, "a", "b")));
    assertThat(Printer.print(d, REGENERATE)).doesNotContain("$a").contains("@custom");
  }

  @Test
  void customSectionsStayInPlaceAndCoreModulesAreFramed() {
    Component c = new Component(List.of(
        new Section.Custom("hi", Bytes.wrap(new byte[] {'x', 0, '"'}), -1),
        new Section.CoreModule(Bytes.wrap(new byte[] {0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0}), -1)));
    assertThat(Printer.print(c)).isEqualTo("""
        (component
          (@custom "hi" "x\\00\\22")
          (core module (;0;) binary
            "\\00asm\\01\\00\\00\\00" ;; preamble
            "\\01\\04\\01`\\00\\00" ;; type section, 4 bytes
          )
        )
        """);
  }

  @Test
  void emptyComponent() {
    assertThat(Printer.print(new Component(List.of()))).isEqualTo("(component)\n");
  }
}
