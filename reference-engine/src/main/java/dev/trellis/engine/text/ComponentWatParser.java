package dev.trellis.engine.text;

import dev.trellis.engine.binary.Alias;
import dev.trellis.engine.binary.Bytes;
import dev.trellis.engine.binary.Canon;
import dev.trellis.engine.binary.CanonDef;
import dev.trellis.engine.binary.CanonOpt;
import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.CoreDefType;
import dev.trellis.engine.binary.CoreInstance;
import dev.trellis.engine.binary.CoreTypeDef;
import dev.trellis.engine.binary.CoreValType;
import dev.trellis.engine.binary.Decl;
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
import dev.trellis.engine.binary.StartDef;
import dev.trellis.engine.binary.TypeDef;
import dev.trellis.engine.binary.ValTypeRef;
import dev.trellis.engine.binary.ValueDef;
import dev.trellis.engine.text.ComponentWatScope.ChainRef;
import dev.trellis.engine.text.ComponentWatScope.IdRef;
import dev.trellis.engine.text.ComponentWatScope.Item;
import dev.trellis.engine.text.ComponentWatScope.ItemRef;
import dev.trellis.engine.text.ComponentWatScope.NumRef;
import dev.trellis.engine.text.ComponentWatScope.Ref;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The component text format parser (Explainer.md's grammar as wasm-tools accepts it): fields
 * of components and declarators of component/instance types, with their abbreviations, into
 * the binary AST. See {@link ComponentWatScope} for how identifiers and the expansions are
 * resolved; {@link ComponentWatModuleType} handles core module types.
 */
final class ComponentWatParser {
  final String file;
  final ComponentWat.Options options;

  ComponentWatParser(String file, ComponentWat.Options options) {
    this.file = file;
    this.options = options;
  }

  // ================================================================ components

  /**
   * A component whose fields start at {@code from} in {@code form}.
   *
   * @param parent the enclosing scope, or null at top level
   * @param position the position of the component's item in {@code parent}
   */
  Component component(SExpr.SList form, int from, Token id, ComponentWatScope parent, int position) {
    ComponentWatScope scope = new ComponentWatScope(ComponentWatScope.Kind.COMPONENT, parent,
        id == null ? null : id.idName(), position, file, form);
    List<Item> deferred = new ArrayList<>();
    ComponentWatCursor c = new ComponentWatCursor(form, file, from);
    int starts = 0;
    while (!c.atEnd()) {
      SExpr e = c.next();
      if (e instanceof SExpr.SList l && l.annotation() != null) {
        customAnnotation(l, scope);
        continue;
      }
      if (!(e instanceof SExpr.SList l) || l.head() == null) {
        throw SExpr.error(file, e, "unexpected token: expected a component field `( ... )`");
      }
      if (l.is("start") && ++starts > 1) {
        throw SExpr.error(file, l, "component cannot have more than one start function");
      }
      componentField(l, scope, deferred);
    }
    scope.items.addAll(deferred);
    scope.collectLocalIds();
    scope.insertAliases();
    scope.assignIndices();
    return new Component(sections(scope));
  }

  /** Groups the built items into sections, consecutive items of one kind sharing a section. */
  private List<Section> sections(ComponentWatScope scope) {
    List<Section> out = new ArrayList<>();
    String current = null;
    List<Object> group = new ArrayList<>();
    int groupOffset = -1;
    for (Item it : scope.items) {
      Object built = it.build.apply(scope);
      if (built instanceof DefType d) {
        built = new TypeDef(d, it.offset());
      } else if (built instanceof CoreDefType d) {
        built = new CoreTypeDef(d, it.offset());
      }
      boolean single = it.section.equals("coremodule") || it.section.equals("component")
          || it.section.equals("start") || it.section.equals("custom");
      if (single || !it.section.equals(current)) {
        flush(current, group, groupOffset, out);
        group = new ArrayList<>();
        current = single ? null : it.section;
        groupOffset = it.offset();
      }
      if (single) {
        out.add((Section) built);
      } else {
        group.add(built);
      }
    }
    flush(current, group, groupOffset, out);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void flush(String kind, List<Object> g, int offset, List<Section> out) {
    if (kind == null || g.isEmpty()) {
      return;
    }
    out.add(switch (kind) {
      case "coreinstance" -> new Section.CoreInstances((List<CoreInstance>) (List<?>) g, offset);
      case "coretype" -> new Section.CoreTypes((List<CoreTypeDef>) (List<?>) g, offset);
      case "instance" -> new Section.Instances((List<Instance>) (List<?>) g, offset);
      case "alias" -> new Section.Aliases((List<Alias>) (List<?>) g, offset);
      case "type" -> new Section.Types((List<TypeDef>) (List<?>) g, offset);
      case "canon" -> new Section.Canons((List<CanonDef>) (List<?>) g, offset);
      case "import" -> new Section.Imports((List<Import>) (List<?>) g, offset);
      case "export" -> new Section.Exports((List<Export>) (List<?>) g, offset);
      case "value" -> new Section.Values((List<ValueDef>) (List<?>) g, offset);
      default -> throw new IllegalStateException(kind);
    });
  }

  private void customAnnotation(SExpr.SList l, ComponentWatScope scope) {
    if (!"custom".equals(l.annotation())) {
      return; // other annotations (e.g. @name, @producers) carry no semantics here
    }
    ComponentWatCursor c = new ComponentWatCursor(l, file, 0);
    String name = c.name("a custom section name");
    if (c.peekList()) {
      c.next(); // placement (before/after ...) is not meaningful in a component
    }
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    while (!c.atEnd()) {
      data.writeBytes(c.bytes("custom section data"));
    }
    Item it = new Item("custom", l);
    Bytes b = Bytes.wrap(data.toByteArray());
    it.build = s -> new Section.Custom(name, b, it.offset());
    scope.items.add(it);
  }

  private void componentField(SExpr.SList l, ComponentWatScope scope, List<Item> deferred) {
    String head = l.head();
    switch (head) {
      case "core" -> coreField(l, scope, deferred);
      case "component" -> componentDef(l, scope, deferred);
      case "instance" -> instanceDef(l, scope, deferred);
      case "alias" -> {
        Item it = new Item("alias", l);
        aliasDef(new ComponentWatCursor(l, file, 1), l, it, scope);
        scope.items.add(it);
      }
      case "type" -> typeDef(l, scope, deferred, scope.items);
      case "canon" -> canonDef(l, scope);
      case "start" -> startDef(l, scope);
      case "import" -> importDef(l, scope);
      case "export" -> exportDef(l, scope);
      case "func" -> funcDef(l, scope, deferred);
      case "value" -> valueDef(l, scope, deferred);
      default -> throw SExpr.error(file, l.get(0), "unexpected token: `" + head + "` is not a component field");
    }
  }

  // ---------------------------------------------------------------- shared pieces

  /** An inline {@code (export "name" attr*)} of a definition. */
  private record InlineExport(ExternName name, SExpr at) {}

  /** Reads {@code (export "n" attr*)*}: inline exports (not followed by an item to export). */
  private List<InlineExport> inlineExports(ComponentWatCursor c) {
    List<InlineExport> out = new ArrayList<>();
    while (c.peekList("export") && isInlineExport((SExpr.SList) c.peek())) {
      SExpr.SList e = c.list("export");
      ComponentWatCursor ec = c.sub(e, 1);
      ExternName name = externName(ec);
      ec.expectEnd();
      out.add(new InlineExport(name, e));
    }
    return out;
  }

  private static boolean isInlineExport(SExpr.SList e) {
    for (int k = 2; k < e.size(); k++) {
      if (!(e.get(k) instanceof SExpr.SList l) || !isAttribute(l)) {
        return false;
      }
    }
    return e.size() >= 2;
  }

  private static boolean isAttribute(SExpr.SList l) {
    return l.is("versionsuffix") || l.is("implements") || l.is("external-id");
  }

  /** {@code "name" attribute*}. */
  ExternName externName(ComponentWatCursor c) {
    String name;
    if (c.peekList("interface")) {
      // the legacy `(interface "ns:pkg/iface")` spelling of an interface name
      ComponentWatCursor ic = c.enter("interface");
      name = ic.name("an interface name");
      ic.expectEnd();
    } else {
      name = c.name("an import/export name");
    }
    List<ExternName.Attribute> attrs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (c.peekList() && isAttribute((SExpr.SList) c.peek())) {
      SExpr.SList a = (SExpr.SList) c.peek();
      if (!seen.add(a.head())) {
        throw c.error("unexpected token: duplicate `" + a.head() + "` attribute");
      }
      c.next();
      ComponentWatCursor ac = c.sub(a, 1);
      String v = ac.name("a string");
      ac.expectEnd();
      attrs.add(switch (a.head()) {
        case "versionsuffix" -> new ExternName.VersionSuffix(v);
        case "implements" -> new ExternName.Implements(v);
        default -> new ExternName.ExternalId(v);
      });
    }
    return new ExternName(name, attrs.isEmpty() ? 0x00 : 0x02, attrs);
  }

  /** Adds the deferred export items for a definition's inline exports. */
  private static void deferExports(List<InlineExport> exports, Sort sort, Item item, List<Item> deferred) {
    for (InlineExport e : exports) {
      Item x = new Item("export", e.at()).def(sort, null);
      Ref r = new ItemRef(sort, item, e.at());
      x.build = s -> new Export(e.name(), new SortIdx(sort, s.index(r)), null, x.offset());
      deferred.add(x);
    }
  }

  /**
   * True at {@code (alias ...)} written as the body of an inverted alias {@code (func $f (alias
   * export $i "f"))}: the last item, without the trailing {@code (sort $id?)} an alias field
   * has (so {@code (component (alias outer 1 0 (type)))} stays a component with an alias in it).
   */
  private static boolean isInvertedAlias(ComponentWatCursor c) {
    return c.peekList("alias") && c.i == c.list.size() - 1
        && !(((SExpr.SList) c.peek()).items().getLast() instanceof SExpr.SList);
  }

  /** {@code (import "n" attr*)} used as an abbreviation inside a definition, or null. */
  private ExternName inlineImport(ComponentWatCursor c) {
    if (!c.peekList("import") || !isInlineExport((SExpr.SList) c.peek())) {
      return null; // an `(import "n" externtype)` field, not the `(import "n")` abbreviation
    }
    SExpr.SList l = c.list("import");
    ComponentWatCursor ic = c.sub(l, 1);
    ExternName n = externName(ic);
    ic.expectEnd();
    return n;
  }

  // ---------------------------------------------------------------- references

  /** A plain index {@code $id} or {@code n} of {@code sort}, recorded on {@code owner}. */
  Ref atomRef(SExpr e, Sort sort, Item owner) {
    if (e instanceof SExpr.Atom a) {
      Token t = a.token();
      if (t.kind() == Token.Kind.ID) {
        return owner.ref(new IdRef(sort, t, e));
      }
      if (t.kind() == Token.Kind.NUMBER) {
        Long v = Numbers.u32(t.text());
        if (v == null) {
          throw SExpr.error(file, e, "invalid u32 number: constant out of range");
        }
        return owner.ref(new NumRef(sort, (int) (long) v, e));
      }
    }
    throw SExpr.error(file, e, "expected an index or identifier of a " + sort.text());
  }

  boolean isIndex(SExpr e) {
    return e instanceof SExpr.Atom a && (a.token().kind() == Token.Kind.ID || a.token().kind() == Token.Kind.NUMBER);
  }

  /**
   * The body of a sort index after its sort keyword(s): {@code idx name*}. With names, an
   * inline export alias of the instance {@code idx}.
   */
  Ref sortIdxBody(ComponentWatCursor c, Sort sort, Item owner, SExpr at) {
    SExpr first = c.next();
    // core modules are exported by component instances; other core sorts by core instances
    Sort instanceSort = sort.isCore() && sort != Sort.CORE_MODULE ? Sort.CORE_INSTANCE : Sort.INSTANCE;
    List<String> names = new ArrayList<>();
    while (c.peekString()) {
      names.add(c.name("an export name"));
    }
    c.expectEnd();
    if (names.isEmpty()) {
      return atomRef(first, sort, owner);
    }
    Ref base = atomRefNoRecord(first, instanceSort);
    return owner.ref(new ChainRef(sort, base, names, at));
  }

  private Ref atomRefNoRecord(SExpr e, Sort sort) {
    Item scratch = new Item("scratch", e);
    return atomRef(e, sort, scratch);
  }

  /** {@code idx} or {@code (kw idx name*)} for a component-level sort. */
  Ref idx(ComponentWatCursor c, Sort sort, Item owner) {
    SExpr e = c.peek();
    if (isIndex(e)) {
      c.next();
      return atomRef(e, sort, owner);
    }
    if (e instanceof SExpr.SList l && l.annotation() == null) {
      c.next();
      return sortIdx(l, sort, owner);
    }
    throw c.error("expected a " + sort.text() + " index");
  }

  /** A parenthesized sort index {@code (sort idx name*)} that must be of {@code sort}. */
  Ref sortIdx(SExpr.SList l, Sort sort, Item owner) {
    ComponentWatCursor c = new ComponentWatCursor(l, file, 0);
    Sort found = sortKeywords(c, false);
    if (found != sort) {
      throw SExpr.error(file, l, "expected a `" + sort.text() + "` reference, found `" + (found == null ? l.head() : found.text()) + "`");
    }
    return sortIdxBody(c, sort, owner, l);
  }

  /**
   * Reads a sort written as keywords ({@code func}, {@code core func}, …) at the cursor; null
   * if none. Inside core contexts ({@code core} true) the core sorts are written bare.
   */
  Sort sortKeywords(ComponentWatCursor c, boolean core) {
    Token t = c.peekToken();
    if (t == null || t.kind() != Token.Kind.KEYWORD) {
      return null;
    }
    if (!core && t.text().equals("core")) {
      c.next();
      Sort s = coreSortWord(c.keyword("a core sort"));
      if (s == null) {
        throw c.errorAt(c.list.get(c.i - 1), "unknown core sort");
      }
      return s;
    }
    Sort s = core ? coreSortWord(t.text()) : componentSortWord(t.text());
    if (s != null) {
      c.next();
    }
    return s;
  }

  static Sort coreSortWord(String w) {
    return switch (w) {
      case "func" -> Sort.CORE_FUNC;
      case "table" -> Sort.CORE_TABLE;
      case "memory" -> Sort.CORE_MEMORY;
      case "global" -> Sort.CORE_GLOBAL;
      case "tag" -> Sort.CORE_TAG;
      case "type" -> Sort.CORE_TYPE;
      case "module" -> Sort.CORE_MODULE;
      case "instance" -> Sort.CORE_INSTANCE;
      default -> null;
    };
  }

  static Sort componentSortWord(String w) {
    return switch (w) {
      case "func" -> Sort.FUNC;
      case "value" -> Sort.VALUE;
      case "type" -> Sort.TYPE;
      case "component" -> Sort.COMPONENT;
      case "instance" -> Sort.INSTANCE;
      default -> null;
    };
  }

  /**
   * A reference to a core item from component level, {@code core-prefix(<core:Xidx>)}: a plain
   * index or {@code (core X idx name*)}. With {@link ComponentWat.Options#strictIndices} off, the
   * legacy forms {@code (X idx name*)} and {@code idx name+} are accepted too.
   */
  Ref coreRef(ComponentWatCursor c, Sort sort, Item owner) {
    SExpr e = c.peek();
    if (isIndex(e)) {
      c.next();
      if (c.peekString()) {
        if (options.strictIndices()) {
          String kw = sort.text().substring(5);
          throw c.error("an export name must be written inside a nested reference: `(" + kw + " $i \"name\")` should be written `("
              + kw + " (core " + kw + " $i \"name\"))` (or set WAST_STRICT_COMPONENT_INDICES=0 to accept the legacy syntax)");
        }
        List<String> names = new ArrayList<>();
        while (c.peekString()) {
          names.add(c.name("an export name"));
        }
        return owner.ref(new ChainRef(sort, atomRefNoRecord(e, Sort.CORE_INSTANCE), names, e));
      }
      return atomRef(e, sort, owner);
    }
    if (e instanceof SExpr.SList l && l.annotation() == null) {
      c.next();
      ComponentWatCursor lc = new ComponentWatCursor(l, file, 0);
      if (lc.peekKeyword("core")) {
        lc.next();
        Sort s = coreSortWord(lc.keyword("a core sort"));
        if (s != sort) {
          throw SExpr.error(file, l, "expected a `" + sort.text() + "` reference");
        }
        return sortIdxBody(lc, sort, owner, l);
      }
      Sort legacy = coreSortWord(l.head() == null ? "" : l.head());
      if (legacy == sort) {
        if (options.strictIndices()) {
          String kw = l.head();
          throw SExpr.error(file, l.get(0), "the `core` keyword is required in this reference: `(" + kw + " ...)` should be written `(core "
              + kw + " ...)` (or set WAST_STRICT_COMPONENT_INDICES=0 to accept the legacy syntax)");
        }
        lc.next();
        return sortIdxBody(lc, sort, owner, l);
      }
      throw SExpr.error(file, l, "expected a `" + sort.text() + "` reference");
    }
    throw c.error("expected a " + sort.text() + " reference");
  }

  // ---------------------------------------------------------------- core definitions

  private void coreField(SExpr.SList l, ComponentWatScope scope, List<Item> deferred) {
    if (l.size() < 2 || !(l.get(1) instanceof SExpr.Atom a) || a.token().kind() != Token.Kind.KEYWORD) {
      throw SExpr.error(file, l, "expected a core definition after `core`");
    }
    String kw = a.token().text();
    switch (kw) {
      case "module" -> coreModuleDef(l, scope, deferred);
      case "instance" -> coreInstanceDef(l, scope);
      case "type" -> coreTypeDef(l, scope, scope.items, false);
      case "rec" -> coreTypeDef(l, scope, scope.items, true);
      case "func", "table", "memory", "global", "tag" -> coreItemDef(l, coreSortWord(kw), scope);
      default -> throw SExpr.error(file, l.get(1), "unexpected token: `core " + kw + "` is not a component field");
    }
  }

  private void coreModuleDef(SExpr.SList l, ComponentWatScope scope, List<Item> deferred) {
    externDef(l, 2, Sort.CORE_MODULE, "coremodule", scope, deferred,
        (c, item) -> {
          Ref type = moduleTypeUse(c, l, scope, item, scope.items);
          return s -> new ExternDesc.CoreModule(s.index(type));
        },
        (c, id, item) -> {
          Bytes b = Bytes.wrap(coreModuleBytes(l, c));
          return s -> new Section.CoreModule(b, item.offset());
        });
  }

  /** The bytes of a core module definition whose body starts at the cursor. */
  byte[] coreModuleBytes(SExpr.SList l, ComponentWatCursor c) {
    byte[] bytes = ComponentWat.binaryOrQuoteModule(c, file);
    if (bytes != null) {
      return bytes;
    }
    List<SExpr> items = new ArrayList<>();
    Pos p = l.get(1).pos();
    items.add(new SExpr.Atom(new Token(Token.Kind.KEYWORD, "module", null, p)));
    items.addAll(c.rest());
    return ComponentWat.assembleCoreModule(new SExpr.SList(items, null, l.pos(), l.end()), file);
  }

  /**
   * The type of an imported core module: {@code (type idx)} or inline module declarators, which
   * become a core type item before {@code user}.
   */
  private Ref moduleTypeUse(ComponentWatCursor c, SExpr.SList at, ComponentWatScope scope, Item user, List<Item> out) {
    if (isTypeUse(c)) {
      ComponentWatCursor tc = c.enter("type");
      Ref r = idx(tc, Sort.CORE_TYPE, user);
      tc.expectEnd();
      c.expectEnd();
      return r;
    }
    Item t = new Item("coretype", at).def(Sort.CORE_TYPE, null);
    List<SExpr> decls = c.rest();
    c.i = c.list.size();
    t.build = s -> ComponentWatModuleType.parse(decls, at, s, t.position, this);
    out.add(t);
    return new ItemRef(Sort.CORE_TYPE, t, at);
  }

  /** True if the cursor is at {@code (type idx)} used as a type use (a single index inside). */
  boolean isTypeUse(ComponentWatCursor c) {
    if (!c.peekList("type")) {
      return false;
    }
    SExpr.SList t = (SExpr.SList) c.peek();
    if (t.size() == 2 && isIndex(t.get(1))) {
      return true;
    }
    // (type $i "name" ...) : an inline export alias of a type
    return t.size() > 2 && isIndex(t.get(1)) && t.items().subList(2, t.size()).stream()
        .allMatch(x -> x instanceof SExpr.Atom a && a.token().kind() == Token.Kind.STRING);
  }

  private void coreInstanceDef(SExpr.SList l, ComponentWatScope scope) {
    ComponentWatCursor c = new ComponentWatCursor(l, file, 2);
    Token id = c.optId();
    Item it = new Item("coreinstance", l).def(Sort.CORE_INSTANCE, id);
    if (c.peekList("instantiate")) {
      ComponentWatCursor ic = c.enter("instantiate");
      Ref module = coreIdx(ic, Sort.CORE_MODULE, it);
      List<String> names = new ArrayList<>();
      List<Ref> args = new ArrayList<>();
      while (!ic.atEnd()) {
        ComponentWatCursor w = ic.enter("with");
        names.add(w.name("an instantiation argument name"));
        SExpr.SList arg = w.list("`(instance ...)`");
        w.expectEnd();
        if (!arg.is("instance")) {
          throw SExpr.error(file, arg, "expected `(instance ...)`");
        }
        if (arg.size() >= 2 && isIndex(arg.get(1))) {
          args.add(sortIdxBody(new ComponentWatCursor(arg, file, 1), Sort.CORE_INSTANCE, it, arg));
        } else {
          Item inline = new Item("coreinstance", arg).def(Sort.CORE_INSTANCE, null);
          List<CoreExportRef> ex = coreInlineExports(new ComponentWatCursor(arg, file, 1), inline);
          inline.build = s -> new CoreInstance.FromExports(coreExports(ex, s), inline.offset());
          scope.items.add(inline);
          args.add(new ItemRef(Sort.CORE_INSTANCE, inline, arg));
        }
      }
      c.expectEnd();
      it.build = s -> {
        List<CoreInstance.Arg> a = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
          a.add(new CoreInstance.Arg(names.get(k), s.index(args.get(k))));
        }
        return new CoreInstance.Instantiate(s.index(module), a, it.offset());
      };
    } else {
      List<CoreExportRef> ex = coreInlineExports(c, it);
      it.build = s -> new CoreInstance.FromExports(coreExports(ex, s), it.offset());
    }
    scope.items.add(it);
  }

  /** An index in a core context: {@code idx} or {@code (sort idx name*)} with a bare core sort. */
  private Ref coreIdx(ComponentWatCursor c, Sort sort, Item owner) {
    SExpr e = c.peek();
    if (isIndex(e)) {
      c.next();
      return atomRef(e, sort, owner);
    }
    if (e instanceof SExpr.SList l && l.annotation() == null) {
      c.next();
      ComponentWatCursor lc = new ComponentWatCursor(l, file, 0);
      Sort s = sortKeywords(lc, true);
      if (s != sort) {
        throw SExpr.error(file, l, "expected a `" + sort.text() + "` reference");
      }
      return sortIdxBody(lc, sort, owner, l);
    }
    throw c.error("expected a " + sort.text() + " index");
  }

  private record CoreExportRef(String name, Sort sort, Ref ref) {}

  private List<CoreExportRef> coreInlineExports(ComponentWatCursor c, Item owner) {
    List<CoreExportRef> out = new ArrayList<>();
    while (!c.atEnd()) {
      ComponentWatCursor e = c.enter("export");
      String name = e.name("an export name");
      SExpr.SList target = e.list("a core sort index `(func ...)`");
      e.expectEnd();
      ComponentWatCursor tc = new ComponentWatCursor(target, file, 0);
      Sort s = sortKeywords(tc, true);
      if (s == null) {
        throw SExpr.error(file, target, "expected a core sort (`func`, `table`, `memory`, `global`, `tag`)");
      }
      out.add(new CoreExportRef(name, s, sortIdxBody(tc, s, owner, target)));
    }
    return out;
  }

  private static List<CoreInstance.InlineExport> coreExports(List<CoreExportRef> ex, ComponentWatScope s) {
    return ex.stream().map(x -> new CoreInstance.InlineExport(x.name(), x.sort(), s.index(x.ref()))).toList();
  }

  /** {@code (core type $id? ...)} or {@code (core rec ...)} in a component or type scope. */
  void coreTypeDef(SExpr.SList l, ComponentWatScope scope, List<Item> out, boolean rec) {
    // the form without `core`, as the core type parsers expect it
    SExpr.SList bare = new SExpr.SList(l.items().subList(1, l.size()), null, l.get(1).pos(), l.end());
    Item it = new Item("coretype", l);
    if (!rec && bare.size() >= 2) {
      ComponentWatCursor c = new ComponentWatCursor(bare, file, 1);
      Token id = c.optId();
      if (c.peekList("module")) {
        it.def(Sort.CORE_TYPE, id);
        SExpr.SList m = c.list("module");
        c.expectEnd();
        List<SExpr> decls = m.items().subList(1, m.size());
        it.build = s -> ComponentWatModuleType.parse(decls, m, s, it.position, this);
        out.add(it);
        return;
      }
    }
    for (Token id : CoreWatTypes.typeIds(bare, file)) {
      it.def(Sort.CORE_TYPE, id);
    }
    // collect the references once, to place outer aliases; resolve them when building
    Map<Token, Ref> refs = new IdentityHashMap<>();
    CoreWatTypes.typeDef(bare, t -> {
      refs.put(t, atomRef(new SExpr.Atom(t), Sort.CORE_TYPE, it));
      return 0;
    }, file);
    it.build = s -> CoreWatTypes.typeDef(bare, t -> {
      Ref r = refs.get(t);
      return r == null ? s.index(atomRefNoRecord(new SExpr.Atom(t), Sort.CORE_TYPE)) : s.index(r);
    }, file);
    out.add(it);
  }

  /** {@code (core func $id? (canon ...))}, {@code (core X $id? (alias core export ...))}. */
  private void coreItemDef(SExpr.SList l, Sort sort, ComponentWatScope scope) {
    ComponentWatCursor c = new ComponentWatCursor(l, file, 2);
    Token id = c.optId();
    if (isInvertedAlias(c)) {
      Item it = new Item("alias", l);
      aliasInverted(c, l, it, scope, sort, id);
      scope.items.add(it);
      return;
    }
    if (sort == Sort.CORE_FUNC && c.peekList("canon")) {
      SExpr.SList canon = c.list("canon");
      c.expectEnd();
      Item it = new Item("canon", l).def(Sort.CORE_FUNC, id);
      ComponentWatCursor cc = new ComponentWatCursor(canon, file, 1);
      String op = cc.keyword("a canonical built-in");
      if (op.equals("lift")) {
        throw SExpr.error(file, canon, "`canon lift` defines a component `func`, not a `core func`");
      }
      Function<ComponentWatScope, Canon> body = canonBody(op, cc, canon, it, scope, scope.items);
      cc.expectEnd();
      it.build = s -> new CanonDef(body.apply(s), it.offset());
      scope.items.add(it);
      return;
    }
    throw c.error("unexpected token: expected `(alias ...)`" + (sort == Sort.CORE_FUNC ? " or `(canon ...)`" : ""));
  }

  // ---------------------------------------------------------------- aliases

  /**
   * {@code export idx "n" (sort $id?)}, {@code core export idx "n" (core sort $id?)}, {@code outer
   * ct idx (sort $id?)} after {@code alias}, defining {@code it}.
   */
  void aliasDef(ComponentWatCursor c, SExpr at, Item it, ComponentWatScope scope) {
    aliasTarget(c, at, it, scope, null, null);
  }

  /** The inverted form {@code (sort $id? (alias ...))}. */
  private void aliasInverted(ComponentWatCursor c, SExpr at, Item it, ComponentWatScope scope, Sort sort, Token id) {
    SExpr.SList a = c.list("alias");
    c.expectEnd();
    aliasTarget(new ComponentWatCursor(a, file, 1), a, it, scope, sort, id);
  }

  /**
   * Reads an alias target; the defined sort and id come from the trailing {@code (sort $id?)}
   * or, in the inverted form, from {@code sort}/{@code id}.
   */
  private void aliasTarget(ComponentWatCursor c, SExpr at, Item it, ComponentWatScope scope, Sort sort, Token id) {
    String kind = c.keyword("`export`, `core export` or `outer`");
    switch (kind) {
      case "export" -> {
        Ref inst = idx(c, Sort.INSTANCE, it);
        String name = c.name("an export name");
        SortAndId s = aliasSort(c, sort, id, false);
        c.expectEnd();
        it.def(s.sort, s.id);
        it.build = sc -> new Alias(s.sort, new Alias.Export(sc.index(inst), name), it.offset());
      }
      case "core" -> {
        c.expectKeyword("export");
        Ref inst = coreIdx(c, Sort.CORE_INSTANCE, it);
        String name = c.name("an export name");
        SortAndId s = aliasSort(c, sort, id, true);
        c.expectEnd();
        if (!s.sort.isCore()) {
          throw SExpr.error(file, at, "a `core export` alias must define a core sort");
        }
        it.def(s.sort, s.id);
        it.build = sc -> new Alias(s.sort, new Alias.CoreExport(sc.index(inst), name), it.offset());
      }
      case "outer" -> {
        SExpr ctExpr = c.next();
        SExpr idxExpr = c.next();
        SortAndId s = aliasSort(c, sort, id, false);
        c.expectEnd();
        if (!ComponentWatScope.outerAliasable(s.sort)) {
          throw SExpr.error(file, at, "outer aliases may only refer to `core module`, `core type`, `component` or `type`");
        }
        it.def(s.sort, s.id);
        it.build = sc -> {
          int count = outerCount(sc, ctExpr);
          int index = outerIndex(sc, count, it.position, s.sort, idxExpr);
          return new Alias(s.sort, new Alias.Outer(count, index), it.offset());
        };
      }
      default -> throw SExpr.error(file, at, "unexpected token: expected `export`, `core export` or `outer`");
    }
  }

  private record SortAndId(Sort sort, Token id) {}

  private SortAndId aliasSort(ComponentWatCursor c, Sort sort, Token id, boolean core) {
    if (sort != null) {
      return new SortAndId(sort, id);
    }
    SExpr.SList l = c.list("the aliased sort `(func $id?)`");
    ComponentWatCursor lc = new ComponentWatCursor(l, file, 0);
    Sort s = sortKeywords(lc, false);
    if (s == null) {
      throw SExpr.error(file, l, "expected a sort (`func`, `core func`, `type`, ...)");
    }
    Token i = lc.optId();
    lc.expectEnd();
    return new SortAndId(s, i);
  }

  /** The count of an explicit outer alias: a number or the {@code $name} of an enclosing scope. */
  int outerCount(ComponentWatScope scope, SExpr ct) {
    if (ct instanceof SExpr.Atom a && a.token().kind() == Token.Kind.ID) {
      return scope.outerCount(a.token(), ct);
    }
    if (ct instanceof SExpr.Atom a && a.token().kind() == Token.Kind.NUMBER) {
      Long v = Numbers.u32(a.token().text());
      if (v == null) {
        throw SExpr.error(file, ct, "invalid u32 number: constant out of range");
      }
      return (int) (long) v; // a count beyond the enclosing scopes is validation's to reject
    }
    throw SExpr.error(file, ct, "expected an outer count or the `$name` of an enclosing component");
  }

  /** The index of an explicit outer alias, {@code count} scopes out of {@code scope}. */
  int outerIndex(ComponentWatScope scope, int count, int position, Sort sort, SExpr idx) {
    if (idx instanceof SExpr.Atom a && a.token().kind() == Token.Kind.NUMBER) {
      Long v = Numbers.u32(a.token().text());
      if (v == null) {
        throw SExpr.error(file, idx, "invalid u32 number: constant out of range");
      }
      return (int) (long) v;
    }
    if (!(idx instanceof SExpr.Atom a) || a.token().kind() != Token.Kind.ID) {
      throw SExpr.error(file, idx, "expected an index or identifier");
    }
    ComponentWatScope target = scope;
    int limit = position;
    for (int k = 0; k < count; k++) {
      limit = target.parentPosition;
      target = target.parent;
      if (target == null) {
        throw SExpr.error(file, idx, "outer count of `" + count + "` is too large");
      }
    }
    ComponentWatScope.Binding b = target.binding(sort, a.token().idName());
    if (b == null || (count > 0 && b.position() >= limit)) {
      throw SExpr.error(file, idx, "unknown " + sort.text() + ": failed to find name `$" + a.token().idName() + "`");
    }
    return b.index();
  }

  // ---------------------------------------------------------------- components, instances

  private void componentDef(SExpr.SList l, ComponentWatScope scope, List<Item> deferred) {
    externDef(l, 1, Sort.COMPONENT, "component", scope, deferred,
        (c, item) -> {
          Ref type = componentTypeUse(c, l, ComponentWatScope.Kind.COMPONENT_TYPE, item, scope.items);
          return s -> new ExternDesc.Component(s.index(type));
        },
        (c, id, item) -> {
          int from = c.i;
          return s -> new Section.NestedComponent(component(l, from, id, s, item.position), item.offset());
        });
  }

  /** What an inline import reads at the cursor: the extern type of {@code item}. */
  private interface ImportType {
    Function<ComponentWatScope, ExternDesc> read(ComponentWatCursor c, Item item);
  }

  /** What a definition's body reads at the cursor: how {@code item}, named {@code id}, builds. */
  private interface Body {
    Function<ComponentWatScope, Object> read(ComponentWatCursor c, Token id, Item item);
  }

  /**
   * A definition of {@code sort} from element {@code from} of {@code l} on, with the
   * abbreviations every definable sort has: {@code $id? (export "n")*}, then an inline import
   * {@code (import "n") type}, an inverted alias {@code (alias ...)}, or the body proper.
   */
  private void externDef(SExpr.SList l, int from, Sort sort, String section, ComponentWatScope scope,
      List<Item> deferred, ImportType importType, Body body) {
    ComponentWatCursor c = new ComponentWatCursor(l, file, from);
    Token id = c.optId();
    List<InlineExport> exports = inlineExports(c);
    ExternName imp = inlineImport(c);
    Item item;
    if (imp != null) {
      Item it = new Item("import", l).def(sort, id);
      Function<ComponentWatScope, ExternDesc> desc = importType.read(c, it);
      it.build = s -> new Import(imp, desc.apply(s), it.offset());
      item = it;
    } else if (isInvertedAlias(c)) {
      item = new Item("alias", l);
      aliasInverted(c, l, item, scope, sort, id);
    } else {
      item = new Item(section, l).def(sort, id);
      item.build = body.read(c, id, item);
    }
    scope.items.add(item);
    deferExports(exports, sort, item, deferred);
  }

  /**
   * The type of a component or instance extern: {@code (type idx)} or inline declarators, which
   * become a type item before the user.
   */
  Ref componentTypeUse(ComponentWatCursor c, SExpr.SList at, ComponentWatScope.Kind kind, Item user, List<Item> out) {
    if (isTypeUse(c)) {
      ComponentWatCursor tc = c.enter("type");
      Ref r = typeIdxBody(tc, user, tc.list);
      c.expectEnd();
      return r;
    }
    Item t = new Item("type", at).def(Sort.TYPE, null);
    List<SExpr> decls = new ArrayList<>(c.rest());
    c.i = c.list.size();
    t.build = s -> typeScope(kind, decls, at, s, t.position);
    out.add(t);
    return new ItemRef(Sort.TYPE, t, at);
  }

  private Ref typeIdxBody(ComponentWatCursor tc, Item owner, SExpr.SList at) {
    return sortIdxBody(tc, Sort.TYPE, owner, at);
  }

  private void instanceDef(SExpr.SList l, ComponentWatScope scope, List<Item> deferred) {
    externDef(l, 1, Sort.INSTANCE, "instance", scope, deferred,
        (c, item) -> {
          Ref type = componentTypeUse(c, l, ComponentWatScope.Kind.INSTANCE_TYPE, item, scope.items);
          return s -> new ExternDesc.Instance(s.index(type));
        },
        (c, id, item) -> instanceBody(c, item, scope));
  }

  /** {@code (instantiate ...)} or {@code (export ...)*}: how an instance definition builds. */
  private Function<ComponentWatScope, Object> instanceBody(ComponentWatCursor c, Item item, ComponentWatScope scope) {
    if (c.peekList("instantiate")) {
      ComponentWatCursor ic = c.enter("instantiate");
      c.expectEnd();
      Ref comp = idx(ic, Sort.COMPONENT, item);
      List<String> names = new ArrayList<>();
      List<Sort> sorts = new ArrayList<>();
      List<Ref> refs = new ArrayList<>();
      while (!ic.atEnd()) {
        ComponentWatCursor w = ic.enter("with");
        names.add(w.name("an instantiation argument name"));
        SExpr.SList arg = w.list("an argument `(sort ...)`");
        w.expectEnd();
        if (arg.is("instance") && !(arg.size() >= 2 && isIndex(arg.get(1)))) {
          refs.add(inlineInstance(arg, scope));
          sorts.add(Sort.INSTANCE);
        } else {
          ComponentWatCursor ac = new ComponentWatCursor(arg, file, 0);
          Sort s = sortKeywords(ac, false);
          if (s == null) {
            throw SExpr.error(file, arg, "expected a sort index like `(func $f)`");
          }
          sorts.add(s);
          refs.add(sortIdxBody(ac, s, item, arg));
        }
      }
      return s -> {
        List<Instance.Arg> args = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
          args.add(new Instance.Arg(names.get(k), new SortIdx(sorts.get(k), s.index(refs.get(k)))));
        }
        return new Instance.Instantiate(s.index(comp), args, item.offset());
      };
    }
    List<Function<ComponentWatScope, Instance.InlineExport>> ex = instanceExports(c, item);
    return s -> new Instance.FromExports(ex.stream().map(f -> f.apply(s)).toList(), item.offset());
  }

  /** {@code (instance (export ...)*)} as an instantiation argument: an instance item of its own. */
  private Ref inlineInstance(SExpr.SList arg, ComponentWatScope scope) {
    Item inline = new Item("instance", arg).def(Sort.INSTANCE, null);
    List<Function<ComponentWatScope, Instance.InlineExport>> ex =
        instanceExports(new ComponentWatCursor(arg, file, 1), inline);
    inline.build = s -> new Instance.FromExports(ex.stream().map(f -> f.apply(s)).toList(), inline.offset());
    scope.items.add(inline);
    return new ItemRef(Sort.INSTANCE, inline, arg);
  }

  /** {@code (export "n" attr* (sort idx name*))*}: the exports of an instance made of exports. */
  private List<Function<ComponentWatScope, Instance.InlineExport>> instanceExports(ComponentWatCursor c, Item owner) {
    List<Function<ComponentWatScope, Instance.InlineExport>> out = new ArrayList<>();
    while (!c.atEnd()) {
      ComponentWatCursor e = c.enter("export");
      ExternName name = externName(e);
      SExpr.SList target = e.list("a sort index `(func ...)`");
      e.expectEnd();
      ComponentWatCursor tc = new ComponentWatCursor(target, file, 0);
      Sort s = sortKeywords(tc, false);
      if (s == null) {
        throw SExpr.error(file, target, "expected a sort index like `(func $f)`");
      }
      Ref r = sortIdxBody(tc, s, owner, target);
      out.add(sc -> new Instance.InlineExport(name, new SortIdx(s, sc.index(r))));
    }
    return out;
  }

  // ---------------------------------------------------------------- imports, exports, start

  private void importDef(SExpr.SList l, ComponentWatScope scope) {
    ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
    ExternName name = externName(c);
    SExpr.SList ext = c.list("an extern type `(func ...)`");
    c.expectEnd();
    Item it = new Item("import", l);
    Extern x = externType(ext, it, scope.items, true);
    it.def(x.sort(), x.id());
    it.build = s -> new Import(name, x.desc().apply(s), it.offset());
    scope.items.add(it);
  }

  private void exportDef(SExpr.SList l, ComponentWatScope scope) {
    ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
    Token id = c.optId();
    ExternName name = externName(c);
    SExpr.SList target = c.list("the exported item `(func $f)`");
    Item it = new Item("export", l);
    ComponentWatCursor tc = new ComponentWatCursor(target, file, 0);
    Sort s = sortKeywords(tc, false);
    if (s == null) {
      throw SExpr.error(file, target, "expected a sort index like `(func $f)`");
    }
    List<Item> pending = new ArrayList<>();
    Ref r = sortIdxBody(tc, s, it, target);
    Extern ascribed = null;
    if (!c.atEnd()) {
      ascribed = externType(c.list("an extern type"), it, pending, false);
      c.expectEnd();
    }
    it.def(s, id);
    Extern asc = ascribed;
    it.build = sc -> new Export(name, new SortIdx(s, sc.index(r)), asc == null ? null : asc.desc().apply(sc), it.offset());
    scope.items.addAll(pending);
    scope.items.add(it);
  }

  private void startDef(SExpr.SList l, ComponentWatScope scope) {
    ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
    Item it = new Item("start", l);
    Ref f = idx(c, Sort.FUNC, it);
    List<Ref> args = new ArrayList<>();
    while (c.peekList("value")) {
      ComponentWatCursor v = c.enter("value");
      args.add(idx(v, Sort.VALUE, it));
      v.expectEnd();
    }
    int results = 0;
    while (c.peekList("result")) {
      ComponentWatCursor r = c.enter("result");
      ComponentWatCursor v = r.enter("value");
      it.def(Sort.VALUE, v.optId());
      v.expectEnd();
      r.expectEnd();
      results++;
    }
    c.expectEnd();
    int n = results;
    it.build = s -> new Section.Start(new StartDef(s.index(f), args.stream().map(s::index).toList(), n, it.offset()), it.offset());
    scope.items.add(it);
  }

  // ---------------------------------------------------------------- functions and canon

  private void funcDef(SExpr.SList l, ComponentWatScope scope, List<Item> deferred) {
    externDef(l, 1, Sort.FUNC, "canon", scope, deferred,
        (c, item) -> {
          Ref type = funcTypeUse(c, l, item, scope.items);
          c.expectEnd();
          return s -> new ExternDesc.Func(s.index(type));
        },
        (c, id, item) -> {
          List<Item> pending = new ArrayList<>();
          // the type use comes first in the text, but its expansion must precede the canon's own
          Ref type = funcTypeUse(c, l, item, pending);
          SExpr.SList canon = c.list("`(canon lift ...)`");
          c.expectEnd();
          ComponentWatCursor cc = new ComponentWatCursor(canon, file, 1);
          cc.expectKeyword("lift");
          Function<ComponentWatScope, Canon> lift = liftBody(cc, item, type);
          cc.expectEnd();
          scope.items.addAll(pending);
          return s -> new CanonDef(lift.apply(s), item.offset());
        });
  }

  private Function<ComponentWatScope, Canon> liftBody(ComponentWatCursor c, Item owner, Ref type) {
    Ref core = liftTarget(c, owner);
    List<Function<ComponentWatScope, CanonOpt>> opts = canonOpts(c, owner);
    return s -> new Canon.Lift(s.index(core), opts.stream().map(o -> o.apply(s)).toList(), s.index(type));
  }

  /** {@code core-prefix(<core:funcsortidx>)}: {@code (core func idx name*)}. */
  private Ref liftTarget(ComponentWatCursor c, Item owner) {
    SExpr e = c.peek();
    if (e instanceof SExpr.SList l && l.annotation() == null) {
      return coreRef(c, Sort.CORE_FUNC, owner);
    }
    if (isIndex(e)) {
      return coreRef(c, Sort.CORE_FUNC, owner);
    }
    throw c.error("expected a core function reference `(core func ...)`");
  }

  private void canonDef(SExpr.SList l, ComponentWatScope scope) {
    ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
    String op = c.keyword("a canonical definition");
    Item it = new Item("canon", l);
    List<Item> pending = new ArrayList<>();
    if (op.equals("lift")) {
      Ref core = liftTarget(c, it);
      List<Function<ComponentWatScope, CanonOpt>> opts = canonOpts(c, it);
      SExpr.SList f = c.list("`(func $id? ...)`");
      c.expectEnd();
      if (!f.is("func")) {
        throw SExpr.error(file, f, "expected `(func ...)`: `canon lift` defines a component function");
      }
      ComponentWatCursor fc = new ComponentWatCursor(f, file, 1);
      it.def(Sort.FUNC, fc.optId());
      Ref type = funcTypeUse(fc, f, it, pending);
      fc.expectEnd();
      it.build = s -> new CanonDef(new Canon.Lift(s.index(core), opts.stream().map(o -> o.apply(s)).toList(), s.index(type)), it.offset());
    } else {
      Function<ComponentWatScope, Canon> body = canonBody(op, c, l, it, scope, pending);
      SExpr.SList f = c.list("`(core func $id?)`");
      c.expectEnd();
      ComponentWatCursor fc = new ComponentWatCursor(f, file, 0);
      if (!fc.takeKeyword("core") || !fc.takeKeyword("func")) {
        throw SExpr.error(file, f, "expected `(core func $id?)`");
      }
      it.def(Sort.CORE_FUNC, fc.optId());
      fc.expectEnd();
      it.build = s -> new CanonDef(body.apply(s), it.offset());
    }
    scope.items.addAll(pending);
    scope.items.add(it);
  }

  /**
   * The immediates of a canon built-in other than {@code lift} (Explainer.md#canonical-built-ins),
   * up to (not including) the trailing {@code (core func $id?)}.
   */
  Function<ComponentWatScope, Canon> canonBody(String op, ComponentWatCursor c, SExpr at, Item it,
      ComponentWatScope scope, List<Item> pending) {
    switch (op) {
      case "lower" -> {
        Ref f = idx(c, Sort.FUNC, it);
        List<Function<ComponentWatScope, CanonOpt>> opts = canonOpts(c, it);
        return s -> new Canon.Lower(s.index(f), applyAll(opts, s));
      }
      case "resource.new", "resource.rep", "stream.new", "stream.drop-readable", "stream.drop-writable",
          "future.new", "future.drop-readable", "future.drop-writable" -> {
        Ref t = typeIdx(c, it);
        return s -> {
          int i = s.index(t);
          return switch (op) {
            case "resource.new" -> new Canon.ResourceNew(i);
            case "resource.rep" -> new Canon.ResourceRep(i);
            case "stream.new" -> new Canon.StreamNew(i);
            case "stream.drop-readable" -> new Canon.StreamDropReadable(i);
            case "stream.drop-writable" -> new Canon.StreamDropWritable(i);
            case "future.new" -> new Canon.FutureNew(i);
            case "future.drop-readable" -> new Canon.FutureDropReadable(i);
            default -> new Canon.FutureDropWritable(i);
          };
        };
      }
      case "resource.drop" -> {
        Ref t = typeIdx(c, it);
        boolean async = c.takeKeyword("async");
        return s -> new Canon.ResourceDrop(s.index(t), async);
      }
      case "stream.read", "stream.write", "future.read", "future.write" -> {
        Ref t = typeIdx(c, it);
        List<Function<ComponentWatScope, CanonOpt>> opts = canonOpts(c, it);
        return s -> {
          int i = s.index(t);
          List<CanonOpt> o = applyAll(opts, s);
          return switch (op) {
            case "stream.read" -> new Canon.StreamRead(i, o);
            case "stream.write" -> new Canon.StreamWrite(i, o);
            case "future.read" -> new Canon.FutureRead(i, o);
            default -> new Canon.FutureWrite(i, o);
          };
        };
      }
      case "stream.cancel-read", "stream.cancel-write", "future.cancel-read", "future.cancel-write" -> {
        Ref t = typeIdx(c, it);
        boolean async = c.takeKeyword("async");
        return s -> {
          int i = s.index(t);
          return switch (op) {
            case "stream.cancel-read" -> new Canon.StreamCancelRead(i, async);
            case "stream.cancel-write" -> new Canon.StreamCancelWrite(i, async);
            case "future.cancel-read" -> new Canon.FutureCancelRead(i, async);
            default -> new Canon.FutureCancelWrite(i, async);
          };
        };
      }
      case "backpressure.inc" -> {
        return s -> new Canon.BackpressureInc();
      }
      case "backpressure.dec" -> {
        return s -> new Canon.BackpressureDec();
      }
      case "task.return" -> {
        ComponentWatValType result = null;
        if (c.peekList("result")) {
          ComponentWatCursor r = c.enter("result");
          result = valType(r.next(), it, pending);
          r.expectEnd();
        }
        ComponentWatValType res = result;
        List<Function<ComponentWatScope, CanonOpt>> opts = canonOpts(c, it);
        return s -> new Canon.TaskReturn(res == null ? null : res.resolve(s), applyAll(opts, s));
      }
      case "task.cancel" -> {
        return s -> new Canon.TaskCancel();
      }
      case "context.get", "context.set" -> {
        SExpr vt = c.next();
        CoreValType t = CoreWatTypes.valType(vt, CoreWatTypes.numericOnly(file), file);
        long slot = c.u32("a context slot index");
        return s -> op.equals("context.get") ? new Canon.ContextGet(t, (int) slot) : new Canon.ContextSet(t, (int) slot);
      }
      case "subtask.cancel" -> {
        boolean async = c.takeKeyword("async");
        return s -> new Canon.SubtaskCancel(async);
      }
      case "subtask.drop" -> {
        return s -> new Canon.SubtaskDrop();
      }
      case "error-context.new", "error-context.debug-message" -> {
        List<Function<ComponentWatScope, CanonOpt>> opts = canonOpts(c, it);
        return s -> op.equals("error-context.new")
            ? new Canon.ErrorContextNew(applyAll(opts, s))
            : new Canon.ErrorContextDebugMessage(applyAll(opts, s));
      }
      case "error-context.drop" -> {
        return s -> new Canon.ErrorContextDrop();
      }
      case "waitable-set.new" -> {
        return s -> new Canon.WaitableSetNew();
      }
      case "waitable-set.drop" -> {
        return s -> new Canon.WaitableSetDrop();
      }
      case "waitable.join" -> {
        return s -> new Canon.WaitableJoin();
      }
      case "waitable-set.wait", "waitable-set.poll" -> {
        boolean cancel = c.takeKeyword("cancellable");
        ComponentWatCursor m = c.enter("memory");
        Ref mem = coreRef(m, Sort.CORE_MEMORY, it);
        m.expectEnd();
        return s -> op.equals("waitable-set.wait")
            ? new Canon.WaitableSetWait(cancel, s.index(mem))
            : new Canon.WaitableSetPoll(cancel, s.index(mem));
      }
      case "thread.index" -> {
        return s -> new Canon.ThreadIndex();
      }
      case "thread.resume-later" -> {
        return s -> new Canon.ThreadResumeLater();
      }
      case "thread.new-indirect" -> {
        Ref t = coreRef(c, Sort.CORE_TYPE, it);
        Ref tbl = coreRef(c, Sort.CORE_TABLE, it);
        return s -> new Canon.ThreadNewIndirect(s.index(t), s.index(tbl));
      }
      case "thread.suspend", "thread.yield", "thread.suspend-then-resume", "thread.yield-then-resume",
          "thread.suspend-then-promote", "thread.yield-then-promote" -> {
        boolean cancel = c.takeKeyword("cancellable");
        return s -> switch (op) {
          case "thread.suspend" -> new Canon.ThreadSuspend(cancel);
          case "thread.yield" -> new Canon.ThreadYield(cancel);
          case "thread.suspend-then-resume" -> new Canon.ThreadSuspendThenResume(cancel);
          case "thread.yield-then-resume" -> new Canon.ThreadYieldThenResume(cancel);
          case "thread.suspend-then-promote" -> new Canon.ThreadSuspendThenPromote(cancel);
          default -> new Canon.ThreadYieldThenPromote(cancel);
        };
      }
      case "thread.spawn-ref" -> {
        boolean shared = c.takeKeyword("shared");
        Ref t = coreRef(c, Sort.CORE_TYPE, it);
        return s -> new Canon.ThreadSpawnRef(shared, s.index(t));
      }
      case "thread.spawn-indirect" -> {
        boolean shared = c.takeKeyword("shared");
        Ref t = coreRef(c, Sort.CORE_TYPE, it);
        Ref tbl = coreRef(c, Sort.CORE_TABLE, it);
        return s -> new Canon.ThreadSpawnIndirect(shared, s.index(t), s.index(tbl));
      }
      case "thread.available-parallelism" -> {
        boolean shared = c.takeKeyword("shared");
        return s -> new Canon.ThreadAvailableParallelism(shared);
      }
      default -> throw SExpr.error(file, c.list.get(c.i - 1), "unexpected token: unknown canonical built-in `" + op + "`");
    }
  }

  private static List<CanonOpt> applyAll(List<Function<ComponentWatScope, CanonOpt>> opts, ComponentWatScope s) {
    return opts.stream().map(o -> o.apply(s)).toList();
  }

  /** A component type index of a canon built-in: {@code idx} or {@code (type idx name*)}. */
  private Ref typeIdx(ComponentWatCursor c, Item owner) {
    return idx(c, Sort.TYPE, owner);
  }

  /** {@code canonopt*}. */
  List<Function<ComponentWatScope, CanonOpt>> canonOpts(ComponentWatCursor c, Item owner) {
    List<Function<ComponentWatScope, CanonOpt>> out = new ArrayList<>();
    while (!c.atEnd()) {
      Token t = c.peekToken();
      if (t != null && t.kind() == Token.Kind.KEYWORD) {
        CanonOpt fixed = switch (t.text()) {
          case "string-encoding=utf8" -> CanonOpt.StringEncoding.UTF8;
          case "string-encoding=utf16" -> CanonOpt.StringEncoding.UTF16;
          case "string-encoding=latin1+utf16" -> CanonOpt.StringEncoding.LATIN1_UTF16;
          case "async" -> new CanonOpt.Async();
          case "gc" -> new CanonOpt.Gc();
          default -> null;
        };
        if (fixed == null) {
          return out;
        }
        c.next();
        out.add(s -> fixed);
        continue;
      }
      if (!(c.peek() instanceof SExpr.SList l) || l.annotation() != null) {
        return out;
      }
      String head = l.head();
      if (head == null) {
        return out;
      }
      switch (head) {
        case "memory" -> {
          ComponentWatCursor o = c.enter("memory");
          Ref r = coreRef(o, Sort.CORE_MEMORY, owner);
          o.expectEnd();
          out.add(s -> new CanonOpt.Memory(s.index(r)));
        }
        case "realloc", "post-return", "callback" -> {
          ComponentWatCursor o = c.enter(head);
          Ref r = coreRef(o, Sort.CORE_FUNC, owner);
          o.expectEnd();
          out.add(s -> switch (head) {
            case "realloc" -> new CanonOpt.Realloc(s.index(r));
            case "post-return" -> new CanonOpt.PostReturn(s.index(r));
            default -> new CanonOpt.Callback(s.index(r));
          });
        }
        case "core-type" -> {
          ComponentWatCursor o = c.enter("core-type");
          Ref r = coreRef(o, Sort.CORE_TYPE, owner);
          o.expectEnd();
          out.add(s -> new CanonOpt.CoreType(s.index(r)));
        }
        default -> {
          return out;
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- types

  /** {@code (type $id? (export "n")* deftype)} in a component ({@code deferred} non-null) or type scope. */
  void typeDef(SExpr.SList l, ComponentWatScope scope, List<Item> deferred, List<Item> out) {
    ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
    Token id = c.optId();
    List<InlineExport> exports = deferred == null ? List.of() : inlineExports(c);
    Item it;
    if (deferred != null && isInvertedAlias(c)) {
      it = new Item("alias", l);
      aliasInverted(c, l, it, scope, Sort.TYPE, id);
    } else {
      it = new Item("type", l).def(Sort.TYPE, id);
      SExpr body = c.next();
      c.expectEnd();
      List<Item> pending = new ArrayList<>();
      Function<ComponentWatScope, DefType> dt = defType(body, it, pending, ComponentWatScope.Kind.COMPONENT);
      it.build = s -> dt.apply(s);
      out.addAll(pending);
    }
    out.add(it);
    if (deferred != null) {
      deferExports(exports, Sort.TYPE, it, deferred);
    }
  }

  /** A {@code deftype}: a value type definition, a function, component, instance or resource type. */
  Function<ComponentWatScope, DefType> defType(SExpr body, Item owner, List<Item> pending, ComponentWatScope.Kind where) {
    if (body instanceof SExpr.SList l && l.annotation() == null && l.head() != null) {
      switch (l.head()) {
        case "func" -> {
          ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
          Function<ComponentWatScope, DefType.FuncDef> f = funcType(c, owner, pending);
          c.expectEnd();
          return f::apply;
        }
        case "component", "instance" -> {
          ComponentWatScope.Kind kind = l.is("component") ? ComponentWatScope.Kind.COMPONENT_TYPE : ComponentWatScope.Kind.INSTANCE_TYPE;
          List<SExpr> decls = l.items().subList(1, l.size());
          return s -> typeScope(kind, decls, l, s, owner.position);
        }
        case "resource" -> {
          return resourceType(l, owner);
        }
        default -> {
          Function<ComponentWatScope, DefType> v = defValType(l, owner, pending);
          if (v != null) {
            return v;
          }
        }
      }
    } else if (body instanceof SExpr.Atom a && a.token().kind() == Token.Kind.KEYWORD) {
      PrimValType p = primitive(a.token().text());
      if (p != null) {
        return s -> new DefType.PrimitiveDef(p);
      }
    }
    throw SExpr.error(file, body, "unexpected token: expected a type definition");
  }

  static PrimValType primitive(String kw) {
    return switch (kw) {
      case "float32" -> PrimValType.F32;
      case "float64" -> PrimValType.F64;
      default -> PrimValType.fromText(kw);
    };
  }

  private Function<ComponentWatScope, DefType> resourceType(SExpr.SList l, Item owner) {
    ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
    ComponentWatCursor rep = c.enter("rep");
    CoreValType t = CoreWatTypes.valType(rep.next(), CoreWatTypes.numericOnly(file), file);
    rep.expectEnd();
    Ref dtor = null;
    Ref callback = null;
    if (c.peekList("dtor")) {
      ComponentWatCursor d = c.enter("dtor");
      if (d.takeKeyword("async")) {
        dtor = coreRef(d, Sort.CORE_FUNC, owner);
        if (d.peekList("callback")) {
          ComponentWatCursor cb = d.enter("callback");
          callback = coreRef(cb, Sort.CORE_FUNC, owner);
          cb.expectEnd();
        }
      } else {
        dtor = coreRef(d, Sort.CORE_FUNC, owner);
      }
      d.expectEnd();
    }
    c.expectEnd();
    Ref dt = dtor;
    Ref cb = callback;
    return s -> new DefType.ResourceDef(t, dt == null ? null : s.index(dt), cb == null ? null : s.index(cb));
  }

  /** {@code (func async? (param "n" t)* (result t)?)} after {@code func} (and any id). */
  Function<ComponentWatScope, DefType.FuncDef> funcType(ComponentWatCursor c, Item owner, List<Item> pending) {
    boolean async = c.takeKeyword("async");
    List<String> names = new ArrayList<>();
    List<ComponentWatValType> types = new ArrayList<>();
    while (c.peekList("param")) {
      ComponentWatCursor p = c.enter("param");
      names.add(p.name("a parameter name"));
      types.add(valType(p.next(), owner, pending));
      p.expectEnd();
    }
    ComponentWatValType result = null;
    if (c.peekList("result")) {
      ComponentWatCursor r = c.enter("result");
      if (r.peekString()) {
        throw r.error("unexpected token: named results are not supported");
      }
      result = valType(r.next(), owner, pending);
      r.expectEnd();
    }
    ComponentWatValType res = result;
    return s -> {
      List<DefType.Param> ps = new ArrayList<>();
      for (int k = 0; k < names.size(); k++) {
        ps.add(new DefType.Param(names.get(k), types.get(k).resolve(s)));
      }
      return new DefType.FuncDef(async, ps, res == null ? null : res.resolve(s));
    };
  }

  /**
   * A function type use: {@code (type idx)}, or an inline signature that becomes a type item
   * placed in {@code pending} (before its user).
   */
  Ref funcTypeUse(ComponentWatCursor c, SExpr at, Item user, List<Item> pending) {
    if (isTypeUse(c)) {
      ComponentWatCursor tc = c.enter("type");
      return typeIdxBody(tc, user, tc.list);
    }
    Item t = new Item("type", at).def(Sort.TYPE, null);
    List<Item> inner = new ArrayList<>();
    Function<ComponentWatScope, DefType.FuncDef> f = funcType(c, t, inner);
    t.build = f::apply;
    pending.addAll(inner);
    pending.add(t);
    return new ItemRef(Sort.TYPE, t, at);
  }

  /**
   * A {@code defvaltype} written as a list, or null if {@code l} is not one. Nested
   * non-primitive value types become type items in {@code pending}.
   */
  Function<ComponentWatScope, DefType> defValType(SExpr.SList l, Item owner, List<Item> pending) {
    ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
    switch (l.head()) {
      case "record" -> {
        List<String> names = new ArrayList<>();
        List<ComponentWatValType> types = new ArrayList<>();
        while (!c.atEnd()) {
          ComponentWatCursor f = c.enter("field");
          names.add(f.name("a field name"));
          types.add(valType(f.next(), owner, pending));
          f.expectEnd();
        }
        return s -> {
          List<DefType.Field> fs = new ArrayList<>();
          for (int k = 0; k < names.size(); k++) {
            fs.add(new DefType.Field(names.get(k), types.get(k).resolve(s)));
          }
          return new DefType.RecordDef(fs);
        };
      }
      case "variant" -> {
        List<String> names = new ArrayList<>();
        List<ComponentWatValType> types = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        while (!c.atEnd()) {
          ComponentWatCursor f = c.enter("case");
          Token id = f.optId();
          if (id != null && !ids.add(id.idName())) {
            throw SExpr.error(file, new SExpr.Atom(id), "duplicate variant case identifier");
          }
          names.add(f.name("a case name"));
          types.add(f.atEnd() ? null : valType(f.next(), owner, pending));
          f.expectEnd();
        }
        return s -> {
          List<DefType.Case> cs = new ArrayList<>();
          for (int k = 0; k < names.size(); k++) {
            cs.add(new DefType.Case(names.get(k), types.get(k) == null ? null : types.get(k).resolve(s)));
          }
          return new DefType.VariantDef(cs);
        };
      }
      case "list" -> {
        ComponentWatValType t = valType(c.next(), owner, pending);
        if (c.peekNumber()) {
          long n = c.u32("a list length");
          c.expectEnd();
          return s -> new DefType.FixedListDef(t.resolve(s), n);
        }
        c.expectEnd();
        return s -> new DefType.ListDef(t.resolve(s));
      }
      case "tuple" -> {
        List<ComponentWatValType> types = new ArrayList<>();
        while (!c.atEnd()) {
          types.add(valType(c.next(), owner, pending));
        }
        return s -> new DefType.TupleDef(types.stream().map(t -> t.resolve(s)).toList());
      }
      case "flags", "enum" -> {
        List<String> names = new ArrayList<>();
        while (!c.atEnd()) {
          names.add(c.name("a label"));
        }
        return l.is("flags") ? s -> new DefType.FlagsDef(names) : s -> new DefType.EnumDef(names);
      }
      case "option" -> {
        ComponentWatValType t = valType(c.next(), owner, pending);
        c.expectEnd();
        return s -> new DefType.OptionDef(t.resolve(s));
      }
      case "result" -> {
        ComponentWatValType ok = null;
        ComponentWatValType err = null;
        if (!c.atEnd() && !c.peekList("error")) {
          ok = valType(c.next(), owner, pending);
        }
        if (c.peekList("error")) {
          ComponentWatCursor e = c.enter("error");
          err = valType(e.next(), owner, pending);
          e.expectEnd();
        }
        c.expectEnd();
        ComponentWatValType o = ok;
        ComponentWatValType e = err;
        return s -> new DefType.ResultDef(o == null ? null : o.resolve(s), e == null ? null : e.resolve(s));
      }
      case "own", "borrow" -> {
        Ref r = idx(c, Sort.TYPE, owner);
        c.expectEnd();
        return l.is("own") ? s -> new DefType.OwnDef(s.index(r)) : s -> new DefType.BorrowDef(s.index(r));
      }
      case "stream", "future" -> {
        ComponentWatValType t = c.atEnd() ? null : valType(c.next(), owner, pending);
        c.expectEnd();
        return l.is("stream")
            ? s -> new DefType.StreamDef(t == null ? null : t.resolve(s))
            : s -> new DefType.FutureDef(t == null ? null : t.resolve(s));
      }
      case "map" -> {
        ComponentWatValType k = valType(c.next(), owner, pending);
        ComponentWatValType v = valType(c.next(), owner, pending);
        c.expectEnd();
        return s -> new DefType.MapDef(k.resolve(s), v.resolve(s));
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * A {@code valtype}: a primitive, a type index ({@code $t}, {@code n}, {@code (type ...)}), or
   * an inline value type definition, which becomes a type item in {@code pending}.
   */
  ComponentWatValType valType(SExpr e, Item owner, List<Item> pending) {
    if (e instanceof SExpr.Atom a) {
      Token t = a.token();
      if (t.kind() == Token.Kind.KEYWORD) {
        PrimValType p = primitive(t.text());
        if (p == null) {
          throw SExpr.error(file, e, "unexpected token: `" + t.text() + "` is not a value type");
        }
        return new ComponentWatValType.Prim(p);
      }
      return new ComponentWatValType.Indexed(atomRef(e, Sort.TYPE, owner));
    }
    SExpr.SList l = (SExpr.SList) e;
    if (l.is("type")) {
      return new ComponentWatValType.Indexed(sortIdxBody(new ComponentWatCursor(l, file, 1), Sort.TYPE, owner, l));
    }
    if (l.head() == null) {
      throw SExpr.error(file, e, "expected a value type");
    }
    Item t = new Item("type", l).def(Sort.TYPE, null);
    List<Item> inner = new ArrayList<>();
    Function<ComponentWatScope, DefType> dt = defValType(l, t, inner);
    if (dt == null) {
      throw SExpr.error(file, l, "unexpected token: `" + l.head() + "` is not a value type");
    }
    t.build = dt::apply;
    pending.addAll(inner);
    pending.add(t);
    return new ComponentWatValType.Indexed(new ItemRef(Sort.TYPE, t, l));
  }

  // ---------------------------------------------------------------- extern types

  /** A parsed {@code externtype}: the sort it declares, the id it binds, and its descriptor. */
  record Extern(Sort sort, Token id, Function<ComponentWatScope, ExternDesc> desc) {}

  /**
   * {@code (func $id? typeuse)}, {@code (component $id? ...)}, {@code (instance $id? ...)},
   * {@code (core module $id? ...)}, {@code (value $id? ...)}, {@code (type $id? bound)}. Inline
   * types become items in {@code pending}.
   */
  Extern externType(SExpr.SList l, Item owner, List<Item> pending, boolean allowId) {
    ComponentWatCursor c = new ComponentWatCursor(l, file, 0);
    Sort sort = sortKeywords(c, false);
    if (sort == null) {
      throw SExpr.error(file, l, "unexpected token: expected an extern type `(func ...)`, `(instance ...)`, ...");
    }
    Token id = c.optId();
    switch (sort) {
      case FUNC -> {
        Ref t = funcTypeUse(c, l, owner, pending);
        c.expectEnd();
        return new Extern(sort, id, s -> new ExternDesc.Func(s.index(t)));
      }
      case COMPONENT, INSTANCE -> {
        Ref t = componentTypeUse(c, l, sort == Sort.COMPONENT ? ComponentWatScope.Kind.COMPONENT_TYPE
            : ComponentWatScope.Kind.INSTANCE_TYPE, owner, pending);
        return new Extern(sort, id, sort == Sort.COMPONENT
            ? s -> new ExternDesc.Component(s.index(t))
            : s -> new ExternDesc.Instance(s.index(t)));
      }
      case CORE_MODULE -> {
        Ref t = moduleTypeUse(c, l, null, owner, pending);
        return new Extern(sort, id, s -> new ExternDesc.CoreModule(s.index(t)));
      }
      case VALUE -> {
        if (c.peekList("eq")) {
          ComponentWatCursor e = c.enter("eq");
          Ref v = idx(e, Sort.VALUE, owner);
          e.expectEnd();
          c.expectEnd();
          return new Extern(sort, id, s -> new ExternDesc.Value(new ExternDesc.ValueEq(s.index(v))));
        }
        ComponentWatValType t = valType(c.next(), owner, pending);
        c.expectEnd();
        return new Extern(sort, id, s -> new ExternDesc.Value(new ExternDesc.ValueOf(t.resolve(s))));
      }
      case TYPE -> {
        if (c.peekList("eq")) {
          ComponentWatCursor e = c.enter("eq");
          Ref t = idx(e, Sort.TYPE, owner);
          e.expectEnd();
          c.expectEnd();
          return new Extern(sort, id, s -> new ExternDesc.Type(new ExternDesc.Eq(s.index(t))));
        }
        ComponentWatCursor sub = c.enter("sub");
        sub.expectKeyword("resource");
        sub.expectEnd();
        c.expectEnd();
        return new Extern(sort, id, s -> new ExternDesc.Type(new ExternDesc.SubResource()));
      }
      default -> throw SExpr.error(file, l, "unexpected token: `" + sort.text() + "` cannot be imported or exported");
    }
  }

  // ---------------------------------------------------------------- component and instance types

  /** Builds a component or instance type from its declarators. */
  DefType typeScope(ComponentWatScope.Kind kind, List<SExpr> decls, SExpr.SList at, ComponentWatScope parent, int position) {
    ComponentWatScope scope = new ComponentWatScope(kind, parent, scopeName(at, parent, position), position, file, at);
    for (SExpr e : decls) {
      if (e instanceof SExpr.SList l && l.annotation() != null) {
        continue;
      }
      if (!(e instanceof SExpr.SList l) || l.head() == null) {
        throw SExpr.error(file, e, "unexpected token: expected a declarator");
      }
      typeDecl(l, scope);
    }
    scope.collectLocalIds();
    scope.insertAliases();
    scope.assignIndices();
    List<Decl> out = new ArrayList<>();
    for (Item it : scope.items) {
      Object built = it.build.apply(scope);
      out.add(switch (built) {
        case Decl d -> d;
        case Alias a -> new Decl.AliasDecl(a);
        case DefType d -> new Decl.TypeDecl(d, it.offset());
        case CoreDefType d -> new Decl.CoreTypeDecl(d, it.offset());
        default -> throw new IllegalStateException(built.getClass().toString());
      });
    }
    return kind == ComponentWatScope.Kind.COMPONENT_TYPE ? new DefType.ComponentDef(out) : new DefType.InstanceDef(out);
  }

  /** The {@code $name} by which {@code alias outer} may name a type scope: that of its type definition. */
  private String scopeName(SExpr.SList at, ComponentWatScope parent, int position) {
    if (position >= 0 && position < parent.items.size()) {
      Item owner = parent.items.get(position);
      if (!owner.defs.isEmpty() && owner.defs.get(0).id() != null && owner.section.equals("type")) {
        return owner.defs.get(0).id().idName();
      }
    }
    return null;
  }

  private void typeDecl(SExpr.SList l, ComponentWatScope scope) {
    switch (l.head()) {
      case "import", "export" -> {
        boolean imp = l.is("import");
        if (imp && scope.kind == ComponentWatScope.Kind.INSTANCE_TYPE) {
          throw SExpr.error(file, l.get(0), "unexpected token: instance types cannot have imports");
        }
        ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
        ExternName name = externName(c);
        SExpr.SList ext = c.list("an extern type");
        c.expectEnd();
        Item it = new Item(l.head(), l);
        Extern x = externType(ext, it, scope.items, true);
        it.def(x.sort(), x.id());
        it.build = s -> imp
            ? new Decl.ImportDecl(name, x.desc().apply(s), it.offset())
            : new Decl.ExportDecl(name, x.desc().apply(s), it.offset());
        scope.items.add(it);
      }
      case "type" -> typeDef(l, scope, null, scope.items);
      case "core" -> {
        if (l.size() >= 2 && l.get(1) instanceof SExpr.Atom a && (a.token().isKeyword("type") || a.token().isKeyword("rec"))) {
          coreTypeDef(l, scope, scope.items, a.token().isKeyword("rec"));
        } else {
          throw SExpr.error(file, l, "unexpected token: expected `(core type ...)`");
        }
      }
      case "alias" -> {
        Item it = new Item("alias", l);
        aliasDef(new ComponentWatCursor(l, file, 1), l, it, scope);
        scope.items.add(it);
      }
      default -> throw SExpr.error(file, l.get(0), "unexpected token: `" + l.head() + "` is not a type declarator");
    }
  }

  // ---------------------------------------------------------------- values 🪙

  private void valueDef(SExpr.SList l, ComponentWatScope scope, List<Item> deferred) {
    externDef(l, 1, Sort.VALUE, "value", scope, deferred,
        (c, item) -> {
          ComponentWatValType t = valType(c.next(), item, scope.items);
          c.expectEnd();
          return s -> new ExternDesc.Value(new ExternDesc.ValueOf(t.resolve(s)));
        },
        (c, id, item) -> {
          List<Item> pending = new ArrayList<>();
          ComponentWatValType t = valType(c.next(), item, pending);
          SExpr v = c.next();
          c.expectEnd();
          scope.items.addAll(pending);
          return s -> new ValueDef(t.resolve(s), Bytes.wrap(ComponentWatValues.encode(this, s, t, v)), item.offset());
        });
  }
}
