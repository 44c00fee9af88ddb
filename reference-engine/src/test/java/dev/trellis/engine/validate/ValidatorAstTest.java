package dev.trellis.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.binary.Alias;
import dev.trellis.engine.binary.Bytes;
import dev.trellis.engine.binary.Canon;
import dev.trellis.engine.binary.CanonDef;
import dev.trellis.engine.binary.CanonOpt;
import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.CoreInstance;
import dev.trellis.engine.binary.CoreValType;
import dev.trellis.engine.binary.DefType;
import dev.trellis.engine.binary.Export;
import dev.trellis.engine.binary.ExternDesc;
import dev.trellis.engine.binary.ExternName;
import dev.trellis.engine.binary.Import;
import dev.trellis.engine.binary.PrimValType;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.binary.Sort;
import dev.trellis.engine.binary.SortIdx;
import dev.trellis.engine.binary.TypeDef;
import dev.trellis.engine.binary.ValTypeRef;
import dev.trellis.engine.error.InvalidException;
import dev.trellis.engine.types.ExternType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.OwnType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.ResourceType;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation of hand-built ASTs: one rule per test, valid and invalid side by side. */
class ValidatorAstTest {
  /** {@code (module (func (export "f") (result i32) i32.const 0))}. */
  static final Bytes MODULE_F_I32 = Bytes.wrap(HexFormat.of().parseHex(
      "0061736d01000000010501600001" + "7f" + "03020100" + "070501016600000a06010400410b0b"));

  static Section types(DefType... ds) {
    return new Section.Types(java.util.Arrays.stream(ds).map(d -> new TypeDef(d, 10)).toList(), 9);
  }

  static Component comp(Section... ss) {
    return new Component(List.of(ss));
  }

  @Test
  void emptyComponentValidates() {
    ComponentInfo info = Validator.validate(comp());
    assertThat(info.type().imports()).isEmpty();
    assertThat(info.type().exports()).isEmpty();
  }

  @Test
  void recordNeedsAFieldAndKebabLabels() {
    assertThatThrownBy(() -> Validator.validate(comp(types(new DefType.RecordDef(List.of())))))
        .isInstanceOf(InvalidException.class).hasMessageContaining("record type must have at least one field")
        .extracting(e -> ((InvalidException) e).offset()).isEqualTo(10L);
    assertThatThrownBy(() -> Validator.validate(comp(types(new DefType.RecordDef(
        List.of(new DefType.Field("GoNnA", PrimValType.STRING)))))))
        .hasMessageContaining("record field name `GoNnA` is not in kebab case");
    ComponentInfo ok = Validator.validate(comp(types(new DefType.RecordDef(
        List.of(new DefType.Field("x", PrimValType.U32))))));
    assertThat(ok.types()).hasSize(1);
  }

  @Test
  void liftChecksTheCoreSignatureAndExportVisibility() {
    Section module = new Section.CoreModule(MODULE_F_I32, 1);
    Section inst = new Section.CoreInstances(List.of(new CoreInstance.Instantiate(0, List.of(), 2)), 2);
    Section alias = new Section.Aliases(List.of(new Alias(Sort.CORE_FUNC, new Alias.CoreExport(0, "f"), 3)), 3);
    Section resource = types(new DefType.ResourceDef(CoreValType.Num.I32, null, null));
    Section fty = new Section.Types(List.of(
        new TypeDef(new DefType.OwnDef(0), 20),
        new TypeDef(new DefType.FuncDef(false, List.of(), new ValTypeRef.Index(1)), 21)), 19);
    Section lift = new Section.Canons(List.of(new CanonDef(new Canon.Lift(0, List.of(), 2), 30)), 29);
    Section exportF = new Section.Exports(List.of(new Export(ExternName.of("f"), new SortIdx(Sort.FUNC, 0), null, 40)), 39);

    // lifted fine, but exporting f is invalid: its result type's resource has no name
    assertThatThrownBy(() -> Validator.validate(comp(module, inst, alias, resource, fty, lift, exportF)))
        .isInstanceOf(InvalidException.class).hasMessageContaining("func not valid to be used as export")
        .extracting(e -> ((InvalidException) e).offset()).isEqualTo(40L);

    // export the resource first, then the function with an ascribed type using the exported name
    Section exportR = new Section.Exports(List.of(new Export(ExternName.of("r"), new SortIdx(Sort.TYPE, 0), null, 41)), 39);
    Section fty2 = new Section.Types(List.of(
        new TypeDef(new DefType.OwnDef(3), 22),
        new TypeDef(new DefType.FuncDef(false, List.of(), new ValTypeRef.Index(4)), 23)), 19);
    Section exportF2 = new Section.Exports(List.of(
        new Export(ExternName.of("f"), new SortIdx(Sort.FUNC, 0), new ExternDesc.Func(5), 42)), 39);
    ComponentInfo info = Validator.validate(comp(module, inst, alias, resource, fty, lift, exportR, fty2, exportF2));
    assertThat(info.type().exports()).containsOnlyKeys("r", "f");
    ResourceType r = (ResourceType) ((ExternType.TypeExtern) info.type().exports().get("r")).type();
    FuncType f = ((ExternType.FuncExtern) info.type().exports().get("f")).type();
    assertThat(((OwnType) f.result()).resource()).isEqualTo(r);
    assertThat(info.type().definedResources()).containsExactly(r);
    assertThat(info.resources()).hasSize(1);
    CanonInfo lifted = info.canons().get(0);
    assertThat(lifted.sort()).isEqualTo(Sort.FUNC);
    assertThat(lifted.coreType().results()).containsExactly(CoreValType.Num.I32);

    // a wrong core signature: (func (result string)) flattens to [i32] with memory, not [] -> [i32]
    Section strty = new Section.Types(List.of(
        new TypeDef(new DefType.FuncDef(false, List.of(new DefType.Param("a", PrimValType.U32)), null), 20)), 19);
    Section lift2 = new Section.Canons(List.of(new CanonDef(new Canon.Lift(0, List.of(), 0), 31)), 29);
    assertThatThrownBy(() -> Validator.validate(comp(module, inst, alias, strty, lift2)))
        .hasMessageContaining("lowered parameter types `[I32]` do not match parameter types `[]`");
  }

  @Test
  void lowerRequiresMemoryForStrings() {
    Section fty = new Section.Types(List.of(
        new TypeDef(new DefType.FuncDef(false, List.of(new DefType.Param("s", PrimValType.STRING)), null), 5)), 4);
    Section imp = new Section.Imports(List.of(new Import(ExternName.of("log"), new ExternDesc.Func(0), 7)), 6);
    Section lower = new Section.Canons(List.of(new CanonDef(new Canon.Lower(0, List.of(CanonOpt.StringEncoding.UTF8)), 9)), 8);
    assertThatThrownBy(() -> Validator.validate(comp(fty, imp, lower)))
        .hasMessageContaining("canonical option `memory` is required");
  }

  @Test
  void importNamesAreStronglyUnique() {
    Section fty = types(new DefType.FuncDef(false, List.of(), null));
    Section imps = new Section.Imports(List.of(
        new Import(ExternName.of("a"), new ExternDesc.Func(0), 7),
        new Import(ExternName.of("A"), new ExternDesc.Func(0), 8)), 6);
    assertThatThrownBy(() -> Validator.validate(comp(fty, imps)))
        .hasMessageContaining("import name `A` conflicts with previous name `a`");
  }

  @Test
  void resourceImportsAreDistinct() {
    Section imps = new Section.Imports(List.of(
        new Import(ExternName.of("t1"), new ExternDesc.Type(new ExternDesc.SubResource()), 7),
        new Import(ExternName.of("t2"), new ExternDesc.Type(new ExternDesc.SubResource()), 8)), 6);
    ComponentInfo info = Validator.validate(comp(imps));
    assertThat(info.types().get(0)).isNotEqualTo(info.types().get(1));
    assertThat(info.type().importedResources()).hasSize(2);
    assertThat(info.types().get(0)).isInstanceOf(ResourceType.class);
    assertThat(PrimType.U8.text()).isEqualTo("u8");
  }
}
