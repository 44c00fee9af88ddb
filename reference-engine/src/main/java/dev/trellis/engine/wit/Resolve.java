package dev.trellis.engine.wit;

import dev.trellis.engine.types.BorrowType;
import dev.trellis.engine.types.EnumType;
import dev.trellis.engine.types.FlagsType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.FutureType;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.MapType;
import dev.trellis.engine.types.OptionType;
import dev.trellis.engine.types.OwnType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.RecordType;
import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.engine.types.StreamType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A fully resolved set of WIT packages: arenas of packages, interfaces, worlds and types,
 * referring to each other by index, with no names left to look up. Items are in
 * topological order (a type only refers to earlier types; a package only to earlier
 * packages). This is the same model as wit-parser's {@code Resolve}, and its JSON form
 * ({@link WitJson}) has the same shape as wit-parser's {@code .wit.json}.
 *
 * <p>Build one with {@link Wit#parse}; look interfaces up by their WIT name with
 * {@link #interfaceNamed} and get engine types for functions with {@link #funcType}.
 */
public final class Resolve {
  final List<World> worlds = new ArrayList<>();
  final List<Interface> interfaces = new ArrayList<>();
  final List<TypeDef> types = new ArrayList<>();
  final List<Package> packages = new ArrayList<>();
  final Map<PackageName, Integer> packageNames = new LinkedHashMap<>();
  final Set<String> features = new LinkedHashSet<>();
  boolean allFeatures;
  private final Map<Integer, ResourceType> resourceTypes = new HashMap<>();

  public Resolve() {}

  /** A resolve in which {@code @unstable} items of the given features are kept. */
  public Resolve(Set<String> features) {
    this.features.addAll(features);
  }

  public List<World> worlds() {
    return Collections.unmodifiableList(worlds);
  }

  public List<Interface> interfaces() {
    return Collections.unmodifiableList(interfaces);
  }

  public List<TypeDef> types() {
    return Collections.unmodifiableList(types);
  }

  public List<Package> packages() {
    return Collections.unmodifiableList(packages);
  }

  public Set<String> features() {
    return Collections.unmodifiableSet(features);
  }

  public World world(int id) {
    return worlds.get(id);
  }

  public Interface iface(int id) {
    return interfaces.get(id);
  }

  public TypeDef type(int id) {
    return types.get(id);
  }

  public Package pkg(int id) {
    return packages.get(id);
  }

  public Optional<Integer> packageId(PackageName name) {
    return Optional.ofNullable(packageNames.get(name));
  }

  // ------------------------------------------------------------------ names and lookup

  /** {@code ns:pkg/name@version} of a named interface, or empty for an inline one. */
  public Optional<String> idOf(int interfaceId) {
    Interface i = interfaces.get(interfaceId);
    if (i.name == null || i.pkg == null) {
      return Optional.empty();
    }
    return Optional.of(idOfName(i.pkg, i.name));
  }

  String idOfName(int pkg, String name) {
    PackageName p = packages.get(pkg).name;
    return p.namespace() + ":" + p.name() + "/" + name + (p.version() == null ? "" : "@" + p.version());
  }

  /** The import/export name of a world key: a plain name or an interface's full name. */
  public String nameOf(WorldKey key) {
    return switch (key) {
      case WorldKey.Name n -> n.name();
      case WorldKey.Iface i -> idOf(i.id()).orElse("<anonymous>");
    };
  }

  /** Index of the interface {@code ns:pkg/iface} or {@code ns:pkg/iface@version}. */
  public Optional<Integer> interfaceId(String qualifiedName) {
    return lookup(qualifiedName, true);
  }

  /** Index of the world {@code ns:pkg/world} or {@code ns:pkg/world@version}. */
  public Optional<Integer> worldId(String qualifiedName) {
    return lookup(qualifiedName, false);
  }

  /** The interface named {@code ns:pkg/iface@version} (the version may be omitted when unique). */
  public Optional<Interface> interfaceNamed(String qualifiedName) {
    return interfaceId(qualifiedName).map(interfaces::get);
  }

  public Optional<World> worldNamed(String qualifiedName) {
    return worldId(qualifiedName).map(worlds::get);
  }

  /** {@code ns:pkg/item@version} split into the package (with the version) and the item. */
  record QualifiedName(PackageName pkg, String item) {
    /** Null if {@code qualified} has no {@code ns:pkg/} in front (with a namespace). */
    static QualifiedName parse(String qualified) {
      int colon = qualified.indexOf(':');
      int slash = qualified.indexOf('/');
      if (colon <= 0 || slash < colon) {
        return null;
      }
      String rest = qualified.substring(slash + 1);
      String version = null;
      int at = rest.indexOf('@');
      if (at >= 0) {
        version = rest.substring(at + 1);
        rest = rest.substring(0, at);
      }
      return new QualifiedName(new PackageName(qualified.substring(0, colon), qualified.substring(colon + 1, slash), version), rest);
    }
  }

  private Optional<Integer> lookup(String qualified, boolean iface) {
    QualifiedName q = QualifiedName.parse(qualified);
    if (q == null) {
      return Optional.empty();
    }
    String ns = q.pkg().namespace();
    String pkg = q.pkg().name();
    String rest = q.item();
    String version = q.pkg().version();
    Integer pid = packageNames.get(q.pkg());
    if (pid == null && version == null) {
      for (var e : packageNames.entrySet()) {
        PackageName n = e.getKey();
        if (n.namespace().equals(ns) && n.name().equals(pkg)) {
          if (pid != null) {
            return Optional.empty(); // ambiguous: several versions
          }
          pid = e.getValue();
        }
      }
    }
    if (pid == null) {
      return Optional.empty();
    }
    Package p = packages.get(pid);
    return Optional.ofNullable(iface ? p.interfaces.get(rest) : p.worlds.get(rest));
  }

  // ------------------------------------------------------------------ engine types

  /**
   * The engine function type of a WIT function: {@code own}/{@code borrow} of a resource map
   * to {@link OwnType}/{@link BorrowType} of one {@link ResourceType} per WIT resource
   * definition (the same object every time it is asked for).
   */
  public FuncType funcType(Function f) {
    List<FuncType.Param> params = new ArrayList<>();
    for (Param p : f.params()) {
      params.add(new FuncType.Param(p.name(), valType(p.type())));
    }
    boolean async = switch (f.kind()) {
      case FunctionKind.Freestanding k -> k.async();
      case FunctionKind.Method k -> k.async();
      case FunctionKind.Static k -> k.async();
      case FunctionKind.Constructor k -> false;
    };
    return new FuncType(async, params, f.result() == null ? null : valType(f.result()));
  }

  /**
   * The engine type of type definition {@code typeId}: the {@link ResourceType} of a resource
   * (or of an alias of one), else its value type.
   */
  public dev.trellis.engine.types.Type engineType(int typeId) {
    int id = typeId;
    while (types.get(id).kind() instanceof TypeDefKind.Alias(WitType.Ref(int target))) {
      id = target;
    }
    return types.get(id).kind() instanceof TypeDefKind.Resource ? resourceType(id) : valTypeOf(typeId);
  }

  /** The engine value type of a WIT type (type aliases are looked through). */
  public ValType valType(WitType t) {
    return switch (t) {
      case WitType.Primitive p -> p.type();
      case WitType.Ref r -> valTypeOf(r.id());
    };
  }

  private ValType valTypeOf(int id) {
    TypeDef td = types.get(id);
    return switch (td.kind()) {
      case TypeDefKind.Alias a -> valType(a.target());
      case TypeDefKind.Record r -> new RecordType(r.fields().stream()
          .map(f -> new RecordType.Field(f.name(), valType(f.type()))).toList());
      case TypeDefKind.Variant v -> new VariantType(v.cases().stream()
          .map(c -> new VariantType.Case(c.name(), c.type() == null ? null : valType(c.type()))).toList());
      case TypeDefKind.Enum e -> new EnumType(e.cases().stream().map(EnumCase::name).toList());
      case TypeDefKind.Flags f -> new FlagsType(f.flags().stream().map(Flag::name).toList());
      case TypeDefKind.Tuple tu -> new TupleType(tu.types().stream().map(this::valType).toList());
      case TypeDefKind.ListOf l -> new ListType(valType(l.element()));
      case TypeDefKind.FixedList l -> new ListType(valType(l.element()), l.length());
      case TypeDefKind.MapOf m -> new MapType(valType(m.key()), valType(m.value()));
      case TypeDefKind.Option o -> new OptionType(valType(o.type()));
      case TypeDefKind.Result r -> new ResultType(r.ok() == null ? null : valType(r.ok()),
          r.err() == null ? null : valType(r.err()));
      case TypeDefKind.Future fu -> new FutureType(fu.type() == null ? null : valType(fu.type()));
      case TypeDefKind.Stream s -> new StreamType(s.type() == null ? null : valType(s.type()));
      case TypeDefKind.Own o -> new OwnType(resourceType(o.resource()));
      case TypeDefKind.Borrow b -> new BorrowType(resourceType(b.resource()));
      case TypeDefKind.Resource r -> new OwnType(resourceType(id));
      case TypeDefKind.Unknown u -> throw new IllegalStateException("unresolved type " + td.name());
    };
  }

  /** The engine resource type of a WIT resource (aliases of resources are looked through). */
  public ResourceType resourceType(int typeId) {
    int id = typeId;
    while (types.get(id).kind() instanceof TypeDefKind.Alias(WitType.Ref(int target))) {
      id = target;
    }
    if (!(types.get(id).kind() instanceof TypeDefKind.Resource)) {
      throw new IllegalArgumentException("type " + typeId + " is not a resource");
    }
    final int rid = id;
    return resourceTypes.computeIfAbsent(rid, k -> new ResourceType(types.get(rid).name()));
  }

  // ------------------------------------------------------------------ dependencies

  /** The interface that type {@code id} is used from, if it is a {@code use} of another interface's type. */
  Optional<Integer> typeInterfaceDep(int id) {
    TypeDef ty = types.get(id);
    if (!(ty.kind() instanceof TypeDefKind.Alias(WitType.Ref(int dep)))) {
      return Optional.empty();
    }
    TypeDef other = types.get(dep);
    if (ty.owner().equals(other.owner())) {
      return Optional.empty();
    }
    if (other.owner() instanceof TypeOwner.OfInterface(int iface)) {
      return Optional.of(iface);
    }
    return Optional.empty();
  }

  /** The interfaces {@code id} uses types from, in the order of its types (may repeat). */
  List<Integer> interfaceDirectDeps(int id) {
    List<Integer> out = new ArrayList<>();
    for (int ty : interfaces.get(id).types.values()) {
      typeInterfaceDep(ty).ifPresent(out::add);
    }
    return out;
  }

  /** Packages in an order where every package comes after those it depends on. */
  public List<Integer> topologicalPackages() {
    boolean[] pushed = new boolean[packages.size()];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < packages.size(); i++) {
      topo(i, pushed, order);
    }
    return order;
  }

  private void topo(int id, boolean[] pushed, List<Integer> order) {
    if (pushed[id]) {
      return;
    }
    pushed[id] = true;
    for (int dep : packageDirectDeps(id)) {
      topo(dep, pushed, order);
    }
    order.add(id);
  }

  List<Integer> packageDirectDeps(int id) {
    Package p = packages.get(id);
    List<Integer> ifaces = new ArrayList<>();
    for (int i : p.interfaces.values()) {
      ifaces.addAll(interfaceDirectDeps(i));
    }
    for (int w : p.worlds.values()) {
      World world = worlds.get(w);
      for (var items : List.of(world.imports, world.exports)) {
        for (WorldItem item : items.values()) {
          switch (item) {
            case WorldItem.InterfaceItem ii -> ifaces.add(ii.id());
            case WorldItem.TypeItem ti -> typeInterfaceDep(ti.id()).ifPresent(ifaces::add);
            case WorldItem.FunctionItem fi -> { }
          }
        }
      }
    }
    List<Integer> out = new ArrayList<>();
    for (int i : ifaces) {
      Integer pkg = interfaces.get(i).pkg;
      if (pkg != null && pkg != id) {
        out.add(pkg);
      }
    }
    return out;
  }

  boolean includeStability(Stability s) {
    return switch (s) {
      case Stability.Unknown u -> true;
      case Stability.Stable st -> true;
      case Stability.Unstable un -> allFeatures || features.contains(un.feature());
    };
  }

  // ================================================================== model

  /** A package name {@code namespace:name@version} ({@code version} null when absent). */
  public record PackageName(String namespace, String name, String version) implements Comparable<PackageName> {
    @Override
    public String toString() {
      return namespace + ":" + name + (version == null ? "" : "@" + version);
    }

    @Override
    public int compareTo(PackageName o) {
      int c = namespace.compareTo(o.namespace);
      if (c == 0) {
        c = name.compareTo(o.name);
      }
      if (c == 0) {
        if (version == null || o.version == null) {
          c = version == null ? (o.version == null ? 0 : -1) : 1;
        } else {
          c = Semver.compare(version, o.version);
        }
      }
      return c;
    }
  }

  /** A package: its name, docs, and its interfaces and worlds by name. */
  public static final class Package {
    final PackageName name;
    String docs;
    final LinkedHashMap<String, Integer> interfaces = new LinkedHashMap<>();
    final LinkedHashMap<String, Integer> worlds = new LinkedHashMap<>();

    Package(PackageName name, String docs) {
      this.name = name;
      this.docs = docs;
    }

    public PackageName name() {
      return name;
    }

    public String docs() {
      return docs;
    }

    public Map<String, Integer> interfaces() {
      return Collections.unmodifiableMap(interfaces);
    }

    public Map<String, Integer> worlds() {
      return Collections.unmodifiableMap(worlds);
    }
  }

  /** An interface: named (in a package) or inline in a world ({@code name} null). */
  public static final class Interface {
    String name;
    final LinkedHashMap<String, Integer> types = new LinkedHashMap<>();
    final LinkedHashMap<String, Function> functions = new LinkedHashMap<>();
    String docs;
    Stability stability = Stability.UNKNOWN;
    Integer pkg;

    Interface(String name) {
      this.name = name;
    }

    public String name() {
      return name;
    }

    /** Type name to type index, in definition order (uses included). */
    public Map<String, Integer> types() {
      return Collections.unmodifiableMap(types);
    }

    /** Functions by (mangled) name: {@code f}, {@code [method]r.f}, {@code [static]r.f}, {@code [constructor]r}. */
    public Map<String, Function> functions() {
      return Collections.unmodifiableMap(functions);
    }

    public Optional<Function> function(String name) {
      return Optional.ofNullable(functions.get(name));
    }

    /** The index of the type named {@code name} here (defined or used), if any. */
    public Optional<Integer> type(String name) {
      return Optional.ofNullable(types.get(name));
    }

    public String docs() {
      return docs;
    }

    public Stability stability() {
      return stability;
    }

    /** Index of the owning package (null only while resolving). */
    public Integer pkg() {
      return pkg;
    }
  }

  /** A world: its imports and exports keyed by plain name or by interface. */
  public static final class World {
    String name;
    LinkedHashMap<WorldKey, WorldItem> imports = new LinkedHashMap<>();
    LinkedHashMap<WorldKey, WorldItem> exports = new LinkedHashMap<>();
    Integer pkg;
    String docs;
    Stability stability = Stability.UNKNOWN;
    /** Includes not yet elaborated (only in unresolved packages). */
    final List<Include> includes = new ArrayList<>();

    World(String name) {
      this.name = name;
    }

    public String name() {
      return name;
    }

    public Map<WorldKey, WorldItem> imports() {
      return Collections.unmodifiableMap(imports);
    }

    public Map<WorldKey, WorldItem> exports() {
      return Collections.unmodifiableMap(exports);
    }

    public Integer pkg() {
      return pkg;
    }

    public String docs() {
      return docs;
    }

    public Stability stability() {
      return stability;
    }
  }

  /** An {@code include} of a world, before elaboration. */
  record Include(Stability stability, int world, List<IncludeName> names, Ast.Span span) {}

  record IncludeName(String name, String as) {}

  /** The key of a world import or export. */
  public sealed interface WorldKey {
    /** A plain name ({@code import foo: ...}). */
    record Name(String name) implements WorldKey {}

    /** An interface imported or exported by its own name. */
    record Iface(int id) implements WorldKey {}
  }

  /** What a world imports or exports. */
  public sealed interface WorldItem {
    record InterfaceItem(int id, Stability stability) implements WorldItem {}

    record FunctionItem(Function function) implements WorldItem {}

    record TypeItem(int id) implements WorldItem {}
  }

  /** Feature gates (WIT.md#feature-gates). */
  public sealed interface Stability {
    Unknown UNKNOWN = new Unknown();

    record Unknown() implements Stability {}

    /** {@code @since(version = since)}, optionally {@code @deprecated(version = deprecated)}. */
    record Stable(String since, String deprecated) implements Stability {}

    /** {@code @unstable(feature = feature)}, optionally deprecated. */
    record Unstable(String feature, String deprecated) implements Stability {}
  }

  /** A WIT value type: a primitive or a reference to a type definition. */
  public sealed interface WitType {
    record Primitive(PrimType type) implements WitType {}

    record Ref(int id) implements WitType {}

    static WitType of(PrimType p) {
      return new Primitive(p);
    }
  }

  /** A type definition: named (in an interface or world) or anonymous ({@code name} null). */
  public record TypeDef(String name, TypeDefKind kind, TypeOwner owner, String docs, Stability stability) {
    TypeDef withKind(TypeDefKind k) {
      return new TypeDef(name, k, owner, docs, stability);
    }

    TypeDef withOwner(TypeOwner o) {
      return new TypeDef(name, kind, o, docs, stability);
    }
  }

  public sealed interface TypeOwner {
    NoOwner NONE = new NoOwner();

    record NoOwner() implements TypeOwner {}

    record OfInterface(int id) implements TypeOwner {}

    record OfWorld(int id) implements TypeOwner {}
  }

  public sealed interface TypeDefKind {
    Resource RESOURCE = new Resource();

    /** {@code type name = target} (also what {@code use} produces). */
    record Alias(WitType target) implements TypeDefKind {}

    record Record(List<Field> fields) implements TypeDefKind {}

    record Resource() implements TypeDefKind {}

    record Own(int resource) implements TypeDefKind {}

    record Borrow(int resource) implements TypeDefKind {}

    record Flags(List<Flag> flags) implements TypeDefKind {}

    record Tuple(List<WitType> types) implements TypeDefKind {}

    record Variant(List<Case> cases) implements TypeDefKind {}

    record Enum(List<EnumCase> cases) implements TypeDefKind {}

    record Option(WitType type) implements TypeDefKind {}

    /** {@code ok} and {@code err} are null when absent. */
    record Result(WitType ok, WitType err) implements TypeDefKind {}

    record ListOf(WitType element) implements TypeDefKind {}

    record FixedList(WitType element, int length) implements TypeDefKind {}

    record MapOf(WitType key, WitType value) implements TypeDefKind {}

    /** {@code type} null for a bare {@code future}. */
    record Future(WitType type) implements TypeDefKind {}

    record Stream(WitType type) implements TypeDefKind {}

    /** A type used from a package not yet resolved (only in unresolved packages). */
    record Unknown() implements TypeDefKind {}
  }

  public record Field(String name, WitType type, String docs) {}

  public record Flag(String name, String docs) {}

  /** A variant case; {@code type} null when it has no payload. */
  public record Case(String name, WitType type, String docs) {}

  public record EnumCase(String name, String docs) {}

  /** A function; {@code result} null when it returns nothing. */
  public record Function(String name, FunctionKind kind, List<Param> params, WitType result, String docs,
      Stability stability) {
    public Function {
      params = List.copyOf(params);
    }

    Function withTypes(FunctionKind k, List<Param> ps, WitType r) {
      return new Function(name, k, ps, r, docs, stability);
    }

    /** The name as written in WIT: {@code f} for {@code [method]r.f}, the resource for a constructor. */
    public String itemName() {
      int close = name.indexOf(']');
      if (!name.startsWith("[") || close < 0) {
        return name;
      }
      String rest = name.substring(close + 1);
      int dot = rest.indexOf('.');
      return dot >= 0 ? rest.substring(dot + 1) : rest;
    }
  }

  public record Param(String name, WitType type) {}

  public sealed interface FunctionKind {
    record Freestanding(boolean async) implements FunctionKind {}

    record Method(int resource, boolean async) implements FunctionKind {}

    record Static(int resource, boolean async) implements FunctionKind {}

    record Constructor(int resource) implements FunctionKind {}
  }
}
