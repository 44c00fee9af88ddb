package dev.trellis.engine.text;

import dev.trellis.engine.binary.DefType;
import dev.trellis.engine.binary.PrimValType;
import dev.trellis.engine.binary.Sort;
import dev.trellis.engine.binary.ValTypeRef;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The literal of a value definition 🪙 {@code (value $id? valtype val)} encoded as
 * Binary.md's {@code val(t)}: {@code (binary "...")} as written, otherwise by the value's
 * type, which must be a primitive or a type defined (not imported or aliased) in the same
 * component.
 */
final class ComponentWatValues {
  private final String file;
  private final ComponentWatScope scope;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private ComponentWatValues(String file, ComponentWatScope scope) {
    this.file = file;
    this.scope = scope;
  }

  static byte[] encode(ComponentWatParser p, ComponentWatScope scope, ComponentWatValType type, SExpr v) {
    if (v instanceof SExpr.SList l && l.is("binary")) {
      ComponentWatCursor c = new ComponentWatCursor(l, p.file, 1);
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (!c.atEnd()) {
        b.writeBytes(c.bytes("a binary string"));
      }
      return b.toByteArray();
    }
    ComponentWatValues w = new ComponentWatValues(p.file, scope);
    w.value(type.resolve(scope), v);
    return w.out.toByteArray();
  }

  private void value(ValTypeRef t, SExpr v) {
    switch (t) {
      case PrimValType p -> prim(p, v);
      case ValTypeRef.Index i -> defined(typeAt(i.index(), v), v);
    }
  }

  private DefType typeAt(int index, SExpr at) {
    for (ComponentWatScope.Item it : scope.items) {
      if (it.index == index && !it.defs.isEmpty() && it.defs.get(0).sort() == Sort.TYPE && it.section.equals("type")) {
        Object built = it.build.apply(scope);
        if (built instanceof DefType d) {
          return d;
        }
      }
    }
    throw SExpr.error(file, at, "cannot write a value of type index " + index
        + " (imported or aliased type): use `(binary ...)`");
  }

  private void defined(DefType d, SExpr v) {
    switch (d) {
      case DefType.PrimitiveDef p -> prim(p.type(), v);
      case DefType.RecordDef r -> {
        List<SExpr> items = args(v, "record", r.fields().size());
        for (int k = 0; k < items.size(); k++) {
          value(r.fields().get(k).type(), items.get(k));
        }
      }
      case DefType.TupleDef t -> {
        List<SExpr> items = args(v, "tuple", t.types().size());
        for (int k = 0; k < items.size(); k++) {
          value(t.types().get(k), items.get(k));
        }
      }
      case DefType.ListDef l -> {
        List<SExpr> items = args(v, "list", -1);
        u32(items.size());
        for (SExpr e : items) {
          value(l.element(), e);
        }
      }
      case DefType.FixedListDef l -> {
        List<SExpr> items = args(v, "list", (int) l.length());
        for (SExpr e : items) {
          value(l.element(), e);
        }
      }
      case DefType.VariantDef var -> {
        SExpr.SList l = list(v, "variant");
        ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
        String label = c.name("a case label");
        int k = 0;
        while (k < var.cases().size() && !var.cases().get(k).label().equals(label)) {
          k++;
        }
        if (k == var.cases().size()) {
          throw SExpr.error(file, l, "unknown variant case `" + label + "`");
        }
        u32(k);
        ValTypeRef payload = var.cases().get(k).type();
        if (payload != null) {
          value(payload, c.next());
        }
        c.expectEnd();
      }
      case DefType.EnumDef e -> {
        SExpr.SList l = list(v, "enum");
        ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
        int k = e.labels().indexOf(c.name("a case label"));
        c.expectEnd();
        if (k < 0) {
          throw SExpr.error(file, l, "unknown enum case");
        }
        u32(k);
      }
      case DefType.FlagsDef f -> {
        SExpr.SList l = list(v, "flags");
        ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
        byte[] bits = new byte[(f.labels().size() + 7) / 8];
        while (!c.atEnd()) {
          int k = f.labels().indexOf(c.name("a flag label"));
          if (k < 0) {
            throw SExpr.error(file, l, "unknown flag");
          }
          bits[k / 8] |= (byte) (1 << (k % 8));
        }
        out.writeBytes(bits);
      }
      case DefType.OptionDef o -> {
        if (keyword(v, "none")) {
          out.write(0);
        } else {
          SExpr.SList l = list(v, "some");
          out.write(1);
          value(o.type(), l.get(1));
        }
      }
      case DefType.ResultDef r -> {
        boolean ok = keyword(v, "ok") || (v instanceof SExpr.SList l && l.is("ok"));
        if (!ok && !keyword(v, "error") && !(v instanceof SExpr.SList l2 && l2.is("error"))) {
          throw SExpr.error(file, v, "expected `ok`, `(ok v)`, `error` or `(error v)`");
        }
        out.write(ok ? 0 : 1);
        ValTypeRef payload = ok ? r.ok() : r.error();
        if (payload != null) {
          SExpr.SList l = list(v, ok ? "ok" : "error");
          value(payload, l.get(1));
        }
      }
      default -> throw SExpr.error(file, v, "values of this type cannot be written in the text format");
    }
  }

  private void prim(PrimValType p, SExpr v) {
    switch (p) {
      case BOOL -> {
        if (keyword(v, "true")) {
          out.write(1);
        } else if (keyword(v, "false")) {
          out.write(0);
        } else {
          throw SExpr.error(file, v, "invalid boolean value");
        }
      }
      case U8, S8 -> out.write((int) integer(v, 8, p == PrimValType.S8));
      case U16 -> uleb(integer(v, 16, false));
      case S16 -> sleb(integer(v, 16, true));
      case U32 -> uleb(integer(v, 32, false));
      case S32 -> sleb(integer(v, 32, true));
      case U64 -> {
        Long x = Numbers.u64(text(v));
        if (x == null) {
          throw SExpr.error(file, v, "u64 constant out of range");
        }
        uleb(x);
      }
      case S64 -> {
        Long x = Numbers.ranged(text(v), 64, true);
        if (x == null) {
          throw SExpr.error(file, v, "s64 constant out of range");
        }
        sleb(x);
      }
      case F32 -> {
        Integer bits = Numbers.f32(text(v));
        if (bits == null || text(v).contains("nan:")) {
          throw SExpr.error(file, v, "invalid f32 value");
        }
        int b = Float.isNaN(Float.intBitsToFloat(bits)) ? 0x7fc0_0000 : bits;
        for (int k = 0; k < 4; k++) {
          out.write(b >>> (8 * k));
        }
      }
      case F64 -> {
        Long bits = Numbers.f64(text(v));
        if (bits == null || text(v).contains("nan:")) {
          throw SExpr.error(file, v, "invalid f64 value");
        }
        long b = Double.isNaN(Double.longBitsToDouble(bits)) ? 0x7ff8_0000_0000_0000L : bits;
        for (int k = 0; k < 8; k++) {
          out.write((int) (b >>> (8 * k)));
        }
      }
      case CHAR -> {
        String t = text(v);
        if (!(v instanceof SExpr.Atom) || t.length() < 3 || !t.startsWith("'") || !t.endsWith("'")) {
          throw SExpr.error(file, v, "expected a character literal `'c'`");
        }
        String c = t.substring(1, t.length() - 1);
        if (c.codePointCount(0, c.length()) != 1) {
          throw SExpr.error(file, v, "expected exactly one character");
        }
        out.writeBytes(c.getBytes(StandardCharsets.UTF_8));
      }
      case STRING -> {
        if (!(v instanceof SExpr.Atom a) || a.token().kind() != Token.Kind.STRING) {
          throw SExpr.error(file, v, "expected a string");
        }
        byte[] b = ComponentWatCursor.utf8(a.token(), file).getBytes(StandardCharsets.UTF_8);
        u32(b.length);
        out.writeBytes(b);
      }
      default -> throw SExpr.error(file, v, "values of type `" + p.text() + "` cannot be written in the text format");
    }
  }

  private boolean keyword(SExpr v, String kw) {
    return v instanceof SExpr.Atom a && a.token().isKeyword(kw);
  }

  private String text(SExpr v) {
    if (v instanceof SExpr.Atom a) {
      return a.token().text();
    }
    throw SExpr.error(file, v, "expected a literal");
  }

  private SExpr.SList list(SExpr v, String head) {
    if (v instanceof SExpr.SList l && l.is(head)) {
      return l;
    }
    throw SExpr.error(file, v, "expected `(" + head + " ...)`");
  }

  private List<SExpr> args(SExpr v, String head, int expected) {
    SExpr.SList l = list(v, head);
    List<SExpr> items = l.items().subList(1, l.size());
    if (expected >= 0 && items.size() != expected) {
      throw SExpr.error(file, v, "expected " + expected + " values, found " + items.size());
    }
    return items;
  }

  private long integer(SExpr v, int bits, boolean signed) {
    BigInteger x = Numbers.integer(text(v));
    if (x == null) {
      throw SExpr.error(file, v, "expected an integer");
    }
    BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
    BigInteger max = signed ? BigInteger.ONE.shiftLeft(bits - 1) : BigInteger.ONE.shiftLeft(bits);
    if (x.compareTo(min) < 0 || x.compareTo(max) >= 0) {
      throw SExpr.error(file, v, "integer constant out of range");
    }
    return x.longValue();
  }

  private void u32(long v) {
    uleb(v);
  }

  private void uleb(long v) {
    do {
      int b = (int) (v & 0x7f);
      v >>>= 7;
      out.write(v != 0 ? b | 0x80 : b);
    } while (v != 0);
  }

  private void sleb(long v) {
    while (true) {
      int b = (int) (v & 0x7f);
      v >>= 7;
      if ((v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0)) {
        out.write(b);
        return;
      }
      out.write(b | 0x80);
    }
  }
}
