package dev.trellis.engine.wit;

import dev.trellis.engine.wit.Resolve.Function;
import dev.trellis.engine.wit.Resolve.FunctionKind;
import dev.trellis.engine.wit.Resolve.Interface;
import dev.trellis.engine.wit.Resolve.Package;
import dev.trellis.engine.wit.Resolve.Stability;
import dev.trellis.engine.wit.Resolve.TypeDef;
import dev.trellis.engine.wit.Resolve.TypeDefKind;
import dev.trellis.engine.wit.Resolve.TypeOwner;
import dev.trellis.engine.wit.Resolve.WitType;
import dev.trellis.engine.wit.Resolve.World;
import dev.trellis.engine.wit.Resolve.WorldItem;
import dev.trellis.engine.wit.Resolve.WorldKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Prints a {@link Resolve} as WIT text that parses back to the same packages: a main
 * package with a {@code package} header, other packages as nested {@code package ... { }}
 * blocks. Resource functions are printed inside their resource, types used from other
 * interfaces as {@code use} statements, and gates and doc comments are kept.
 */
public final class WitPrinter {
  private static final Set<String> KEYWORDS = Set.of("use", "type", "func", "u8", "u16", "u32", "u64", "s8", "s16",
      "s32", "s64", "f32", "f64", "char", "record", "resource", "own", "borrow", "flags", "variant", "enum", "bool",
      "string", "option", "result", "future", "stream", "error-context", "list", "map", "_", "as", "from", "static",
      "interface", "tuple", "import", "export", "world", "package", "constructor", "async", "include", "with");

  private final Resolve resolve;
  private final StringBuilder out = new StringBuilder();
  private int indent;
  /** The package being printed, for choosing short or qualified interface names. */
  private int currentPkg;

  private WitPrinter(Resolve resolve) {
    this.resolve = resolve;
  }

  /** Prints one package with a header, and {@code nested} packages as nested blocks after it. */
  public static String print(Resolve resolve, int mainPackage, List<Integer> nested) {
    WitPrinter p = new WitPrinter(resolve);
    p.printPackage(mainPackage, false);
    for (int n : nested) {
      if (n != mainPackage) {
        p.out.append('\n');
        p.printPackage(n, true);
      }
    }
    return p.out.toString();
  }

  /** Prints {@code main} with every other package of the resolve nested after it. */
  public static String printAll(Resolve resolve, int main) {
    List<Integer> others = new ArrayList<>();
    for (int id : resolve.topologicalPackages()) {
      if (id != main) {
        others.add(id);
      }
    }
    return print(resolve, main, others);
  }

  /** Prints only the given package (references to other packages stay qualified). */
  public static String printPackage(Resolve resolve, int pkg) {
    return print(resolve, pkg, List.of());
  }

  // ------------------------------------------------------------------ packages

  private void printPackage(int pkgId, boolean nested) {
    currentPkg = pkgId;
    Package pkg = resolve.packages.get(pkgId);
    docs(pkg.docs);
    line("package " + packageName(pkg.name) + (nested ? " {" : ";"));
    if (nested) {
      indent++;
    } else {
      out.append('\n');
    }
    boolean first = true;
    for (var e : pkg.interfaces.entrySet()) {
      if (!first) {
        out.append('\n');
      }
      first = false;
      Interface iface = resolve.interfaces.get(e.getValue());
      docs(iface.docs);
      stability(iface.stability);
      line("interface " + id(e.getKey()) + " {");
      indent++;
      interfaceBody(e.getValue());
      indent--;
      line("}");
    }
    for (var e : pkg.worlds.entrySet()) {
      if (!first) {
        out.append('\n');
      }
      first = false;
      world(e.getValue());
    }
    if (nested) {
      indent--;
      line("}");
    }
  }

  private static String packageName(Resolve.PackageName n) {
    return id(n.namespace()) + ":" + id(n.name()) + (n.version() == null ? "" : "@" + n.version());
  }

  // ------------------------------------------------------------------ interfaces

  private void interfaceBody(int ifaceId) {
    Interface iface = resolve.interfaces.get(ifaceId);
    TypeOwner owner = new TypeOwner.OfInterface(ifaceId);
    boolean any = uses(iface.types.values(), owner);
    // Types keep their order, and functions theirs: a free function listed before a
    // resource's functions is printed before that resource.
    List<Integer> types = new ArrayList<>();
    for (int tid : iface.types.values()) {
      if (!isUse(resolve.types.get(tid), owner)) {
        types.add(tid);
      }
    }
    List<Function> funcs = new ArrayList<>(iface.functions.values());
    int lastResourceFunc = -1;
    for (int i = 0; i < funcs.size(); i++) {
      if (!(funcs.get(i).kind() instanceof FunctionKind.Freestanding)) {
        lastResourceFunc = i;
      }
    }
    int next = 0;
    List<Function> deferred = new ArrayList<>();
    for (int i = 0; i < funcs.size(); i++) {
      Function f = funcs.get(i);
      if (f.kind() instanceof FunctionKind.Freestanding) {
        if (i < lastResourceFunc) {
          any = freeFunction(f, any);
        } else {
          deferred.add(f);
        }
        continue;
      }
      int res = resourceOf(f);
      int at = types.indexOf(res);
      while (next <= at) {
        any = typeDef(types.get(next++), any, funcs);
      }
    }
    while (next < types.size()) {
      any = typeDef(types.get(next++), any, funcs);
    }
    for (Function f : deferred) {
      any = freeFunction(f, any);
    }
  }

  private boolean typeDef(int tid, boolean any, List<Function> funcs) {
    if (any) {
      out.append('\n');
    }
    typeDef(tid, resolve.types.get(tid), funcs);
    return true;
  }

  private boolean freeFunction(Function f, boolean any) {
    if (any) {
      out.append('\n');
    }
    docs(f.docs());
    stability(f.stability());
    line(id(f.name()) + ": " + funcType(f, false) + ";");
    return true;
  }

  private static int resourceOf(Function f) {
    return switch (f.kind()) {
      case FunctionKind.Method m -> m.resource();
      case FunctionKind.Static s -> s.resource();
      case FunctionKind.Constructor c -> c.resource();
      case FunctionKind.Freestanding x -> -1;
    };
  }

  /** A type that is a {@code use} of another interface's type. */
  private boolean isUse(TypeDef td, TypeOwner owner) {
    return td.kind() instanceof TypeDefKind.Alias(WitType.Ref(int other))
        && resolve.types.get(other).owner() instanceof TypeOwner.OfInterface
        && !resolve.types.get(other).owner().equals(owner) && resolve.types.get(other).name() != null;
  }

  /** Prints the {@code use} statements for the types in {@code types} that come from other interfaces. */
  private boolean uses(Iterable<Integer> types, TypeOwner owner) {
    // group consecutive uses from the same interface with the same gate into one statement
    List<String> keys = new ArrayList<>();
    List<List<String>> groups = new ArrayList<>();
    List<Stability> gates = new ArrayList<>();
    for (int tid : types) {
      TypeDef td = resolve.types.get(tid);
      if (!isUse(td, owner)) {
        continue;
      }
      int other = ((WitType.Ref) ((TypeDefKind.Alias) td.kind()).target()).id();
      TypeDef target = resolve.types.get(other);
      int from = ((TypeOwner.OfInterface) target.owner()).id();
      String path = interfacePath(from);
      String key = path + "\u0000" + td.stability();
      String name = target.name().equals(td.name()) ? id(td.name()) : id(target.name()) + " as " + id(td.name());
      if (keys.isEmpty() || !keys.get(keys.size() - 1).equals(key)) {
        keys.add(key);
        groups.add(new ArrayList<>());
        gates.add(td.stability());
      }
      groups.get(groups.size() - 1).add(name);
    }
    for (int i = 0; i < keys.size(); i++) {
      stability(gates.get(i));
      line("use " + keys.get(i).substring(0, keys.get(i).indexOf('\u0000')) + ".{"
          + String.join(", ", groups.get(i)) + "};");
    }
    return !keys.isEmpty();
  }

  /** How to name interface {@code id} from the package being printed. */
  private String interfacePath(int ifaceId) {
    Interface i = resolve.interfaces.get(ifaceId);
    if (i.name == null) {
      throw new IllegalStateException("cannot refer to an anonymous interface");
    }
    if (i.pkg != null && i.pkg == currentPkg) {
      return id(i.name);
    }
    Resolve.PackageName n = resolve.packages.get(i.pkg).name;
    return id(n.namespace()) + ":" + id(n.name()) + "/" + id(i.name) + (n.version() == null ? "" : "@" + n.version());
  }

  private void typeDef(int tid, TypeDef td, Iterable<Function> funcs) {
    docs(td.docs());
    stability(td.stability());
    String name = id(td.name());
    switch (td.kind()) {
      case TypeDefKind.Record r -> {
        line("record " + name + " {");
        indent++;
        for (Resolve.Field f : r.fields()) {
          docs(f.docs());
          line(id(f.name()) + ": " + type(f.type()) + ",");
        }
        indent--;
        line("}");
      }
      case TypeDefKind.Variant v -> {
        line("variant " + name + " {");
        indent++;
        for (Resolve.Case c : v.cases()) {
          docs(c.docs());
          line(id(c.name()) + (c.type() == null ? "" : "(" + type(c.type()) + ")") + ",");
        }
        indent--;
        line("}");
      }
      case TypeDefKind.Enum e -> {
        line("enum " + name + " {");
        indent++;
        for (Resolve.EnumCase c : e.cases()) {
          docs(c.docs());
          line(id(c.name()) + ",");
        }
        indent--;
        line("}");
      }
      case TypeDefKind.Flags f -> {
        line("flags " + name + " {");
        indent++;
        for (Resolve.Flag fl : f.flags()) {
          docs(fl.docs());
          line(id(fl.name()) + ",");
        }
        indent--;
        line("}");
      }
      case TypeDefKind.Resource r -> {
        List<Function> members = new ArrayList<>();
        for (Function f : funcs) {
          if (resourceOf(f) == tid) {
            members.add(f);
          }
        }
        if (members.isEmpty()) {
          line("resource " + name + ";");
          break;
        }
        line("resource " + name + " {");
        indent++;
        for (Function f : members) {
          docs(f.docs());
          stability(f.stability());
          switch (f.kind()) {
            case FunctionKind.Constructor c -> {
              String ret = "";
              if (f.result() != null && !isImplicitOwn(f.result(), tid)) {
                ret = " -> " + type(f.result());
              }
              line("constructor" + params(f, false) + ret + ";");
            }
            case FunctionKind.Static s -> line(id(f.itemName()) + ": static " + funcType(f, false) + ";");
            default -> line(id(f.itemName()) + ": " + funcType(f, true) + ";");
          }
        }
        indent--;
        line("}");
      }
      default -> line("type " + name + " = " + kindText(td.kind()) + ";");
    }
  }

  /** Whether {@code t} is the implicit {@code own<resource>} a constructor returns. */
  private boolean isImplicitOwn(WitType t, int resource) {
    if (!(t instanceof WitType.Ref(int id))) {
      return false;
    }
    if (id == resource) {
      return true;
    }
    TypeDef td = resolve.types.get(id);
    return td.name() == null && td.kind() instanceof TypeDefKind.Own(int r) && r == resource;
  }

  private String funcType(Function f, boolean method) {
    boolean async = switch (f.kind()) {
      case FunctionKind.Freestanding k -> k.async();
      case FunctionKind.Method m -> m.async();
      case FunctionKind.Static s -> s.async();
      case FunctionKind.Constructor c -> false;
    };
    String s = (async ? "async " : "") + "func" + params(f, method);
    if (f.result() != null) {
      s += " -> " + type(f.result());
    }
    return s;
  }

  private String params(Function f, boolean skipSelf) {
    List<String> ps = new ArrayList<>();
    for (int i = skipSelf ? 1 : 0; i < f.params().size(); i++) {
      Resolve.Param p = f.params().get(i);
      ps.add(id(p.name()) + ": " + type(p.type()));
    }
    return "(" + String.join(", ", ps) + ")";
  }

  // ------------------------------------------------------------------ types

  private String type(WitType t) {
    return switch (t) {
      case WitType.Primitive p -> p.type().text();
      case WitType.Ref r -> {
        TypeDef td = resolve.types.get(r.id());
        if (td.name() != null) {
          yield id(td.name());
        }
        if (td.kind() instanceof TypeDefKind.Own(int res)) {
          yield id(resolve.types.get(res).name()); // an anonymous own<T> is written `T`
        }
        yield kindText(td.kind());
      }
    };
  }

  private String kindText(TypeDefKind k) {
    return switch (k) {
      case TypeDefKind.Alias a -> type(a.target());
      case TypeDefKind.Own o -> "own<" + id(resolve.types.get(o.resource()).name()) + ">";
      case TypeDefKind.Borrow b -> "borrow<" + id(resolve.types.get(b.resource()).name()) + ">";
      case TypeDefKind.Tuple t -> "tuple<" + String.join(", ", t.types().stream().map(this::type).toList()) + ">";
      case TypeDefKind.ListOf l -> "list<" + type(l.element()) + ">";
      case TypeDefKind.FixedList l -> "list<" + type(l.element()) + ", " + l.length() + ">";
      case TypeDefKind.MapOf m -> "map<" + type(m.key()) + ", " + type(m.value()) + ">";
      case TypeDefKind.Option o -> "option<" + type(o.type()) + ">";
      case TypeDefKind.Result r -> r.ok() == null && r.err() == null ? "result"
          : r.err() == null ? "result<" + type(r.ok()) + ">"
          : "result<" + (r.ok() == null ? "_" : type(r.ok())) + ", " + type(r.err()) + ">";
      case TypeDefKind.Future f -> f.type() == null ? "future" : "future<" + type(f.type()) + ">";
      case TypeDefKind.Stream s -> s.type() == null ? "stream" : "stream<" + type(s.type()) + ">";
      default -> throw new IllegalStateException("not printable inline: " + k);
    };
  }

  // ------------------------------------------------------------------ worlds

  private void world(int worldId) {
    World w = resolve.worlds.get(worldId);
    docs(w.docs);
    stability(w.stability);
    line("world " + id(w.name) + " {");
    indent++;
    TypeOwner owner = new TypeOwner.OfWorld(worldId);
    List<Function> worldFuncs = new ArrayList<>();
    for (WorldItem item : w.imports.values()) {
      if (item instanceof WorldItem.FunctionItem fi) {
        worldFuncs.add(fi.function());
      }
    }
    boolean any = false;
    for (var e : w.imports.entrySet()) {
      if (e.getValue() instanceof WorldItem.InterfaceItem ii) {
        externInterface("import", e.getKey(), ii);
        any = true;
      }
    }
    List<Integer> types = new ArrayList<>();
    for (WorldItem item : w.imports.values()) {
      if (item instanceof WorldItem.TypeItem ti) {
        types.add(ti.id());
      }
    }
    any |= uses(types, owner);
    for (int tid : types) {
      TypeDef td = resolve.types.get(tid);
      if (isUse(td, owner)) {
        continue;
      }
      if (any) {
        out.append('\n');
      }
      any = true;
      typeDef(tid, td, worldFuncs);
    }
    boolean funcs = false;
    for (var e : w.imports.entrySet()) {
      if (e.getValue() instanceof WorldItem.FunctionItem fi
          && fi.function().kind() instanceof FunctionKind.Freestanding) {
        if (any && !funcs) {
          out.append('\n');
        }
        funcs = true;
        any = true;
        Function f = fi.function();
        docs(f.docs());
        stability(f.stability());
        line("import " + id(f.name()) + ": " + funcType(f, false) + ";");
      }
    }
    boolean first = true;
    for (var e : w.exports.entrySet()) {
      if (first && any) {
        out.append('\n');
      }
      first = false;
      switch (e.getValue()) {
        case WorldItem.InterfaceItem ii -> externInterface("export", e.getKey(), ii);
        case WorldItem.FunctionItem fi -> {
          Function f = fi.function();
          docs(f.docs());
          stability(f.stability());
          line("export " + id(f.name()) + ": " + funcType(f, false) + ";");
        }
        case WorldItem.TypeItem ti -> throw new IllegalStateException("type export");
      }
    }
    indent--;
    line("}");
  }

  private void externInterface(String dir, WorldKey key, WorldItem.InterfaceItem item) {
    Interface iface = resolve.interfaces.get(item.id());
    switch (key) {
      case WorldKey.Iface k -> {
        stability(item.stability());
        line(dir + " " + interfacePath(item.id()) + ";");
      }
      case WorldKey.Name n when iface.name == null -> {
        docs(iface.docs);
        stability(iface.stability);
        line(dir + " " + id(n.name()) + ": interface {");
        indent++;
        interfaceBody(item.id());
        indent--;
        line("}");
      }
      case WorldKey.Name n -> {
        stability(item.stability());
        line(dir + " " + id(n.name()) + ": " + interfacePath(item.id()) + ";");
      }
    }
  }

  // ------------------------------------------------------------------ text

  private void stability(Stability s) {
    switch (s) {
      case Stability.Unknown u -> { }
      case Stability.Stable st -> {
        line("@since(version = " + st.since() + ")");
        if (st.deprecated() != null) {
          line("@deprecated(version = " + st.deprecated() + ")");
        }
      }
      case Stability.Unstable un -> {
        line("@unstable(feature = " + id(un.feature()) + ")");
        if (un.deprecated() != null) {
          line("@deprecated(version = " + un.deprecated() + ")");
        }
      }
    }
  }

  private void docs(String docs) {
    if (docs == null) {
      return;
    }
    for (String l : docs.split("\n", -1)) {
      line(l.isEmpty() ? "///" : "/// " + l);
    }
  }

  private void line(String s) {
    out.append("  ".repeat(indent)).append(s).append('\n');
  }

  /** An identifier, {@code %}-escaped when it is a keyword. */
  static String id(String name) {
    return KEYWORDS.contains(name) ? "%" + name : name;
  }
}
