package dev.trellis.engine.text;

import dev.trellis.engine.binary.CoreCompType;
import dev.trellis.engine.binary.CoreDefType;
import dev.trellis.engine.binary.CoreExternType;
import dev.trellis.engine.binary.CoreSubType;
import dev.trellis.engine.binary.Sort;
import dev.trellis.engine.error.TextException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A core module type {@code (module moduledecl*)} (Explainer.md#type-definitions): imports,
 * exports, type definitions and outer type aliases, read in order with their own core type
 * index space. A function type written inline in an import or export reuses the latest
 * explicitly defined identical type, else becomes a type declarator of its own right before
 * the import or export (as wasm-tools writes it).
 */
final class ComponentWatModuleType {
  private final String file;
  private final ComponentWatScope enclosing;
  private final int position;
  private final List<CoreDefType.ModuleDecl> out = new ArrayList<>();
  private final Map<String, Integer> ids = new HashMap<>();
  private final Map<CoreDefType, Integer> explicit = new HashMap<>();
  private int types;

  private ComponentWatModuleType(ComponentWatParser parser, ComponentWatScope enclosing, int position) {
    this.file = parser.file;
    this.enclosing = enclosing;
    this.position = position;
  }

  /**
   * @param enclosing the scope the module type is defined in
   * @param position the position there of the item defining it
   */
  static CoreDefType.ModuleType parse(List<SExpr> decls, SExpr.SList at, ComponentWatScope enclosing, int position,
      ComponentWatParser parser) {
    if (enclosing.depth + 1 > ComponentWatScope.MAX_DEPTH) {
      throw SExpr.error(parser.file, at, "nesting too deep");
    }
    ComponentWatModuleType m = new ComponentWatModuleType(parser, enclosing, position);
    for (SExpr e : decls) {
      if (e instanceof SExpr.SList l && l.annotation() != null) {
        continue;
      }
      if (!(e instanceof SExpr.SList l) || l.head() == null) {
        throw SExpr.error(parser.file, e, "unexpected token: expected a module type declarator");
      }
      m.decl(l);
    }
    return new CoreDefType.ModuleType(m.out);
  }

  private void decl(SExpr.SList l) {
    int offset = l.pos().offset();
    switch (l.head()) {
      case "type", "rec" -> {
        List<Token> defined = CoreWatTypes.typeIds(l, file);
        int first = types;
        for (Token id : defined) {
          if (id != null && ids.putIfAbsent(id.idName(), types) != null) {
            throw SExpr.error(file, new SExpr.Atom(id), "duplicate core type identifier");
          }
          types++;
        }
        CoreDefType t = CoreWatTypes.typeDef(l, this::typeIndex, file);
        out.add(new CoreDefType.TypeDecl(t, offset));
        if (t instanceof CoreDefType.Sub s && s.type().comp() instanceof CoreCompType.Func
            && s.type().form() == CoreSubType.Form.PLAIN) {
          explicit.put(t, first);
        }
      }
      case "import" -> {
        ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
        String module = c.name("a module name");
        String name = c.name("an import name");
        SExpr.SList desc = c.list("an import descriptor");
        c.expectEnd();
        CoreExternType t = CoreWatTypes.externType(desc, this::typeUse, this::typeIndex, file);
        out.add(new CoreDefType.ImportDecl(module, name, t, offset));
      }
      case "export" -> {
        ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
        String name = c.name("an export name");
        SExpr.SList desc = c.list("an export descriptor");
        c.expectEnd();
        CoreExternType t = CoreWatTypes.externType(desc, this::typeUse, this::typeIndex, file);
        out.add(new CoreDefType.ExportDecl(name, t, offset));
      }
      case "alias" -> {
        ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
        c.expectKeyword("outer");
        SExpr ct = c.next();
        SExpr idx = c.next();
        ComponentWatCursor s = c.enter("type");
        Token id = s.optId();
        s.expectEnd();
        c.expectEnd();
        int count = count(ct);
        int index = count == 0 ? typeIndex(token(idx)) : outerIndex(count, idx);
        out.add(new CoreDefType.OuterAliasDecl(count, index, offset));
        if (id != null && ids.putIfAbsent(id.idName(), types) != null) {
          throw SExpr.error(file, new SExpr.Atom(id), "duplicate core type identifier");
        }
        types++;
      }
      default -> throw SExpr.error(file, l.get(0), "unexpected token: `" + l.head() + "` is not a module type declarator");
    }
  }

  private Token token(SExpr e) {
    if (e instanceof SExpr.Atom a) {
      return a.token();
    }
    throw SExpr.error(file, e, "expected an index or identifier");
  }

  private int count(SExpr ct) {
    Token t = token(ct);
    if (t.kind() == Token.Kind.ID) {
      return 1 + enclosing.outerCount(t, ct);
    }
    Long v = Numbers.u32(t.text());
    if (v == null) {
      throw SExpr.error(file, ct, "invalid u32 number: constant out of range");
    }
    if (v > 0) {
      enclosing.outer(v - 1, ct);
    }
    return (int) (long) v;
  }

  private int outerIndex(int count, SExpr idx) {
    Token t = token(idx);
    if (t.kind() != Token.Kind.ID) {
      Long v = Numbers.u32(t.text());
      if (v == null) {
        throw SExpr.error(file, idx, "invalid u32 number: constant out of range");
      }
      return (int) (long) v;
    }
    ComponentWatScope target = enclosing;
    int limit = position;
    for (int k = 1; k < count; k++) {
      limit = target.parentPosition;
      target = target.parent;
    }
    ComponentWatScope.Binding b = target.binding(Sort.CORE_TYPE, t.idName());
    if (b == null || b.position() >= limit) {
      throw SExpr.error(file, idx, "unknown core type: failed to find name `$" + t.idName() + "`");
    }
    return b.index();
  }

  private int typeIndex(Token ref) {
    if (ref.kind() == Token.Kind.ID) {
      Integer i = ids.get(ref.idName());
      if (i == null) {
        throw new TextException(file, ref.pos().line(), ref.pos().column(),
            "unknown core type: failed to find name `$" + ref.idName() + "`");
      }
      return i;
    }
    Long v = Numbers.u32(ref.text());
    if (v == null) {
      throw new TextException(file, ref.pos().line(), ref.pos().column(), "invalid u32 number: constant out of range");
    }
    return (int) (long) v;
  }

  private int typeUse(Token index, CoreCompType.Func inline, SExpr at) {
    if (index != null) {
      return typeIndex(index);
    }
    CoreCompType.Func f = inline == null ? new CoreCompType.Func(List.of(), List.of()) : inline;
    CoreDefType key = new CoreDefType.Sub(CoreSubType.func(f.params(), f.results()));
    Integer known = explicit.get(key);
    if (known != null) {
      return known;
    }
    out.add(new CoreDefType.TypeDecl(key, at == null ? -1 : at.pos().offset()));
    return types++;
  }
}
