package dev.trellis.engine.wit;

import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.wit.Ast.Span;
import dev.trellis.engine.wit.Resolve.Case;
import dev.trellis.engine.wit.Resolve.EnumCase;
import dev.trellis.engine.wit.Resolve.Field;
import dev.trellis.engine.wit.Resolve.Flag;
import dev.trellis.engine.wit.Resolve.Function;
import dev.trellis.engine.wit.Resolve.FunctionKind;
import dev.trellis.engine.wit.Resolve.Interface;
import dev.trellis.engine.wit.Resolve.Param;
import dev.trellis.engine.wit.Resolve.PackageName;
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
import java.util.Map;
import java.util.Set;

/**
 * Resolves the names of one package's files (WIT.md#name-resolution) into an
 * {@link UnresolvedPackage}: every interface, world and type gets an index, every name a
 * target, in a topological order; references into other packages become placeholders that
 * {@link Remap} binds later.
 */
final class AstResolver {
  private enum PathKind { WORLD, INTERFACE, UNKNOWN }

  /** An interface or a world of this package (or a foreign placeholder). */
  private record Item(boolean world, int id) {}

  /** A name in an interface's scope: a type, or a function (which cannot be used as a type). */
  private record Named(Integer type, String item, Span span) {}

  private interface PathVisitor {
    void visit(Ast.Id iface, List<Ast.Attribute> attrs, Ast.UsePath path, List<Ast.UseName> names, PathKind kind);
  }

  private PackageName packageName;
  private Span packageNameSpan;
  private String packageDocs;
  private final List<List<Ast.Item>> declLists = new ArrayList<>();

  private final UnresolvedPackage out = new UnresolvedPackage();
  private final Map<TypeDefKind, Integer> anonTypes = new HashMap<>();
  private int curAstIndex;
  private final List<Map<String, Item>> astItems = new ArrayList<>();
  private final Map<String, Item> packageItems = new LinkedHashMap<>();
  private final List<LinkedHashMap<String, Named>> interfaceTypes = new ArrayList<>();
  private final Set<Integer> foreignInterfaces = new HashSet<>();
  private LinkedHashMap<String, Named> typeLookup = new LinkedHashMap<>();

  /** Adds one file of the package. */
  void push(Ast.PackageId id, List<Ast.Item> items) {
    if (id != null) {
      PackageName name = id.packageName();
      if (packageName != null && !packageName.equals(name)) {
        throw WitError.at(id.span(), "package identifier `" + name + "` does not match previous package name of `"
            + packageName + "`");
      }
      packageName = name;
      packageNameSpan = id.span();
      String docs = docs(id.docs());
      if (docs != null) {
        if (packageDocs != null) {
          throw new WitError(id.docs().start(), id.docs().end(), "found doc comments on multiple 'package' items");
        }
        packageDocs = docs;
      }
    }
    for (Ast.Item item : items) {
      if (item instanceof Ast.NestedPackage nested) {
        throw WitError.at(nested.packageId().span(), "nested packages must be placed at the top-level");
      }
    }
    declLists.add(items);
  }

  UnresolvedPackage resolve() {
    if (packageName == null) {
      throw new WitError("no `package` header was found in any WIT file for this package");
    }
    out.name = packageName;
    out.nameSpan = packageNameSpan;
    out.docs = packageDocs;
    populateForeignDeps();
    List<Item> order = populateAstItems();
    populateForeignTypes();

    Map<Integer, Ast.InterfaceDecl> ifaceAst = new HashMap<>();
    Map<Integer, Integer> ifaceFile = new HashMap<>();
    Map<Integer, Ast.WorldDecl> worldAst = new HashMap<>();
    Map<Integer, Integer> worldFile = new HashMap<>();
    for (int i = 0; i < declLists.size(); i++) {
      for (Ast.Item item : declLists.get(i)) {
        switch (item) {
          case Ast.InterfaceDecl decl -> {
            int id = astItems.get(i).get(decl.name().name()).id();
            ifaceAst.put(id, decl);
            ifaceFile.put(id, i);
          }
          case Ast.WorldDecl decl -> {
            int id = astItems.get(i).get(decl.name().name()).id();
            worldAst.put(id, decl);
            worldFile.put(id, i);
          }
          default -> { }
        }
      }
    }
    for (Item item : order) {
      if (!item.world()) {
        Ast.InterfaceDecl decl = ifaceAst.get(item.id());
        curAstIndex = ifaceFile.get(item.id());
        resolveInterface(item.id(), decl.items(), decl.docs(), decl.attributes());
      }
    }
    for (Item item : order) {
      if (item.world()) {
        curAstIndex = worldFile.get(item.id());
        resolveWorld(item.id(), worldAst.get(item.id()));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ paths

  private static void forEachPath(List<Ast.Item> items, PathVisitor f) {
    for (Ast.Item item : items) {
      switch (item) {
        case Ast.WorldDecl world -> {
          List<Ast.ExternKind> imports = new ArrayList<>();
          List<List<Ast.Attribute>> importAttrs = new ArrayList<>();
          List<Ast.ExternKind> exports = new ArrayList<>();
          List<List<Ast.Attribute>> exportAttrs = new ArrayList<>();
          for (Ast.WorldItem wi : world.items()) {
            switch (wi) {
              case Ast.Use u -> f.visit(null, u.attributes(), u.from(), u.names(), PathKind.INTERFACE);
              case Ast.Include inc -> f.visit(world.name(), inc.attributes(), inc.from(), null, PathKind.WORLD);
              case Ast.Import imp -> {
                imports.add(imp.kind());
                importAttrs.add(imp.attributes());
              }
              case Ast.Export exp -> {
                exports.add(exp.kind());
                exportAttrs.add(exp.attributes());
              }
              case Ast.TypeDef td -> { }
            }
          }
          for (int pass = 0; pass < 2; pass++) {
            List<Ast.ExternKind> kinds = pass == 0 ? imports : exports;
            List<List<Ast.Attribute>> attrs = pass == 0 ? importAttrs : exportAttrs;
            for (int i = 0; i < kinds.size(); i++) {
              switch (kinds.get(i)) {
                case Ast.InlineInterface inline -> {
                  for (Ast.InterfaceItem ii : inline.items()) {
                    if (ii instanceof Ast.Use u) {
                      f.visit(null, u.attributes(), u.from(), u.names(), PathKind.INTERFACE);
                    }
                  }
                }
                case Ast.PathExtern p -> f.visit(null, attrs.get(i), p.path(), null, PathKind.INTERFACE);
                case Ast.ImplementsExtern p -> f.visit(null, attrs.get(i), p.path(), null, PathKind.INTERFACE);
                case Ast.FuncExtern fe -> { }
              }
            }
          }
        }
        case Ast.InterfaceDecl iface -> {
          for (Ast.InterfaceItem ii : iface.items()) {
            if (ii instanceof Ast.Use u) {
              f.visit(iface.name(), u.attributes(), u.from(), u.names(), PathKind.INTERFACE);
            }
          }
        }
        case Ast.ToplevelUse u -> f.visit(null, u.attributes(), u.item(), null, PathKind.UNKNOWN);
        case Ast.NestedPackage p -> forEachPath(p.items(), f);
      }
    }
  }

  private void populateForeignDeps() {
    for (List<Ast.Item> declList : declLists) {
      forEachPath(declList, (iface, attrs, path, names, kind) -> {
        if (!(path instanceof Ast.PackagePath pp)) {
          return;
        }
        Stability stability = stability(attrs);
        var deps = out.foreignDeps.get(pp.packageName());
        if (deps == null) {
          deps = new LinkedHashMap<>();
          out.foreignDeps.put(pp.packageName(), deps);
          out.foreignDepSpans.add(pp.pkgSpan());
        }
        UnresolvedPackage.Foreign dep = deps.get(pp.name().name());
        if (dep == null) {
          if (kind == PathKind.WORLD) {
            dep = new UnresolvedPackage.Foreign(true, allocWorld(pp.name().span()), pp.name().span(), new ArrayList<>());
          } else {
            int id = allocInterface(pp.name().span());
            foreignInterfaces.add(id);
            dep = new UnresolvedPackage.Foreign(false, id, pp.name().span(), new ArrayList<>());
          }
          deps.put(pp.name().name(), dep);
        }
        dep.stabilities().add(stability);
      });
    }
  }

  private int allocInterface(Span span) {
    interfaceTypes.add(new LinkedHashMap<>());
    out.interfaces.add(new Interface(null));
    out.interfaceSpans.add(span);
    out.functionSpans.add(new LinkedHashMap<>());
    return out.interfaces.size() - 1;
  }

  private int allocWorld(Span span) {
    out.worlds.add(new World(""));
    out.worldSpans.add(span);
    out.importSpans.add(new LinkedHashMap<>());
    out.exportSpans.add(new LinkedHashMap<>());
    return out.worlds.size() - 1;
  }

  private List<Item> populateAstItems() {
    Map<String, Span> pkgItems = new LinkedHashMap<>();
    Map<String, Ast.Item> names = new HashMap<>();
    LinkedHashMap<String, List<Ast.Id>> deps = new LinkedHashMap<>();
    for (List<Ast.Item> declList : declLists) {
      for (Ast.Item item : declList) {
        Ast.Id name = switch (item) {
          case Ast.InterfaceDecl i -> i.name();
          case Ast.WorldDecl w -> w.name();
          default -> null;
        };
        if (name == null) {
          continue;
        }
        if (pkgItems.containsKey(name.name())) {
          throw WitError.at(name.span(), "duplicate item named `" + name.name() + "`");
        }
        pkgItems.put(name.name(), name.span());
        deps.put(name.name(), new ArrayList<>());
        names.put(name.name(), item);
      }
    }

    for (List<Ast.Item> declList : declLists) {
      // names at the top of this file: items of the package, and `use`s (local or foreign)
      Map<String, Ast.Id> local = new HashMap<>();
      Set<String> fileNames = new HashSet<>();
      for (Ast.Item item : declList) {
        Ast.Id name;
        Ast.Id target;
        switch (item) {
          case Ast.ToplevelUse u -> {
            name = u.name();
            target = u.item() instanceof Ast.LocalPath lp ? lp.name() : null;
          }
          case Ast.InterfaceDecl i -> {
            name = i.name();
            target = i.name();
          }
          case Ast.WorldDecl w -> {
            name = w.name();
            target = w.name();
          }
          default -> throw new IllegalStateException();
        }
        if (!fileNames.add(name.name())) {
          throw WitError.at(name.span(), "duplicate name `" + name.name() + "` in this file");
        }
        if (target != null) {
          local.put(name.name(), target);
        }
      }
      Set<String> foreign = new HashSet<>(fileNames);
      foreign.removeAll(local.keySet());
      forEachPath(declList, (iface, attrs, path, useNames, kind) -> {
        if (iface == null || !(path instanceof Ast.LocalPath lp)) {
          return;
        }
        String used = lp.name().name();
        if (foreign.contains(used)) {
          return;
        }
        Ast.Id target = local.get(used);
        if (target != null) {
          deps.get(iface.name()).add(target);
        } else if (pkgItems.containsKey(used)) {
          deps.get(iface.name()).add(lp.name());
        } else {
          throw WitError.at(lp.name().span(), "interface or world `" + used + "` does not exist");
        }
      });
    }

    List<String> order = Toposort.sort("interface or world", deps, null);
    Map<String, Item> ids = new HashMap<>();
    List<Item> result = new ArrayList<>();
    for (String name : order) {
      Item item;
      if (names.get(name) instanceof Ast.InterfaceDecl) {
        int id = allocInterface(pkgItems.get(name));
        out.interfaces.get(id).name = name;
        item = new Item(false, id);
      } else {
        int id = allocWorld(pkgItems.get(name));
        out.worlds.get(id).name = name;
        item = new Item(true, id);
      }
      ids.put(name, item);
      result.add(item);
    }
    for (List<Ast.Item> declList : declLists) {
      Map<String, Item> items = new HashMap<>();
      for (Ast.Item it : declList) {
        switch (it) {
          case Ast.ToplevelUse u -> {
            if (!u.attributes().isEmpty()) {
              throw WitError.at(u.span(), "attributes not allowed on top-level use");
            }
            Item target = switch (u.item()) {
              case Ast.LocalPath lp -> {
                Item t = ids.get(lp.name().name());
                if (t == null) {
                  throw WitError.at(lp.name().span(),
                      "interface or world `" + lp.name().name() + "` does not exist");
                }
                yield t;
              }
              case Ast.PackagePath pp -> foreignItem(pp);
            };
            items.put(u.name().name(), target);
          }
          case Ast.InterfaceDecl i -> {
            items.put(i.name().name(), ids.get(i.name().name()));
            packageItems.put(i.name().name(), ids.get(i.name().name()));
          }
          case Ast.WorldDecl w -> {
            items.put(w.name().name(), ids.get(w.name().name()));
            packageItems.put(w.name().name(), ids.get(w.name().name()));
          }
          default -> { }
        }
      }
      astItems.add(items);
    }
    return result;
  }

  private Item foreignItem(Ast.PackagePath pp) {
    UnresolvedPackage.Foreign f = out.foreignDeps.get(pp.packageName()).get(pp.name().name());
    return new Item(f.world(), f.id());
  }

  private void populateForeignTypes() {
    for (int i = 0; i < declLists.size(); i++) {
      curAstIndex = i;
      forEachPath(declLists.get(i), (iface, attrs, path, names, kind) -> {
        if (names == null) {
          return;
        }
        Stability stability = stability(attrs);
        Item item = resolvePath(path);
        int id = ifaceOf(item, path);
        if (!foreignInterfaces.contains(id)) {
          return;
        }
        LinkedHashMap<String, Named> lookup = interfaceTypes.get(id);
        for (Ast.UseName n : names) {
          if (lookup.containsKey(n.name().name())) {
            continue;
          }
          int tid = out.types.size();
          out.types.add(new TypeDef(n.name().name(), new TypeDefKind.Unknown(), new TypeOwner.OfInterface(id), null,
              stability));
          out.typeSpans.add(n.name().span());
          out.unknownTypeSpans.put(tid, n.name().span());
          lookup.put(n.name().name(), new Named(tid, null, n.name().span()));
          out.interfaces.get(id).types.put(n.name().name(), tid);
        }
      });
    }
  }

  private Item resolvePath(Ast.UsePath path) {
    return switch (path) {
      case Ast.LocalPath lp -> {
        Item item = astItems.get(curAstIndex).get(lp.name().name());
        if (item == null) {
          item = packageItems.get(lp.name().name());
        }
        if (item == null) {
          throw WitError.at(lp.name().span(), "interface or world `" + lp.name().name() + "` does not exist");
        }
        yield item;
      }
      case Ast.PackagePath pp -> foreignItem(pp);
    };
  }

  private int ifaceOf(Item item, Ast.UsePath path) {
    if (item.world()) {
      throw WitError.at(path.name().span(),
          "name `" + path.name().name() + "` is defined as a world, not an interface");
    }
    return item.id();
  }

  private int worldOf(Item item, Ast.UsePath path) {
    if (!item.world()) {
      throw WitError.at(path.name().span(),
          "name `" + path.name().name() + "` is defined as an interface, not a world");
    }
    return item.id();
  }

  // ------------------------------------------------------------------ worlds

  private void resolveWorld(int worldId, Ast.WorldDecl decl) {
    World world = out.worlds.get(worldId);
    world.docs = docs(decl.docs());
    world.stability = stability(decl.attributes());
    List<Object> typeItems = new ArrayList<>();
    for (Ast.WorldItem wi : decl.items()) {
      if (wi instanceof Ast.Use || wi instanceof Ast.TypeDef) {
        typeItems.add(wi);
      }
    }
    resolveTypes(new TypeOwner.OfWorld(worldId), typeItems);

    for (Ast.WorldItem wi : decl.items()) {
      if (wi instanceof Ast.Include inc) {
        Stability stability = stability(inc.attributes());
        Item item = resolvePath(inc.from());
        int target = worldOf(item, inc.from());
        List<Resolve.IncludeName> names = new ArrayList<>();
        for (Ast.IncludeName n : inc.names()) {
          names.add(new Resolve.IncludeName(n.name().name(), n.as().name()));
        }
        world.includes.add(new Resolve.Include(stability, target, names, inc.from().name().span()));
      }
    }

    Map<WorldKey, Span> importSpans = out.importSpans.get(worldId);
    Map<WorldKey, Span> exportSpans = out.exportSpans.get(worldId);
    for (var e : typeLookup.entrySet()) {
      WorldKey key = new WorldKey.Name(e.getKey());
      if (world.imports.put(key, new WorldItem.TypeItem(e.getValue().type())) != null) {
        throw WitError.at(e.getValue().span(), "import `" + e.getKey() + "` conflicts with prior import of same name");
      }
      importSpans.put(key, e.getValue().span());
    }

    List<Function> resourceFuncs = new ArrayList<>();
    List<Span> resourceFuncSpans = new ArrayList<>();
    Set<Integer> importedIfaces = new HashSet<>();
    Set<Integer> exportedIfaces = new HashSet<>();
    for (Ast.WorldItem wi : decl.items()) {
      WitLexer.Docs docs;
      List<Ast.Attribute> attrs;
      Ast.ExternKind kind;
      boolean isImport;
      switch (wi) {
        case Ast.Import imp -> {
          docs = imp.docs();
          attrs = imp.attributes();
          kind = imp.kind();
          isImport = true;
        }
        case Ast.Export exp -> {
          docs = exp.docs();
          attrs = exp.attributes();
          kind = exp.kind();
          isImport = false;
        }
        case Ast.TypeDef td when td.type() instanceof Ast.ResourceT r -> {
          // resolved here, listed after the world's imports and exports
          for (Ast.ResourceFunc rf : r.funcs()) {
            resourceFuncs.add(resolveResourceFunc(rf, td.name()));
            resourceFuncSpans.add(rf.func().name().span());
          }
          continue;
        }
        default -> {
          continue;
        }
      }
      String desc = isImport ? "import" : "export";
      WorldItem item = resolveWorldItem(docs, attrs, kind);
      WorldKey key = switch (kind) {
        case Ast.InlineInterface ii -> new WorldKey.Name(ii.name().name());
        case Ast.FuncExtern fe -> new WorldKey.Name(((WorldItem.FunctionItem) item).function().name());
        case Ast.PathExtern pe -> new WorldKey.Iface(ifaceOf(resolvePath(pe.path()), pe.path()));
        case Ast.ImplementsExtern ie -> new WorldKey.Name(ie.name().name());
      };
      if (kind instanceof Ast.PathExtern && item instanceof WorldItem.InterfaceItem ii) {
        if (!(isImport ? importedIfaces : exportedIfaces).add(ii.id())) {
          throw WitError.at(kind.span(), "interface cannot be " + desc + "ed more than once");
        }
      }
      var dst = isImport ? world.imports : world.exports;
      WorldItem prev = dst.put(key, item);
      if (prev != null) {
        String what = switch (prev) {
          case WorldItem.InterfaceItem x -> "interface";
          case WorldItem.FunctionItem x -> "func";
          case WorldItem.TypeItem x -> "type";
        };
        String name = ((WorldKey.Name) key).name();
        throw WitError.at(kind.span(), desc + " `" + name + "` conflicts with prior " + what + " of same name");
      }
      (isImport ? importSpans : exportSpans).put(key, kind.span());
    }
    for (int i = 0; i < resourceFuncs.size(); i++) {
      Function func = resourceFuncs.get(i);
      WorldKey key = new WorldKey.Name(func.name());
      world.imports.put(key, new WorldItem.FunctionItem(func));
      importSpans.put(key, resourceFuncSpans.get(i));
    }
    typeLookup.clear();
  }

  private WorldItem resolveWorldItem(WitLexer.Docs docs, List<Ast.Attribute> attrs, Ast.ExternKind kind) {
    return switch (kind) {
      case Ast.InlineInterface ii -> {
        LinkedHashMap<String, Named> prev = typeLookup;
        typeLookup = new LinkedHashMap<>();
        int id = allocInterface(ii.name().span());
        resolveInterface(id, ii.items(), docs, attrs);
        typeLookup = prev;
        yield new WorldItem.InterfaceItem(id, out.interfaces.get(id).stability);
      }
      case Ast.PathExtern pe -> {
        Stability stability = stability(attrs);
        int id = ifaceOf(resolvePath(pe.path()), pe.path());
        yield new WorldItem.InterfaceItem(id, stability);
      }
      case Ast.ImplementsExtern ie -> {
        Stability stability = stability(attrs);
        int id = ifaceOf(resolvePath(ie.path()), ie.path());
        yield new WorldItem.InterfaceItem(id, stability);
      }
      case Ast.FuncExtern fe -> new WorldItem.FunctionItem(resolveFunction(docs, attrs, fe.name().name(),
          fe.func(), new FunctionKind.Freestanding(fe.func().async())));
    };
  }

  // ------------------------------------------------------------------ interfaces

  private void resolveInterface(int ifaceId, List<Ast.InterfaceItem> items, WitLexer.Docs docs,
      List<Ast.Attribute> attrs) {
    Interface iface = out.interfaces.get(ifaceId);
    iface.docs = docs(docs);
    iface.stability = stability(attrs);
    List<Object> typeItems = new ArrayList<>();
    for (Ast.InterfaceItem ii : items) {
      if (ii instanceof Ast.Use || ii instanceof Ast.TypeDef) {
        typeItems.add(ii);
      }
    }
    resolveTypes(new TypeOwner.OfInterface(ifaceId), typeItems);
    for (var e : typeLookup.entrySet()) {
      iface.types.put(e.getKey(), e.getValue().type());
    }
    Map<String, Span> spans = out.functionSpans.get(ifaceId);
    List<Function> funcs = new ArrayList<>();
    for (Ast.InterfaceItem ii : items) {
      switch (ii) {
        case Ast.NamedFunc f -> {
          defineName(f.name(), new Named(null, "function", f.name().span()));
          Function func = resolveFunction(f.docs(), f.attributes(), f.name().name(), f.func(),
              new FunctionKind.Freestanding(f.func().async()));
          funcs.add(func);
          spans.put(func.name(), f.name().span());
        }
        case Ast.TypeDef td when td.type() instanceof Ast.ResourceT r -> {
          for (Ast.ResourceFunc rf : r.funcs()) {
            Function func = resolveResourceFunc(rf, td.name());
            funcs.add(func);
            spans.put(func.name(), rf.func().name().span());
          }
        }
        default -> { }
      }
    }
    for (Function f : funcs) {
      iface.functions.put(f.name(), f);
    }
    interfaceTypes.set(ifaceId, typeLookup);
    typeLookup = new LinkedHashMap<>();
  }

  private void resolveTypes(TypeOwner owner, List<Object> items) {
    for (Object o : items) {
      if (o instanceof Ast.Use u) {
        resolveUse(owner, u);
      }
    }
    LinkedHashMap<String, List<Ast.Id>> deps = new LinkedHashMap<>();
    LinkedHashMap<String, Ast.TypeDef> defs = new LinkedHashMap<>();
    for (Object o : items) {
      switch (o) {
        case Ast.TypeDef t -> {
          if (defs.containsKey(t.name().name())) {
            throw WitError.at(t.name().span(), "name `" + t.name().name() + "` is defined more than once");
          }
          defs.put(t.name().name(), t);
          List<Ast.Id> d = new ArrayList<>();
          collectDeps(t.type(), d);
          deps.put(t.name().name(), d);
        }
        case Ast.Use u -> {
          for (Ast.UseName n : u.names()) {
            Ast.Id name = n.as() != null ? n.as() : n.name();
            deps.put(name.name(), new ArrayList<>());
            defs.put(name.name(), null);
          }
        }
        default -> throw new IllegalStateException();
      }
    }
    List<String> order = Toposort.sort("type", deps, name -> switch (name) {
      case "float32" -> "the `float32` type has been renamed to `f32` and is no longer accepted, but the "
          + "`WIT_REQUIRE_F32_F64=0` environment variable can be used to temporarily disable this error";
      case "float64" -> "the `float64` type has been renamed to `f64` and is no longer accepted, but the "
          + "`WIT_REQUIRE_F32_F64=0` environment variable can be used to temporarily disable this error";
      default -> null;
    });
    for (String name : order) {
      Ast.TypeDef def = defs.remove(name);
      if (def == null) {
        continue;
      }
      String docs = docs(def.docs());
      Stability stability = stability(def.attributes());
      List<Span> members = new ArrayList<>();
      TypeDefKind kind = resolveTypeDef(def.type(), stability, members);
      int id = out.types.size();
      out.types.add(new TypeDef(def.name().name(), kind, owner, docs, stability));
      out.typeSpans.add(def.name().span());
      if (!members.isEmpty()) {
        out.memberSpans.put(id, members);
      }
      defineName(def.name(), new Named(id, null, def.name().span()));
    }
  }

  private void resolveUse(TypeOwner owner, Ast.Use u) {
    Item item = resolvePath(u.from());
    int from = ifaceOf(item, u.from());
    Stability stability = stability(u.attributes());
    for (Ast.UseName n : u.names()) {
      Named named = interfaceTypes.get(from).get(n.name().name());
      if (named == null) {
        throw WitError.at(n.name().span(), "name `" + n.name().name() + "` does not exist");
      }
      if (named.type() == null) {
        throw WitError.at(n.name().span(), "cannot import " + named.item() + " `" + n.name().name() + "`");
      }
      Ast.Id name = n.as() != null ? n.as() : n.name();
      int id = out.types.size();
      out.types.add(new TypeDef(name.name(), new TypeDefKind.Alias(new WitType.Ref(named.type())), owner, null,
          stability));
      out.typeSpans.add(n.name().span());
      defineName(name, new Named(id, null, name.span()));
    }
  }

  private void defineName(Ast.Id name, Named named) {
    if (typeLookup.putIfAbsent(name.name(), named) != null) {
      throw WitError.at(name.span(), "name `" + name.name() + "` is defined more than once");
    }
  }

  // ------------------------------------------------------------------ types

  private TypeDefKind resolveTypeDef(Ast.Type ty, Stability stability, List<Span> members) {
    return switch (ty) {
      case Ast.Prim p -> new TypeDefKind.Alias(WitType.of(p.type()));
      case Ast.Named n -> new TypeDefKind.Alias(new WitType.Ref(resolveTypeName(n.id())));
      case Ast.ListT l -> new TypeDefKind.ListOf(resolveType(l.element(), stability));
      case Ast.FixedListT l -> new TypeDefKind.FixedList(resolveType(l.element(), stability), l.length());
      case Ast.MapT m -> {
        WitType k = resolveType(m.key(), stability);
        WitType v = resolveType(m.value(), stability);
        boolean ok = k instanceof WitType.Primitive(PrimType p)
            && p != PrimType.F32 && p != PrimType.F64 && p != PrimType.ERROR_CONTEXT;
        if (!ok) {
          throw WitError.at(m.span(), "invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, "
              + "s32, s64, char, or string");
        }
        yield new TypeDefKind.MapOf(k, v);
      }
      case Ast.HandleT h -> h.own() ? new TypeDefKind.Own(validateResource(h.resource()))
          : new TypeDefKind.Borrow(validateResource(h.resource()));
      case Ast.ResourceT r -> {
        int ctors = 0;
        Set<String> names = new HashSet<>();
        for (Ast.ResourceFunc f : r.funcs()) {
          if (f.kind() == Ast.ResourceFuncKind.CONSTRUCTOR) {
            if (++ctors > 1) {
              throw WitError.at(f.func().name().span(), "duplicate constructors");
            }
          } else if (!names.add(f.func().name().name())) {
            throw WitError.at(f.func().name().span(), "duplicate function name `" + f.func().name().name() + "`");
          }
        }
        yield TypeDefKind.RESOURCE;
      }
      case Ast.RecordT r -> {
        List<Field> fields = new ArrayList<>();
        for (Ast.Field f : r.fields()) {
          fields.add(new Field(f.name().name(), resolveType(f.type(), stability), docs(f.docs())));
          members.add(f.name().span());
        }
        yield new TypeDefKind.Record(fields);
      }
      case Ast.FlagsT f -> {
        List<Flag> flags = new ArrayList<>();
        for (Ast.Flag fl : f.flags()) {
          flags.add(new Flag(fl.name().name(), docs(fl.docs())));
        }
        yield new TypeDefKind.Flags(flags);
      }
      case Ast.TupleT t -> {
        List<WitType> types = new ArrayList<>();
        for (Ast.Type e : t.types()) {
          types.add(resolveType(e, stability));
        }
        yield new TypeDefKind.Tuple(types);
      }
      case Ast.VariantT v -> {
        if (v.cases().isEmpty()) {
          throw WitError.at(v.span(), "empty variant");
        }
        List<Case> cases = new ArrayList<>();
        for (Ast.Case c : v.cases()) {
          cases.add(new Case(c.name().name(), c.type() == null ? null : resolveType(c.type(), stability),
              docs(c.docs())));
          members.add(c.name().span());
        }
        yield new TypeDefKind.Variant(cases);
      }
      case Ast.EnumT e -> {
        if (e.cases().isEmpty()) {
          throw WitError.at(e.span(), "empty enum");
        }
        List<EnumCase> cases = new ArrayList<>();
        for (Ast.EnumCase c : e.cases()) {
          cases.add(new EnumCase(c.name().name(), docs(c.docs())));
        }
        yield new TypeDefKind.Enum(cases);
      }
      case Ast.OptionT o -> new TypeDefKind.Option(resolveType(o.type(), stability));
      case Ast.ResultT r -> new TypeDefKind.Result(r.ok() == null ? null : resolveType(r.ok(), stability),
          r.err() == null ? null : resolveType(r.err(), stability));
      case Ast.FutureT f -> new TypeDefKind.Future(f.type() == null ? null : resolveType(f.type(), stability));
      case Ast.StreamT s -> new TypeDefKind.Stream(s.type() == null ? null : resolveType(s.type(), stability));
    };
  }

  private int resolveTypeName(Ast.Id name) {
    Named n = typeLookup.get(name.name());
    if (n == null) {
      throw WitError.at(name.span(), "name `" + name.name() + "` does not exist");
    }
    if (n.type() == null) {
      throw WitError.at(name.span(), "cannot use " + n.item() + " `" + name.name() + "` as a type");
    }
    return n.type();
  }

  private int validateResource(Ast.Id name) {
    int id = resolveTypeName(name);
    int cur = id;
    while (true) {
      TypeDefKind k = out.types.get(cur).kind();
      if (k instanceof TypeDefKind.Resource) {
        return id;
      }
      if (k instanceof TypeDefKind.Alias(WitType.Ref(int next))) {
        cur = next;
        continue;
      }
      if (k instanceof TypeDefKind.Unknown) {
        out.requiredResourceTypes.add(new int[] {cur});
        out.requiredResourceSpans.add(name.span());
        return id;
      }
      throw WitError.at(name.span(), "type `" + name.name() + "` used in a handle must be a resource");
    }
  }

  /** An anonymous type inherits the stability of the first type it refers to that has one. */
  private Stability findStability(TypeDefKind kind, Stability stability) {
    if (!(stability instanceof Stability.Unknown)) {
      return stability;
    }
    List<WitType> refs = switch (kind) {
      case TypeDefKind.Alias a -> List.of(a.target());
      case TypeDefKind.Own o -> List.of(new WitType.Ref(o.resource()));
      case TypeDefKind.Borrow b -> List.of(new WitType.Ref(b.resource()));
      case TypeDefKind.Tuple t -> t.types();
      case TypeDefKind.ListOf l -> List.of(l.element());
      case TypeDefKind.FixedList l -> List.of(l.element());
      case TypeDefKind.Option o -> List.of(o.type());
      case TypeDefKind.MapOf m -> List.of(m.key(), m.value());
      case TypeDefKind.Future f -> f.type() == null ? List.of() : List.of(f.type());
      case TypeDefKind.Stream s -> s.type() == null ? List.of() : List.of(s.type());
      case TypeDefKind.Result r -> {
        List<WitType> l = new ArrayList<>();
        if (r.ok() != null) {
          l.add(r.ok());
        }
        if (r.err() != null) {
          l.add(r.err());
        }
        yield l;
      }
      default -> List.of();
    };
    for (WitType t : refs) {
      if (t instanceof WitType.Ref(int id) && !(out.types.get(id).stability() instanceof Stability.Unknown)) {
        return out.types.get(id).stability();
      }
    }
    return Stability.UNKNOWN;
  }

  private WitType resolveType(Ast.Type ty, Stability stability) {
    TypeDefKind kind = resolveTypeDef(ty, stability, new ArrayList<>());
    Stability s = findStability(kind, stability);
    return anonType(kind, s, ty.span());
  }

  private WitType anonType(TypeDefKind kind, Stability stability, Span span) {
    switch (kind) {
      case TypeDefKind.Alias a -> {
        return a.target();
      }
      case TypeDefKind.Own o -> {
        return new WitType.Ref(o.resource());
      }
      default -> { }
    }
    Integer id = anonTypes.get(kind);
    if (id == null) {
      id = out.types.size();
      out.types.add(new TypeDef(null, kind, TypeOwner.NONE, null, stability));
      out.typeSpans.add(span);
      anonTypes.put(kind, id);
    }
    return new WitType.Ref(id);
  }

  // ------------------------------------------------------------------ functions

  private Function resolveResourceFunc(Ast.ResourceFunc rf, Ast.Id resource) {
    Named n = typeLookup.get(resource.name());
    int resourceId = n.type();
    Ast.NamedFunc f = rf.func();
    boolean async = f.func().async();
    String name;
    FunctionKind kind;
    switch (rf.kind()) {
      case METHOD -> {
        name = "[method]" + resource.name() + "." + f.name().name();
        kind = new FunctionKind.Method(resourceId, async);
      }
      case STATIC -> {
        name = "[static]" + resource.name() + "." + f.name().name();
        kind = new FunctionKind.Static(resourceId, async);
      }
      default -> {
        name = "[constructor]" + resource.name();
        kind = new FunctionKind.Constructor(resourceId);
      }
    }
    return resolveFunction(f.docs(), f.attributes(), name, f.func(), kind);
  }

  private Function resolveFunction(WitLexer.Docs docs, List<Ast.Attribute> attrs, String name, Ast.Func func,
      FunctionKind kind) {
    String d = docs(docs);
    Stability stability = stability(attrs);
    List<Param> params = resolveParams(func, kind);
    WitType result = resolveResult(func.result(), kind);
    return new Function(name, kind, params, result, d, stability);
  }

  private List<Param> resolveParams(Ast.Func func, FunctionKind kind) {
    LinkedHashMap<String, WitType> params = new LinkedHashMap<>();
    if (kind instanceof FunctionKind.Method m) {
      TypeDefKind borrow = new TypeDefKind.Borrow(m.resource());
      params.put("self", anonType(borrow, findStability(borrow, Stability.UNKNOWN), func.span()));
    }
    for (Ast.Param p : func.params()) {
      WitType t = resolveType(p.type(), Stability.UNKNOWN);
      if (params.putIfAbsent(p.name().name(), t) != null) {
        throw WitError.at(p.name().span(), "param `" + p.name().name() + "` is defined more than once");
      }
    }
    List<Param> out = new ArrayList<>();
    params.forEach((k, v) -> out.add(new Param(k, v)));
    return out;
  }

  private WitType resolveResult(Ast.Type result, FunctionKind kind) {
    if (kind instanceof FunctionKind.Constructor c) {
      if (result == null) {
        return new WitType.Ref(c.resource());
      }
      WitType r = resolveType(result, Stability.UNKNOWN);
      WitType ok = null;
      boolean isResult = false;
      if (r instanceof WitType.Ref(int id) && out.types.get(id).kind() instanceof TypeDefKind.Result res) {
        isResult = true;
        ok = res.ok();
      }
      if (!isResult) {
        throw WitError.at(result.span(), "if a constructor return type is declared it must be a `result`");
      }
      if (ok instanceof WitType.Ref(int okId) && okId == c.resource()) {
        return r;
      }
      Span okSpan = result instanceof Ast.ResultT rt && rt.ok() != null ? rt.ok().span() : result.span();
      throw WitError.at(okSpan, "the `ok` type must be the resource being constructed");
    }
    return result == null ? null : resolveType(result, Stability.UNKNOWN);
  }

  // ------------------------------------------------------------------ docs and gates

  /** Documentation text from the comments before an item, normalized as wit-parser does. */
  static String docs(WitLexer.Docs docs) {
    if (docs == null || docs.comments().isEmpty()) {
      return null;
    }
    List<String> lines = new ArrayList<>();
    for (String c : docs.comments()) {
      String contents;
      if (c.startsWith("/**")) {
        contents = c.substring(3);
        if (contents.endsWith("*/")) {
          contents = contents.substring(0, contents.length() - 2);
        }
      } else {
        int i = 0;
        while (i < c.length() && c.charAt(i) == '/') {
          i++;
        }
        contents = c.substring(i);
      }
      lines.add(stripEnd(contents));
    }
    int min = Integer.MAX_VALUE;
    for (String l : lines) {
      if (l.isEmpty()) {
        continue;
      }
      int n = 0;
      while (n < l.length() && isAsciiWhitespace(l.charAt(n))) {
        n++;
      }
      min = Math.min(min, n);
    }
    if (min != Integer.MAX_VALUE && min > 0) {
      String prefix = " ".repeat(min);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith(prefix)) {
          lines.set(i, lines.get(i).substring(min));
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      if (l.isEmpty()) {
        sb.append('\n');
      } else {
        for (String line : l.split("\n", -1)) {
          if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
          }
          sb.append(line).append('\n');
        }
        // Rust's `lines()` does not yield a final empty line after a trailing newline
        if (l.endsWith("\n")) {
          sb.setLength(sb.length() - 1);
        }
      }
    }
    while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '\n') {
      sb.setLength(sb.length() - 1);
    }
    return sb.toString();
  }

  private static boolean isAsciiWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  private static String stripEnd(String s) {
    int end = s.length();
    while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  static Stability stability(List<Ast.Attribute> all) {
    List<Ast.Attribute> attrs = new ArrayList<>();
    for (Ast.Attribute a : all) {
      if (!(a instanceof Ast.ExternalId)) {
        attrs.add(a);
      }
    }
    if (attrs.isEmpty()) {
      return Stability.UNKNOWN;
    }
    if (attrs.size() == 1) {
      return switch (attrs.get(0)) {
        case Ast.Since s -> new Stability.Stable(s.version(), null);
        case Ast.Unstable u -> new Stability.Unstable(u.feature().name(), null);
        case Ast.Deprecated d -> throw WitError.at(d.span(), "must pair @deprecated with either @since or @unstable");
        case Ast.ExternalId e -> throw new IllegalStateException();
      };
    }
    if (attrs.size() == 2) {
      Ast.Attribute a = attrs.get(0);
      Ast.Attribute b = attrs.get(1);
      if (a instanceof Ast.Since s && b instanceof Ast.Deprecated d
          || b instanceof Ast.Since s2 && a instanceof Ast.Deprecated d2) {
        Ast.Since since = a instanceof Ast.Since x ? x : (Ast.Since) b;
        Ast.Deprecated dep = a instanceof Ast.Deprecated x ? x : (Ast.Deprecated) b;
        return new Stability.Stable(since.version(), dep.version());
      }
      if (a instanceof Ast.Unstable && b instanceof Ast.Deprecated
          || b instanceof Ast.Unstable && a instanceof Ast.Deprecated) {
        Ast.Unstable un = a instanceof Ast.Unstable x ? x : (Ast.Unstable) b;
        Ast.Deprecated dep = a instanceof Ast.Deprecated x ? x : (Ast.Deprecated) b;
        return new Stability.Unstable(un.feature().name(), dep.version());
      }
    }
    throw WitError.at(attrs.get(1).span(), "unsupported combination of attributes");
  }

  private static void collectDeps(Ast.Type ty, List<Ast.Id> deps) {
    switch (ty) {
      case Ast.Named n -> deps.add(n.id());
      case Ast.HandleT h -> deps.add(h.resource());
      case Ast.RecordT r -> r.fields().forEach(f -> collectDeps(f.type(), deps));
      case Ast.TupleT t -> t.types().forEach(e -> collectDeps(e, deps));
      case Ast.VariantT v -> v.cases().forEach(c -> {
        if (c.type() != null) {
          collectDeps(c.type(), deps);
        }
      });
      case Ast.OptionT o -> collectDeps(o.type(), deps);
      case Ast.ListT l -> collectDeps(l.element(), deps);
      case Ast.FixedListT l -> collectDeps(l.element(), deps);
      case Ast.MapT m -> {
        collectDeps(m.key(), deps);
        collectDeps(m.value(), deps);
      }
      case Ast.ResultT r -> {
        if (r.ok() != null) {
          collectDeps(r.ok(), deps);
        }
        if (r.err() != null) {
          collectDeps(r.err(), deps);
        }
      }
      case Ast.FutureT f -> {
        if (f.type() != null) {
          collectDeps(f.type(), deps);
        }
      }
      case Ast.StreamT s -> {
        if (s.type() != null) {
          collectDeps(s.type(), deps);
        }
      }
      default -> { }
    }
  }
}
