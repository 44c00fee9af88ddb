package dev.trellis.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.binary.Alias;
import dev.trellis.engine.binary.Canon;
import dev.trellis.engine.binary.CanonDef;
import dev.trellis.engine.binary.CanonOpt;
import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.binary.CoreDefType;
import dev.trellis.engine.binary.CoreExternType;
import dev.trellis.engine.binary.CoreInstance;
import dev.trellis.engine.binary.Decl;
import dev.trellis.engine.binary.DefType;
import dev.trellis.engine.binary.Export;
import dev.trellis.engine.binary.ExternDesc;
import dev.trellis.engine.binary.ExternName;
import dev.trellis.engine.binary.Import;
import dev.trellis.engine.binary.Instance;
import dev.trellis.engine.binary.PrimValType;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.binary.Sort;
import dev.trellis.engine.binary.SortIdx;
import dev.trellis.engine.binary.ValTypeRef;
import dev.trellis.engine.error.TextException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The component text parser: expansions, identifier resolution and errors, on the AST it builds. */
class ComponentWatTest {

  static Component parse(String src) {
    return parse(src, ComponentWat.Options.DEFAULT);
  }

  static Component parse(String src, ComponentWat.Options o) {
    return ComponentWat.parse((SExpr.SList) Lexer.parse(src, "t.wat").get(0), "t.wat", o);
  }

  /** The items of every section, in order, flattened (nested components stay one item). */
  static List<Object> items(Component c) {
    List<Object> out = new ArrayList<>();
    for (Section s : c.sections()) {
      switch (s) {
        case Section.Types t -> t.items().forEach(x -> out.add(x.type()));
        case Section.CoreTypes t -> t.items().forEach(x -> out.add(x.type()));
        case Section.Imports t -> out.addAll(t.items());
        case Section.Exports t -> out.addAll(t.items());
        case Section.Aliases t -> out.addAll(t.items());
        case Section.Canons t -> t.items().forEach(x -> out.add(x.canon()));
        case Section.Instances t -> out.addAll(t.items());
        case Section.CoreInstances t -> out.addAll(t.items());
        default -> out.add(s);
      }
    }
    return out;
  }

  static String kinds(Component c) {
    return String.join(" ", c.sections().stream().map(s -> s.getClass().getSimpleName()).toList());
  }

  static TextException error(String src) {
    try {
      parse(src);
    } catch (TextException e) {
      return e;
    }
    throw new AssertionError("expected a TextException for " + src);
  }

  @Test
  void inlineTypesPrecedeTheirUserDepthFirstAndAreNeverShared() {
    Component c = parse("""
        (component
          (import "f" (func (param "x" (list string)) (result u8)))
          (import "g" (func (param "x" (list string)))))
        """);
    assertThat(kinds(c)).isEqualTo("Types Imports Types Imports");
    List<Object> it = items(c);
    assertThat(it.get(0)).isEqualTo(new DefType.ListDef(PrimValType.STRING));
    assertThat(it.get(1)).isEqualTo(new DefType.FuncDef(false, List.of(new DefType.Param("x", new ValTypeRef.Index(0))), PrimValType.U8));
    assertThat(((Import) it.get(2)).desc()).isEqualTo(new ExternDesc.Func(1));
    assertThat(it.get(3)).isEqualTo(new DefType.ListDef(PrimValType.STRING));
    assertThat(((Import) it.get(5)).desc()).isEqualTo(new ExternDesc.Func(3));
  }

  @Test
  void inlineExportsMoveToTheEndAndExportAliasesComeRightBeforeTheirUser() {
    Component c = parse("""
        (component
          (import "i" (instance $i (export "h" (func))))
          (core module $m (func (export "f")))
          (core instance $ci (instantiate $m))
          (func $h (export "q") (export "q2") (canon lift (core func $ci "f")))
          (core func $lo (canon lower (func $i "h")))
          (export "z" (func $i "h")))
        """);
    assertThat(kinds(c)).isEqualTo("Types Imports CoreModule CoreInstances Types Aliases Canons Aliases Canons Aliases Exports");
    List<Object> it = items(c);
    // (type (func)) for the lift, then the alias of $ci "f", then the lift
    assertThat(it.get(4)).isEqualTo(new DefType.FuncDef(false, List.of(), null));
    assertThat(((Alias) it.get(5)).target()).isEqualTo(new Alias.CoreExport(0, "f"));
    assertThat(it.get(6)).isEqualTo(new Canon.Lift(0, List.of(), 1));
    assertThat(((Alias) it.get(7)).target()).isEqualTo(new Alias.Export(0, "h"));
    assertThat(it.get(8)).isEqualTo(new Canon.Lower(1, List.of()));
    assertThat(((Alias) it.get(9)).target()).isEqualTo(new Alias.Export(0, "h"));
    // z exports the second alias (func 2); the inline exports of $h (func 0) come last
    assertThat(it.subList(10, 13)).extracting(x -> ((Export) x).name().name() + "=" + ((Export) x).item())
        .containsExactly("z=" + new SortIdx(Sort.FUNC, 2), "q=" + new SortIdx(Sort.FUNC, 0), "q2=" + new SortIdx(Sort.FUNC, 0));
  }

  @Test
  void exportAliasChainsProjectThroughInstances() {
    Component c = parse("""
        (component
          (import "j" (instance $j (export "a" (instance (export "b" (instance (export "f" (func))))))))
          (export "f" (func $j "a" "b" "f")))
        """);
    List<Alias> aliases = items(c).stream().filter(Alias.class::isInstance).map(Alias.class::cast).toList();
    assertThat(aliases).extracting(Alias::sort, Alias::target).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Sort.INSTANCE, new Alias.Export(0, "a")),
        org.assertj.core.groups.Tuple.tuple(Sort.INSTANCE, new Alias.Export(1, "b")),
        org.assertj.core.groups.Tuple.tuple(Sort.FUNC, new Alias.Export(2, "f")));
  }

  @Test
  void aCoreModuleExportedByAnInstanceIsAliasedFromTheInstance() {
    Component c = parse("""
        (component
          (import "a" (instance (export "m" (core module))))
          (export "m" (core module 0 "m")))
        """);
    Alias a = (Alias) items(c).stream().filter(Alias.class::isInstance).findFirst().orElseThrow();
    assertThat(a.sort()).isEqualTo(Sort.CORE_MODULE);
    assertThat(a.target()).isEqualTo(new Alias.Export(0, "m"));
  }

  @Test
  void enclosingIdentifiersBecomeOuterAliasesOnePerReference() {
    Component c = parse("""
        (component $P
          (type $t (list u8))
          (component $C
            (type (tuple $t $t))
            (type (instance (export "a" (func (param "x" $t)))))
            (type $u u8)
            (type (list $u))))
        """);
    Component inner = ((Section.NestedComponent) c.sections().get(1)).component();
    List<Object> it = items(inner);
    assertThat(it.get(0)).isEqualTo(new Alias(Sort.TYPE, new Alias.Outer(1, 0), ((Alias) it.get(0)).offset()));
    assertThat(((Alias) it.get(1)).target()).isEqualTo(new Alias.Outer(1, 0));
    assertThat(it.get(2)).isEqualTo(new DefType.TupleDef(List.of(new ValTypeRef.Index(0), new ValTypeRef.Index(1))));
    DefType.InstanceDef inst = (DefType.InstanceDef) it.get(3);
    // inside the instance type, $t is two scopes out
    assertThat(((Decl.AliasDecl) inst.decls().get(0)).alias().target()).isEqualTo(new Alias.Outer(2, 0));
    assertThat(it.get(5)).isEqualTo(new DefType.ListDef(new ValTypeRef.Index(4)));
  }

  @Test
  void localIdentifiersMayBeUsedBeforeTheirDefinitionAndShadowOuterOnes() {
    Component c = parse("""
        (component
          (type $t (list u8))
          (component
            (type $a (list $t))
            (type $t (list u16)))
          (export "a" (func $f))
          (func $f (import "f")))
        """);
    Component inner = ((Section.NestedComponent) c.sections().get(1)).component();
    assertThat(items(inner).get(0)).isEqualTo(new DefType.ListDef(new ValTypeRef.Index(1)));
    Export e = (Export) items(c).get(2);
    assertThat(e.item()).isEqualTo(new SortIdx(Sort.FUNC, 1));
  }

  @Test
  void outerAliasesOnlyReachPrecedingDefinitions() {
    assertThat(error("(component (component (type (list $later))) (type $later u8))").reason())
        .isEqualTo("unknown type: failed to find name `$later`");
    assertThat(error("(component $c (type $t (component (alias outer $c $t (type)))))").reason())
        .isEqualTo("unknown type: failed to find name `$t`");
    assertThat(error("(component (import \"x\" (func $x)) (component (export \"x\" (func $x))))").reason())
        .isEqualTo("outer item `x` is not a module, type, or component");
  }

  @Test
  void explicitOuterAliases() {
    Component c = parse("""
        (component $C
          (core type $F (func (param i32)))
          (type $T u8)
          (component
            (alias outer $C $T (type $a))
            (alias outer 1 0 (core type))
            (alias outer 5 0 (type))))
        """);
    Component inner = ((Section.NestedComponent) c.sections().get(2)).component();
    assertThat(items(inner)).extracting(x -> ((Alias) x).target())
        .containsExactly(new Alias.Outer(1, 0), new Alias.Outer(1, 0), new Alias.Outer(5, 0));
    assertThat(error("(component (alias outer 100 $foo (type $foo)))").reason()).isEqualTo("outer count of `100` is too large");
    assertThat(error("(component (alias outer $nonexistent $foo (type $foo)))").reason())
        .isEqualTo("outer component `nonexistent` not found");
  }

  @Test
  void invertedAliasesAndNestedComponentsStartingWithAnAlias() {
    Component c = parse("""
        (component
          (import "i" (instance $i (export "f" (func)) (export "c" (component))))
          (func $f (alias export $i "f"))
          (component $c (alias export $i "c"))
          (component (alias outer 1 0 (type))))
        """);
    List<Object> it = items(c);
    assertThat(((Alias) it.get(2)).sort()).isEqualTo(Sort.FUNC);
    assertThat(((Alias) it.get(3)).sort()).isEqualTo(Sort.COMPONENT);
    assertThat(it.get(4)).isInstanceOf(Section.NestedComponent.class);
  }

  @Test
  void inlineInstantiationArgumentsBecomeInstancesOfTheirOwn() {
    Component c = parse("""
        (component
          (core module $m (import "x" "f" (func)))
          (core module $n (func (export "f")))
          (core instance $ni (instantiate $n))
          (core instance (instantiate $m (with "x" (instance (export "f" (func $ni "f"))))))
          (component $C (import "a" (instance (export "f" (func)))))
          (import "f" (func $f))
          (instance (instantiate $C (with "a" (instance (export "f" (func $f)))))))
        """);
    List<Object> it = items(c);
    int k = 2;
    assertThat(it.get(k++)).isInstanceOf(CoreInstance.Instantiate.class);
    assertThat(((Alias) it.get(k++)).target()).isEqualTo(new Alias.CoreExport(0, "f"));
    assertThat(it.get(k++)).isEqualTo(new CoreInstance.FromExports(List.of(new CoreInstance.InlineExport("f", Sort.CORE_FUNC, 0)),
        ((CoreInstance) it.get(k - 1)).offset()));
    assertThat(((CoreInstance.Instantiate) it.get(k++)).args()).containsExactly(new CoreInstance.Arg("x", 1));
    k += 3; // component, type, import
    assertThat(((Instance.FromExports) it.get(k++)).exports())
        .containsExactly(new Instance.InlineExport(ExternName.of("f"), new SortIdx(Sort.FUNC, 0)));
    assertThat(((Instance.Instantiate) it.get(k)).args()).containsExactly(new Instance.Arg("a", new SortIdx(Sort.INSTANCE, 0)));
  }

  @Test
  void moduleTypesReuseTheLatestExplicitFunctionType() {
    Component c = parse("""
        (component
          (core type $mt (module
            (import "a" "b" (func (param i32)))
            (type $y (func (param i32)))
            (import "a" "c" (func (param i32)))
            (export "f1" (func))
            (type $z (func (param i32)))
            (export "f2" (func (param i32)))
            (export "f3" (func (type $y)))
            (alias outer 1 0 (type)))))
        """);
    CoreDefType.ModuleType mt = (CoreDefType.ModuleType) items(c).get(0);
    List<String> shape = mt.decls().stream().map(d -> switch (d) {
      case CoreDefType.TypeDecl t -> "type";
      case CoreDefType.ImportDecl i -> "import " + i.type();
      case CoreDefType.ExportDecl e -> "export " + e.type();
      case CoreDefType.OuterAliasDecl a -> "alias " + a.count() + " " + a.index();
    }).toList();
    assertThat(shape).containsExactly("type", "import " + new CoreExternType.Func(0), "type",
        "import " + new CoreExternType.Func(1), "type", "export " + new CoreExternType.Func(2), "type",
        "export " + new CoreExternType.Func(3), "export " + new CoreExternType.Func(1), "alias 1 0");
  }

  @Test
  void canonBuiltinsAndOptions() {
    Component c = parse("""
        (component
          (type $r (resource (rep i32)))
          (type $s (stream u8))
          (type $fu (future))
          (core module $m (memory (export "mem") 1) (func (export "r") (param i32 i32 i32 i32) (result i32) unreachable))
          (core instance $i (instantiate $m))
          (core func (canon resource.new $r))
          (core func (canon resource.drop $r async))
          (core func (canon resource.rep (type $r)))
          (core func (canon task.return (result (list u8)) (memory (core memory $i "mem")) string-encoding=utf16))
          (core func (canon context.get i32 0))
          (core func (canon stream.read $s async (memory 0) (realloc (core func $i "r"))))
          (core func (canon future.cancel-write $fu async))
          (core func (canon waitable-set.wait (memory 0)))
          (core func (canon subtask.cancel async))
          (core func (canon thread.yield))
          (core func (canon error-context.new string-encoding=latin1+utf16))
          (core func (canon backpressure.inc))
          (canon waitable.join (core func $join)))
        """);
    List<Canon> canons = items(c).stream().filter(Canon.class::isInstance).map(Canon.class::cast).toList();
    assertThat(canons).containsExactly(
        new Canon.ResourceNew(0),
        new Canon.ResourceDrop(0, true),
        new Canon.ResourceRep(0),
        new Canon.TaskReturn(new ValTypeRef.Index(3), List.of(new CanonOpt.Memory(0), CanonOpt.StringEncoding.UTF16)),
        new Canon.ContextGet(dev.trellis.engine.binary.CoreValType.Num.I32, 0),
        new Canon.StreamRead(1, List.of(new CanonOpt.Async(), new CanonOpt.Memory(0), new CanonOpt.Realloc(5))),
        new Canon.FutureCancelWrite(2, true),
        new Canon.WaitableSetWait(false, 0),
        new Canon.SubtaskCancel(true),
        new Canon.ThreadYield(false),
        new Canon.ErrorContextNew(List.of(CanonOpt.StringEncoding.LATIN1_UTF16)),
        new Canon.BackpressureInc(),
        new Canon.WaitableJoin());
  }

  @Test
  void strictReferencesAndTheLegacyForms() {
    String legacy = """
        (component
          (core module $m (memory (export "mem") 1) (func (export "post") (param i32)) (func (export "f") (result i32) unreachable))
          (core instance $m (instantiate $m))
          (func (result u32) (canon lift (core func $m "f") (memory $m "mem") (post-return (func $m "post")))))
        """;
    TextException e = assertThrowsText(() -> parse(legacy));
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.column()).isEqualTo(64);
    assertThat(e.reason()).startsWith("an export name must be written inside a nested reference");
    Component c = parse(legacy, ComponentWat.Options.LENIENT);
    Canon.Lift lift = (Canon.Lift) items(c).stream().filter(Canon.Lift.class::isInstance).findFirst().orElseThrow();
    assertThat(lift.opts()).containsExactly(new CanonOpt.Memory(0), new CanonOpt.PostReturn(1));
    assertThat(error("(component (type $R (resource (rep i32) (dtor (func 0)))))").reason())
        .startsWith("the `core` keyword is required in this reference: `(func ...)` should be written `(core func ...)`");
  }

  @Test
  void namesAttributesAndInterfaceNames() {
    Component c = parse("""
        (component
          (import "a" (implements "wasi:kv/store") (external-id "x") (instance))
          (import (interface "wasi:http/types@0.2.0") (func))
          (import "b" (versionsuffix ".1") (func)))
        """);
    List<Import> imports = items(c).stream().filter(Import.class::isInstance).map(Import.class::cast).toList();
    assertThat(imports.get(0).name()).isEqualTo(new ExternName("a", 0x02,
        List.of(new ExternName.Implements("wasi:kv/store"), new ExternName.ExternalId("x"))));
    assertThat(imports.get(1).name()).isEqualTo(ExternName.of("wasi:http/types@0.2.0"));
    assertThat(imports.get(2).name().attributes()).containsExactly(new ExternName.VersionSuffix(".1"));
    assertThat(error("(component (import \"a\" (implements \"a:b/c\") (implements \"a:b/c\") (instance)))").reason())
        .startsWith("unexpected token");
  }

  @Test
  void valuesAndStart() {
    Component c = parse("""
        (component
          (type $r (record (field "a" bool) (field "b" u16)))
          (value $a u32 300)
          (value $b $r (record true 1))
          (value $c string "hi")
          (value $d (option s8) (some -1))
          (value $e bool (binary "\\01"))
          (import "f" (func $f (param "x" u32) (result u32)))
          (start $f (value $a) (result (value $out)))
          (export "out" (value $out)))
        """);
    List<Object> it = items(c);
    List<byte[]> values = c.sections().stream().filter(Section.Values.class::isInstance)
        .flatMap(s -> ((Section.Values) s).items().stream()).map(v -> v.value().toArray()).toList();
    assertThat(values).containsExactly(new byte[] {(byte) 0xac, 0x02}, new byte[] {1, 1}, new byte[] {2, 'h', 'i'},
        new byte[] {1, (byte) 0xff}, new byte[] {1});
    Section.Start start = (Section.Start) c.sections().stream().filter(Section.Start.class::isInstance).findFirst().orElseThrow();
    assertThat(start.start().args()).containsExactly(0);
    assertThat(start.start().results()).isEqualTo(1);
    assertThat(((Export) it.getLast()).item()).isEqualTo(new SortIdx(Sort.VALUE, 5));
    assertThat(error("(component (import \"a\" (func $f)) (start $f) (start $f))").reason())
        .isEqualTo("component cannot have more than one start function");
  }

  @Test
  void errorsCarryLineAndColumn() {
    TextException e = error("(component\n  (type $t u8)\n  (type $t u16))");
    assertThat(e.reason()).isEqualTo("duplicate type identifier");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.column()).isEqualTo(9);
    assertThat(error("(component (frob))").reason()).startsWith("unexpected token");
    assertThat(error("(component (type (variant (case $x \"x\") (case $x \"y\"))))").reason())
        .isEqualTo("duplicate variant case identifier");
    assertThat(error("(component (type (list u8 10000000000)))").reason()).isEqualTo("invalid u32 number: constant out of range");
    assertThat(error("(component (export \"\" (func $foo)))").reason()).isEqualTo("unknown func: failed to find name `$foo`");
  }

  @Test
  void deepNestingIsAnErrorNotAStackOverflow() {
    String deep = "(component ".repeat(500) + ")".repeat(500);
    assertThat(error(deep).reason()).isEqualTo("nesting too deep");
  }

  @Test
  void assembledBytesDecodeToTheParsedTree() {
    String src = """
        (component $P
          (core module $m (func (export "f") (result i32) i32.const 1))
          (core instance $ci (instantiate $m))
          (func (export "f") (result u32) (canon lift (core func $ci "f")))
          (component $C (import "x" (func)) (export "y" (func 0))))
        """;
    byte[] bytes = ComponentWat.assemble(src, "t.wat", ComponentWat.Options.DEFAULT);
    Component decoded = ComponentDecoder.decode(bytes);
    assertThat(items(decoded).size()).isEqualTo(items(parse(src)).size());
    assertThat(kinds(decoded)).isEqualTo(kinds(parse(src)));
    // a bare core module file assembles as a core module
    byte[] core = ComponentWat.assemble("(module (func (export \"f\")))", "m.wat", ComponentWat.Options.DEFAULT);
    assertThat(core[4]).isEqualTo((byte) 1);
  }

  private static TextException assertThrowsText(Runnable r) {
    try {
      r.run();
    } catch (TextException e) {
      return e;
    }
    throw new AssertionError("expected a TextException");
  }

  @Test
  void notAComponent() {
    assertThatThrownBy(() -> ComponentWat.assemble("(component) (component)", "x.wat", ComponentWat.Options.DEFAULT))
        .isInstanceOf(TextException.class).hasMessageContaining("x.wat:1:13");
  }
}
