package dev.trellis.engine.wit;

import dev.trellis.engine.binary.Alias;
import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.binary.Decl;
import dev.trellis.engine.binary.DefType;
import dev.trellis.engine.binary.ExternDesc;
import dev.trellis.engine.binary.ExternName;
import dev.trellis.engine.binary.PrimValType;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.binary.Sort;
import dev.trellis.engine.binary.ValTypeRef;
import dev.trellis.engine.error.TrellisException;
import dev.trellis.engine.error.WitException;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.wit.Resolve.Function;
import dev.trellis.engine.wit.Resolve.FunctionKind;
import dev.trellis.engine.wit.Resolve.Interface;
import dev.trellis.engine.wit.Resolve.Package;
import dev.trellis.engine.wit.Resolve.PackageName;
import dev.trellis.engine.wit.Resolve.Param;
import dev.trellis.engine.wit.Resolve.QualifiedName;
import dev.trellis.engine.wit.Resolve.Stability;
import dev.trellis.engine.wit.Resolve.TypeDef;
import dev.trellis.engine.wit.Resolve.TypeDefKind;
import dev.trellis.engine.wit.Resolve.TypeOwner;
import dev.trellis.engine.wit.Resolve.WitType;
import dev.trellis.engine.wit.Resolve.World;
import dev.trellis.engine.wit.Resolve.WorldItem;
import dev.trellis.engine.wit.Resolve.WorldKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decodes WIT encoded as component types (WIT.md#package-format) back into a
 * {@link Resolve}: a package component (one exported component type per interface or
 * world), or the world a {@code component-type} section describes. Interfaces of other
 * packages are rebuilt from what the encoding says of them (the types and functions used).
 */
final class WitDecoding {
  private final Resolve r;
  private final String path;

  private WitDecoding(Resolve r, String path) {
    this.r = r;
    this.path = path;
  }

  /** Decodes a component binary holding a WIT package into {@code resolve}; returns the package ids added. */
  static List<Integer> pushEncoded(Resolve resolve, byte[] bytes, String path) {
    if (!WitLoader.isWasm(bytes)) {
      bytes = assembleText(bytes, path);
    }
    Component c;
    try {
      c = ComponentDecoder.decode(bytes);
    } catch (TrellisException e) {
      throw unlocated(path, "not a component: " + e.getMessage());
    }
    return new WitDecoding(resolve, path).decodePackage(c);
  }

  /**
   * Reads what a binary or text file says about WIT: an encoded WIT package, the world of an
   * actual component (its validated type), or the worlds a core module carries in
   * {@code component-type} custom sections.
   */
  static Wit.Parsed read(byte[] bytes, String path) {
    if (!WitLoader.isWasm(bytes)) {
      bytes = assembleText(bytes, path);
    }
    if (dev.trellis.engine.binary.Wasm.isCoreModule(bytes)) {
      Resolve resolve = new Resolve();
      resolve.allFeatures = true;
      List<Integer> ids = new ArrayList<>();
      for (byte[] section : coreCustomSections(bytes, path, "component-type")) {
        for (int id : pushEncoded(resolve, section, path)) {
          if (!ids.contains(id)) {
            ids.add(id);
          }
        }
      }
      if (ids.isEmpty()) {
        throw unlocated(path, "core module has no component-type custom section");
      }
      return new Wit.Parsed(resolve, ids);
    }
    Component c;
    try {
      c = ComponentDecoder.decode(bytes);
    } catch (TrellisException e) {
      throw unlocated(path, "not a component: " + e.getMessage());
    }
    if (isWitPackage(c)) {
      Resolve resolve = new Resolve();
      resolve.allFeatures = true;
      return new Wit.Parsed(resolve, new WitDecoding(resolve, path).decodePackage(c));
    }
    dev.trellis.engine.validate.ComponentInfo info;
    try {
      info = dev.trellis.engine.validate.Validator.validate(c, dev.trellis.engine.validate.Features.ALL);
    } catch (TrellisException e) {
      throw unlocated(path, "invalid component: " + e.getMessage());
    }
    java.util.Map<String, String> importImpl = new java.util.HashMap<>();
    java.util.Map<String, String> exportImpl = new java.util.HashMap<>();
    for (Section s : c.sections()) {
      switch (s) {
        case Section.Imports im -> im.items().forEach(i -> implementsOf(i.name(), importImpl));
        case Section.Exports ex -> ex.items().forEach(e -> implementsOf(e.name(), exportImpl));
        default -> { }
      }
    }
    return ComponentWorld.decode(info.type(), importImpl, exportImpl);
  }

  private static void implementsOf(ExternName name, java.util.Map<String, String> out) {
    for (ExternName.Attribute a : name.attributes()) {
      if (a instanceof ExternName.Implements(String in)) {
        out.put(name.name(), in);
      }
    }
  }

  /** True when every section is a type definition, a type export or a custom section. */
  static boolean isWitPackage(Component c) {
    boolean any = false;
    for (Section s : c.sections()) {
      switch (s) {
        case Section.Types t -> any = true;
        case Section.Custom cs -> { }
        case Section.Exports ex -> {
          for (dev.trellis.engine.binary.Export e : ex.items()) {
            if (e.item().sort() != Sort.TYPE) {
              return false;
            }
          }
        }
        default -> {
          return false;
        }
      }
    }
    return any;
  }

  /** The payloads of a core module's custom sections whose names start with {@code prefix}. */
  static List<byte[]> coreCustomSections(byte[] module, String path, String prefix) {
    List<byte[]> out = new ArrayList<>();
    int pos = 8;
    while (pos < module.length) {
      int id = module[pos++] & 0xff;
      long[] size = leb(module, pos, path);
      pos = (int) size[1];
      int end = pos + (int) size[0];
      if (size[0] < 0 || end > module.length || end < pos) {
        throw unlocated(path, "malformed core module: section runs past the end");
      }
      if (id == 0) {
        long[] len = leb(module, pos, path);
        int nameStart = (int) len[1];
        int nameEnd = nameStart + (int) len[0];
        if (nameEnd > end || nameEnd < nameStart) {
          throw unlocated(path, "malformed core module: custom section name runs past its section");
        }
        String name = new String(module, nameStart, nameEnd - nameStart, java.nio.charset.StandardCharsets.UTF_8);
        if (name.startsWith(prefix)) {
          out.add(java.util.Arrays.copyOfRange(module, nameEnd, end));
        }
      }
      pos = end;
    }
    return out;
  }

  private static long[] leb(byte[] b, int pos, String path) {
    long result = 0;
    int shift = 0;
    while (true) {
      if (pos >= b.length || shift > 28) {
        throw unlocated(path, "malformed core module: bad LEB128");
      }
      int x = b[pos++] & 0xff;
      result |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        return new long[] {result, pos};
      }
      shift += 7;
    }
  }

  private static byte[] assembleText(byte[] bytes, String path) {
    try {
      return dev.trellis.engine.text.ComponentWat.assemble(
          new String(bytes, java.nio.charset.StandardCharsets.UTF_8), path,
          dev.trellis.engine.text.ComponentWat.Options.DEFAULT);
    } catch (TrellisException e) {
      throw unlocated(path, "not a component in text form: " + e.getMessage());
    }
  }

  private WitException error(String message) {
    return unlocated(path, message);
  }

  /** An error about a whole binary file: named in the message, with no line or column. */
  static WitException unlocated(String path, String message) {
    return new WitException(null, 0, 0, path == null ? message : path + ": " + message);
  }

  // ------------------------------------------------------------------ entries of index spaces

  /** What one type index of a scope denotes. */
  private sealed interface Entry {}

  /** A WIT type of the resolve. */
  private record Known(int id) implements Entry {}

  /** A value type definition not yet turned into a WIT type. */
  private static final class Def implements Entry {
    final DefType def;
    Integer materialized;

    Def(DefType def) {
      this.def = def;
    }
  }

  /** An instance, component or function type. */
  private record Other(DefType def) implements Entry {}

  /** The index spaces of one component or instance type being decoded. */
  private final class Scope {
    final Scope parent;
    final List<Entry> types = new ArrayList<>();
    /** Instance index → the interface it is. */
    final List<Integer> instances = new ArrayList<>();

    Scope(Scope parent) {
      this.parent = parent;
    }

    Entry type(int idx) {
      if (idx < 0 || idx >= types.size()) {
        throw error("type index " + idx + " out of bounds");
      }
      return types.get(idx);
    }

    /** The WIT type at {@code idx} (anonymous definitions become anonymous WIT types). */
    int wit(int idx) {
      return switch (type(idx)) {
        case Known k -> k.id();
        case Def d -> {
          if (d.materialized == null) {
            d.materialized = newType(null, kind(d.def, this), TypeOwner.NONE);
          }
          yield d.materialized;
        }
        case Other o -> throw error("type index " + idx + " is not a value type");
      };
    }

    WitType val(ValTypeRef v) {
      return switch (v) {
        case PrimValType p -> WitType.of(prim(p));
        case ValTypeRef.Index i -> new WitType.Ref(wit(i.index()));
      };
    }
  }

  /** Deeper types than this are rejected: they could only be built to exhaust the stack of a consumer. */
  static final int MAX_TYPE_DEPTH = 1000;
  private final java.util.Map<Integer, Integer> depths = new java.util.HashMap<>();

  private int newType(String name, TypeDefKind kind, TypeOwner owner) {
    int depth = 1;
    for (WitType t : Remap.refs(kind)) {
      if (t instanceof WitType.Ref(int id)) {
        depth = Math.max(depth, 1 + depths.getOrDefault(id, 1));
      }
    }
    if (depth > MAX_TYPE_DEPTH) {
      throw error("type nesting too deep (more than " + MAX_TYPE_DEPTH + " levels)");
    }
    r.types.add(new TypeDef(name, kind, owner, null, Stability.UNKNOWN));
    depths.put(r.types.size() - 1, depth);
    return r.types.size() - 1;
  }

  private static PrimType prim(PrimValType p) {
    return PrimType.valueOf(p.name());
  }

  private TypeDefKind kind(DefType def, Scope s) {
    return switch (def) {
      case DefType.PrimitiveDef p -> new TypeDefKind.Alias(WitType.of(prim(p.type())));
      case DefType.RecordDef rec -> new TypeDefKind.Record(rec.fields().stream()
          .map(f -> new Resolve.Field(f.label(), s.val(f.type()), null)).toList());
      case DefType.VariantDef v -> new TypeDefKind.Variant(v.cases().stream()
          .map(c -> new Resolve.Case(c.label(), c.type() == null ? null : s.val(c.type()), null)).toList());
      case DefType.ListDef l -> new TypeDefKind.ListOf(s.val(l.element()));
      case DefType.FixedListDef l -> new TypeDefKind.FixedList(s.val(l.element()), (int) l.length());
      case DefType.TupleDef t -> new TypeDefKind.Tuple(t.types().stream().map(s::val).toList());
      case DefType.FlagsDef f -> new TypeDefKind.Flags(f.labels().stream().map(l -> new Resolve.Flag(l, null)).toList());
      case DefType.EnumDef e -> new TypeDefKind.Enum(e.labels().stream().map(l -> new Resolve.EnumCase(l, null))
          .toList());
      case DefType.OptionDef o -> new TypeDefKind.Option(s.val(o.type()));
      case DefType.ResultDef res -> new TypeDefKind.Result(res.ok() == null ? null : s.val(res.ok()),
          res.error() == null ? null : s.val(res.error()));
      case DefType.OwnDef o -> new TypeDefKind.Own(s.wit(o.resource()));
      case DefType.BorrowDef b -> new TypeDefKind.Borrow(s.wit(b.resource()));
      case DefType.StreamDef st -> new TypeDefKind.Stream(st.element() == null ? null : s.val(st.element()));
      case DefType.FutureDef f -> new TypeDefKind.Future(f.element() == null ? null : s.val(f.element()));
      case DefType.MapDef m -> new TypeDefKind.MapOf(s.val(m.key()), s.val(m.value()));
      default -> throw error("not a value type definition: " + def.getClass().getSimpleName());
    };
  }

  // ------------------------------------------------------------------ packages

  private List<Integer> decodePackage(Component c) {
    Scope top = new Scope(null);
    Set<Integer> added = new LinkedHashSet<>();
    byte[] docs = null;
    int mainPkg = -1;
    for (Section section : c.sections()) {
      switch (section) {
        case Section.Types t -> {
          for (dev.trellis.engine.binary.TypeDef td : t.items()) {
            top.types.add(new Other(td.type()));
          }
        }
        case Section.Exports ex -> {
          for (dev.trellis.engine.binary.Export e : ex.items()) {
            if (e.item().sort() != Sort.TYPE || !(top.type(e.item().index()) instanceof Other(
                DefType.ComponentDef def))) {
              throw error("export `" + e.name().name() + "` is not a WIT interface or world type");
            }
            mainPkg = decodeItem(def, e.name().name(), added);
            top.types.add(top.type(e.item().index()));
          }
        }
        case Section.Custom cs -> {
          if (cs.name().equals("package-docs")) {
            docs = cs.data().toArray();
          }
        }
        default -> throw error("a WIT package holds only type definitions and their exports");
      }
    }
    if (mainPkg < 0) {
      throw error("no WIT interfaces or worlds in this component");
    }
    if (docs != null) {
      WitMetadata.apply(r, mainPkg, docs);
    }
    List<Integer> out = new ArrayList<>(added);
    out.remove((Integer) mainPkg);
    out.add(mainPkg);
    return out;
  }

  /** {@code (component ... (export "ns:pkg/name" (instance|component ...)))}; returns the package id. */
  private int decodeItem(DefType.ComponentDef def, String name, Set<Integer> added) {
    Scope s = new Scope(null);
    Integer pkg = null;
    for (Decl d : def.decls()) {
      switch (d) {
        case Decl.TypeDecl t -> s.types.add(t.type() instanceof DefType.InstanceDef || t.type() instanceof
            DefType.ComponentDef || t.type() instanceof DefType.FuncDef ? new Other(t.type()) : new Def(t.type()));
        case Decl.ImportDecl imp -> {
          if (!(imp.desc() instanceof ExternDesc.Instance(int ti))) {
            throw error("interface `" + name + "` imports something other than an interface");
          }
          int iface = namedInterface(imp.name().name(), added);
          instance(s, ti, iface, true);
        }
        case Decl.AliasDecl a -> s.types.add(alias(s, a.alias()));
        case Decl.ExportDecl exp -> {
          String qualified = exp.name().name();
          QualifiedName q = QualifiedName.parse(qualified);
          if (q == null || !q.item().equals(name)) {
            throw error("`" + name + "` exports `" + qualified + "`, not an item named `" + name + "`");
          }
          pkg = packageId(q.pkg(), added);
          switch (exp.desc()) {
            case ExternDesc.Instance(int ti) -> instance(s, ti, namedInterface(qualified, added), true);
            case ExternDesc.Component(int ti) -> {
              if (!(s.type(ti) instanceof Other(DefType.ComponentDef world))) {
                throw error("world `" + name + "` is not a component type");
              }
              decodeWorld(world, pkg, name, added);
            }
            default -> throw error("`" + name + "` is neither an interface nor a world");
          }
        }
        case Decl.CoreTypeDecl ct -> throw error("core types have no WIT form");
      }
    }
    if (pkg == null) {
      throw error("`" + name + "` exports no interface or world");
    }
    return pkg;
  }

  private int packageId(PackageName name, Set<Integer> added) {
    Integer id = r.packageNames.get(name);
    if (id == null) {
      id = r.packages.size();
      r.packages.add(new Package(name, null));
      r.packageNames.put(name, id);
    }
    added.add(id);
    return id;
  }

  /** The interface {@code ns:pkg/name@v}, created (empty) when not known yet. */
  private int namedInterface(String qualified, Set<Integer> added) {
    QualifiedName q = QualifiedName.parse(qualified);
    if (q == null) {
      throw error("`" + qualified + "` is not an interface name");
    }
    int pkg = packageId(q.pkg(), added);
    Package p = r.packages.get(pkg);
    Integer id = p.interfaces.get(q.item());
    if (id == null) {
      Interface i = new Interface(q.item());
      i.pkg = pkg;
      id = r.interfaces.size();
      r.interfaces.add(i);
      p.interfaces.put(q.item(), id);
    }
    return id;
  }

  private Entry alias(Scope s, Alias a) {
    if (a.sort() != Sort.TYPE) {
      throw error("only type aliases appear in WIT encodings");
    }
    return switch (a.target()) {
      case Alias.Export e -> {
        if (e.instance() < 0 || e.instance() >= s.instances.size()) {
          throw error("instance index " + e.instance() + " out of bounds");
        }
        Integer t = r.interfaces.get(s.instances.get(e.instance())).types.get(e.name());
        if (t == null) {
          throw error("instance has no type `" + e.name() + "`");
        }
        yield new Known(t);
      }
      case Alias.Outer o -> {
        Scope target = s;
        for (int i = 0; i < o.count(); i++) {
          target = target.parent;
          if (target == null) {
            throw error("outer alias count " + o.count() + " out of bounds");
          }
        }
        yield new Known(target.wit(o.index()));
      }
      case Alias.CoreExport ce -> throw error("core aliases have no WIT form");
    };
  }

  /**
   * Decodes the instance type at {@code typeIdx} of {@code s} as interface {@code iface},
   * adding the types and functions it does not have yet; records the instance in {@code s}.
   */
  private void instance(Scope s, int typeIdx, int iface, boolean record) {
    if (!(s.type(typeIdx) instanceof Other(DefType.InstanceDef def))) {
      throw error("type index " + typeIdx + " is not an instance type");
    }
    Interface target = r.interfaces.get(iface);
    Scope in = new Scope(s);
    TypeOwner owner = new TypeOwner.OfInterface(iface);
    for (Decl d : def.decls()) {
      switch (d) {
        case Decl.TypeDecl t -> in.types.add(t.type() instanceof DefType.FuncDef ? new Other(t.type())
            : new Def(t.type()));
        case Decl.AliasDecl a -> in.types.add(alias(in, a.alias()));
        case Decl.ExportDecl e -> {
          String name = e.name().name();
          switch (e.desc()) {
            case ExternDesc.Type(ExternDesc.TypeBound bound) -> {
              Integer existing = target.types.get(name);
              if (existing == null) {
                existing = namedType(in, name, bound, owner);
                target.types.put(name, existing);
              }
              in.types.add(new Known(existing));
            }
            case ExternDesc.Func(int ft) -> {
              if (!target.functions.containsKey(name)) {
                target.functions.put(name, function(in, name, ft, target.types));
              }
            }
            default -> throw error("interface exports something other than a type or function: " + name);
          }
        }
        default -> throw error("unexpected declaration in an instance type");
      }
    }
    if (record) {
      s.instances.add(iface);
    }
  }

  /** A named type introduced by an export or import with {@code bound}. */
  private int namedType(Scope s, String name, ExternDesc.TypeBound bound, TypeOwner owner) {
    return switch (bound) {
      case ExternDesc.SubResource sr -> newType(name, TypeDefKind.RESOURCE, owner);
      case ExternDesc.Eq eq -> switch (s.type(eq.type())) {
        case Known k -> newType(name, new TypeDefKind.Alias(new WitType.Ref(k.id())), owner);
        case Def d when d.materialized == null -> {
          int id = newType(name, kind(d.def, s), owner);
          d.materialized = id;
          yield id;
        }
        case Def d -> newType(name, new TypeDefKind.Alias(new WitType.Ref(d.materialized)), owner);
        case Other o -> throw error("type `" + name + "` is not a value type");
      };
    };
  }

  private Function function(Scope s, String name, int ft, java.util.Map<String, Integer> types) {
    if (!(s.type(ft) instanceof Other(DefType.FuncDef def))) {
      throw error("function `" + name + "` does not have a function type");
    }
    List<Param> params = new ArrayList<>();
    for (DefType.Param p : def.params()) {
      params.add(new Param(p.label(), s.val(p.type())));
    }
    WitType result = def.result() == null ? null : s.val(def.result());
    FunctionKind kind;
    if (name.startsWith("[constructor]")) {
      kind = new FunctionKind.Constructor(resource(types, name.substring(13), name));
    } else if (name.startsWith("[method]") || name.startsWith("[static]")) {
      String rest = name.substring(8);
      int dot = rest.indexOf('.');
      if (dot < 0) {
        throw error("malformed function name `" + name + "`");
      }
      int res = resource(types, rest.substring(0, dot), name);
      kind = name.startsWith("[method]") ? new FunctionKind.Method(res, def.async())
          : new FunctionKind.Static(res, def.async());
    } else {
      kind = new FunctionKind.Freestanding(def.async());
    }
    return new Function(name, kind, params, result, null, Stability.UNKNOWN);
  }

  private int resource(java.util.Map<String, Integer> types, String name, String func) {
    Integer id = types.get(name);
    if (id == null) {
      throw error("function `" + func + "` names resource `" + name + "`, which is not defined");
    }
    return id;
  }

  // ------------------------------------------------------------------ worlds

  private void decodeWorld(DefType.ComponentDef def, int pkg, String name, Set<Integer> added) {
    Package p = r.packages.get(pkg);
    if (p.worlds.containsKey(name)) {
      throw error("world `" + name + "` is defined twice");
    }
    World w = new World(name);
    w.pkg = pkg;
    int wid = r.worlds.size();
    r.worlds.add(w);
    p.worlds.put(name, wid);
    TypeOwner owner = new TypeOwner.OfWorld(wid);
    java.util.Map<String, Integer> worldTypes = new java.util.HashMap<>();
    Scope s = new Scope(null);
    for (Decl d : def.decls()) {
      switch (d) {
        case Decl.TypeDecl t -> s.types.add(t.type() instanceof DefType.InstanceDef || t.type() instanceof
            DefType.ComponentDef || t.type() instanceof DefType.FuncDef ? new Other(t.type()) : new Def(t.type()));
        case Decl.AliasDecl a -> s.types.add(alias(s, a.alias()));
        case Decl.ImportDecl imp -> worldItem(s, w, owner, worldTypes, imp.name(), imp.desc(), true, pkg, added);
        case Decl.ExportDecl exp -> worldItem(s, w, owner, worldTypes, exp.name(), exp.desc(), false, pkg, added);
        case Decl.CoreTypeDecl ct -> throw error("core types have no WIT form");
      }
    }
  }

  private void worldItem(Scope s, World w, TypeOwner owner, java.util.Map<String, Integer> worldTypes,
      ExternName extern, ExternDesc desc, boolean isImport, int pkg, Set<Integer> added) {
    String name = extern.name();
    var items = isImport ? w.imports : w.exports;
    switch (desc) {
      case ExternDesc.Instance(int ti) -> {
        String implemented = null;
        for (ExternName.Attribute a : extern.attributes()) {
          if (a instanceof ExternName.Implements(String in)) {
            implemented = in;
          }
        }
        int iface;
        WorldKey key;
        if (implemented != null) {
          iface = namedInterface(implemented, added);
          key = new WorldKey.Name(name);
        } else if (QualifiedName.parse(name) != null) {
          iface = namedInterface(name, added);
          key = new WorldKey.Iface(iface);
        } else {
          Interface anon = new Interface(null);
          anon.pkg = pkg;
          iface = r.interfaces.size();
          r.interfaces.add(anon);
          key = new WorldKey.Name(name);
        }
        instance(s, ti, iface, true);
        items.put(key, new WorldItem.InterfaceItem(iface, Stability.UNKNOWN));
      }
      case ExternDesc.Func(int ft) -> items.put(new WorldKey.Name(name),
          new WorldItem.FunctionItem(function(s, name, ft, worldTypes)));
      case ExternDesc.Type(ExternDesc.TypeBound bound) -> {
        if (!isImport) {
          throw error("worlds do not export types: `" + name + "`");
        }
        int id = namedType(s, name, bound, owner);
        s.types.add(new Known(id));
        worldTypes.put(name, id);
        items.put(new WorldKey.Name(name), new WorldItem.TypeItem(id));
      }
      default -> throw error("`" + name + "` is not an interface, function or type");
    }
  }
}
