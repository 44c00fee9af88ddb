package dev.trellis.engine.wit;

import dev.trellis.engine.wit.Resolve.Function;
import dev.trellis.engine.wit.Resolve.FunctionKind;
import dev.trellis.engine.wit.Resolve.Interface;
import dev.trellis.engine.wit.Resolve.Package;
import dev.trellis.engine.wit.Resolve.TypeDef;
import dev.trellis.engine.wit.Resolve.TypeDefKind;
import dev.trellis.engine.wit.Resolve.TypeOwner;
import dev.trellis.engine.wit.Resolve.WitType;
import dev.trellis.engine.wit.Resolve.World;
import dev.trellis.engine.wit.Resolve.WorldItem;
import dev.trellis.engine.wit.Resolve.WorldKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Structural equality of packages in two {@link Resolve}s, independent of arena indices:
 * packages, interfaces, worlds, types and functions are matched by name, types by
 * structure (named types by name and owner, anonymous ones by what they are built of),
 * with docs, gates and item order within worlds and interfaces compared too.
 */
final class ResolveEquivalence {
  private final Resolve a;
  private final Resolve b;
  private final boolean docs;
  private boolean functionOrder = true;

  private ResolveEquivalence(Resolve a, Resolve b, boolean docs) {
    this.a = a;
    this.b = b;
    this.docs = docs;
  }

  /**
   * As {@link #diffPackage}, but the order of an interface's functions is not compared
   * (wit-component's printer lists free functions after resources, whatever the source order).
   */
  static String diffPackageAnyFunctionOrder(Resolve a, int pa, Resolve b, int pb) {
    try {
      ResolveEquivalence e = new ResolveEquivalence(a, b, true);
      e.functionOrder = false;
      e.pkg(pa, pb);
      return null;
    } catch (Diff d) {
      return d.getMessage();
    }
  }

  /** Null when package {@code pa} of {@code a} and {@code pb} of {@code b} are the same, else the first difference. */
  static String diffPackage(Resolve a, int pa, Resolve b, int pb) {
    return diffPackage(a, pa, b, pb, true);
  }

  static String diffPackage(Resolve a, int pa, Resolve b, int pb, boolean compareDocs) {
    try {
      new ResolveEquivalence(a, b, compareDocs).pkg(pa, pb);
      return null;
    } catch (Diff d) {
      return d.getMessage();
    }
  }

  /** Null when world {@code wa} of {@code a} and {@code wb} of {@code b} are the same, else the first difference. */
  static String diffWorld(Resolve a, int wa, Resolve b, int wb) {
    try {
      new ResolveEquivalence(a, b, true).world(wa, wb, "world " + a.worlds.get(wa).name);
      return null;
    } catch (Diff d) {
      return d.getMessage();
    }
  }

  /** Every package of {@code a} has an equal package of the same name in {@code b}, and vice versa. */
  static String diffAll(Resolve a, Resolve b) {
    if (a.packages.size() != b.packages.size()) {
      return "package count " + a.packages.size() + " vs " + b.packages.size();
    }
    for (int i = 0; i < a.packages.size(); i++) {
      Integer j = b.packageNames.get(a.packages.get(i).name);
      if (j == null) {
        return "package " + a.packages.get(i).name + " missing";
      }
      String d = diffPackage(a, i, b, j);
      if (d != null) {
        return d;
      }
    }
    return null;
  }

  private static final class Diff extends RuntimeException {
    Diff(String msg) {
      super(msg, null, false, false);
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new Diff(what);
    }
  }

  private void eq(Object x, Object y, String what) {
    check(Objects.equals(x, y), what + ": " + x + " vs " + y);
  }

  private void docs(String x, String y, String what) {
    if (docs) {
      eq(x, y, what + " docs");
    }
  }

  private void pkg(int pa, int pb) {
    Package x = a.packages.get(pa);
    Package y = b.packages.get(pb);
    String at = "package " + x.name;
    eq(x.name, y.name, at + " name");
    docs(x.docs, y.docs, at);
    eq(x.interfaces.keySet(), y.interfaces.keySet(), at + " interfaces");
    eq(x.worlds.keySet(), y.worlds.keySet(), at + " worlds");
    for (String n : x.interfaces.keySet()) {
      iface(x.interfaces.get(n), y.interfaces.get(n), at + " interface " + n);
    }
    for (String n : x.worlds.keySet()) {
      world(x.worlds.get(n), y.worlds.get(n), at + " world " + n);
    }
  }

  private void iface(int ia, int ib, String at) {
    Interface x = a.interfaces.get(ia);
    Interface y = b.interfaces.get(ib);
    eq(x.name, y.name, at + " name");
    docs(x.docs, y.docs, at);
    eq(x.stability, y.stability, at + " stability");
    eq(new ArrayList<>(x.types.keySet()), new ArrayList<>(y.types.keySet()), at + " types");
    for (String n : x.types.keySet()) {
      typeDef(x.types.get(n), y.types.get(n), at + " type " + n);
    }
    if (functionOrder) {
      eq(new ArrayList<>(x.functions.keySet()), new ArrayList<>(y.functions.keySet()), at + " functions");
    } else {
      eq(new java.util.TreeSet<>(x.functions.keySet()), new java.util.TreeSet<>(y.functions.keySet()),
          at + " functions");
    }
    for (String n : x.functions.keySet()) {
      function(x.functions.get(n), y.functions.get(n), at + " function " + n);
    }
  }

  private void world(int wa, int wb, String at) {
    World x = a.worlds.get(wa);
    World y = b.worlds.get(wb);
    eq(x.name, y.name, at + " name");
    docs(x.docs, y.docs, at);
    eq(x.stability, y.stability, at + " stability");
    items(x.imports, y.imports, at + " imports");
    items(x.exports, y.exports, at + " exports");
  }

  /**
   * World items by name. Their order is not compared: it records how the world was
   * elaborated (includes first, then interfaces, types, functions), which WIT without the
   * {@code include}s cannot restate.
   */
  private void items(Map<WorldKey, WorldItem> x, Map<WorldKey, WorldItem> y, String at) {
    Map<String, WorldItem> byName = new java.util.TreeMap<>();
    y.forEach((k, v) -> byName.put(b.nameOf(k), v));
    List<String> kx = x.keySet().stream().map(a::nameOf).toList();
    eq(new java.util.TreeSet<>(kx), byName.keySet(), at);
    List<WorldItem> vx = new ArrayList<>(x.values());
    List<WorldItem> vy = kx.stream().map(byName::get).toList();
    for (int i = 0; i < vx.size(); i++) {
      String where = at + " " + kx.get(i);
      switch (vx.get(i)) {
        case WorldItem.InterfaceItem ii -> {
          check(vy.get(i) instanceof WorldItem.InterfaceItem, where + ": kind");
          WorldItem.InterfaceItem jj = (WorldItem.InterfaceItem) vy.get(i);
          eq(ii.stability(), jj.stability(), where + " stability");
          if (a.interfaces.get(ii.id()).name == null) {
            iface(ii.id(), jj.id(), where);
          } else {
            eq(a.idOf(ii.id()), b.idOf(jj.id()), where + " interface");
          }
        }
        case WorldItem.FunctionItem fi -> {
          check(vy.get(i) instanceof WorldItem.FunctionItem, where + ": kind");
          function(fi.function(), ((WorldItem.FunctionItem) vy.get(i)).function(), where);
        }
        case WorldItem.TypeItem ti -> {
          check(vy.get(i) instanceof WorldItem.TypeItem, where + ": kind");
          typeDef(ti.id(), ((WorldItem.TypeItem) vy.get(i)).id(), where);
        }
      }
    }
  }

  private void function(Function x, Function y, String at) {
    eq(x.name(), y.name(), at + " name");
    docs(x.docs(), y.docs(), at);
    eq(x.stability(), y.stability(), at + " stability");
    switch (x.kind()) {
      case FunctionKind.Freestanding k -> eq(k, y.kind(), at + " kind");
      case FunctionKind.Method m -> {
        check(y.kind() instanceof FunctionKind.Method n && n.async() == m.async(), at + " kind");
        ref(m.resource(), ((FunctionKind.Method) y.kind()).resource(), at + " resource");
      }
      case FunctionKind.Static m -> {
        check(y.kind() instanceof FunctionKind.Static n && n.async() == m.async(), at + " kind");
        ref(m.resource(), ((FunctionKind.Static) y.kind()).resource(), at + " resource");
      }
      case FunctionKind.Constructor m -> {
        check(y.kind() instanceof FunctionKind.Constructor, at + " kind");
        ref(m.resource(), ((FunctionKind.Constructor) y.kind()).resource(), at + " resource");
      }
    }
    eq(x.params().size(), y.params().size(), at + " param count");
    for (int i = 0; i < x.params().size(); i++) {
      eq(x.params().get(i).name(), y.params().get(i).name(), at + " param " + i);
      type(x.params().get(i).type(), y.params().get(i).type(), at + " param " + x.params().get(i).name());
    }
    check((x.result() == null) == (y.result() == null), at + " result presence");
    if (x.result() != null) {
      type(x.result(), y.result(), at + " result");
    }
  }

  private void type(WitType x, WitType y, String at) {
    if (x instanceof WitType.Primitive || y instanceof WitType.Primitive) {
      eq(x, y, at);
      return;
    }
    ref(((WitType.Ref) x).id(), ((WitType.Ref) y).id(), at);
  }

  /** A reference: named types by name and owner, anonymous types by structure. */
  private void ref(int x, int y, String at) {
    TypeDef tx = a.types.get(x);
    TypeDef ty = b.types.get(y);
    eq(tx.name(), ty.name(), at + " type name");
    if (tx.name() != null) {
      owner(tx.owner(), ty.owner(), at);
      return;
    }
    kind(tx.kind(), ty.kind(), at);
  }

  private void owner(TypeOwner x, TypeOwner y, String at) {
    switch (x) {
      case TypeOwner.NoOwner n -> eq(x, y, at + " owner");
      case TypeOwner.OfInterface i -> {
        check(y instanceof TypeOwner.OfInterface, at + " owner kind");
        int j = ((TypeOwner.OfInterface) y).id();
        eq(a.interfaces.get(i.id()).name, b.interfaces.get(j).name, at + " owner");
        if (a.interfaces.get(i.id()).name != null) {
          eq(a.idOf(i.id()), b.idOf(j), at + " owner");
        }
      }
      case TypeOwner.OfWorld w -> {
        check(y instanceof TypeOwner.OfWorld, at + " owner kind");
        eq(a.worlds.get(w.id()).name, b.worlds.get(((TypeOwner.OfWorld) y).id()).name, at + " owner");
      }
    }
  }

  /** A definition: compared in depth. */
  private void typeDef(int x, int y, String at) {
    TypeDef tx = a.types.get(x);
    TypeDef ty = b.types.get(y);
    eq(tx.name(), ty.name(), at + " name");
    docs(tx.docs(), ty.docs(), at);
    eq(tx.stability(), ty.stability(), at + " stability");
    kind(tx.kind(), ty.kind(), at);
  }

  private void kind(TypeDefKind x, TypeDefKind y, String at) {
    eq(x.getClass(), y.getClass(), at + " kind");
    switch (x) {
      case TypeDefKind.Alias k -> type(k.target(), ((TypeDefKind.Alias) y).target(), at);
      case TypeDefKind.Own k -> ref(k.resource(), ((TypeDefKind.Own) y).resource(), at);
      case TypeDefKind.Borrow k -> ref(k.resource(), ((TypeDefKind.Borrow) y).resource(), at);
      case TypeDefKind.Record k -> {
        var fy = ((TypeDefKind.Record) y).fields();
        eq(k.fields().size(), fy.size(), at + " fields");
        for (int i = 0; i < fy.size(); i++) {
          eq(k.fields().get(i).name(), fy.get(i).name(), at + " field");
          docs(k.fields().get(i).docs(), fy.get(i).docs(), at + " field");
          type(k.fields().get(i).type(), fy.get(i).type(), at + " field " + fy.get(i).name());
        }
      }
      case TypeDefKind.Variant k -> {
        var cy = ((TypeDefKind.Variant) y).cases();
        eq(k.cases().size(), cy.size(), at + " cases");
        for (int i = 0; i < cy.size(); i++) {
          eq(k.cases().get(i).name(), cy.get(i).name(), at + " case");
          docs(k.cases().get(i).docs(), cy.get(i).docs(), at + " case");
          check((k.cases().get(i).type() == null) == (cy.get(i).type() == null), at + " case payload");
          if (cy.get(i).type() != null) {
            type(k.cases().get(i).type(), cy.get(i).type(), at + " case " + cy.get(i).name());
          }
        }
      }
      case TypeDefKind.Enum k -> {
        var cy = ((TypeDefKind.Enum) y).cases();
        eq(k.cases().stream().map(Resolve.EnumCase::name).toList(), cy.stream().map(Resolve.EnumCase::name).toList(),
            at + " cases");
        for (int i = 0; i < cy.size(); i++) {
          docs(k.cases().get(i).docs(), cy.get(i).docs(), at + " case");
        }
      }
      case TypeDefKind.Flags k -> {
        var fy = ((TypeDefKind.Flags) y).flags();
        eq(k.flags().stream().map(Resolve.Flag::name).toList(), fy.stream().map(Resolve.Flag::name).toList(),
            at + " flags");
        for (int i = 0; i < fy.size(); i++) {
          docs(k.flags().get(i).docs(), fy.get(i).docs(), at + " flag");
        }
      }
      case TypeDefKind.Tuple k -> {
        var ty = ((TypeDefKind.Tuple) y).types();
        eq(k.types().size(), ty.size(), at + " tuple size");
        for (int i = 0; i < ty.size(); i++) {
          type(k.types().get(i), ty.get(i), at + " tuple");
        }
      }
      case TypeDefKind.ListOf k -> type(k.element(), ((TypeDefKind.ListOf) y).element(), at + " list");
      case TypeDefKind.FixedList k -> {
        eq(k.length(), ((TypeDefKind.FixedList) y).length(), at + " length");
        type(k.element(), ((TypeDefKind.FixedList) y).element(), at + " list");
      }
      case TypeDefKind.MapOf k -> {
        type(k.key(), ((TypeDefKind.MapOf) y).key(), at + " map key");
        type(k.value(), ((TypeDefKind.MapOf) y).value(), at + " map value");
      }
      case TypeDefKind.Option k -> type(k.type(), ((TypeDefKind.Option) y).type(), at + " option");
      case TypeDefKind.Result k -> {
        var ry = (TypeDefKind.Result) y;
        check((k.ok() == null) == (ry.ok() == null) && (k.err() == null) == (ry.err() == null), at + " result shape");
        if (k.ok() != null) {
          type(k.ok(), ry.ok(), at + " ok");
        }
        if (k.err() != null) {
          type(k.err(), ry.err(), at + " err");
        }
      }
      case TypeDefKind.Future k -> {
        var fy = (TypeDefKind.Future) y;
        check((k.type() == null) == (fy.type() == null), at + " future payload");
        if (k.type() != null) {
          type(k.type(), fy.type(), at + " future");
        }
      }
      case TypeDefKind.Stream k -> {
        var sy = (TypeDefKind.Stream) y;
        check((k.type() == null) == (sy.type() == null), at + " stream payload");
        if (k.type() != null) {
          type(k.type(), sy.type(), at + " stream");
        }
      }
      case TypeDefKind.Resource k -> { }
      case TypeDefKind.Unknown k -> { }
    }
  }
}
