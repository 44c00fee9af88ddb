package dev.trellis.engine.wit;

import dev.trellis.engine.types.BorrowType;
import dev.trellis.engine.types.ComponentType;
import dev.trellis.engine.types.EnumType;
import dev.trellis.engine.types.ExternType;
import dev.trellis.engine.types.FlagsType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.FutureType;
import dev.trellis.engine.types.InstanceType;
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
import dev.trellis.engine.types.Type;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import dev.trellis.engine.wit.Resolve.Function;
import dev.trellis.engine.wit.Resolve.FunctionKind;
import dev.trellis.engine.wit.Resolve.Interface;
import dev.trellis.engine.wit.Resolve.Package;
import dev.trellis.engine.wit.Resolve.PackageName;
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
import java.util.List;
import java.util.Map;

/**
 * The world of an actual component: its validated component type read back as WIT, a world
 * {@code root} in package {@code root:component}, as {@code wasm-tools component wit} shows a
 * component. Interfaces imported or exported by interface name go to their own packages.
 * Types are named by the type exports that introduce them; a type equal to one already named
 * by an earlier interface is read as a {@code use} of it.
 */
final class ComponentWorld {
  private final Resolve r;
  /** Resources (equal resource types are the same resource), to their latest name. */
  private final Map<ResourceType, Integer> resources = new HashMap<>();
  /** Named value types by structure, in the order they were named (first wins). */
  private final Map<ValType, Integer> named = new HashMap<>();
  /** Per interface or world: its own names for value types (aliases included), preferred there. */
  private final Map<TypeOwner, Map<ValType, Integer>> scoped = new HashMap<>();
  private final Map<String, Integer> primAliases = new HashMap<>();
  /** Import and export names to the interface they implement ({@code (implements "i")}). */
  private final Map<String, String> importImplements;
  private final Map<String, String> exportImplements;
  private int synthesized;

  private ComponentWorld(Resolve r, Map<String, String> importImplements, Map<String, String> exportImplements) {
    this.r = r;
    this.importImplements = importImplements;
    this.exportImplements = exportImplements;
  }

  static Wit.Parsed decode(ComponentType type, Map<String, String> importImplements,
      Map<String, String> exportImplements) {
    Resolve r = new Resolve();
    r.allFeatures = true;
    ComponentWorld cw = new ComponentWorld(r, importImplements, exportImplements);
    int pkg = cw.pkg(new PackageName("root", "component", null));
    World w = new World("root");
    w.pkg = pkg;
    int wid = r.worlds.size();
    r.worlds.add(w);
    r.packages.get(pkg).worlds.put("root", wid);
    for (var e : type.imports().entrySet()) {
      cw.item(w, wid, pkg, e.getKey(), e.getValue(), true);
    }
    for (var e : type.exports().entrySet()) {
      cw.item(w, wid, pkg, e.getKey(), e.getValue(), false);
    }
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < r.packages.size(); i++) {
      if (i != pkg) {
        ids.add(i);
      }
    }
    ids.add(pkg);
    return new Wit.Parsed(r, ids);
  }

  private int pkg(PackageName name) {
    Integer id = r.packageNames.get(name);
    if (id == null) {
      id = r.packages.size();
      r.packages.add(new Package(name, null));
      r.packageNames.put(name, id);
    }
    return id;
  }

  private void item(World w, int wid, int rootPkg, String name, ExternType ext, boolean isImport) {
    var items = isImport ? w.imports : w.exports;
    switch (ext) {
      case ExternType.InstanceExtern inst -> {
        int iface;
        WorldKey key;
        String implemented = (isImport ? importImplements : exportImplements).get(name);
        Resolve.QualifiedName q = Resolve.QualifiedName.parse(implemented != null ? implemented : name);
        if (q != null) {
          String rest = q.item();
          int p = pkg(q.pkg());
          Integer existing = r.packages.get(p).interfaces.get(rest);
          if (existing != null) {
            iface = existing;
          } else {
            iface = newInterface(rest, p);
            r.packages.get(p).interfaces.put(rest, iface);
          }
          key = implemented != null ? new WorldKey.Name(name) : new WorldKey.Iface(iface);
        } else {
          iface = newInterface(null, rootPkg);
          key = new WorldKey.Name(name);
        }
        fill(iface, inst.type());
        items.put(key, new WorldItem.InterfaceItem(iface, Stability.UNKNOWN));
      }
      case ExternType.FuncExtern f -> items.put(new WorldKey.Name(name),
          new WorldItem.FunctionItem(function(name, f.type(), new TypeOwner.OfWorld(wid), w.imports)));
      case ExternType.TypeExtern t when isImport -> {
        int id = namedType(name, t.type(), new TypeOwner.OfWorld(wid));
        items.put(new WorldKey.Name(name), new WorldItem.TypeItem(id));
      }
      default -> throw new dev.trellis.engine.error.WitException(null, 0, 0,
          "component " + (isImport ? "import" : "export") + " `" + name + "` has no WIT form");
    }
  }

  private int newInterface(String name, int pkg) {
    Interface i = new Interface(name);
    i.pkg = pkg;
    r.interfaces.add(i);
    return r.interfaces.size() - 1;
  }

  private void fill(int ifaceId, InstanceType type) {
    Interface iface = r.interfaces.get(ifaceId);
    TypeOwner owner = new TypeOwner.OfInterface(ifaceId);
    for (var e : type.exports().entrySet()) {
      if (e.getValue() instanceof ExternType.TypeExtern t && !iface.types.containsKey(e.getKey())) {
        iface.types.put(e.getKey(), namedType(e.getKey(), t.type(), owner));
      }
    }
    for (var e : type.exports().entrySet()) {
      if (e.getValue() instanceof ExternType.FuncExtern f && !iface.functions.containsKey(e.getKey())) {
        iface.functions.put(e.getKey(), function(e.getKey(), f.type(), owner, null));
      }
    }
  }

  private int namedType(String name, Type type, TypeOwner owner) {
    if (type instanceof ResourceType res) {
      Integer known = resources.get(res);
      int id = known != null && !r.types.get(known).owner().equals(owner)
          ? add(name, new TypeDefKind.Alias(new WitType.Ref(known)), owner)
          : add(name, TypeDefKind.RESOURCE, owner);
      resources.put(res, id); // later uses name it through the latest import or export
      return id;
    }
    if (!(type instanceof ValType vt)) {
      throw new dev.trellis.engine.error.WitException(null, 0, 0, "type `" + name + "` has no WIT form");
    }
    Map<ValType, Integer> local = scoped.computeIfAbsent(owner, k -> new HashMap<>());
    Integer same = local.containsKey(vt) ? local.get(vt) : named.get(vt);
    if (vt instanceof PrimType) {
      // an alias of a primitive is a `use` only of a same-named alias elsewhere
      same = primAliases.get(name + "=" + vt);
    }
    int id;
    if (same != null) {
      id = add(name, new TypeDefKind.Alias(new WitType.Ref(same)), owner);
    } else {
      id = add(name, vt instanceof PrimType p ? new TypeDefKind.Alias(WitType.of(p)) : kind(vt, owner), owner);
      named.putIfAbsent(vt, id);
    }
    if (vt instanceof PrimType) {
      primAliases.putIfAbsent(name + "=" + vt, id);
    }
    local.putIfAbsent(vt, id);
    return id;
  }

  private int add(String name, TypeDefKind kind, TypeOwner owner) {
    r.types.add(new TypeDef(name, kind, owner, null, Stability.UNKNOWN));
    return r.types.size() - 1;
  }

  private WitType val(ValType v, TypeOwner owner) {
    Integer in = scoped.getOrDefault(owner, Map.of()).get(v);
    if (in != null) {
      return new WitType.Ref(in);
    }
    if (v instanceof PrimType p) {
      return WitType.of(p);
    }
    Integer n = named.get(v);
    if (n != null) {
      return new WitType.Ref(n);
    }
    boolean needsName = v instanceof RecordType || v instanceof VariantType || v instanceof EnumType
        || v instanceof FlagsType;
    if (needsName) {
      // WIT names these types; a component that never exported one gets a made-up name
      return new WitType.Ref(namedType("type-" + (synthesized++), v, owner));
    }
    return new WitType.Ref(add(null, kind(v, owner), TypeOwner.NONE));
  }

  private int resource(ResourceType res) {
    Integer id = resources.get(res);
    if (id == null) {
      throw new dev.trellis.engine.error.WitException(null, 0, 0,
          "resource " + res + " is used before any import or export names it");
    }
    return id;
  }

  private TypeDefKind kind(ValType v, TypeOwner owner) {
    return switch (v) {
      case RecordType rec -> new TypeDefKind.Record(rec.fields().stream()
          .map(f -> new Resolve.Field(f.label(), val(f.type(), owner), null)).toList());
      case VariantType var -> new TypeDefKind.Variant(var.cases().stream()
          .map(c -> new Resolve.Case(c.label(), c.type() == null ? null : val(c.type(), owner), null)).toList());
      case EnumType e -> new TypeDefKind.Enum(e.labels().stream().map(l -> new Resolve.EnumCase(l, null)).toList());
      case FlagsType f -> new TypeDefKind.Flags(f.labels().stream().map(l -> new Resolve.Flag(l, null)).toList());
      case TupleType t -> new TypeDefKind.Tuple(t.types().stream().map(x -> val(x, owner)).toList());
      case ListType l -> l.isFixed() ? new TypeDefKind.FixedList(val(l.element(), owner), (int) l.fixedLength())
          : new TypeDefKind.ListOf(val(l.element(), owner));
      case MapType m -> new TypeDefKind.MapOf(val(m.key(), owner), val(m.value(), owner));
      case OptionType o -> new TypeDefKind.Option(val(o.type(), owner));
      case ResultType res -> new TypeDefKind.Result(res.ok() == null ? null : val(res.ok(), owner),
          res.error() == null ? null : val(res.error(), owner));
      case OwnType o -> new TypeDefKind.Own(resource(o.resource()));
      case BorrowType b -> new TypeDefKind.Borrow(resource(b.resource()));
      case FutureType f -> new TypeDefKind.Future(f.element() == null ? null : val(f.element(), owner));
      case StreamType s -> new TypeDefKind.Stream(s.element() == null ? null : val(s.element(), owner));
      case PrimType p -> new TypeDefKind.Alias(WitType.of(p));
    };
  }

  private Function function(String name, FuncType f, TypeOwner owner, Map<Resolve.WorldKey, WorldItem> worldTypes) {
    List<Param> params = new ArrayList<>();
    for (FuncType.Param p : f.params()) {
      params.add(new Param(p.name(), val(p.type(), owner)));
    }
    WitType result = f.result() == null ? null : val(f.result(), owner);
    FunctionKind kind = new FunctionKind.Freestanding(f.async());
    int close = name.indexOf(']');
    if (name.startsWith("[") && close > 0) {
      String what = name.substring(1, close);
      String rest = name.substring(close + 1);
      int dot = rest.indexOf('.');
      String resName = what.equals("constructor") ? rest : dot > 0 ? rest.substring(0, dot) : rest;
      Integer res = resourceNamed(resName, owner);
      if (res != null) {
        kind = switch (what) {
          case "constructor" -> new FunctionKind.Constructor(res);
          case "method" -> new FunctionKind.Method(res, f.async());
          case "static" -> new FunctionKind.Static(res, f.async());
          default -> kind;
        };
      }
    }
    return new Function(name, kind, params, result, null, Stability.UNKNOWN);
  }

  private Integer resourceNamed(String name, TypeOwner owner) {
    for (int i = r.types.size() - 1; i >= 0; i--) {
      TypeDef t = r.types.get(i);
      if (name.equals(t.name()) && t.owner().equals(owner)) {
        return i;
      }
    }
    return null;
  }
}
