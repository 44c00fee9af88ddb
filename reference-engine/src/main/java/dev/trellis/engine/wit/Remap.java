package dev.trellis.engine.wit;

import dev.trellis.engine.wit.Ast.Span;
import dev.trellis.engine.wit.Resolve.Case;
import dev.trellis.engine.wit.Resolve.Field;
import dev.trellis.engine.wit.Resolve.Function;
import dev.trellis.engine.wit.Resolve.FunctionKind;
import dev.trellis.engine.wit.Resolve.Interface;
import dev.trellis.engine.wit.Resolve.Package;
import dev.trellis.engine.wit.Resolve.Param;
import dev.trellis.engine.wit.Resolve.Stability;
import dev.trellis.engine.wit.Resolve.TypeDef;
import dev.trellis.engine.wit.Resolve.TypeDefKind;
import dev.trellis.engine.wit.Resolve.TypeOwner;
import dev.trellis.engine.wit.Resolve.WitType;
import dev.trellis.engine.wit.Resolve.World;
import dev.trellis.engine.wit.Resolve.WorldItem;
import dev.trellis.engine.wit.Resolve.WorldKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * Appends an {@link UnresolvedPackage} to a {@link Resolve}: binds its foreign references to
 * packages already there, moves its items into the shared arenas (dropping those gated by an
 * inactive {@code @unstable} feature), turns bare references to resources into
 * {@code own<T>} handles, and elaborates worlds (includes, implicit imports of used
 * interfaces, the import/export consistency rule).
 */
final class Remap {
  /** Unresolved index → resolved index; null for items excluded by a feature gate. */
  private final List<Integer> types = new ArrayList<>();
  private final List<Integer> interfaces = new ArrayList<>();
  private final List<Integer> worlds = new ArrayList<>();
  private final Map<Integer, Integer> ownHandles = new HashMap<>();
  private final Map<Integer, Boolean> hasBorrow = new HashMap<>();

  private Resolve resolve;
  private Span worldSpan;
  private UnresolvedPackage u;
  private int pkgId;

  static int append(Resolve resolve, UnresolvedPackage unresolved) {
    Remap r = new Remap();
    r.resolve = resolve;
    r.u = unresolved;
    return r.append();
  }

  private int append() {
    processForeignDeps();
    int foreignTypes = types.size();
    int foreignInterfaces = interfaces.size();
    int foreignWorlds = worlds.size();

    pkgId = resolve.packages.size();
    resolve.packages.add(new Package(u.name, u.docs));
    resolve.packageNames.put(u.name, pkgId);

    for (int i = foreignTypes; i < u.types.size(); i++) {
      TypeDef ty = u.types.get(i);
      Span span = u.typeSpans.get(i);
      if (!resolve.includeStability(ty.stability())) {
        types.add(null);
        continue;
      }
      checkSince(ty.stability(), span);
      ty = ty.withKind(updateKind(ty.kind(), span, u.memberSpans.get(i)));
      int newId = resolve.types.size();
      resolve.types.add(ty);
      if (ty.name() == null && ty.owner() instanceof TypeOwner.NoOwner && ty.kind() instanceof TypeDefKind.Own o) {
        newId = ownHandles.computeIfAbsent(o.resource(), k -> resolve.types.size() - 1);
      }
      types.add(newId);
    }

    for (int i = foreignInterfaces; i < u.interfaces.size(); i++) {
      Interface iface = u.interfaces.get(i);
      Span span = u.interfaceSpans.get(i);
      if (!resolve.includeStability(iface.stability)) {
        interfaces.add(null);
        continue;
      }
      checkSince(iface.stability, span);
      updateInterface(iface, span, u.functionSpans.get(i));
      iface.pkg = pkgId;
      interfaces.add(resolve.interfaces.size());
      resolve.interfaces.add(iface);
    }

    updateTypeOwners(foreignTypes, "interface", interfaces,
        o -> o instanceof TypeOwner.OfInterface(int owner) ? owner : -1, TypeOwner.OfInterface::new);

    for (int i = foreignWorlds; i < u.worlds.size(); i++) {
      World world = u.worlds.get(i);
      if (!resolve.includeStability(world.stability)) {
        worlds.add(null);
        continue;
      }
      checkSince(world.stability, u.worldSpans.get(i));
      worldSpan = u.worldSpans.get(i);
      updateWorld(world, u.importSpans.get(i), u.exportSpans.get(i));
      worlds.add(resolve.worlds.size());
      resolve.worlds.add(world);
    }

    updateTypeOwners(foreignTypes, "world", worlds,
        o -> o instanceof TypeOwner.OfWorld(int owner) ? owner : -1, TypeOwner.OfWorld::new);

    Package pkg = resolve.packages.get(pkgId);
    for (int i = foreignInterfaces; i < interfaces.size(); i++) {
      Integer id = interfaces.get(i);
      if (id == null) {
        continue;
      }
      Interface iface = resolve.interfaces.get(id);
      iface.pkg = pkgId;
      if (iface.name != null) {
        pkg.interfaces.put(iface.name, id);
      }
    }
    for (int i = foreignWorlds; i < worlds.size(); i++) {
      Integer id = worlds.get(i);
      if (id == null) {
        continue;
      }
      World w = resolve.worlds.get(id);
      w.pkg = pkgId;
      pkg.worlds.put(w.name, id);
    }
    return pkgId;
  }

  /**
   * Points this package's types owned by an interface (or world: {@code what}) at its new id in
   * {@code owners}; {@code ownerOf} is the old id, -1 for another kind of owner. A type kept
   * while its owner is excluded by a feature gate is an error.
   */
  private void updateTypeOwners(int foreignTypes, String what, List<Integer> owners,
      ToIntFunction<TypeOwner> ownerOf, IntFunction<TypeOwner> owner) {
    for (int i = foreignTypes; i < types.size(); i++) {
      Integer id = types.get(i);
      if (id == null) {
        continue;
      }
      TypeDef td = resolve.types.get(id);
      int old = ownerOf.applyAsInt(td.owner());
      if (old >= 0) {
        Integer mapped = owners.get(old);
        if (mapped == null) {
          throw WitError.at(u.typeSpans.get(i), "found a reference to a " + what + " which is excluded due to its "
              + "feature not being activated; this type is not gated by a feature but its " + what + " is");
        }
        resolve.types.set(id, td.withOwner(owner.apply(mapped)));
      }
    }
  }

  private void checkSince(Stability stability, Span span) {
    if (stability instanceof Stability.Stable s && u.name.version() != null
        && Semver.compare(s.since(), u.name.version()) > 0) {
      throw WitError.at(span, "feature gate cannot reference unreleased version " + s.since() + " of package ["
          + u.name + "] (current version " + u.name.version() + ")");
    }
  }

  // ------------------------------------------------------------------ foreign items

  private void processForeignDeps() {
    Map<Integer, Object[]> ifaceToPkg = new HashMap<>();
    Map<Integer, Object[]> worldToPkg = new HashMap<>();
    for (var e : u.foreignDeps.entrySet()) {
      for (var item : e.getValue().entrySet()) {
        Object[] info = {e.getKey(), item.getKey(), item.getValue()};
        (item.getValue().world() ? worldToPkg : ifaceToPkg).put(item.getValue().id(), info);
      }
    }
    for (int i = 0; i < u.interfaces.size(); i++) {
      Object[] info = ifaceToPkg.get(i);
      if (info == null) {
        break;
      }
      interfaces.add(findForeign(info, false));
    }
    for (int i = 0; i < u.worlds.size(); i++) {
      Object[] info = worldToPkg.get(i);
      if (info == null) {
        break;
      }
      worlds.add(findForeign(info, true));
    }
    for (int i = 0; i < u.types.size(); i++) {
      TypeDef ty = u.types.get(i);
      if (!(ty.kind() instanceof TypeDefKind.Unknown)) {
        break;
      }
      int owner = ((TypeOwner.OfInterface) ty.owner()).id();
      Integer iface = interfaces.get(owner);
      if (iface == null) {
        types.add(null);
        continue;
      }
      Integer found = resolve.interfaces.get(iface).types.get(ty.name());
      if (found == null) {
        if (!resolve.includeStability(ty.stability())) {
          types.add(null);
          continue;
        }
        throw WitError.at(u.unknownTypeSpans.get(i), "type `" + ty.name() + "` not defined in interface");
      }
      types.add(found);
    }
    for (int k = 0; k < u.requiredResourceTypes.size(); k++) {
      Integer id = types.get(u.requiredResourceTypes.get(k)[0]);
      if (id == null) {
        continue;
      }
      while (true) {
        TypeDefKind kind = resolve.types.get(id).kind();
        if (kind instanceof TypeDefKind.Alias(WitType.Ref(int next))) {
          id = next;
        } else if (kind instanceof TypeDefKind.Resource) {
          break;
        } else {
          throw WitError.at(u.requiredResourceSpans.get(k), "type used in a handle must be a resource");
        }
      }
    }
  }

  private Integer findForeign(Object[] info, boolean world) {
    Resolve.PackageName pkgName = (Resolve.PackageName) info[0];
    String name = (String) info[1];
    UnresolvedPackage.Foreign f = (UnresolvedPackage.Foreign) info[2];
    boolean anyActive = f.stabilities().stream().anyMatch(resolve::includeStability);
    Integer pkg = resolve.packageNames.get(pkgName);
    if (pkg == null) {
      if (!anyActive) {
        return null;
      }
      throw WitError.at(f.span(), "package '" + pkgName + "' not found");
    }
    Package p = resolve.packages.get(pkg);
    Integer id = world ? p.worlds.get(name) : p.interfaces.get(name);
    if (id == null) {
      if (!anyActive) {
        return null;
      }
      throw WitError.at(f.span(), (world ? "world '" : "interface '") + name + "' not found in package '"
          + pkgName + "'");
    }
    return id;
  }

  // ------------------------------------------------------------------ ids and types

  private int mapType(int id, Span span) {
    return map(types, "type", id, span);
  }

  private int mapInterface(int id, Span span) {
    return map(interfaces, "interface", id, span);
  }

  private int mapWorld(int id, Span span) {
    return map(worlds, "world", id, span);
  }

  /** The new id of item {@code id} in {@code ids}; an item excluded by a feature gate is an error. */
  private static int map(List<Integer> ids, String what, int id, Span span) {
    Integer m = ids.get(id);
    if (m == null) {
      throw WitError.at(span, "found a reference to a " + what + " which is excluded due to its feature not being activated");
    }
    return m;
  }

  private TypeDefKind updateKind(TypeDefKind kind, Span span, List<Span> members) {
    return switch (kind) {
      case TypeDefKind.Own o -> new TypeDefKind.Own(mapType(o.resource(), span));
      case TypeDefKind.Borrow b -> new TypeDefKind.Borrow(mapType(b.resource(), span));
      case TypeDefKind.Resource r -> r;
      case TypeDefKind.Record r -> {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < r.fields().size(); i++) {
          Field f = r.fields().get(i);
          Span fs = members != null && i < members.size() ? members.get(i) : span;
          fields.add(new Field(f.name(), updateTy(f.type(), fs), f.docs()));
        }
        yield new TypeDefKind.Record(fields);
      }
      case TypeDefKind.Tuple t -> new TypeDefKind.Tuple(t.types().stream().map(x -> updateTy(x, span)).toList());
      case TypeDefKind.Variant v -> {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < v.cases().size(); i++) {
          Case c = v.cases().get(i);
          Span cs = members != null && i < members.size() ? members.get(i) : span;
          cases.add(new Case(c.name(), c.type() == null ? null : updateTy(c.type(), cs), c.docs()));
        }
        yield new TypeDefKind.Variant(cases);
      }
      case TypeDefKind.Option o -> new TypeDefKind.Option(updateTy(o.type(), span));
      case TypeDefKind.Result r -> new TypeDefKind.Result(r.ok() == null ? null : updateTy(r.ok(), span),
          r.err() == null ? null : updateTy(r.err(), span));
      case TypeDefKind.ListOf l -> new TypeDefKind.ListOf(updateTy(l.element(), span));
      case TypeDefKind.FixedList l -> new TypeDefKind.FixedList(updateTy(l.element(), span), l.length());
      case TypeDefKind.MapOf m -> new TypeDefKind.MapOf(updateTy(m.key(), span), updateTy(m.value(), span));
      case TypeDefKind.Future f -> new TypeDefKind.Future(f.type() == null ? null : updateTy(f.type(), span));
      case TypeDefKind.Stream s -> new TypeDefKind.Stream(s.type() == null ? null : updateTy(s.type(), span));
      // `type a = b` keeps `a` usable both as the resource and as a handle: no own<T> here
      case TypeDefKind.Alias a -> a.target() instanceof WitType.Ref(int id)
          ? new TypeDefKind.Alias(new WitType.Ref(mapType(id, span))) : a;
      case TypeDefKind.Flags f -> f;
      case TypeDefKind.Enum e -> e;
      case TypeDefKind.Unknown x -> throw new IllegalStateException("unknown type after resolution");
    };
  }

  /** Maps a reference; a reference to a resource becomes an {@code own<T>} handle. */
  private WitType updateTy(WitType ty, Span span) {
    if (!(ty instanceof WitType.Ref(int old))) {
      return ty;
    }
    int id = mapType(old, span);
    int cur = id;
    boolean resource;
    while (true) {
      TypeDefKind k = resolve.types.get(cur).kind();
      if (k instanceof TypeDefKind.Alias(WitType.Ref(int next))) {
        cur = next;
      } else {
        resource = k instanceof TypeDefKind.Resource;
        break;
      }
    }
    if (resource) {
      final int target = id;
      id = ownHandles.computeIfAbsent(target, k -> {
        resolve.types.add(new TypeDef(null, new TypeDefKind.Own(target), TypeOwner.NONE, null, Stability.UNKNOWN));
        return resolve.types.size() - 1;
      });
    }
    return new WitType.Ref(id);
  }

  private void updateInterface(Interface iface, Span span, Map<String, Span> funcSpans) {
    LinkedHashMap<String, Integer> kept = new LinkedHashMap<>();
    for (var e : iface.types.entrySet()) {
      Integer m = types.get(e.getValue());
      if (m != null) {
        kept.put(e.getKey(), m);
      }
    }
    iface.types.clear();
    iface.types.putAll(kept);
    LinkedHashMap<String, Function> funcs = new LinkedHashMap<>();
    for (var e : iface.functions.entrySet()) {
      Function f = e.getValue();
      if (!resolve.includeStability(f.stability())) {
        continue;
      }
      Span fs = funcSpans.getOrDefault(e.getKey(), span);
      checkSince(f.stability(), fs);
      funcs.put(e.getKey(), updateFunction(f, fs));
    }
    iface.functions.clear();
    iface.functions.putAll(funcs);
  }

  private Function updateFunction(Function f, Span span) {
    FunctionKind kind = switch (f.kind()) {
      case FunctionKind.Freestanding k -> k;
      case FunctionKind.Method m -> new FunctionKind.Method(mapType(m.resource(), span), m.async());
      case FunctionKind.Static s -> new FunctionKind.Static(mapType(s.resource(), span), s.async());
      case FunctionKind.Constructor c -> new FunctionKind.Constructor(mapType(c.resource(), span));
    };
    List<Param> params = new ArrayList<>();
    for (Param p : f.params()) {
      params.add(new Param(p.name(), updateTy(p.type(), span)));
    }
    WitType result = f.result() == null ? null : updateTy(f.result(), span);
    if (result != null && typeHasBorrow(result)) {
      throw WitError.at(span, "function `" + f.name() + "` returns a type which contains a `borrow<T>` which is not "
          + "supported");
    }
    return f.withTypes(kind, params, result);
  }

  /** Whether {@code t} contains a {@code borrow}; iterative, so deep type chains cannot exhaust the stack. */
  private boolean typeHasBorrow(WitType t) {
    if (!(t instanceof WitType.Ref(int root))) {
      return false;
    }
    java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      int id = stack.peek();
      if (hasBorrow.containsKey(id)) {
        stack.pop();
        continue;
      }
      TypeDefKind kind = resolve.types.get(id).kind();
      if (kind instanceof TypeDefKind.Borrow) {
        hasBorrow.put(id, true);
        stack.pop();
        continue;
      }
      boolean pending = false;
      boolean any = false;
      for (WitType ref : refs(kind)) {
        if (kind instanceof TypeDefKind.Own) {
          break; // an owned handle holds no borrow, whatever the resource
        }
        if (ref instanceof WitType.Ref(int child)) {
          Boolean known = hasBorrow.get(child);
          if (known == null) {
            stack.push(child);
            pending = true;
          } else {
            any |= known;
          }
        }
      }
      if (!pending) {
        hasBorrow.put(id, any);
        stack.pop();
      }
    }
    return hasBorrow.get(root);
  }

  // ------------------------------------------------------------------ worlds

  private record Pending(String name, Object item, Span span) {}

  private void updateWorld(World world, Map<WorldKey, Span> importSpans, Map<WorldKey, Span> exportSpans) {
    LinkedHashMap<WorldKey, WorldItem> ownImports = world.imports;
    LinkedHashMap<WorldKey, WorldItem> ownExports = world.exports;
    world.imports = new LinkedHashMap<>();
    world.exports = new LinkedHashMap<>();

    // included worlds come first; their names may not collide with this world's own names
    Set<String> ownImportNames = new HashSet<>();
    Set<String> ownExportNames = new HashSet<>();
    for (WorldKey k : ownImports.keySet()) {
      if (k instanceof WorldKey.Name(String n)) {
        ownImportNames.add(n);
      }
    }
    for (WorldKey k : ownExports.keySet()) {
      if (k instanceof WorldKey.Name(String n)) {
        ownExportNames.add(n);
      }
    }
    for (Resolve.Include inc : world.includes) {
      if (!resolve.includeStability(inc.stability())) {
        continue;
      }
      checkSince(inc.stability(), inc.span());
      resolveInclude(world, inc, ownImportNames, ownExportNames);
    }
    world.includes.clear();

    List<Pending> importFuncs = new ArrayList<>();
    List<Pending> importTypes = new ArrayList<>();
    for (var e : ownImports.entrySet()) {
      WorldKey key = e.getKey();
      WorldItem item = e.getValue();
      Span span = importSpans.get(key);
      if (item instanceof WorldItem.TypeItem(int tid)) {
        int mapped = mapType(tid, span);
        item = new WorldItem.TypeItem(mapped);
      }
      Stability stability = stabilityOf(item);
      if (!resolve.includeStability(stability)) {
        continue;
      }
      checkSince(stability, span);
      key = updateKey(key, span);
      switch (item) {
        case WorldItem.InterfaceItem ii -> addImport(world, key, mapInterface(ii.id(), span), ii.stability());
        case WorldItem.FunctionItem fi -> importFuncs.add(new Pending(((WorldKey.Name) key).name(),
            updateFunction(fi.function(), span), span));
        case WorldItem.TypeItem ti -> importTypes.add(new Pending(((WorldKey.Name) key).name(), ti.id(), span));
      }
    }
    for (Pending p : importTypes) {
      int tid = (Integer) p.item();
      TypeDef td = resolve.types.get(tid);
      if (td.kind() instanceof TypeDefKind.Alias(WitType.Ref(int other))
          && resolve.types.get(other).owner() instanceof TypeOwner.OfInterface(int owner)) {
        addImport(world, new WorldKey.Iface(owner), owner, td.stability());
      }
    }

    List<Pending> exportFuncs = new ArrayList<>();
    LinkedHashMap<Integer, Object[]> exportIfaces = new LinkedHashMap<>();
    for (var e : ownExports.entrySet()) {
      WorldKey key = e.getKey();
      WorldItem item = e.getValue();
      Span span = exportSpans.get(key);
      Stability stability = stabilityOf(item);
      if (!resolve.includeStability(stability)) {
        continue;
      }
      checkSince(stability, span);
      key = updateKey(key, span);
      switch (item) {
        case WorldItem.InterfaceItem ii -> {
          int id = mapInterface(ii.id(), span);
          if (exportIfaces.containsKey(id)) {
            // the same interface exported under several plain names (`export a: i; export b: i;`)
            exportIfaces.put(-1 - exportIfaces.size(), new Object[] {key, span, ii.stability(), id});
          } else {
            exportIfaces.put(id, new Object[] {key, span, ii.stability(), id});
          }
        }
        case WorldItem.FunctionItem fi -> exportFuncs.add(new Pending(((WorldKey.Name) key).name(),
            updateFunction(fi.function(), span), span));
        case WorldItem.TypeItem ti -> throw new IllegalStateException("type export");
      }
    }
    addExports(world, exportIfaces);

    for (Pending p : importTypes) {
      if (world.imports.put(new WorldKey.Name(p.name()), new WorldItem.TypeItem((Integer) p.item())) != null) {
        throw WitError.at(p.span(), "import of type `" + p.name() + "` shadows previously imported interface");
      }
    }
    for (Pending p : importFuncs) {
      if (world.imports.put(new WorldKey.Name(p.name()), new WorldItem.FunctionItem((Function) p.item())) != null) {
        throw WitError.at(p.span(), "import of function `" + p.name() + "` shadows previously imported interface");
      }
    }
    for (Pending p : exportFuncs) {
      if (world.exports.put(new WorldKey.Name(p.name()), new WorldItem.FunctionItem((Function) p.item())) != null) {
        throw WitError.at(p.span(), "export of function `" + p.name() + "` shadows previously exported interface");
      }
    }
    // exported functions first, then interfaces (stable otherwise)
    LinkedHashMap<WorldKey, WorldItem> sorted = new LinkedHashMap<>();
    world.exports.forEach((k, v) -> {
      if (v instanceof WorldItem.FunctionItem) {
        sorted.put(k, v);
      }
    });
    world.exports.forEach((k, v) -> {
      if (!(v instanceof WorldItem.FunctionItem)) {
        sorted.put(k, v);
      }
    });
    world.exports = sorted;
    checkCaseInsensitive(world, world.imports, "import");
    checkCaseInsensitive(world, world.exports, "export");
  }

  private void checkCaseInsensitive(World world, Map<WorldKey, WorldItem> items, String desc) {
    Map<String, String> seen = new HashMap<>();
    for (WorldKey k : items.keySet()) {
      if (k instanceof WorldKey.Name(String n)) {
        String prev = seen.putIfAbsent(n.toLowerCase(Locale.ROOT), n);
        if (prev != null) {
          throw new WitError(desc + " `" + n + "` in world `" + world.name + "` conflicts with " + desc + " `" + prev
              + "` (kebab-case identifiers are case-insensitive)");
        }
      }
    }
  }

  private Stability stabilityOf(WorldItem item) {
    return switch (item) {
      case WorldItem.InterfaceItem ii -> ii.stability();
      case WorldItem.FunctionItem fi -> fi.function().stability();
      case WorldItem.TypeItem ti -> resolve.types.get(ti.id()).stability();
    };
  }

  private WorldKey updateKey(WorldKey key, Span span) {
    return key instanceof WorldKey.Iface(int id) ? new WorldKey.Iface(mapInterface(id, span)) : key;
  }

  private void addImport(World world, WorldKey key, int id, Stability stability) {
    if (world.imports.containsKey(key)) {
      return;
    }
    for (int dep : resolve.interfaceDirectDeps(id)) {
      addImport(world, new WorldKey.Iface(dep), dep, stability);
    }
    world.imports.put(key, new WorldItem.InterfaceItem(id, stability));
  }

  private void addExports(World world, LinkedHashMap<Integer, Object[]> exportIfaces) {
    Set<Integer> exported = new HashSet<>();
    for (Object[] v : exportIfaces.values()) {
      exported.add((Integer) v[3]);
    }
    Set<Integer> requiredImports = new HashSet<>();
    for (Object[] v : exportIfaces.values()) {
      WorldKey key = (WorldKey) v[0];
      Span span = worldSpan;
      Stability stability = (Stability) v[2];
      int id = (Integer) v[3];
      if (!addExport(world, exported, requiredImports, id, key, true, stability)) {
        throw WitError.at(span, "interface `" + resolve.nameOf(key)
            + "` transitively depends on an interface in incompatible ways");
      }
    }
  }

  private boolean addExport(World world, Set<Integer> exported, Set<Integer> requiredImports, int id,
      WorldKey key, boolean asExport, Stability stability) {
    if (world.exports.containsKey(key)) {
      return asExport;
    }
    if (!asExport && requiredImports.contains(id)) {
      return true;
    }
    for (int dep : resolve.interfaceDirectDeps(id)) {
      boolean depExport = asExport && exported.contains(dep);
      if (!addExport(world, exported, requiredImports, dep, new WorldKey.Iface(dep), depExport, stability)) {
        return false;
      }
    }
    WorldItem item = new WorldItem.InterfaceItem(id, stability);
    if (asExport) {
      if (requiredImports.contains(id)) {
        return false;
      }
      world.exports.put(key, item);
    } else {
      requiredImports.add(id);
      world.imports.put(key, item);
    }
    return true;
  }

  private void resolveInclude(World world, Resolve.Include inc, Set<String> ownImportNames,
      Set<String> ownExportNames) {
    int includeId = mapWorld(inc.world(), inc.span());
    World included = resolve.worlds.get(includeId);
    List<Resolve.IncludeName> unmatched = new ArrayList<>(inc.names());
    for (var items : List.of(included.imports, included.exports)) {
      for (WorldKey k : items.keySet()) {
        if (k instanceof WorldKey.Name(String n)) {
          unmatched.removeIf(x -> x.name().equals(n));
        }
      }
    }
    if (!unmatched.isEmpty()) {
      throw WitError.at(inc.span(), "no import or export kebab-name `" + unmatched.get(0).name()
          + "`. Note that an ID does not support renaming");
    }
    boolean foreign = included.pkg != null && included.pkg != pkgId;
    Cloner cloner = new Cloner(includeId, resolve.worlds.size(), inc.names());
    for (var e : included.imports.entrySet()) {
      includeItem(inc, world.imports, ownImportNames, e.getKey(), cloner.item(e.getValue()), "import", foreign);
    }
    for (var e : included.exports.entrySet()) {
      includeItem(inc, world.exports, ownExportNames, e.getKey(), cloner.item(e.getValue()), "export", foreign);
    }
  }

  /**
   * Copies the types an included world owns (and the anonymous types built on them) into the
   * including world, renamed as its {@code with} clause says, and rewrites the included
   * functions to use the copies: each world has its own types.
   */
  private final class Cloner {
    private final int from;
    private final int into;
    private final List<Resolve.IncludeName> renames;
    private final Map<Integer, Integer> clones = new HashMap<>();
    private final Map<Integer, Boolean> needs = new HashMap<>();

    Cloner(int from, int into, List<Resolve.IncludeName> renames) {
      this.from = from;
      this.into = into;
      this.renames = renames;
    }

    String rename(String name) {
      for (Resolve.IncludeName n : renames) {
        if (n.name().equals(name)) {
          return n.as();
        }
      }
      return name;
    }

    WorldItem item(WorldItem item) {
      return switch (item) {
        case WorldItem.TypeItem ti -> new WorldItem.TypeItem(type(ti.id()));
        case WorldItem.FunctionItem fi -> new WorldItem.FunctionItem(function(fi.function()));
        case WorldItem.InterfaceItem ii -> ii;
      };
    }

    private Function function(Function f) {
      FunctionKind kind = switch (f.kind()) {
        case FunctionKind.Freestanding k -> k;
        case FunctionKind.Method m -> new FunctionKind.Method(type(m.resource()), m.async());
        case FunctionKind.Static st -> new FunctionKind.Static(type(st.resource()), st.async());
        case FunctionKind.Constructor c -> new FunctionKind.Constructor(type(c.resource()));
      };
      List<Param> params = new ArrayList<>();
      for (Param p : f.params()) {
        params.add(new Param(p.name(), ty(p.type())));
      }
      WitType result = f.result() == null ? null : ty(f.result());
      String name = switch (kind) {
        case FunctionKind.Freestanding k -> rename(f.name());
        case FunctionKind.Method m -> "[method]" + resolve.types.get(m.resource()).name() + "." + f.itemName();
        case FunctionKind.Static st -> "[static]" + resolve.types.get(st.resource()).name() + "." + f.itemName();
        case FunctionKind.Constructor c -> "[constructor]" + resolve.types.get(c.resource()).name();
      };
      return new Function(name, kind, params, result, f.docs(), f.stability());
    }

    private WitType ty(WitType t) {
      return t instanceof WitType.Ref(int id) ? new WitType.Ref(type(id)) : t;
    }

    private boolean needsClone(int id) {
      Boolean b = needs.get(id);
      if (b != null) {
        return b;
      }
      TypeDef td = resolve.types.get(id);
      boolean r;
      if (td.owner() instanceof TypeOwner.OfWorld(int w) && w == from) {
        r = true;
      } else if (td.name() != null) {
        r = false;
      } else {
        r = refs(td.kind()).stream().anyMatch(x -> x instanceof WitType.Ref(int rid) && needsClone(rid));
      }
      needs.put(id, r);
      return r;
    }

    int type(int id) {
      Integer done = clones.get(id);
      if (done != null) {
        return done;
      }
      if (!needsClone(id)) {
        return id;
      }
      TypeDef td = resolve.types.get(id);
      TypeDefKind kind = switch (td.kind()) {
        case TypeDefKind.Own o -> new TypeDefKind.Own(type(o.resource()));
        case TypeDefKind.Borrow b -> new TypeDefKind.Borrow(type(b.resource()));
        case TypeDefKind.Alias a -> new TypeDefKind.Alias(ty(a.target()));
        case TypeDefKind.Record r -> new TypeDefKind.Record(r.fields().stream()
            .map(f -> new Field(f.name(), ty(f.type()), f.docs())).toList());
        case TypeDefKind.Variant v -> new TypeDefKind.Variant(v.cases().stream()
            .map(c -> new Case(c.name(), c.type() == null ? null : ty(c.type()), c.docs())).toList());
        case TypeDefKind.Tuple t -> new TypeDefKind.Tuple(t.types().stream().map(this::ty).toList());
        case TypeDefKind.Option o -> new TypeDefKind.Option(ty(o.type()));
        case TypeDefKind.Result r -> new TypeDefKind.Result(r.ok() == null ? null : ty(r.ok()),
            r.err() == null ? null : ty(r.err()));
        case TypeDefKind.ListOf l -> new TypeDefKind.ListOf(ty(l.element()));
        case TypeDefKind.FixedList l -> new TypeDefKind.FixedList(ty(l.element()), l.length());
        case TypeDefKind.MapOf m -> new TypeDefKind.MapOf(ty(m.key()), ty(m.value()));
        case TypeDefKind.Future f -> new TypeDefKind.Future(f.type() == null ? null : ty(f.type()));
        case TypeDefKind.Stream st -> new TypeDefKind.Stream(st.type() == null ? null : ty(st.type()));
        default -> td.kind();
      };
      TypeOwner owner = td.owner() instanceof TypeOwner.OfWorld ? new TypeOwner.OfWorld(into) : td.owner();
      String name = td.name() == null ? null : rename(td.name());
      int nid = resolve.types.size();
      resolve.types.add(new TypeDef(name, kind, owner, td.docs(), td.stability()));
      clones.put(id, nid);
      return nid;
    }
  }

  static List<WitType> refs(TypeDefKind kind) {
    List<WitType> l = new ArrayList<>();
    switch (kind) {
      case TypeDefKind.Alias a -> l.add(a.target());
      case TypeDefKind.Own o -> l.add(new WitType.Ref(o.resource()));
      case TypeDefKind.Borrow b -> l.add(new WitType.Ref(b.resource()));
      case TypeDefKind.Record r -> r.fields().forEach(f -> l.add(f.type()));
      case TypeDefKind.Variant v -> v.cases().forEach(c -> {
        if (c.type() != null) {
          l.add(c.type());
        }
      });
      case TypeDefKind.Tuple t -> l.addAll(t.types());
      case TypeDefKind.Option o -> l.add(o.type());
      case TypeDefKind.Result r -> {
        if (r.ok() != null) {
          l.add(r.ok());
        }
        if (r.err() != null) {
          l.add(r.err());
        }
      }
      case TypeDefKind.ListOf x -> l.add(x.element());
      case TypeDefKind.FixedList x -> l.add(x.element());
      case TypeDefKind.MapOf m -> {
        l.add(m.key());
        l.add(m.value());
      }
      case TypeDefKind.Future f -> {
        if (f.type() != null) {
          l.add(f.type());
        }
      }
      case TypeDefKind.Stream st -> {
        if (st.type() != null) {
          l.add(st.type());
        }
      }
      default -> { }
    }
    return l;
  }

  private void includeItem(Resolve.Include inc, LinkedHashMap<WorldKey, WorldItem> items, Set<String> own,
      WorldKey key, WorldItem item, String desc, boolean foreign) {
    if (foreign && item instanceof WorldItem.InterfaceItem ii && ii.stability() instanceof Stability.Stable) {
      // `@since` versions are relative to the package that wrote them
      item = new WorldItem.InterfaceItem(ii.id(), Stability.UNKNOWN);
    }
    if (key instanceof WorldKey.Name(String n)) {
      String name = n;
      for (Resolve.IncludeName in : inc.names()) {
        if (in.name().equals(n)) {
          name = in.as();
          break;
        }
      }
      if (item instanceof WorldItem.FunctionItem fi) {
        name = fi.function().name();
      }
      if (own.contains(name) || items.putIfAbsent(new WorldKey.Name(name), item) != null) {
        throw WitError.at(inc.span(), desc + " of `" + name + "` shadows previously " + desc + "ed items");
      }
      return;
    }
    WorldItem prev = items.get(key);
    if (prev == null) {
      items.put(key, item);
    } else if (prev instanceof WorldItem.InterfaceItem p && item instanceof WorldItem.InterfaceItem ii
        && p.stability() instanceof Stability.Unknown && !(ii.stability() instanceof Stability.Unknown)) {
      items.put(key, item);
    }
  }
}
