package dev.trellis.engine.text;

import dev.trellis.engine.binary.Alias;
import dev.trellis.engine.binary.Sort;
import dev.trellis.engine.error.TextException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One index-space scope of the component text format: a component, a component type, an
 * instance type (Explainer.md#index-spaces; Binary.md "scopes" of outer aliases). Holds the
 * scope's items in their final order and resolves references in four steps:
 *
 * <ol>
 *   <li>the parser expands every field into items (inline type definitions and inline
 *       instances become items of their own placed before their user; inline exports of a
 *       component are deferred to its end), recording each reference an item makes;
 *   <li>{@link #insertAliases} places, right before each item, one alias per inline export
 *       alias ({@code (func $i "x")}) and per identifier found only in an enclosing scope
 *       ({@code alias outer}), in the order the item mentions them;
 *   <li>{@link #assignIndices} numbers each item in its sort's index space and binds ids;
 *   <li>the caller builds each item's binary entry, resolving references through {@link #index}.
 * </ol>
 *
 * Local identifiers may be used before their definition (the binary is then invalid, which is
 * validation's concern); identifiers of enclosing scopes resolve only to definitions that
 * precede the nested scope.
 */
final class ComponentWatScope {

  enum Kind { COMPONENT, COMPONENT_TYPE, INSTANCE_TYPE }

  final Kind kind;
  final ComponentWatScope parent;
  /** The {@code $name} of the component or type this scope belongs to, or null. */
  final String name;
  /** Position, in the parent's items, of the item that defines this scope. */
  final int parentPosition;
  final String file;
  final int depth;

  final List<Item> items = new ArrayList<>();
  /** Ids bound by this scope's items, by sort, collected before aliases are inserted. */
  private final Map<Sort, Set<String>> localIds = new EnumMap<>(Sort.class);
  /** Bindings after {@link #assignIndices}. */
  private final Map<Sort, Map<String, Binding>> bindings = new EnumMap<>(Sort.class);
  private final Map<Sort, Integer> counts = new EnumMap<>(Sort.class);

  static final int MAX_DEPTH = 100;

  ComponentWatScope(Kind kind, ComponentWatScope parent, String name, int parentPosition, String file, SExpr at) {
    this.kind = kind;
    this.parent = parent;
    this.name = name;
    this.parentPosition = parentPosition;
    this.file = file;
    this.depth = parent == null ? 0 : parent.depth + 1;
    if (depth > MAX_DEPTH) {
      throw SExpr.error(file, at, "nesting too deep");
    }
  }

  record Binding(int index, int position) {}

  /** What a definition adds to an index space: one new index of {@code sort}, bound to {@code id} if given. */
  record Def(Sort sort, Token id) {}

  /**
   * One definition (or declarator) of the scope. {@code build} produces its binary entry once
   * indices are known; {@code section} groups consecutive items into sections.
   */
  static final class Item {
    final String section;
    final SExpr at;
    final List<Def> defs = new ArrayList<>();
    final List<Ref> refs = new ArrayList<>();
    Function<ComponentWatScope, Object> build;
    /** The index in {@link #defs}' first sort, after {@link #assignIndices}. */
    int index = -1;
    int position = -1;

    Item(String section, SExpr at) {
      this.section = section;
      this.at = at;
    }

    Item def(Sort sort, Token id) {
      defs.add(new Def(sort, id));
      return this;
    }

    /** Records a reference this item makes (in order), and returns it. */
    <R extends Ref> R ref(R r) {
      refs.add(r);
      return r;
    }

    int offset() {
      return at == null ? -1 : at.pos().offset();
    }
  }

  /** A reference to an index of {@code sort}, resolved against this scope. */
  abstract static sealed class Ref permits IdRef, NumRef, ItemRef, ChainRef {
    final Sort sort;
    final SExpr at;
    /** The alias item that now provides the referenced index, if one was inserted. */
    Item via;

    Ref(Sort sort, SExpr at) {
      this.sort = sort;
      this.at = at;
    }
  }

  /** {@code $name}. */
  static final class IdRef extends Ref {
    final Token id;

    IdRef(Sort sort, Token id, SExpr at) {
      super(sort, at);
      this.id = id;
    }
  }

  /** A numeric index. */
  static final class NumRef extends Ref {
    final int n;

    NumRef(Sort sort, int n, SExpr at) {
      super(sort, at);
      this.n = n;
    }
  }

  /** The index of an item the parser created (an inline type or instance). */
  static final class ItemRef extends Ref {
    final Item item;

    ItemRef(Sort sort, Item item, SExpr at) {
      super(sort, at);
      this.item = item;
    }
  }

  /**
   * An inline export alias {@code (sort base "n1" "n2" ...)}: each name projects an export of
   * the instance before it; all but the last are instances.
   */
  static final class ChainRef extends Ref {
    final Ref base;
    final List<String> names;

    ChainRef(Sort sort, Ref base, List<String> names, SExpr at) {
      super(sort, at);
      this.base = base;
      this.names = List.copyOf(names);
    }
  }

  // ---------------------------------------------------------------- step 2: aliases

  /** Records the ids the items bind (call once all items are expanded). */
  void collectLocalIds() {
    for (Item it : items) {
      for (Def d : it.defs) {
        if (d.id() != null) {
          localIds.computeIfAbsent(key(d.sort()), s -> new HashSet<>()).add(d.id().idName());
        }
      }
    }
  }

  boolean isLocal(Sort sort, String id) {
    return localIds.getOrDefault(key(sort), Set.of()).contains(id);
  }

  /** Inserts the inline-export and outer aliases each item needs right before it. */
  void insertAliases() {
    List<Item> out = new ArrayList<>(items.size());
    for (Item it : items) {
      for (Ref r : it.refs) {
        aliasFor(r, it, out);
      }
      out.add(it);
    }
    items.clear();
    items.addAll(out);
  }

  private void aliasFor(Ref r, Item user, List<Item> out) {
    switch (r) {
      case ChainRef c -> {
        aliasFor(c.base, user, out);
        Ref base = c.base;
        Sort through = c.base.sort; // instance or core instance
        for (int k = 0; k < c.names.size(); k++) {
          boolean last = k == c.names.size() - 1;
          Sort sort = last ? c.sort : through;
          Item a = new Item("alias", c.at).def(sort, null);
          Ref instance = base;
          String n = c.names.get(k);
          a.build = s -> new Alias(sort, instance.sort == Sort.CORE_INSTANCE
              ? new Alias.CoreExport(s.index(instance), n)
              : new Alias.Export(s.index(instance), n), user.offset());
          out.add(a);
          base = new ItemRef(sort, a, c.at);
        }
        c.via = ((ItemRef) base).item;
      }
      case IdRef id -> {
        if (isLocal(id.sort, id.id.idName())) {
          return;
        }
        Outer o = findOuter(id.sort, id.id);
        if (o == null) {
          return; // reported as unknown when resolved
        }
        if (!outerAliasable(id.sort)) {
          throw SExpr.error(file, id.at, "outer item `" + id.id.idName() + "` is not a module, type, or component");
        }
        Item a = new Item("alias", id.at).def(id.sort, null);
        int count = o.count;
        int index = o.binding.index();
        a.build = s -> new Alias(id.sort, new Alias.Outer(count, index), user.offset());
        out.add(a);
        id.via = a;
      }
      default -> {
      }
    }
  }

  static boolean outerAliasable(Sort sort) {
    return sort == Sort.CORE_MODULE || sort == Sort.CORE_TYPE || sort == Sort.COMPONENT || sort == Sort.TYPE;
  }

  record Outer(int count, Binding binding) {}

  /** Finds {@code id} in an enclosing scope, among definitions preceding this scope there. */
  Outer findOuter(Sort sort, Token id) {
    int count = 0;
    int limit = parentPosition;
    for (ComponentWatScope s = parent; s != null; limit = s.parentPosition, s = s.parent) {
      count++;
      Binding b = s.bindings.getOrDefault(key(sort), Map.of()).get(id.idName());
      if (b != null && b.position() < limit) {
        return new Outer(count, b);
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- step 3: indices

  void assignIndices() {
    for (int p = 0; p < items.size(); p++) {
      Item it = items.get(p);
      it.position = p;
      boolean first = true;
      for (Def d : it.defs) {
        Sort k = key(d.sort());
        int idx = counts.merge(k, 1, Integer::sum) - 1;
        if (first) {
          it.index = idx;
          first = false;
        }
        if (d.id() != null) {
          Map<String, Binding> m = bindings.computeIfAbsent(k, s -> new HashMap<>());
          if (m.putIfAbsent(d.id().idName(), new Binding(idx, p)) != null) {
            throw SExpr.error(file, new SExpr.Atom(d.id()), "duplicate " + sortWord(d.sort()) + " identifier");
          }
        }
      }
    }
  }

  /** Number of indices of {@code sort} defined so far (all of them after {@link #assignIndices}). */
  int count(Sort sort) {
    return counts.getOrDefault(key(sort), 0);
  }

  Binding binding(Sort sort, String id) {
    return bindings.getOrDefault(key(sort), Map.of()).get(id);
  }

  // ---------------------------------------------------------------- step 4: resolution

  /** The index {@code r} names in this scope. */
  int index(Ref r) {
    if (r.via != null) {
      return r.via.index;
    }
    return switch (r) {
      case NumRef n -> n.n;
      case ItemRef i -> i.item.index;
      case IdRef id -> {
        Binding b = binding(id.sort, id.id.idName());
        if (b == null) {
          throw SExpr.error(file, id.at, "unknown " + sortWord(id.sort) + ": failed to find name `$" + id.id.idName() + "`");
        }
        yield b.index();
      }
      case ChainRef c -> throw new IllegalStateException("unexpanded inline export alias");
    };
  }

  /**
   * Index spaces: value types and resources share the type space, as do all sorts with
   * {@code type} in a type scope.
   */
  static Sort key(Sort s) {
    return s;
  }

  static String sortWord(Sort s) {
    return s.text();
  }

  /** The scope {@code id} names (for {@code alias outer $id ...}), as a count from this one. */
  int outerCount(Token id, SExpr at) {
    int count = 0;
    for (ComponentWatScope s = this; s != null; s = s.parent) {
      if (id.idName().equals(s.name)) {
        return count;
      }
      count++;
    }
    throw SExpr.error(file, at, "outer component `" + id.idName() + "` not found");
  }

  /** The scope {@code count} levels out, checking it exists. */
  ComponentWatScope outer(long count, SExpr at) {
    ComponentWatScope s = this;
    for (long k = 0; k < count; k++) {
      s = s.parent;
      if (s == null) {
        throw SExpr.error(file, at, "outer count of `" + count + "` is too large");
      }
    }
    return s;
  }

  TextException error(SExpr at, String message) {
    return SExpr.error(file, at, message);
  }
}
