package dev.trellis.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.binary.CoreCompType;
import dev.trellis.engine.binary.CoreDefType;
import dev.trellis.engine.binary.CoreExternType;
import dev.trellis.engine.binary.CoreSubType;
import dev.trellis.engine.binary.CoreValType;
import dev.trellis.engine.error.TextException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The core type parsers the component text parser uses for {@code (core type ...)}. */
class CoreWatTypesTest {
  private static final Map<String, Integer> NAMES = Map.of("t", 3, "s", 7);

  private static final CoreWatTypes.TypeResolver TYPES = ref -> {
    if (ref.kind() == Token.Kind.ID) {
      Integer i = NAMES.get(ref.idName());
      if (i == null) {
        throw new TextException("x", ref.pos().line(), ref.pos().column(), "unknown core type `" + ref.text() + "`");
      }
      return i;
    }
    return Integer.parseInt(ref.text());
  };

  private static SExpr one(String text) {
    return Lexer.parse(text, "x").get(0);
  }

  @Test
  void valueAndReferenceTypes() {
    assertThat(CoreWatTypes.valType(one("i64"), TYPES, "x")).isEqualTo(CoreValType.Num.I64);
    assertThat(CoreWatTypes.valType(one("v128"), TYPES, "x")).isEqualTo(CoreValType.Num.V128);
    assertThat(CoreWatTypes.valType(one("funcref"), TYPES, "x")).isEqualTo(CoreValType.Ref.FUNCREF);
    assertThat(CoreWatTypes.valType(one("(ref null extern)"), TYPES, "x")).isEqualTo(CoreValType.Ref.EXTERNREF);
    assertThat(CoreWatTypes.refType(one("(ref $t)"), TYPES, "x")).isEqualTo(CoreValType.Ref.concrete(false, 3));
    assertThat(CoreWatTypes.refType(one("(ref null 9)"), TYPES, "x")).isEqualTo(CoreValType.Ref.concrete(true, 9));
    assertThat(CoreWatTypes.refType(one("i31ref"), TYPES, "x")).isEqualTo(CoreValType.Ref.abs(true, CoreValType.Ref.I31));
    assertThat(CoreWatTypes.refType(one("(ref (shared any))"), TYPES, "x"))
        .isEqualTo(new CoreValType.Ref(false, CoreValType.Ref.ANY, -1, true));
    assertThatThrownBy(() -> CoreWatTypes.valType(one("i8"), TYPES, "x"))
        .isInstanceOf(TextException.class).hasMessageContaining("expected a value type");
    assertThatThrownBy(() -> CoreWatTypes.refType(one("(ref $nope)"), TYPES, "x"))
        .isInstanceOf(TextException.class).hasMessage("x:1:6: unknown core type `$nope`");
  }

  @Test
  void functionTypes() {
    CoreCompType.Func f = CoreWatTypes.funcType((SExpr.SList) one("(func (param $a i32) (param i64 f32) (result (ref $s)) (result))"), TYPES, "x");
    assertThat(f.params()).containsExactly(CoreValType.Num.I32, CoreValType.Num.I64, CoreValType.Num.F32);
    assertThat(f.results()).containsExactly(CoreValType.Ref.concrete(false, 7));
    assertThatThrownBy(() -> CoreWatTypes.funcType((SExpr.SList) one("(func (result i32) (param i32))"), TYPES, "x"))
        .isInstanceOf(TextException.class).hasMessageContaining("1:20");
  }

  @Test
  void subTypesAndTheirForms() {
    assertThat(CoreWatTypes.subType(one("(struct (field $a (mut i8)) (field i16 (ref null $t)))"), TYPES, "x"))
        .isEqualTo(new CoreSubType(CoreSubType.Form.PLAIN, List.of(), new CoreCompType.Struct(List.of(
            new CoreCompType.FieldType(null, 0x78, true),
            new CoreCompType.FieldType(null, 0x77, false),
            new CoreCompType.FieldType(CoreValType.Ref.concrete(true, 3), 0, false)))));
    assertThat(CoreWatTypes.subType(one("(sub (array i32))"), TYPES, "x").form()).isEqualTo(CoreSubType.Form.NON_FINAL);
    assertThat(CoreWatTypes.subType(one("(sub final (func))"), TYPES, "x").form()).isEqualTo(CoreSubType.Form.PLAIN);
    CoreSubType fin = CoreWatTypes.subType(one("(sub final $t $s (struct))"), TYPES, "x");
    assertThat(fin.form()).isEqualTo(CoreSubType.Form.FINAL);
    assertThat(fin.supertypes()).containsExactly(3, 7);
    CoreSubType shared = CoreWatTypes.subType(one("(shared (func (param i32)))"), TYPES, "x");
    assertThat(shared.shared()).isTrue();
    assertThat(shared.comp()).isEqualTo(new CoreCompType.Func(List.of(CoreValType.Num.I32), List.of()));
  }

  @Test
  void typeDefinitionsAndRecGroups() {
    SExpr.SList rec = (SExpr.SList) one("(rec (type $a (func (result (ref $t)))) (type (sub $s (struct))))");
    assertThat(CoreWatTypes.typeIds(rec, "x")).extracting(t -> t == null ? null : t.idName()).containsExactly("a", null);
    CoreDefType d = CoreWatTypes.typeDef(rec, TYPES, "x");
    assertThat(d).isInstanceOf(CoreDefType.RecGroup.class);
    assertThat(((CoreDefType.RecGroup) d).types()).hasSize(2);
    assertThat(CoreWatTypes.typeDef((SExpr.SList) one("(type $x (array (mut anyref)))"), TYPES, "x"))
        .isEqualTo(new CoreDefType.Sub(new CoreSubType(CoreSubType.Form.PLAIN, List.of(),
            new CoreCompType.Array(new CoreCompType.FieldType(CoreValType.Ref.abs(true, CoreValType.Ref.ANY), 0, true)))));
  }

  @Test
  void limitsMemoriesTablesGlobals() {
    SExpr.SList mem = (SExpr.SList) one("(memory i64 1 2 shared (pagesize 1))");
    assertThat(CoreWatTypes.memoryType(mem, 1, "x").limits()).isEqualTo(new CoreExternType.Limits(0x0f, 1, 2L, 0));
    SExpr.SList mem32 = (SExpr.SList) one("(memory $m 3)");
    assertThat(CoreWatTypes.memoryType(mem32, 2, "x").limits()).isEqualTo(new CoreExternType.Limits(0, 3, null, null));
    SExpr.SList table = (SExpr.SList) one("(table 1 10 (ref null $t))");
    assertThat(CoreWatTypes.tableType(table, 1, TYPES, "x"))
        .isEqualTo(new CoreExternType.Table(CoreValType.Ref.concrete(true, 3), new CoreExternType.Limits(1, 1, 10L, null)));
    assertThat(CoreWatTypes.globalType(one("(mut f64)"), TYPES, "x")).isEqualTo(new CoreExternType.Global(CoreValType.Num.F64, true, false));
    assertThatThrownBy(() -> CoreWatTypes.memoryType((SExpr.SList) one("(memory 1 2 3)"), 1, "x"))
        .isInstanceOf(TextException.class).hasMessageStartingWith("x:1:13: unexpected `3`");
  }

  @Test
  void externDescriptorsDelegateTypeUses() {
    List<String> seen = new ArrayList<>();
    CoreWatTypes.TypeUseResolver uses = (index, inline, at) -> {
      seen.add((index == null ? "-" : index.text()) + " " + (inline == null ? "-" : inline.params().size() + "->" + inline.results().size()));
      return 42;
    };
    assertThat(CoreWatTypes.externType((SExpr.SList) one("(func $f (param i32 i32) (result i32))"), uses, TYPES, "x"))
        .isEqualTo(new CoreExternType.Func(42));
    assertThat(CoreWatTypes.externType((SExpr.SList) one("(tag (type $t))"), uses, TYPES, "x"))
        .isEqualTo(new CoreExternType.Tag(42));
    assertThat(CoreWatTypes.externType((SExpr.SList) one("(func)"), uses, TYPES, "x")).isEqualTo(new CoreExternType.Func(42));
    assertThat(seen).containsExactly("- 2->1", "$t -", "- -");
    assertThat(CoreWatTypes.externType((SExpr.SList) one("(global $g (mut i32))"), uses, TYPES, "x"))
        .isEqualTo(new CoreExternType.Global(CoreValType.Num.I32, true, false));
    assertThat(CoreWatTypes.externType((SExpr.SList) one("(memory 1)"), uses, TYPES, "x"))
        .isEqualTo(new CoreExternType.Memory(new CoreExternType.Limits(0, 1, null, null)));
    assertThatThrownBy(() -> CoreWatTypes.externType((SExpr.SList) one("(module)"), uses, TYPES, "x"))
        .isInstanceOf(TextException.class);
  }
}
