package dev.trellis.engine.validate;

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
import dev.trellis.engine.binary.Instance;
import dev.trellis.engine.binary.PrimValType;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.binary.Sort;
import dev.trellis.engine.binary.SortIdx;
import dev.trellis.engine.binary.TypeDef;
import dev.trellis.engine.binary.ValTypeRef;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds component ASTs from a {@link Spec}: a random but valid mix of defined value types
 * (named by exports where the visibility rules need it), function imports, an exported
 * resource with its constructor and method, functions lifted from a generated core module
 * (memory and realloc supplied), and a nested component instantiated with an import. A
 * {@link Mutation} appends the definitions that break exactly one named rule.
 *
 * <p>Core signatures are flattened here independently of the validator (for the small set
 * of types the generator uses), so a lift that validates is a real cross-check.
 */
final class ComponentGen {

  /** A value type use: a primitive, or the {@code n}-th defined type of the spec. */
  sealed interface Ty permits Prim, Ref {}

  record Prim(PrimValType type) implements Ty {}

  record Ref(int def) implements Ty {}

  /** A defined value type. */
  sealed interface ValDef permits Rec, Var, Enm, Flg, Lst, Tup, Opt {}

  record Rec(List<String> labels, List<Ty> types) implements ValDef {}

  record Var(List<String> labels, List<Ty> types) implements ValDef {}

  record Enm(List<String> labels) implements ValDef {}

  record Flg(List<String> labels) implements ValDef {}

  record Lst(Ty element) implements ValDef {}

  record Tup(List<Ty> types) implements ValDef {}

  record Opt(Ty type) implements ValDef {}

  record Func(String name, List<String> params, List<Ty> types, Ty result) {}

  /** A component: its value types, imported and exported (lifted) functions, and extras. */
  record Spec(List<ValDef> types, List<Func> imports, List<Func> exports, boolean resource, boolean nested) {
    @Override
    public String toString() {
      return "Spec[types=" + types + ", imports=" + imports + ", exports=" + exports + ", resource=" + resource
          + ", nested=" + nested + "]";
    }
  }

  /** Single violations of named rules, each with a phrase its error message must contain. */
  enum Mutation {
    DUPLICATE_IMPORT_NAME("conflicts with previous name"),
    NON_KEBAB_LABEL("is not in kebab case"),
    EMPTY_RECORD("record type must have at least one field"),
    TYPE_INDEX_OUT_OF_BOUNDS("type index out of bounds"),
    BORROW_IN_RESULT("function result cannot contain a `borrow` type"),
    UNNAMED_TYPE_IN_EXPORT("func not valid to be used as export"),
    LIFT_SIGNATURE_MISMATCH("do not match"),
    MISSING_MEMORY_OPTION("canonical option `memory` is required"),
    RESOURCE_NEW_ON_IMPORT("not a local resource"),
    TOO_MANY_FLAGS("cannot have more than 32 flags"),
    MISSING_INSTANTIATE_ARG("missing import named"),
    OUTER_ALIAS_OF_RESOURCE("transitively refers to resources"),
    CONSTRUCTOR_WITHOUT_RESOURCE("static resource name is not known"),
    DUPLICATE_FIELD_LABEL("conflicts with previous field name");

    final String message;

    Mutation(String message) {
      this.message = message;
    }
  }

  // ---- rendering ----

  private final List<Section> sections = new ArrayList<>();
  private int types;
  private int funcs;
  private int coreFuncs;
  private int components;
  private int[] named;
  private int memory = -1;
  private int realloc = -1;
  private int spareI32 = -1;
  private int spareII = -1;

  static Component render(Spec s, Mutation m) {
    return new ComponentGen().build(s, m);
  }

  private void add(Section s) {
    sections.add(s);
  }

  private int type(DefType d) {
    add(new Section.Types(List.of(new TypeDef(d, -1)), -1));
    return types++;
  }

  private int exportType(String name, int index) {
    add(new Section.Exports(List.of(new Export(ExternName.of(name), new SortIdx(Sort.TYPE, index), null, -1)), -1));
    return types++;
  }

  private ValTypeRef ref(Ty t) {
    return switch (t) {
      case Prim p -> p.type();
      case Ref r -> new ValTypeRef.Index(named[r.def()]);
    };
  }

  private Component build(Spec s, Mutation m) {
    // the defined value types; the nominal ones get an external name
    named = new int[s.types().size()];
    for (int i = 0; i < s.types().size(); i++) {
      ValDef d = s.types().get(i);
      int at = type(def(d));
      named[i] = switch (d) {
        case Rec r -> exportType("t" + i + "-rec", at);
        case Var v -> exportType("t" + i + "-var", at);
        case Enm e -> exportType("t" + i + "-enum", at);
        case Flg f -> exportType("t" + i + "-flags", at);
        default -> at;
      };
    }
    // imports: functions of primitives
    int firstImportType = -1;
    for (Func f : s.imports()) {
      int ft = type(funcDef(f));
      if (firstImportType < 0) {
        firstImportType = ft;
      }
      add(new Section.Imports(List.of(new Import(ExternName.of(f.name()), new ExternDesc.Func(ft), -1)), -1));
      funcs++;
    }
    // the core module every lifted function comes from
    List<List<CoreValType.Num>[]> sigs = new ArrayList<>();
    for (Func f : s.exports()) {
      sigs.add(liftSignature(s, f));
    }
    coreModule(sigs);
    // resource, exported, with a constructor and a method
    if (s.resource()) {
      int resourceDef = type(new DefType.ResourceDef(CoreValType.Num.I32, null, null));
      int resourceNamed = exportType("res", resourceDef);
      int own = type(new DefType.OwnDef(resourceNamed));
      int borrow = type(new DefType.BorrowDef(resourceNamed));
      int ctor = type(new DefType.FuncDef(false, List.of(), new ValTypeRef.Index(own)));
      int method = type(new DefType.FuncDef(false, List.of(new DefType.Param("self", new ValTypeRef.Index(borrow))), null));
      add(new Section.Canons(List.of(new CanonDef(new Canon.ResourceNew(resourceDef), -1)), -1));
      coreFuncs++;
      lift("[constructor]res", coreExport("ctor"), ctor, List.of());
      lift("[method]res.touch", spareI32, method, List.of());
    }
    // lifted exports
    for (int k = 0; k < s.exports().size(); k++) {
      Func f = s.exports().get(k);
      int ft = type(funcDef(f));
      lift(f.name(), coreExport("__export" + k), ft, List.of(new CanonOpt.Memory(memory), new CanonOpt.Realloc(realloc)));
    }
    // a nested component re-exporting an imported function
    if (s.nested() && firstImportType >= 0) {
      nested(firstImportType, true);
    }
    if (m != null) {
      mutate(s, m);
    }
    return new Component(sections);
  }

  private void nested(int funcType, boolean withArg) {
    List<Section> inner = List.of(
        new Section.Aliases(List.of(new Alias(Sort.TYPE, new Alias.Outer(1, funcType), -1)), -1),
        new Section.Imports(List.of(new Import(ExternName.of("f"), new ExternDesc.Func(0), -1)), -1),
        new Section.Exports(List.of(new Export(ExternName.of("g"), new SortIdx(Sort.FUNC, 0), null, -1)), -1));
    add(new Section.NestedComponent(new Component(inner), -1));
    int c = components++;
    List<Instance.Arg> args = withArg ? List.of(new Instance.Arg("f", new SortIdx(Sort.FUNC, 0))) : List.of();
    add(new Section.Instances(List.of(new Instance.Instantiate(c, args, -1)), -1));
  }

  private void lift(String exportName, int coreFunc, int funcType, List<CanonOpt> opts) {
    add(new Section.Canons(List.of(new CanonDef(new Canon.Lift(coreFunc, opts, funcType), -1)), -1));
    int f = funcs++;
    add(new Section.Exports(List.of(new Export(ExternName.of(exportName), new SortIdx(Sort.FUNC, f), null, -1)), -1));
    funcs++;
  }

  private int coreExport(String name) {
    add(new Section.Aliases(List.of(new Alias(Sort.CORE_FUNC, new Alias.CoreExport(0, name), -1)), -1));
    return coreFuncs++;
  }

  private DefType def(ValDef d) {
    return switch (d) {
      case Rec r -> {
        List<DefType.Field> fs = new ArrayList<>();
        for (int i = 0; i < r.labels().size(); i++) {
          fs.add(new DefType.Field(r.labels().get(i), ref(r.types().get(i))));
        }
        yield new DefType.RecordDef(fs);
      }
      case Var v -> {
        List<DefType.Case> cs = new ArrayList<>();
        for (int i = 0; i < v.labels().size(); i++) {
          cs.add(new DefType.Case(v.labels().get(i), v.types().get(i) == null ? null : ref(v.types().get(i))));
        }
        yield new DefType.VariantDef(cs);
      }
      case Enm e -> new DefType.EnumDef(e.labels());
      case Flg f -> new DefType.FlagsDef(f.labels());
      case Lst l -> new DefType.ListDef(ref(l.element()));
      case Tup t -> new DefType.TupleDef(t.types().stream().map(this::ref).toList());
      case Opt o -> new DefType.OptionDef(ref(o.type()));
    };
  }

  private DefType funcDef(Func f) {
    List<DefType.Param> ps = new ArrayList<>();
    for (int i = 0; i < f.params().size(); i++) {
      ps.add(new DefType.Param(f.params().get(i), ref(f.types().get(i))));
    }
    return new DefType.FuncDef(false, ps, f.result() == null ? null : ref(f.result()));
  }

  // ---- independent flattening for the generator's types ----

  private static void flatten(Spec s, Ty t, List<CoreValType.Num> out) {
    switch (t) {
      case Prim p -> {
        switch (p.type()) {
          case S64, U64 -> out.add(CoreValType.Num.I64);
          case F32 -> out.add(CoreValType.Num.F32);
          case F64 -> out.add(CoreValType.Num.F64);
          case STRING -> {
            out.add(CoreValType.Num.I32);
            out.add(CoreValType.Num.I32);
          }
          default -> out.add(CoreValType.Num.I32);
        }
      }
      case Ref r -> {
        switch (s.types().get(r.def())) {
          case Rec rec -> rec.types().forEach(x -> flatten(s, x, out));
          case Tup tup -> tup.types().forEach(x -> flatten(s, x, out));
          case Lst l -> {
            out.add(CoreValType.Num.I32);
            out.add(CoreValType.Num.I32);
          }
          case Enm e -> out.add(CoreValType.Num.I32);
          case Flg f -> out.add(CoreValType.Num.I32);
          case Opt o -> variant(s, java.util.Arrays.asList(null, o.type()), out);
          case Var v -> variant(s, v.types(), out);
        }
      }
    }
  }

  private static void variant(Spec s, List<Ty> cases, List<CoreValType.Num> out) {
    List<CoreValType.Num> joined = new ArrayList<>();
    for (Ty c : cases) {
      if (c == null) {
        continue;
      }
      List<CoreValType.Num> f = new ArrayList<>();
      flatten(s, c, f);
      for (int i = 0; i < f.size(); i++) {
        if (i < joined.size()) {
          CoreValType.Num a = joined.get(i);
          CoreValType.Num b = f.get(i);
          joined.set(i, a == b ? a : (a == CoreValType.Num.I32 && b == CoreValType.Num.F32)
              || (a == CoreValType.Num.F32 && b == CoreValType.Num.I32) ? CoreValType.Num.I32 : CoreValType.Num.I64);
        } else {
          joined.add(f.get(i));
        }
      }
    }
    out.add(CoreValType.Num.I32);
    out.addAll(joined);
  }

  /** The core signature {@code canon lift} with memory expects: params spill past 16, results past 1. */
  @SuppressWarnings("unchecked")
  private static List<CoreValType.Num>[] liftSignature(Spec s, Func f) {
    List<CoreValType.Num> params = new ArrayList<>();
    for (Ty t : f.types()) {
      flatten(s, t, params);
    }
    List<CoreValType.Num> results = new ArrayList<>();
    if (f.result() != null) {
      flatten(s, f.result(), results);
    }
    if (params.size() > 16) {
      params = new ArrayList<>(List.of(CoreValType.Num.I32));
    }
    if (results.size() > 1) {
      results = new ArrayList<>(List.of(CoreValType.Num.I32));
    }
    return new List[] {params, results};
  }

  // ---- the core module ----

  private void coreModule(List<List<CoreValType.Num>[]> sigs) {
    // funcs: realloc, spare-i32 (i32)->(), spare-ii (i32 i32)->(), ctor ()->i32, then one per export
    List<List<CoreValType.Num>[]> all = new ArrayList<>();
    all.add(sig(List.of(CoreValType.Num.I32, CoreValType.Num.I32, CoreValType.Num.I32, CoreValType.Num.I32),
        List.of(CoreValType.Num.I32)));
    all.add(sig(List.of(CoreValType.Num.I32), List.of()));
    all.add(sig(List.of(CoreValType.Num.I32, CoreValType.Num.I32), List.of()));
    all.add(sig(List.of(), List.of(CoreValType.Num.I32)));
    all.addAll(sigs);
    List<String> names = new ArrayList<>(List.of("realloc", "spare-i32", "spare-ii", "ctor"));
    // export names are the component export names (kebab labels are valid core names)
    int k = 0;
    for (List<CoreValType.Num>[] ignored : sigs) {
      names.add("__export" + k++);
    }
    byte[] module = moduleBytes(all, names);
    add(new Section.CoreModule(Bytes.wrap(module), -1));
    add(new Section.CoreInstances(List.of(new CoreInstance.Instantiate(0, List.of(), -1)), -1));
    add(new Section.Aliases(List.of(new Alias(Sort.CORE_MEMORY, new Alias.CoreExport(0, "mem"), -1)), -1));
    memory = 0;
    realloc = coreExport("realloc");
    spareI32 = coreExport("spare-i32");
    spareII = coreExport("spare-ii");
  }

  @SuppressWarnings("unchecked")
  private static List<CoreValType.Num>[] sig(List<CoreValType.Num> p, List<CoreValType.Num> r) {
    return new List[] {p, r};
  }

  private static void leb(ByteArrayOutputStream o, long v) {
    do {
      int b = (int) (v & 0x7f);
      v >>>= 7;
      o.write(v != 0 ? b | 0x80 : b);
    } while (v != 0);
  }

  private static void name(ByteArrayOutputStream o, String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    leb(o, b.length);
    o.writeBytes(b);
  }

  private static void section(ByteArrayOutputStream out, int id, ByteArrayOutputStream body) {
    out.write(id);
    leb(out, body.size());
    out.writeBytes(body.toByteArray());
  }

  /** A core module: one function per signature (body {@code unreachable}), exported by name, and a memory. */
  static byte[] moduleBytes(List<List<CoreValType.Num>[]> sigs, List<String> names) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    ByteArrayOutputStream t = new ByteArrayOutputStream();
    leb(t, sigs.size());
    for (List<CoreValType.Num>[] s : sigs) {
      t.write(0x60);
      leb(t, s[0].size());
      s[0].forEach(v -> t.write(v.code()));
      leb(t, s[1].size());
      s[1].forEach(v -> t.write(v.code()));
    }
    section(out, 1, t);
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    leb(f, sigs.size());
    for (int i = 0; i < sigs.size(); i++) {
      leb(f, i);
    }
    section(out, 3, f);
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    m.writeBytes(new byte[] {1, 0, 1});
    section(out, 5, m);
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    leb(e, sigs.size() + 1);
    name(e, "mem");
    e.write(2);
    leb(e, 0);
    for (int i = 0; i < sigs.size(); i++) {
      name(e, names.get(i));
      e.write(0);
      leb(e, i);
    }
    section(out, 7, e);
    ByteArrayOutputStream c = new ByteArrayOutputStream();
    leb(c, sigs.size());
    for (int i = 0; i < sigs.size(); i++) {
      c.writeBytes(new byte[] {3, 0, 0x00, 0x0b});
    }
    section(out, 10, c);
    return out.toByteArray();
  }

  // ---- mutations: each appends what breaks one rule ----

  private void mutate(Spec s, Mutation m) {
    switch (m) {
      case DUPLICATE_IMPORT_NAME -> {
        int ft = type(new DefType.FuncDef(false, List.of(), null));
        add(new Section.Imports(List.of(
            new Import(ExternName.of("dup-name"), new ExternDesc.Func(ft), -1),
            new Import(ExternName.of("DUP-NAME"), new ExternDesc.Func(ft), -1)), -1));
      }
      case NON_KEBAB_LABEL -> type(new DefType.RecordDef(List.of(new DefType.Field("not_kebab", PrimValType.U8))));
      case EMPTY_RECORD -> type(new DefType.RecordDef(List.of()));
      case TYPE_INDEX_OUT_OF_BOUNDS -> add(new Section.Imports(List.of(
          new Import(ExternName.of("far-away"), new ExternDesc.Func(types + 1000), -1)), -1));
      case BORROW_IN_RESULT -> {
        int r = type(new DefType.ResourceDef(CoreValType.Num.I32, null, null));
        int b = type(new DefType.BorrowDef(r));
        type(new DefType.FuncDef(false, List.of(), new ValTypeRef.Index(b)));
      }
      case UNNAMED_TYPE_IN_EXPORT -> {
        int rec = type(new DefType.RecordDef(List.of(new DefType.Field("x", PrimValType.U32))));
        int ft = type(new DefType.FuncDef(false, List.of(new DefType.Param("r", new ValTypeRef.Index(rec))), null));
        lift("uses-unnamed", spareI32, ft, List.of());
      }
      case LIFT_SIGNATURE_MISMATCH -> {
        int ft = type(new DefType.FuncDef(false, List.of(), PrimValType.U32));
        lift("wrong-signature", spareI32, ft, List.of());
      }
      case MISSING_MEMORY_OPTION -> {
        int ft = type(new DefType.FuncDef(false, List.of(new DefType.Param("s", PrimValType.STRING)), null));
        lift("needs-memory", spareII, ft, List.of());
      }
      case RESOURCE_NEW_ON_IMPORT -> {
        add(new Section.Imports(List.of(new Import(ExternName.of("imported-res"),
            new ExternDesc.Type(new ExternDesc.SubResource()), -1)), -1));
        int r = types++;
        add(new Section.Canons(List.of(new CanonDef(new Canon.ResourceNew(r), -1)), -1));
      }
      case TOO_MANY_FLAGS -> {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
          labels.add("f" + i);
        }
        type(new DefType.FlagsDef(labels));
      }
      case MISSING_INSTANTIATE_ARG -> {
        int ft = type(new DefType.FuncDef(false, List.of(), null));
        nested(ft, false);
      }
      case OUTER_ALIAS_OF_RESOURCE -> {
        int r = type(new DefType.ResourceDef(CoreValType.Num.I32, null, null));
        add(new Section.NestedComponent(new Component(List.of(
            new Section.Aliases(List.of(new Alias(Sort.TYPE, new Alias.Outer(1, r), -1)), -1))), -1));
      }
      case CONSTRUCTOR_WITHOUT_RESOURCE -> {
        int ft = type(new DefType.FuncDef(false, List.of(), null));
        add(new Section.Imports(List.of(new Import(ExternName.of("[static]no-such-resource.make"),
            new ExternDesc.Func(ft), -1)), -1));
      }
      case DUPLICATE_FIELD_LABEL -> type(new DefType.RecordDef(List.of(
          new DefType.Field("same", PrimValType.U8), new DefType.Field("SAME", PrimValType.U8))));
    }
  }
}
