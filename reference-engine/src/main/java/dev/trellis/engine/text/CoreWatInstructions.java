package dev.trellis.engine.text;

import dev.trellis.engine.binary.CoreCompType;
import dev.trellis.engine.binary.CoreValType;
import dev.trellis.engine.binary.LebWriter;
import dev.trellis.engine.error.TextException;
import dev.trellis.engine.text.CoreWatModule.TypeUseSyntax;
import dev.trellis.engine.text.CoreWatOps.Imm;
import dev.trellis.engine.text.CoreWatOps.Op;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses and encodes one instruction sequence (a function body or a constant expression) in a
 * single pass: plain and folded instructions, block structure with label resolution, and every
 * immediate. Implicit types from block types and {@code call_indirect} type uses are created in
 * the order wasm-tools creates them (the flattened instruction order).
 */
final class CoreWatInstructions {
  private static final int BLOCK = 0;
  private static final int LOOP = 1;
  private static final int IF = 2;
  private static final int TRY_TABLE = 3;

  /**
   * An open block: its kind, label, and if its else was seen. Frames form one stack in binary
   * order, as wasm-tools keeps them: every {@code end} written (plain, or closing a folded block)
   * pops the innermost frame. Like wasm-tools, unbalanced {@code end}/{@code else} are written as
   * they are and left to validation.
   */
  private static final class Frame {
    final int kind;
    final Token label;
    boolean elseSeen;

    Frame(int kind, Token label) {
      this.kind = kind;
      this.label = label;
    }
  }

  /** A block type as written: {@code (type x)?} and an optional inline signature. */

  private final CoreWatModule m;
  private LebWriter out;
  private final String file;
  private final Map<String, Integer> locals;
  private final ArrayList<Frame> frames = new ArrayList<>();
  private boolean usesDataCount;
  /** Blocks opened so far (in binary order), and the names of the labelled ones. */
  private int blockCount;
  private final CoreWatNames.NameMap labelNames = new CoreWatNames.NameMap();
  /** A {@code @metadata.code.branch_hint} value waiting for its instruction, or -1. */
  private int pendingHint = -1;
  private final ArrayList<int[]> hints = new ArrayList<>();

  CoreWatInstructions(CoreWatModule m, LebWriter out, Map<String, Integer> locals) {
    this.m = m;
    this.out = out;
    this.file = m.file();
    this.locals = locals;
  }

  /** Branch hints as {offset in the body, value} pairs, in order. */
  List<int[]> branchHints() {
    return hints;
  }

  /** Notes a {@code (@metadata.code.branch_hint "\xx")} written before the cursor's next item. */
  private void scanHints(CoreWatCursor c) {
    List<SExpr> items = c.owner().items();
    for (int j = c.position(), end = c.peekPosition(); j < end; j++) {
      if (items.get(j) instanceof SExpr.SList a && "metadata.code.branch_hint".equals(a.annotation())) {
        if (a.size() != 1 || !(a.get(0) instanceof SExpr.Atom v) || v.token().kind() != Token.Kind.STRING
            || v.token().bytes().length != 1) {
          throw error(a, "invalid branch hint: expected a one-byte string");
        }
        pendingHint = v.token().bytes()[0] & 0xff;
      }
    }
  }

  private int takeHint() {
    int h = pendingHint;
    pendingHint = -1;
    return h;
  }

  /** Records hint {@code h} (if any) for the instruction whose opcode is written next. */
  private void hintHere(int h) {
    if (h >= 0) {
      hints.add(new int[] {out.size(), h});
    }
  }

  /** The label names for the name section: block number (binary order) → name. */
  CoreWatNames.NameMap labelNames() {
    return labelNames;
  }

  /** Counts a block at the point its opcode is written, naming it if labelled. */
  private void openBlock(Label label) {
    String name = label.name() != null ? label.name() : label.id() != null ? label.id().idName() : null;
    if (name != null) {
      labelNames.add(blockCount, name);
    }
    blockCount++;
  }

  /** A block's label: its identifier and {@code (@name ...)}, either may be null. */
  private record Label(Token id, String name) {}

  private static Label label(CoreWatCursor c) {
    Token id = c.optId();
    return new Label(id, c.nameAnnotation());
  }

  /** True if an instruction that needs the data count section was encoded. */
  boolean usesDataCount() {
    return usesDataCount;
  }

  /** Encodes instructions up to the cursor's end (without the final {@code end}). */
  void expr(CoreWatCursor c) {
    seq(c);
  }

  private void seq(CoreWatCursor c) {
    while (!c.atEnd()) {
      scanHints(c);
      SExpr e = c.next("an instruction");
      if (e instanceof SExpr.SList l) {
        folded(l);
      } else {
        plain(((SExpr.Atom) e).token(), e, c);
      }
    }
  }

  // ------------------------------------------------------------------ plain instructions

  private void plain(Token t, SExpr at, CoreWatCursor c) {
    hintHere(takeHint());
    if (t.kind() != Token.Kind.KEYWORD) {
      throw error(at, "unexpected token " + CoreWatCursor.describe(at) + ", expected an instruction");
    }
    Op op = CoreWatOps.get(t.text());
    if (op == null) {
      throw error(at, "unknown operator `" + t.text() + "`");
    }
    switch (op.imm()) {
      case BLOCK, LOOP, IF -> {
        Label label = label(c);
        TypeUseSyntax bt = blockType(c, at);
        op.encode(out);
        openBlock(label);
        encodeBlockType(bt);
        frames.add(new Frame(op.imm() == Imm.BLOCK ? BLOCK : op.imm() == Imm.LOOP ? LOOP : IF, label.id()));
      }
      case TRY_TABLE -> {
        Label label = label(c);
        TypeUseSyntax bt = blockType(c, at);
        LebWriter catches = catches(c);
        op.encode(out);
        openBlock(label);
        encodeBlockType(bt);
        out.bytes(catches);
        frames.add(new Frame(TRY_TABLE, label.id()));
      }
      case ELSE -> {
        Frame f = frames.isEmpty() ? null : frames.get(frames.size() - 1);
        Token id = c.optId();
        if (f == null || f.kind != IF || f.elseSeen) {
          // wasm-tools writes a stray `else` as is and leaves it to validation.
          if (id != null) {
            throw error(at, "`else $" + id.idName() + "` without a matching `if`");
          }
          out.u8(0x05);
          return;
        }
        checkLabel(f, id, "else");
        f.elseSeen = true;
        out.u8(0x05);
      }
      case END -> {
        Frame f = frames.isEmpty() ? null : frames.get(frames.size() - 1);
        Token id = c.optId();
        if (f == null) {
          // wasm-tools writes a stray `end` as is and leaves it to validation.
          if (id != null) {
            throw error(at, "`end $" + id.idName() + "` without a matching block");
          }
          out.u8(0x0b);
          return;
        }
        checkLabel(f, id, "end");
        frames.remove(frames.size() - 1);
        out.u8(0x0b);
      }
      default -> immediates(op, c, at);
    }
  }

  private void checkLabel(Frame f, Token id, String what) {
    if (id != null && (f.label == null || !f.label.idName().equals(id.idName()))) {
      throw error(id.pos(), "mismatching labels between " + what + " and block");
    }
  }

  // ------------------------------------------------------------------ folded instructions

  private void folded(SExpr.SList l) {
    String head = l.head();
    if (head == null) {
      throw error(l, "expected an instruction, found " + CoreWatCursor.describe(l));
    }
    Op op = CoreWatOps.get(head);
    if (op == null) {
      throw error(l, "unknown operator `" + head + "`");
    }
    CoreWatCursor c = new CoreWatCursor(l, 1, file);
    int hint = takeHint();
    switch (op.imm()) {
      case BLOCK, LOOP -> {
        Label label = label(c);
        TypeUseSyntax bt = blockType(c, l);
        hintHere(hint);
        op.encode(out);
        openBlock(label);
        encodeBlockType(bt);
        frames.add(new Frame(op.imm() == Imm.BLOCK ? BLOCK : LOOP, label.id()));
        seq(c);
        close();
      }
      case IF -> {
        Label label = label(c);
        TypeUseSyntax bt = blockType(c, l);
        while (true) {
          scanHints(c);
          if (c.atEnd() || c.peekList("then") != null) {
            break;
          }
          SExpr e = c.next("an instruction");
          if (!(e instanceof SExpr.SList cond)) {
            throw error(e, "expected a folded instruction or `(then ...)`, found " + CoreWatCursor.describe(e));
          }
          folded(cond);
        }
        SExpr.SList then = c.expectList("then");
        hintHere(hint);
        out.u8(0x04);
        openBlock(label);
        encodeBlockType(bt);
        frames.add(new Frame(IF, label.id()));
        seq(new CoreWatCursor(then, 1, file));
        SExpr.SList els = c.peekList("else");
        if (els != null) {
          c.next("else");
          out.u8(0x05);
          seq(new CoreWatCursor(els, 1, file));
        }
        c.expectEnd();
        close();
      }
      case TRY_TABLE -> {
        Label label = label(c);
        TypeUseSyntax bt = blockType(c, l);
        LebWriter catches = catches(c);
        hintHere(hint);
        op.encode(out);
        openBlock(label);
        encodeBlockType(bt);
        out.bytes(catches);
        frames.add(new Frame(TRY_TABLE, label.id()));
        seq(c);
        close();
      }
      case ELSE, END -> throw error(l, "unexpected `(" + head + "`");
      default -> {
        // The immediates follow the opcode; whatever remains is an instruction sequence (the
        // operands, plain or folded), which runs — so is encoded — before the instruction.
        if (op.imm() == Imm.CALL_INDIRECT) {
          Token table = c.optIndex();
          TypeUseSyntax tu = typeUseSyntax(c, l);
          operands(c);
          hintHere(hint);
          callIndirect(op, table, tu);
        } else {
          LebWriter saved = out;
          out = new LebWriter(16);
          immediates(op, c, l);
          LebWriter instr = out;
          out = saved;
          operands(c);
          hintHere(hint);
          out.bytes(instr);
        }
      }
    }
  }

  /** The operands of a folded instruction: an instruction sequence. */
  private void operands(CoreWatCursor c) {
    seq(c);
  }

  /** The {@code end} of a folded block: written, and the innermost frame popped. */
  private void close() {
    out.u8(0x0b);
    if (!frames.isEmpty()) {
      frames.remove(frames.size() - 1);
    }
  }

  /** A {@code (type x)? (param ...)* (result ...)*} type use as written, parameters unnamed. */
  private TypeUseSyntax typeUseSyntax(CoreWatCursor c, SExpr at) {
    return m.typeUseSyntax(c, false, at);
  }

  private void callIndirect(Op op, Token table, TypeUseSyntax tu) {
    int ti = m.typeUse(tu.index(), tu.sig(), tu.at());
    int tab = table == null ? 0 : m.tables.resolve(table);
    op.encode(out);
    out.u32(ti);
    out.u32(tab);
  }

  // ------------------------------------------------------------------ block types and catches

  /** A block type: a type use, as written. */
  private TypeUseSyntax blockType(CoreWatCursor c, SExpr at) {
    return m.typeUseSyntax(c, true, at);
  }

  private void encodeBlockType(TypeUseSyntax bt) {
    if (bt.index() != null) {
      out.s64(m.typeUse(bt.index(), bt.sig(), bt.at()));
      return;
    }
    CoreCompType.Func f = bt.sig() == null ? null : bt.sig().func();
    if (f == null || (f.params().isEmpty() && f.results().isEmpty())) {
      out.u8(0x40);
    } else if (f.params().isEmpty() && f.results().size() == 1) {
      CoreWatModule.valType(f.results().get(0), out);
    } else {
      out.s64(m.typeUse(null, bt.sig(), bt.at()));
    }
  }

  /** {@code (catch x l)}, {@code (catch_ref x l)}, {@code (catch_all l)}, {@code (catch_all_ref l)}. */
  private LebWriter catches(CoreWatCursor c) {
    LebWriter b = new LebWriter(16);
    int n = 0;
    LebWriter items = new LebWriter(16);
    while (c.peek() instanceof SExpr.SList l && l.annotation() == null && l.head() != null
        && l.head().startsWith("catch")) {
      c.next("catch");
      CoreWatCursor cc = new CoreWatCursor(l, 1, file);
      switch (l.head()) {
        case "catch", "catch_ref" -> {
          items.u8(l.head().equals("catch") ? 0 : 1);
          items.u32(m.tags.resolve(cc.expectIndex("tag")));
        }
        case "catch_all", "catch_all_ref" -> items.u8(l.head().equals("catch_all") ? 2 : 3);
        default -> throw error(l, "unknown catch clause `" + l.head() + "`");
      }
      items.u32(label(cc.expectIndex("label")));
      cc.expectEnd();
      n++;
    }
    b.u32(n);
    b.bytes(items);
    return b;
  }

  private int label(Token t) {
    if (t.kind() == Token.Kind.NUMBER) {
      Long v = CoreWatSyntax.u32(t.text());
      if (v == null) {
        throw error(t.pos(), "invalid label index `" + t.text() + "`");
      }
      return (int) (long) v;
    }
    String name = t.idName();
    for (int i = frames.size() - 1; i >= 0; i--) {
      Token l = frames.get(i).label;
      if (l != null && l.idName().equals(name)) {
        return frames.size() - 1 - i;
      }
    }
    throw error(t.pos(), "unknown label: failed to find name `$" + name + "`");
  }

  // ------------------------------------------------------------------ immediates

  private void immediates(Op op, CoreWatCursor c, SExpr at) {
    switch (op.imm()) {
      case NONE -> op.encode(out);
      case LABEL -> {
        int l = label(c.expectIndex("label"));
        op.encode(out);
        out.u32(l);
      }
      case BR_TABLE -> {
        List<Integer> ls = new ArrayList<>();
        while (c.peekIndex()) {
          ls.add(label(c.optIndex()));
        }
        if (ls.isEmpty()) {
          throw c.errorHere("expected a label");
        }
        op.encode(out);
        out.u32(ls.size() - 1);
        for (int l : ls) {
          out.u32(l);
        }
      }
      case FUNC -> {
        int f = m.funcs.resolve(c.expectIndex("function"));
        op.encode(out);
        out.u32(f);
      }
      case CALL_INDIRECT -> {
        Token table = c.optIndex();
        callIndirect(op, table, typeUseSyntax(c, at));
      }
      case LOCAL -> {
        Token t = c.expectIndex("local");
        int idx;
        if (t.kind() == Token.Kind.NUMBER) {
          idx = u32(t, "local index");
        } else {
          Integer v = locals == null ? null : locals.get(t.idName());
          if (v == null) {
            throw error(t.pos(), "unknown local: failed to find name `$" + t.idName() + "`");
          }
          idx = v;
        }
        op.encode(out);
        out.u32(idx);
      }
      case GLOBAL -> {
        int g = m.globals.resolve(c.expectIndex("global"));
        op.encode(out);
        out.u32(g);
      }
      case TABLE -> {
        Token t = c.optIndex();
        int idx = t == null ? 0 : m.tables.resolve(t);
        op.encode(out);
        out.u32(idx);
      }
      case MEMORY -> {
        Token t = c.optIndex();
        int idx = t == null ? 0 : m.memories.resolve(t);
        op.encode(out);
        out.u32(idx);
      }
      case MEMARG -> {
        Token mem = c.optIndex();
        op.encode(out);
        memarg(op, c, mem);
      }
      case MEMARG_LANE -> {
        Token mem = null;
        if (c.peekIndex()) {
          Token after = c.peek2() instanceof SExpr.Atom a ? a.token() : null;
          if (after != null && (after.kind() == Token.Kind.NUMBER
              || (after.kind() == Token.Kind.KEYWORD
                  && (after.text().startsWith("offset=") || after.text().startsWith("align="))))) {
            mem = c.optIndex();
          }
        }
        op.encode(out);
        memarg(op, c, mem);
        out.u8(lane(c, 255));
      }
      case LANE -> {
        int lane = lane(c, 255);
        op.encode(out);
        out.u8(lane);
      }
      case I32 -> {
        int v = i32(c.expectToken(Token.Kind.NUMBER, "an i32 literal"));
        op.encode(out);
        out.s64(v);
      }
      case I64 -> {
        long v = i64(c.expectToken(Token.Kind.NUMBER, "an i64 literal"));
        op.encode(out);
        out.s64(v);
      }
      case F32 -> {
        int bits = f32(c.expectToken(Token.Kind.NUMBER, "an f32 literal"));
        op.encode(out);
        out.f32(bits);
      }
      case F64 -> {
        long bits = f64(c.expectToken(Token.Kind.NUMBER, "an f64 literal"));
        op.encode(out);
        out.f64(bits);
      }
      case V128 -> {
        byte[] v = v128(c);
        op.encode(out);
        out.bytes(v);
      }
      case SHUFFLE -> {
        byte[] lanes = new byte[16];
        for (int i = 0; i < 16; i++) {
          lanes[i] = (byte) lane(c, 255);
        }
        op.encode(out);
        out.bytes(lanes);
      }
      case SELECT -> {
        List<CoreValType> types = null;
        while (c.peekList("result") != null) {
          SExpr.SList r = c.expectList("result");
          if (types == null) {
            types = new ArrayList<>();
          }
          CoreWatCursor rc = new CoreWatCursor(r, 1, file);
          while (!rc.atEnd()) {
            types.add(CoreWatTypes.valType(rc.next("a value type"), m.types(), file));
          }
        }
        if (types == null) {
          out.u8(0x1b);
        } else {
          out.u8(0x1c).u32(types.size());
          for (CoreValType t : types) {
            CoreWatModule.valType(t, out);
          }
        }
      }
      case HEAPTYPE -> {
        CoreValType.Ref r = CoreWatTypes.heapType(c.next("a heap type"), true, m.types(), file);
        op.encode(out);
        CoreWatModule.heapType(r, out);
      }
      case REF_TEST -> {
        CoreValType.Ref r = CoreWatTypes.refType(c.next("a reference type"), m.types(), file);
        out.u8(op.prefix()).u32(op.code() + (r.nullable() ? 1 : 0));
        CoreWatModule.heapType(r, out);
      }
      case BR_ON_CAST -> {
        int l = label(c.expectIndex("label"));
        CoreValType.Ref from = CoreWatTypes.refType(c.next("a reference type"), m.types(), file);
        CoreValType.Ref to = CoreWatTypes.refType(c.next("a reference type"), m.types(), file);
        op.encode(out);
        out.u8((from.nullable() ? 1 : 0) | (to.nullable() ? 2 : 0));
        out.u32(l);
        CoreWatModule.heapType(from, out);
        CoreWatModule.heapType(to, out);
      }
      case TYPE -> {
        int t = m.typeIndex(c.expectIndex("type"));
        op.encode(out);
        out.u32(t);
      }
      case TYPE_FIELD -> {
        int t = m.typeIndex(c.expectIndex("type"));
        int f = m.fieldIndex(t, c.expectIndex("field"));
        op.encode(out);
        out.u32(t).u32(f);
      }
      case TYPE_N -> {
        int t = m.typeIndex(c.expectIndex("type"));
        long n = c.expectU32("array length");
        op.encode(out);
        out.u32(t).u32(n);
      }
      case TYPE_TYPE -> {
        int t1 = m.typeIndex(c.expectIndex("type"));
        int t2 = m.typeIndex(c.expectIndex("type"));
        op.encode(out);
        out.u32(t1).u32(t2);
      }
      case TYPE_DATA -> {
        int t = m.typeIndex(c.expectIndex("type"));
        int d = m.datas.resolve(c.expectIndex("data"));
        op.encode(out);
        out.u32(t).u32(d);
        usesDataCount = true;
      }
      case TYPE_ELEM -> {
        int t = m.typeIndex(c.expectIndex("type"));
        int e = m.elems.resolve(c.expectIndex("elem"));
        op.encode(out);
        out.u32(t).u32(e);
      }
      case TABLE_INIT -> init(op, c, m.tables, m.elems, "elem");
      case TABLE_COPY -> copy(op, c, m.tables, "table");
      case ELEM -> {
        int e = m.elems.resolve(c.expectIndex("elem"));
        op.encode(out);
        out.u32(e);
      }
      case DATA -> {
        int d = m.datas.resolve(c.expectIndex("data"));
        op.encode(out);
        out.u32(d);
        usesDataCount = true;
      }
      case MEMORY_INIT -> {
        init(op, c, m.memories, m.datas, "data");
        usesDataCount = true;
      }
      case MEMORY_COPY -> copy(op, c, m.memories, "memory");
      case TAG -> {
        int t = m.tags.resolve(c.expectIndex("tag"));
        op.encode(out);
        out.u32(t);
      }
      case FENCE -> {
        op.encode(out);
        out.u8(0);
      }
      default -> throw error(at, "unexpected `" + op.name() + "`");
    }
  }

  /** {@code table.init}, {@code memory.init}: {@code x? seg}, encoded segment first. */
  private void init(Op op, CoreWatCursor c, CoreWatModule.Space target, CoreWatModule.Space segments, String segment) {
    Token first = c.expectIndex(segment);
    Token second = c.optIndex();
    int x = second == null ? 0 : target.resolve(first);
    int seg = segments.resolve(second == null ? first : second);
    op.encode(out);
    out.u32(seg).u32(x);
  }

  /** {@code table.copy}, {@code memory.copy}: {@code (dst src)?}, both 0 when omitted. */
  private void copy(Op op, CoreWatCursor c, CoreWatModule.Space space, String what) {
    Token dst = c.optIndex();
    int d = 0;
    int s = 0;
    if (dst != null) {
      d = space.resolve(dst);
      s = space.resolve(c.expectIndex(what));
    }
    op.encode(out);
    out.u32(d).u32(s);
  }

  private void memarg(Op op, CoreWatCursor c, Token memToken) {
    int mem = memToken == null ? 0 : m.memories.resolve(memToken);
    long offset = 0;
    int align = op.align();
    Token t = c.peekToken();
    if (t != null && t.kind() == Token.Kind.KEYWORD && t.text().startsWith("offset=")) {
      c.next("offset");
      Long v = Numbers.u64(t.text().substring(7));
      if (v == null) {
        throw error(t.pos(), "invalid memory offset `" + t.text() + "`");
      }
      offset = v;
      t = c.peekToken();
    }
    if (t != null && t.kind() == Token.Kind.KEYWORD && t.text().startsWith("align=")) {
      c.next("align");
      Long v = CoreWatSyntax.u32(t.text().substring(6));
      if (v == null || v == 0 || Long.bitCount(v) != 1) {
        throw error(t.pos(), "alignment must be a power of two: `" + t.text() + "`");
      }
      align = Long.numberOfTrailingZeros(v);
    }
    if (mem == 0) {
      out.u32(align);
    } else {
      out.u32(align | 0x40);
      out.u32(mem);
    }
    out.u64(offset);
  }

  private int lane(CoreWatCursor c, int max) {
    Token t = c.expectToken(Token.Kind.NUMBER, "a lane index");
    Long v = CoreWatSyntax.u32(t.text());
    if (v == null || v > max) {
      throw error(t.pos(), "invalid lane index `" + t.text() + "`");
    }
    return (int) (long) v;
  }

  private int u32(Token t, String what) {
    Long v = CoreWatSyntax.u32(t.text());
    if (v == null) {
      throw error(t.pos(), "invalid " + what + " `" + t.text() + "`");
    }
    return (int) (long) v;
  }

  private int i32(Token t) {
    Integer v = CoreWatSyntax.i32(t.text());
    if (v == null) {
      throw error(t.pos(), "i32 constant out of range: `" + t.text() + "`");
    }
    return v;
  }

  private long i64(Token t) {
    Long v = CoreWatSyntax.i64(t.text());
    if (v == null) {
      throw error(t.pos(), "i64 constant out of range: `" + t.text() + "`");
    }
    return v;
  }

  private int f32(Token t) {
    Integer v = Numbers.f32(t.text());
    if (v == null) {
      throw error(t.pos(), "invalid f32 literal `" + t.text() + "`");
    }
    return v;
  }

  private long f64(Token t) {
    Long v = Numbers.f64(t.text());
    if (v == null) {
      throw error(t.pos(), "invalid f64 literal `" + t.text() + "`");
    }
    return v;
  }

  private byte[] v128(CoreWatCursor c) {
    Token shape = c.expectToken(Token.Kind.KEYWORD, "a v128 shape (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2)");
    LebWriter b = new LebWriter(16);
    switch (shape.text()) {
      case "i8x16", "i16x8" -> {
        int bits = shape.text().equals("i8x16") ? 8 : 16;
        for (int i = 0; i < 128 / bits; i++) {
          Token t = c.expectToken(Token.Kind.NUMBER, "an integer lane");
          BigInteger v = Numbers.integer(t.text());
          if (v == null || v.compareTo(BigInteger.ONE.shiftLeft(bits - 1).negate()) < 0
              || v.compareTo(BigInteger.ONE.shiftLeft(bits)) >= 0) {
            throw error(t.pos(), "constant out of range: `" + t.text() + "`");
          }
          int x = v.intValue();
          b.u8(x);
          if (bits == 16) {
            b.u8(x >>> 8);
          }
        }
      }
      case "i32x4" -> {
        for (int i = 0; i < 4; i++) {
          b.f32(i32(c.expectToken(Token.Kind.NUMBER, "an i32 lane")));
        }
      }
      case "i64x2" -> {
        for (int i = 0; i < 2; i++) {
          b.f64(i64(c.expectToken(Token.Kind.NUMBER, "an i64 lane")));
        }
      }
      case "f32x4" -> {
        for (int i = 0; i < 4; i++) {
          b.f32(f32(c.expectToken(Token.Kind.NUMBER, "an f32 lane")));
        }
      }
      case "f64x2" -> {
        for (int i = 0; i < 2; i++) {
          b.f64(f64(c.expectToken(Token.Kind.NUMBER, "an f64 lane")));
        }
      }
      default -> throw error(shape.pos(), "unknown v128 shape `" + shape.text() + "`");
    }
    return b.toByteArray();
  }

  private TextException error(SExpr at, String message) {
    return error(at == null ? Pos.NONE : at.pos(), message);
  }

  private TextException error(Pos p, String message) {
    return new TextException(file, p.line(), p.column(), message);
  }
}
