package dev.trellis.engine.wit;

import dev.trellis.engine.binary.Alias;
import dev.trellis.engine.binary.Bytes;
import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.ComponentEncoder;
import dev.trellis.engine.binary.Decl;
import dev.trellis.engine.binary.DefType;
import dev.trellis.engine.binary.Export;
import dev.trellis.engine.binary.ExternDesc;
import dev.trellis.engine.binary.ExternName;
import dev.trellis.engine.binary.PrimValType;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.binary.Sort;
import dev.trellis.engine.binary.SortIdx;
import dev.trellis.engine.binary.TypeDef;
import dev.trellis.engine.binary.ValTypeRef;
import dev.trellis.engine.wit.Resolve.Function;
import dev.trellis.engine.wit.Resolve.FunctionKind;
import dev.trellis.engine.wit.Resolve.Interface;
import dev.trellis.engine.wit.Resolve.Package;
import dev.trellis.engine.wit.Resolve.TypeDefKind;
import dev.trellis.engine.wit.Resolve.TypeOwner;
import dev.trellis.engine.wit.Resolve.WitType;
import dev.trellis.engine.wit.Resolve.World;
import dev.trellis.engine.wit.Resolve.WorldItem;
import dev.trellis.engine.wit.Resolve.WorldKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes WIT as component types (WIT.md#package-format): a package becomes a component
 * exporting one component type per interface and world; a world becomes the component
 * type a component targeting it has (what {@code wit-component} embeds in a
 * {@code component-type} custom section). Docs and gates, which types cannot carry, go in
 * a {@code package-docs} custom section.
 */
public final class WitEncoder {
  private final Resolve resolve;

  private WitEncoder(Resolve resolve) {
    this.resolve = resolve;
  }

  /** The package {@code pkg} encoded as a component of type definitions. */
  public static Component encodePackage(Resolve resolve, int pkg) {
    WitEncoder e = new WitEncoder(resolve);
    Package p = resolve.packages.get(pkg);
    List<Section> sections = new ArrayList<>();
    int typeIndex = 0;
    for (var entry : p.interfaces.entrySet()) {
      DefType.ComponentDef def = e.interfaceComponent(entry.getValue());
      sections.add(new Section.Types(List.of(new TypeDef(def, -1)), -1));
      sections.add(new Section.Exports(List.of(new Export(ExternName.of(entry.getKey()),
          new SortIdx(Sort.TYPE, typeIndex), null, -1)), -1));
      typeIndex += 2;
    }
    for (var entry : p.worlds.entrySet()) {
      sections.add(new Section.Types(List.of(new TypeDef(e.worldWrapper(entry.getValue()), -1)), -1));
      sections.add(new Section.Exports(List.of(new Export(ExternName.of(entry.getKey()),
          new SortIdx(Sort.TYPE, typeIndex), null, -1)), -1));
      typeIndex += 2;
    }
    sections.add(new Section.Custom("package-docs",
        Bytes.wrap(WitMetadata.encode(resolve, pkg, p.interfaces.keySet(), p.worlds.keySet())), -1));
    return new Component(sections);
  }

  public static byte[] encodePackageBytes(Resolve resolve, int pkg) {
    return ComponentEncoder.encode(encodePackage(resolve, pkg));
  }

  /**
   * The component type of {@code world}: its imports and exports (with the interfaces its
   * imported interfaces depend on), as the component model types them.
   */
  public static DefType.ComponentDef worldType(Resolve resolve, int world) {
    return new WitEncoder(resolve).worldComponent(world);
  }

  /**
   * What a component built for {@code world} embeds as its {@code component-type} custom
   * section: a component holding the world's package-encoded form (just that world) and a
   * {@code wit-component-encoding} section naming the string encoding (UTF-8).
   */
  public static byte[] componentTypeSection(Resolve resolve, int world) {
    WitEncoder e = new WitEncoder(resolve);
    World w = resolve.worlds.get(world);
    List<Section> sections = new ArrayList<>();
    sections.add(new Section.Types(List.of(new TypeDef(e.worldWrapper(world), -1)), -1));
    sections.add(new Section.Exports(List.of(new Export(ExternName.of(w.name), new SortIdx(Sort.TYPE, 0), null,
        -1)), -1));
    sections.add(new Section.Custom("wit-component-encoding", Bytes.wrap(new byte[] {0x04, 0x00}), -1));
    sections.add(new Section.Custom("package-docs",
        Bytes.wrap(WitMetadata.encode(resolve, w.pkg, List.of(), List.of(w.name))), -1));
    return ComponentEncoder.encode(new Component(sections));
  }

  // ------------------------------------------------------------------ scopes

  /** A component type or instance type under construction, with its index spaces. */
  private final class Scope {
    final Scope parent;
    final boolean instance;
    final List<Decl> decls = new ArrayList<>();
    int types;
    int instances;
    /** WIT type id → type index here. */
    final Map<Integer, Integer> typeIndex = new HashMap<>();
    final Map<DefType, Integer> funcTypes = new HashMap<>();
    /** (instance, export name) → type index of the alias, in component scopes. */
    final Map<String, Integer> aliases = new HashMap<>();
    /** Interface id → instance index, in component scopes (the one types are taken from). */
    final Map<Integer, Integer> ifaceInstances = new HashMap<>();
    /** Package-level interface encodings import used interfaces on demand (types only). */
    boolean importOnDemand;

    Scope(Scope parent, boolean instance) {
      this.parent = parent;
      this.instance = instance;
    }

    int addType(DefType def) {
      decls.add(new Decl.TypeDecl(def, -1));
      return types++;
    }

    int exportType(String name, ExternDesc.TypeBound bound) {
      decls.add(new Decl.ExportDecl(ExternName.of(name), new ExternDesc.Type(bound), -1));
      return types++;
    }

    int importType(String name, ExternDesc.TypeBound bound) {
      decls.add(new Decl.ImportDecl(ExternName.of(name), new ExternDesc.Type(bound), -1));
      return types++;
    }

    /** The index here of WIT type {@code id}, encoding anonymous types and aliasing foreign ones on demand. */
    int index(int id) {
      Integer known = typeIndex.get(id);
      if (known != null) {
        return known;
      }
      Resolve.TypeDef td = resolve.types.get(id);
      if (td.name() != null && !instance) {
        // another interface's type, aliased from whichever instance provides it now
        return foreign(id, td);
      }
      int idx = td.name() != null ? foreign(id, td) : addType(kind(td.kind(), this));
      typeIndex.put(id, idx);
      return idx;
    }

    private int foreign(int id, Resolve.TypeDef td) {
      if (instance) {
        int outer = parent.index(id);
        decls.add(new Decl.AliasDecl(new Alias(Sort.TYPE, new Alias.Outer(1, outer), -1)));
        return types++;
      }
      if (!(td.owner() instanceof TypeOwner.OfInterface(int iface))) {
        throw new IllegalStateException("type " + td.name() + " is not in scope");
      }
      Integer inst = ifaceInstances.get(iface);
      if (inst == null) {
        if (!importOnDemand) {
          throw new IllegalStateException("interface of type " + td.name() + " is not imported");
        }
        inst = importInterface(this, iface, false);
      }
      String key = inst + "/" + td.name();
      Integer a = aliases.get(key);
      if (a == null) {
        decls.add(new Decl.AliasDecl(new Alias(Sort.TYPE, new Alias.Export(inst, td.name()), -1)));
        a = types++;
        aliases.put(key, a);
      }
      return a;
    }

    ValTypeRef val(WitType t) {
      return switch (t) {
        case WitType.Primitive p -> PrimValType.fromText(p.type().text());
        case WitType.Ref r -> new ValTypeRef.Index(index(r.id()));
      };
    }

    int funcType(Function f) {
      List<DefType.Param> params = new ArrayList<>();
      for (Resolve.Param p : f.params()) {
        params.add(new DefType.Param(p.name(), val(p.type())));
      }
      ValTypeRef result = f.result() == null ? null : val(f.result());
      boolean async = switch (f.kind()) {
        case FunctionKind.Freestanding k -> k.async();
        case FunctionKind.Method m -> m.async();
        case FunctionKind.Static s -> s.async();
        case FunctionKind.Constructor c -> false;
      };
      DefType.FuncDef def = new DefType.FuncDef(async, params, result);
      Integer idx = funcTypes.get(def);
      if (idx == null) {
        idx = addType(def);
        funcTypes.put(def, idx);
      }
      return idx;
    }
  }

  private DefType kind(TypeDefKind k, Scope s) {
    // WIT accepts these empty; the component model has no encoding for them
    if (k instanceof TypeDefKind.Record rec && rec.fields().isEmpty()) {
      throw new dev.trellis.engine.error.WitException(null, 0, 0,
          "cannot encode a record with no fields: component model records need at least one");
    }
    if (k instanceof TypeDefKind.Flags f && f.flags().isEmpty()) {
      throw new dev.trellis.engine.error.WitException(null, 0, 0,
          "cannot encode flags with no entries: component model flags need at least one");
    }
    if (k instanceof TypeDefKind.Tuple t && t.types().isEmpty()) {
      throw new dev.trellis.engine.error.WitException(null, 0, 0,
          "cannot encode an empty tuple: component model tuples need at least one type");
    }
    return switch (k) {
      case TypeDefKind.Record r -> new DefType.RecordDef(r.fields().stream()
          .map(f -> new DefType.Field(f.name(), s.val(f.type()))).toList());
      case TypeDefKind.Variant v -> new DefType.VariantDef(v.cases().stream()
          .map(c -> new DefType.Case(c.name(), c.type() == null ? null : s.val(c.type()))).toList());
      case TypeDefKind.Enum e -> new DefType.EnumDef(e.cases().stream().map(Resolve.EnumCase::name).toList());
      case TypeDefKind.Flags f -> new DefType.FlagsDef(f.flags().stream().map(Resolve.Flag::name).toList());
      case TypeDefKind.Tuple t -> new DefType.TupleDef(t.types().stream().map(s::val).toList());
      case TypeDefKind.ListOf l -> new DefType.ListDef(s.val(l.element()));
      case TypeDefKind.FixedList l -> new DefType.FixedListDef(s.val(l.element()), l.length());
      case TypeDefKind.MapOf m -> new DefType.MapDef(s.val(m.key()), s.val(m.value()));
      case TypeDefKind.Option o -> new DefType.OptionDef(s.val(o.type()));
      case TypeDefKind.Result r -> new DefType.ResultDef(r.ok() == null ? null : s.val(r.ok()),
          r.err() == null ? null : s.val(r.err()));
      case TypeDefKind.Own o -> new DefType.OwnDef(s.index(o.resource()));
      case TypeDefKind.Borrow b -> new DefType.BorrowDef(s.index(b.resource()));
      case TypeDefKind.Future f -> new DefType.FutureDef(f.type() == null ? null : s.val(f.type()));
      case TypeDefKind.Stream st -> new DefType.StreamDef(st.type() == null ? null : s.val(st.type()));
      case TypeDefKind.Alias a when a.target() instanceof WitType.Primitive p ->
          new DefType.PrimitiveDef(PrimValType.fromText(p.type().text()));
      default -> throw new IllegalStateException("no type definition for " + k);
    };
  }

  // ------------------------------------------------------------------ interfaces

  /**
   * Fills instance scope {@code s} with interface {@code id}'s types (and functions unless
   * {@code typesOnly}).
   */
  private void instanceBody(Scope s, int id, boolean typesOnly) {
    Interface iface = resolve.interfaces.get(id);
    for (var e : iface.types.entrySet()) {
      namedType(s, e.getValue(), e.getKey(), false);
    }
    if (typesOnly) {
      return;
    }
    for (Function f : iface.functions.values()) {
      int ft = s.funcType(f);
      s.decls.add(new Decl.ExportDecl(ExternName.of(f.name()), new ExternDesc.Func(ft), -1));
    }
  }

  /** Defines the named type {@code tid} in scope {@code s}, exported (or imported, in a world) as {@code name}. */
  private void namedType(Scope s, int tid, String name, boolean asImport) {
    Resolve.TypeDef td = resolve.types.get(tid);
    int idx;
    ExternDesc.TypeBound bound;
    switch (td.kind()) {
      case TypeDefKind.Resource r -> bound = new ExternDesc.SubResource();
      case TypeDefKind.Alias a when a.target() instanceof WitType.Ref(int other) -> bound =
          new ExternDesc.Eq(s.index(other));
      default -> bound = new ExternDesc.Eq(s.addType(kind(td.kind(), s)));
    }
    idx = asImport ? s.importType(name, bound) : s.exportType(name, bound);
    s.typeIndex.put(tid, idx);
  }

  /** Imports interface {@code id} into component scope {@code s}; returns its instance index. */
  private int importInterface(Scope s, int id, boolean full) {
    int typeIdx = instanceType(s, id, !full);
    String name = resolve.idOf(id).orElseThrow();
    s.decls.add(new Decl.ImportDecl(ExternName.of(name), new ExternDesc.Instance(typeIdx), -1));
    int inst = s.instances++;
    s.ifaceInstances.put(id, inst);
    return inst;
  }

  private void importWithDeps(Scope s, int id) {
    if (s.ifaceInstances.containsKey(id)) {
      return;
    }
    for (int dep : new java.util.LinkedHashSet<>(resolve.interfaceDirectDeps(id))) {
      importWithDeps(s, dep);
    }
    importInterface(s, id, false);
  }

  /** Defines the instance type of interface {@code id} in component scope {@code s}; returns its type index. */
  private int instanceType(Scope s, int id, boolean typesOnly) {
    Scope inner = new Scope(s, true);
    instanceBody(inner, id, typesOnly);
    return s.addType(new DefType.InstanceDef(inner.decls));
  }

  /** {@code (component (import deps...) (export "ns:pkg/iface" (instance ...)))}. */
  private DefType.ComponentDef interfaceComponent(int id) {
    Scope s = new Scope(null, false);
    s.importOnDemand = true;
    for (int dep : new java.util.LinkedHashSet<>(resolve.interfaceDirectDeps(id))) {
      importWithDeps(s, dep);
    }
    int typeIdx = instanceType(s, id, false);
    s.decls.add(new Decl.ExportDecl(ExternName.of(resolve.idOf(id).orElseThrow()),
        new ExternDesc.Instance(typeIdx), -1));
    return new DefType.ComponentDef(s.decls);
  }

  // ------------------------------------------------------------------ worlds

  private DefType.ComponentDef worldWrapper(int world) {
    World w = resolve.worlds.get(world);
    String name = resolve.packages.get(w.pkg).name.namespace() + ":" + resolve.packages.get(w.pkg).name.name()
        + "/" + w.name + (resolve.packages.get(w.pkg).name.version() == null ? ""
        : "@" + resolve.packages.get(w.pkg).name.version());
    List<Decl> decls = new ArrayList<>();
    decls.add(new Decl.TypeDecl(worldComponent(world), -1));
    decls.add(new Decl.ExportDecl(ExternName.of(name), new ExternDesc.Component(0), -1));
    return new DefType.ComponentDef(decls);
  }

  private DefType.ComponentDef worldComponent(int world) {
    World w = resolve.worlds.get(world);
    Scope s = new Scope(null, false);
    Map<Integer, Integer> importInstances = new HashMap<>();
    for (var e : w.imports.entrySet()) {
      switch (e.getValue()) {
        case WorldItem.InterfaceItem ii -> {
          int typeIdx = instanceType(s, ii.id(), false);
          s.decls.add(new Decl.ImportDecl(externName(e.getKey(), ii.id()), new ExternDesc.Instance(typeIdx), -1));
          int inst = s.instances++;
          if (e.getKey() instanceof WorldKey.Iface) {
            s.ifaceInstances.put(ii.id(), inst);
            importInstances.put(ii.id(), inst);
          }
        }
        case WorldItem.TypeItem ti -> namedType(s, ti.id(), ((WorldKey.Name) e.getKey()).name(), true);
        case WorldItem.FunctionItem fi -> {
          int ft = s.funcType(fi.function());
          s.decls.add(new Decl.ImportDecl(ExternName.of(fi.function().name()), new ExternDesc.Func(ft), -1));
        }
      }
    }
    Set<Integer> exportedIfaces = new HashSet<>();
    for (var e : w.exports.entrySet()) {
      if (e.getKey() instanceof WorldKey.Iface(int id)) {
        exportedIfaces.add(id);
      }
    }
    for (var e : w.exports.entrySet()) {
      switch (e.getValue()) {
        case WorldItem.InterfaceItem ii -> {
          // an exported interface takes its dependencies' types from exported instances
          // when those interfaces are exported too, else from the imports
          Map<Integer, Integer> before = new HashMap<>(s.ifaceInstances);
          int typeIdx = instanceType(s, ii.id(), false);
          s.decls.add(new Decl.ExportDecl(externName(e.getKey(), ii.id()), new ExternDesc.Instance(typeIdx), -1));
          int inst = s.instances++;
          s.ifaceInstances.clear();
          s.ifaceInstances.putAll(before);
          if (e.getKey() instanceof WorldKey.Iface(int id) && exportedIfaces.contains(id)) {
            s.ifaceInstances.put(id, inst);
          }
        }
        case WorldItem.FunctionItem fi -> {
          int ft = s.funcType(fi.function());
          s.decls.add(new Decl.ExportDecl(ExternName.of(fi.function().name()), new ExternDesc.Func(ft), -1));
        }
        case WorldItem.TypeItem ti -> throw new IllegalStateException("type export");
      }
    }
    return new DefType.ComponentDef(s.decls);
  }

  private ExternName externName(WorldKey key, int iface) {
    return switch (key) {
      case WorldKey.Iface k -> ExternName.of(resolve.idOf(k.id()).orElseThrow());
      case WorldKey.Name n when resolve.interfaces.get(iface).name != null ->
          new ExternName(n.name(), 0x02, List.of(new ExternName.Implements(resolve.idOf(iface).orElseThrow())));
      case WorldKey.Name n -> ExternName.of(n.name());
    };
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
