package dev.trellis.engine.text;

import dev.trellis.engine.binary.CoreCompType;
import dev.trellis.engine.binary.CoreDefType;
import dev.trellis.engine.binary.CoreExternType;
import dev.trellis.engine.binary.CoreSubType;
import dev.trellis.engine.binary.CoreValType;
import dev.trellis.engine.error.TextException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parsers for the core type grammar of the text format (core spec §6.4 "Types", with the GC,
 * exception-handling, memory64 and custom-page-sizes extensions), shared by the core module
 * assembler ({@link CoreWat}) and the component text parser ({@code (core type ...)}, core module
 * types). They return the binary AST records, with every type reference resolved through a
 * {@link TypeResolver} supplied by the caller (the module's, or the component's core type index
 * space). Every error is a {@link TextException} with line:column.
 *
 * <p>Encoding choices follow wasm-tools: a {@code (sub final (func ...))} without supertypes is
 * the plain form {@link CoreSubType.Form#PLAIN}, as it encodes the same bytes.
 */
public final class CoreWatTypes {
  private CoreWatTypes() {}

  /** Resolves a reference to a core type (an {@code $id} or a numeric index token). */
  @FunctionalInterface
  public interface TypeResolver {
    /** The index {@code ref} names; throws {@link TextException} if it names nothing. */
    int typeIndex(Token ref);
  }

  /**
   * Resolves a type use ({@code (type x)? (param ...)* (result ...)*}) to a type index, creating
   * or reusing a type as the caller's context requires.
   */
  @FunctionalInterface
  public interface TypeUseResolver {
    /**
     * @param index the {@code (type x)} reference, or null if absent
     * @param inline the inline signature, or null if no {@code param}/{@code result} was written
     * @param at where the type use starts, for errors
     */
    int typeUse(Token index, CoreCompType.Func inline, SExpr at);
  }

  /** A resolver that accepts only numeric indices (no identifiers are in scope). */
  public static TypeResolver numericOnly(String file) {
    return ref -> {
      if (ref.kind() == Token.Kind.NUMBER) {
        Long v = CoreWatSyntax.u32(ref.text());
        if (v != null && v <= Integer.MAX_VALUE) {
          return (int) (long) v;
        }
      }
      throw new TextException(file, ref.pos().line(), ref.pos().column(),
          "unknown type: failed to find name `" + ref.text() + "`");
    };
  }

  // ---------------------------------------------------------------- value types

  /** A value type: {@code i32 i64 f32 f64 v128} or a reference type. */
  public static CoreValType valType(SExpr e, TypeResolver types, String file) {
    if (e instanceof SExpr.Atom a && a.token().kind() == Token.Kind.KEYWORD) {
      switch (a.token().text()) {
        case "i32" -> {
          return CoreValType.Num.I32;
        }
        case "i64" -> {
          return CoreValType.Num.I64;
        }
        case "f32" -> {
          return CoreValType.Num.F32;
        }
        case "f64" -> {
          return CoreValType.Num.F64;
        }
        case "v128" -> {
          return CoreValType.Num.V128;
        }
        default -> {
          CoreValType.Ref r = refAbbrev(a.token().text());
          if (r != null) {
            return r;
          }
        }
      }
    } else if (e instanceof SExpr.SList l && l.annotation() == null && l.is("ref")) {
      return refType(l, types, file);
    }
    throw err(file, e, "expected a value type, found " + (e == null ? "nothing" : CoreWatCursor.describe(e)));
  }

  /** True if {@code e} looks like the start of a value type (for parsers that must decide). */
  static boolean isValType(SExpr e) {
    if (e instanceof SExpr.Atom a && a.token().kind() == Token.Kind.KEYWORD) {
      String t = a.token().text();
      return t.equals("i32") || t.equals("i64") || t.equals("f32") || t.equals("f64") || t.equals("v128")
          || refAbbrev(t) != null;
    }
    return e instanceof SExpr.SList l && l.annotation() == null && l.is("ref");
  }

  /** True if {@code e} looks like a reference type. */
  static boolean isRefType(SExpr e) {
    if (e instanceof SExpr.Atom a && a.token().kind() == Token.Kind.KEYWORD) {
      return refAbbrev(a.token().text()) != null;
    }
    return e instanceof SExpr.SList l && l.annotation() == null && l.is("ref");
  }

  /** A reference type: an abbreviation such as {@code funcref} or {@code (ref null? heaptype)}. */
  public static CoreValType.Ref refType(SExpr e, TypeResolver types, String file) {
    if (e instanceof SExpr.Atom a && a.token().kind() == Token.Kind.KEYWORD) {
      CoreValType.Ref r = refAbbrev(a.token().text());
      if (r != null) {
        return r;
      }
    } else if (e instanceof SExpr.SList l && l.annotation() == null && l.is("ref")) {
      CoreWatCursor c = new CoreWatCursor(l, 1, file);
      boolean nullable = c.takeKeyword("null");
      CoreValType.Ref h = heapType(c.next("a heap type"), nullable, types, file);
      c.expectEnd();
      return h;
    }
    throw err(file, e, "expected a reference type, found " + (e == null ? "nothing" : CoreWatCursor.describe(e)));
  }

  /**
   * A heap type ({@code func}, {@code any}, ..., a type index, or {@code (shared absheaptype)}),
   * returned as the reference type {@code (ref null? heaptype)}.
   */
  public static CoreValType.Ref heapType(SExpr e, boolean nullable, TypeResolver types, String file) {
    if (e instanceof SExpr.Atom a) {
      Token t = a.token();
      if (t.kind() == Token.Kind.KEYWORD) {
        int code = absHeap(t.text());
        if (code >= 0) {
          return new CoreValType.Ref(nullable, code, -1, false);
        }
      } else if (CoreWatCursor.isIndex(t)) {
        return new CoreValType.Ref(nullable, -1, types.typeIndex(t), false);
      }
    } else if (e instanceof SExpr.SList l && l.annotation() == null && l.is("shared")) {
      CoreWatCursor c = new CoreWatCursor(l, 1, file);
      SExpr inner = c.next("an abstract heap type");
      c.expectEnd();
      if (inner instanceof SExpr.Atom a && a.token().kind() == Token.Kind.KEYWORD) {
        int code = absHeap(a.token().text());
        if (code >= 0) {
          return new CoreValType.Ref(nullable, code, -1, true);
        }
      }
      throw err(file, inner, "expected an abstract heap type");
    }
    throw err(file, e, "expected a heap type, found " + (e == null ? "nothing" : CoreWatCursor.describe(e)));
  }

  static CoreValType.Ref refAbbrev(String kw) {
    int code = switch (kw) {
      case "funcref" -> CoreValType.Ref.FUNC;
      case "externref" -> CoreValType.Ref.EXTERN;
      case "anyref" -> CoreValType.Ref.ANY;
      case "eqref" -> CoreValType.Ref.EQ;
      case "i31ref" -> CoreValType.Ref.I31;
      case "structref" -> CoreValType.Ref.STRUCT;
      case "arrayref" -> CoreValType.Ref.ARRAY;
      case "exnref" -> CoreValType.Ref.EXN;
      case "nullref" -> CoreValType.Ref.NONE;
      case "nullfuncref" -> CoreValType.Ref.NOFUNC;
      case "nullexternref" -> CoreValType.Ref.NOEXTERN;
      case "nullexnref" -> CoreValType.Ref.NOEXN;
      case "contref" -> CoreValType.Ref.CONT;
      case "nullcontref" -> CoreValType.Ref.NOCONT;
      default -> -1;
    };
    return code < 0 ? null : CoreValType.Ref.abs(true, code);
  }

  static int absHeap(String kw) {
    return switch (kw) {
      case "func" -> CoreValType.Ref.FUNC;
      case "extern" -> CoreValType.Ref.EXTERN;
      case "any" -> CoreValType.Ref.ANY;
      case "eq" -> CoreValType.Ref.EQ;
      case "i31" -> CoreValType.Ref.I31;
      case "struct" -> CoreValType.Ref.STRUCT;
      case "array" -> CoreValType.Ref.ARRAY;
      case "exn" -> CoreValType.Ref.EXN;
      case "none" -> CoreValType.Ref.NONE;
      case "nofunc" -> CoreValType.Ref.NOFUNC;
      case "noextern" -> CoreValType.Ref.NOEXTERN;
      case "noexn" -> CoreValType.Ref.NOEXN;
      case "cont" -> CoreValType.Ref.CONT;
      case "nocont" -> CoreValType.Ref.NOCONT;
      default -> -1;
    };
  }

  // ---------------------------------------------------------------- function types

  /** {@code (func (param ...)* (result ...)*)}. */
  public static CoreCompType.Func funcType(SExpr.SList form, TypeResolver types, String file) {
    CoreWatCursor c = new CoreWatCursor(form, 1, file);
    if (!form.is("func")) {
      throw err(file, form, "expected `(func ...)`");
    }
    CoreCompType.Func f = signature(c, types, null);
    c.expectEnd();
    return f;
  }

  /**
   * Parses {@code (param ...)* (result ...)*} at the cursor. Parameter identifiers are added to
   * {@code paramIds} (null for unnamed parameters) when it is not null.
   */
  static CoreCompType.Func signature(CoreWatCursor c, TypeResolver types, List<Token> paramIds) {
    return signature(c, types, paramIds, null);
  }

  /** As above, also collecting each parameter's {@code (@name ...)} (or null) in {@code paramNames}. */
  static CoreCompType.Func signature(CoreWatCursor c, TypeResolver types, List<Token> paramIds, List<String> paramNames) {
    List<CoreValType> params = new ArrayList<>();
    List<CoreValType> results = new ArrayList<>();
    boolean sawResult = false;
    while (true) {
      SExpr.SList p = c.peekList("param");
      if (p != null) {
        if (sawResult) {
          throw c.error(p, "unexpected `(param` after `(result`");
        }
        c.next("param");
        CoreWatCursor pc = new CoreWatCursor(p, 1, c.file());
        Token id = pc.optId();
        if (id != null) {
          String name = pc.nameAnnotation();
          params.add(valType(pc.next("a value type"), types, c.file()));
          pc.expectEnd();
          if (paramIds != null) {
            paramIds.add(id);
          }
          if (paramNames != null) {
            paramNames.add(name);
          }
        } else {
          while (!pc.atEnd()) {
            params.add(valType(pc.next("a value type"), types, c.file()));
            if (paramIds != null) {
              paramIds.add(null);
            }
            if (paramNames != null) {
              paramNames.add(null);
            }
          }
        }
        continue;
      }
      SExpr.SList r = c.peekList("result");
      if (r != null) {
        c.next("result");
        sawResult = true;
        CoreWatCursor rc = new CoreWatCursor(r, 1, c.file());
        while (!rc.atEnd()) {
          results.add(valType(rc.next("a value type"), types, c.file()));
        }
        continue;
      }
      return new CoreCompType.Func(params, results);
    }
  }

  // ---------------------------------------------------------------- composite and sub types

  /** A composite type: {@code (func ...)}, {@code (struct ...)} or {@code (array ...)}. */
  public static CoreCompType compType(SExpr.SList form, TypeResolver types, String file) {
    return compType(form, types, file, null);
  }

  static CoreCompType compType(SExpr.SList form, TypeResolver types, String file, List<Token> fieldIds) {
    String head = form.annotation() == null ? form.head() : null;
    if (head == null) {
      throw err(file, form, "expected `func`, `struct` or `array`");
    }
    CoreWatCursor c = new CoreWatCursor(form, 1, file);
    switch (head) {
      case "func" -> {
        CoreCompType.Func f = signature(c, types, null);
        c.expectEnd();
        return f;
      }
      case "struct" -> {
        List<CoreCompType.FieldType> fields = new ArrayList<>();
        while (!c.atEnd()) {
          SExpr.SList f = c.expectList("field");
          CoreWatCursor fc = new CoreWatCursor(f, 1, file);
          Token id = fc.optId();
          if (id != null) {
            fields.add(fieldType(fc.next("a field type"), types, file));
            fc.expectEnd();
            if (fieldIds != null) {
              fieldIds.add(id);
            }
          } else {
            while (!fc.atEnd()) {
              fields.add(fieldType(fc.next("a field type"), types, file));
              if (fieldIds != null) {
                fieldIds.add(null);
              }
            }
          }
        }
        return new CoreCompType.Struct(fields);
      }
      case "array" -> {
        SExpr e = c.next("an array element type");
        CoreCompType.FieldType ft;
        if (e instanceof SExpr.SList l && l.annotation() == null && l.is("field")) {
          CoreWatCursor fc = new CoreWatCursor(l, 1, file);
          ft = fieldType(fc.next("a field type"), types, file);
          fc.expectEnd();
        } else {
          ft = fieldType(e, types, file);
        }
        c.expectEnd();
        return new CoreCompType.Array(ft);
      }
      case "cont" -> throw err(file, form, "continuation types are not supported");
      default -> throw err(file, form, "expected `func`, `struct` or `array`, found `" + head + "`");
    }
  }

  /** {@code storagetype | (mut storagetype)}, storagetype = valtype | i8 | i16. */
  public static CoreCompType.FieldType fieldType(SExpr e, TypeResolver types, String file) {
    boolean mutable = false;
    SExpr st = e;
    if (e instanceof SExpr.SList l && l.annotation() == null && l.is("mut")) {
      CoreWatCursor c = new CoreWatCursor(l, 1, file);
      st = c.next("a storage type");
      c.expectEnd();
      mutable = true;
    }
    if (st instanceof SExpr.Atom a && a.token().kind() == Token.Kind.KEYWORD) {
      if (a.token().text().equals("i8")) {
        return new CoreCompType.FieldType(null, 0x78, mutable);
      }
      if (a.token().text().equals("i16")) {
        return new CoreCompType.FieldType(null, 0x77, mutable);
      }
    }
    return new CoreCompType.FieldType(valType(st, types, file), 0, mutable);
  }

  /** A sub type: a composite type, or {@code (sub final? typeidx* comptype)}. */
  public static CoreSubType subType(SExpr e, TypeResolver types, String file) {
    return subType(e, types, file, null);
  }

  static CoreSubType subType(SExpr e, TypeResolver types, String file, List<Token> fieldIds) {
    if (!(e instanceof SExpr.SList l) || l.annotation() != null) {
      throw err(file, e, "expected a type definition, found " + (e == null ? "nothing" : CoreWatCursor.describe(e)));
    }
    if (!l.is("sub")) {
      boolean shared = l.is("shared");
      return new CoreSubType(CoreSubType.Form.PLAIN, List.of(), compType(unshare(l, file), types, file, fieldIds), shared);
    }
    CoreWatCursor c = new CoreWatCursor(l, 1, file);
    boolean fin = c.takeKeyword("final");
    List<Integer> supers = new ArrayList<>();
    while (c.peekIndex()) {
      supers.add(types.typeIndex(c.optIndex()));
    }
    SExpr.SList body = c.expectAnyList("a composite type");
    boolean shared = body.annotation() == null && body.is("shared");
    CoreCompType comp = compType(unshare(body, file), types, file, fieldIds);
    c.expectEnd();
    CoreSubType.Form form = !fin ? CoreSubType.Form.NON_FINAL
        : supers.isEmpty() ? CoreSubType.Form.PLAIN : CoreSubType.Form.FINAL;
    return new CoreSubType(form, supers, comp, shared);
  }

  /** The composite type inside {@code (shared comptype)}, or {@code l} itself. */
  private static SExpr.SList unshare(SExpr.SList l, String file) {
    if (l.annotation() != null || !l.is("shared")) {
      return l;
    }
    CoreWatCursor c = new CoreWatCursor(l, 1, file);
    SExpr.SList inner = c.expectAnyList("a composite type");
    c.expectEnd();
    return inner;
  }

  /**
   * A type definition form: {@code (type $id? subtype)} gives {@link CoreDefType.Sub}, {@code (rec
   * (type $id? subtype)*)} gives {@link CoreDefType.RecGroup}. The caller must have put the ids
   * of the defined types in scope of {@code types} first (types may refer to themselves); {@link
   * #typeIds} lists them.
   */
  public static CoreDefType typeDef(SExpr.SList form, TypeResolver types, String file) {
    if (form.is("rec")) {
      CoreWatCursor c = new CoreWatCursor(form, 1, file);
      List<CoreSubType> subs = new ArrayList<>();
      while (!c.atEnd()) {
        subs.add(typeBody(c.expectList("type"), types, file, null));
      }
      return new CoreDefType.RecGroup(subs);
    }
    if (form.is("type")) {
      return new CoreDefType.Sub(typeBody(form, types, file, null));
    }
    throw err(file, form, "expected `(type ...)` or `(rec ...)`");
  }

  /** The identifiers a {@code (type ...)} or {@code (rec ...)} form defines, in order (null for none). */
  public static List<Token> typeIds(SExpr.SList form, String file) {
    List<Token> ids = new ArrayList<>();
    if (form.is("rec")) {
      CoreWatCursor c = new CoreWatCursor(form, 1, file);
      while (!c.atEnd()) {
        SExpr.SList t = c.expectList("type");
        ids.add(new CoreWatCursor(t, 1, file).optId());
      }
    } else {
      ids.add(new CoreWatCursor(form, 1, file).optId());
    }
    return ids;
  }

  /** The body of one {@code (type $id? subtype)} form. */
  static CoreSubType typeBody(SExpr.SList form, TypeResolver types, String file, List<Token> fieldIds) {
    CoreWatCursor c = new CoreWatCursor(form, 1, file);
    c.optId();
    CoreSubType s = subType(c.next("a type definition"), types, file, fieldIds);
    c.expectEnd();
    return s;
  }

  // ---------------------------------------------------------------- limits, memories, tables, globals

  /**
   * A memory type from {@code form}'s items starting at {@code from}: {@code (i32|i64)? min max?
   * shared? (pagesize n)?}; all remaining items must belong to it.
   */
  public static CoreExternType.Memory memoryType(SExpr.SList form, int from, String file) {
    CoreWatCursor c = new CoreWatCursor(form, from, file);
    CoreExternType.Memory m = memoryType(c);
    c.expectEnd();
    return m;
  }

  static CoreExternType.Memory memoryType(CoreWatCursor c) {
    boolean is64 = addrType(c);
    long min = c.expectU64("memory minimum");
    Long max = null;
    if (c.peekToken() != null && c.peekToken().kind() == Token.Kind.NUMBER) {
      max = c.expectU64("memory maximum");
    }
    boolean shared = c.takeKeyword("shared");
    Integer pageLog2 = pageSize(c);
    int flags = (max != null ? 1 : 0) | (shared ? 2 : 0) | (is64 ? 4 : 0) | (pageLog2 != null ? 8 : 0);
    return new CoreExternType.Memory(new CoreExternType.Limits(flags, min, max, pageLog2));
  }

  static boolean addrType(CoreWatCursor c) {
    if (c.takeKeyword("i64")) {
      return true;
    }
    c.takeKeyword("i32");
    return false;
  }

  /** {@code (pagesize n)} with n a power of two, as log2; null if absent. */
  static Integer pageSize(CoreWatCursor c) {
    SExpr.SList p = c.peekList("pagesize");
    if (p == null) {
      return null;
    }
    c.next("pagesize");
    CoreWatCursor pc = new CoreWatCursor(p, 1, c.file());
    Token t = pc.peekToken();
    long size = pc.expectU64("page size");
    pc.expectEnd();
    if (size == 0 || Long.bitCount(size) != 1) {
      throw c.error(t.pos(), "invalid custom page size");
    }
    return Long.numberOfTrailingZeros(size);
  }

  /**
   * A table type from {@code form}'s items starting at {@code from}: {@code shared? (i32|i64)? min
   * max? reftype}; all remaining items must belong to it.
   */
  public static CoreExternType.Table tableType(SExpr.SList form, int from, TypeResolver types, String file) {
    CoreWatCursor c = new CoreWatCursor(form, from, file);
    CoreExternType.Table t = tableType(c, types);
    c.expectEnd();
    return t;
  }

  static CoreExternType.Table tableType(CoreWatCursor c, TypeResolver types) {
    boolean shared = c.takeKeyword("shared");
    boolean is64 = addrType(c);
    long min = c.expectU64("table minimum");
    Long max = null;
    if (c.peekToken() != null && c.peekToken().kind() == Token.Kind.NUMBER) {
      max = c.expectU64("table maximum");
    }
    CoreValType.Ref elem = refType(c.next("a reference type"), types, c.file());
    int flags = (max != null ? 1 : 0) | (shared ? 2 : 0) | (is64 ? 4 : 0);
    return new CoreExternType.Table(elem, new CoreExternType.Limits(flags, min, max, null));
  }

  /** A global type: {@code valtype} or {@code (mut valtype)}. */
  public static CoreExternType.Global globalType(SExpr e, TypeResolver types, String file) {
    if (e instanceof SExpr.SList l && l.annotation() == null && l.is("mut")) {
      CoreWatCursor c = new CoreWatCursor(l, 1, file);
      CoreValType t = valType(c.next("a value type"), types, file);
      c.expectEnd();
      return new CoreExternType.Global(t, true, false);
    }
    return new CoreExternType.Global(valType(e, types, file), false, false);
  }

  /**
   * An import/export descriptor: {@code (func $id? typeuse)}, {@code (table $id? tabletype)},
   * {@code (memory $id? memtype)}, {@code (global $id? globaltype)} or {@code (tag $id?
   * typeuse)}. Type uses go through {@code uses}.
   */
  public static CoreExternType externType(SExpr.SList desc, TypeUseResolver uses, TypeResolver types, String file) {
    String head = desc.annotation() == null ? desc.head() : null;
    CoreWatCursor c = new CoreWatCursor(desc, 1, file);
    c.optId();
    if (head == null) {
      throw err(file, desc, "expected an import/export descriptor");
    }
    switch (head) {
      case "func", "tag" -> {
        int idx = typeUse(c, uses, types);
        c.expectEnd();
        return head.equals("func") ? new CoreExternType.Func(idx) : new CoreExternType.Tag(idx);
      }
      case "table" -> {
        CoreExternType.Table t = tableType(c, types);
        c.expectEnd();
        return t;
      }
      case "memory" -> {
        CoreExternType.Memory m = memoryType(c);
        c.expectEnd();
        return m;
      }
      case "global" -> {
        CoreExternType.Global g = globalType(c.next("a global type"), types, file);
        c.expectEnd();
        return g;
      }
      default -> throw err(file, desc, "expected `func`, `table`, `memory`, `global` or `tag`, found `" + head + "`");
    }
  }

  /** {@code (type x)? (param ...)* (result ...)*} at the cursor, through {@code uses}. */
  static int typeUse(CoreWatCursor c, TypeUseResolver uses, TypeResolver types) {
    SExpr at = c.peek();
    Token index = null;
    SExpr.SList t = c.peekList("type");
    if (t != null) {
      c.next("type");
      CoreWatCursor tc = new CoreWatCursor(t, 1, c.file());
      index = tc.expectIndex("type");
      tc.expectEnd();
    }
    CoreCompType.Func inline = null;
    if (c.peekList("param") != null || c.peekList("result") != null) {
      inline = signature(c, types, null);
    }
    return uses.typeUse(index, inline, at == null ? c.owner() : at);
  }

  private static TextException err(String file, SExpr at, String message) {
    Pos p = at == null ? Pos.NONE : at.pos();
    return new TextException(file, p.line(), p.column(), message);
  }
}
