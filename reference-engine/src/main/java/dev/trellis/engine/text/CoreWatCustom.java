package dev.trellis.engine.text;

import dev.trellis.engine.binary.LebWriter;
import dev.trellis.engine.error.TextException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The module-level annotations that become custom sections: {@code (@custom "name" (before|after
 * section)? "data"*)}, {@code (@producers ...)} and {@code (@dylink.0 ...)}, encoded as
 * wasm-tools encodes them.
 */
final class CoreWatCustom {
  private CoreWatCustom() {}

  /**
   * A custom section and where it goes: {@code "before first"}, {@code "after last"}, or {@code
   * "before X"}/{@code "after X"} for a section keyword X.
   */
  record Section(String place, byte[] name, byte[] data) {}

  /** The custom section a module-level annotation stands for, or null if it stands for none. */
  static Section parse(SExpr.SList l, String file) {
    switch (l.annotation()) {
      case "custom" -> {
        CoreWatCursor c = new CoreWatCursor(l, 0, file);
        byte[] name = name(c, "a custom section name");
        String place = "after last";
        if (c.peek() instanceof SExpr.SList p) {
          c.next("placement");
          CoreWatCursor pc = new CoreWatCursor(p, 0, file);
          Token where = pc.expectToken(Token.Kind.KEYWORD, "`before` or `after`");
          Token anchor = pc.expectToken(Token.Kind.KEYWORD, "a section name");
          pc.expectEnd();
          boolean before = where.text().equals("before");
          if (!before && !where.text().equals("after")) {
            throw error(file, where.pos(), "expected `before` or `after`");
          }
          String a = anchor.text();
          if (!List.of("first", "last", "type", "import", "func", "table", "memory", "global", "export",
              "start", "elem", "code", "data", "tag").contains(a)) {
            throw error(file, anchor.pos(), "expected a valid section name");
          }
          if ((before && a.equals("last")) || (!before && a.equals("first"))) {
            throw error(file, anchor.pos(), "expected a valid section name");
          }
          place = where.text() + " " + a;
        }
        LebWriter data = new LebWriter(32);
        while (!c.atEnd()) {
          data.bytes(c.expectStringBytes("a string"));
        }
        return new Section(place, name, data.toByteArray());
      }
      case "producers" -> {
        return new Section("after last", bytes("producers"), producers(l, file));
      }
      case "dylink.0" -> {
        return new Section("before first", bytes("dylink.0"), dylink(l, file));
      }
      default -> {
        return null; // other annotations carry no section
      }
    }
  }

  private static byte[] producers(SExpr.SList l, String file) {
    String[] fields = {"language", "sdk", "processed-by"};
    List<List<byte[][]>> values = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    CoreWatCursor c = new CoreWatCursor(l, 0, file);
    while (!c.atEnd()) {
      SExpr.SList f = c.expectAnyList("a producers field");
      String h = f.head();
      int k = h == null ? -1 : List.of(fields).indexOf(h);
      if (k < 0) {
        throw error(file, f, "expected `language`, `sdk` or `processed-by`");
      }
      CoreWatCursor fc = new CoreWatCursor(f, 1, file);
      byte[] name = name(fc, "a name");
      byte[] version = name(fc, "a version");
      fc.expectEnd();
      values.get(k).add(new byte[][] {name, version});
    }
    LebWriter b = new LebWriter(64);
    int n = 0;
    for (List<byte[][]> v : values) {
      n += v.isEmpty() ? 0 : 1;
    }
    b.u32(n);
    for (int k = 0; k < 3; k++) {
      List<byte[][]> v = values.get(k);
      if (!v.isEmpty()) {
        b.name(bytes(fields[k]));
        b.u32(v.size());
        for (byte[][] nv : v) {
          b.name(nv[0]).name(nv[1]);
        }
      }
    }
    return b.toByteArray();
  }

  private static byte[] dylink(SExpr.SList l, String file) {
    LebWriter out = new LebWriter(64);
    CoreWatCursor c = new CoreWatCursor(l, 0, file);
    int lastKind = -1;
    int count = 0;
    LebWriter pending = null;
    while (!c.atEnd()) {
      SExpr.SList s = c.expectAnyList("a dylink.0 subsection");
      String h = s.head() == null ? "" : s.head();
      CoreWatCursor sc = new CoreWatCursor(s, 1, file);
      int kind = switch (h) {
        case "mem-info" -> 1;
        case "needed" -> 2;
        case "export-info" -> 3;
        case "import-info" -> 4;
        default -> throw error(file, s, "expected `mem-info`, `needed`, `export-info` or `import-info`");
      };
      if (pending != null && !(kind == lastKind && (kind == 3 || kind == 4))) {
        flushDylink(out, lastKind, count, pending);
        pending = null;
      }
      if (pending == null) {
        pending = new LebWriter(32);
        count = 0;
      }
      lastKind = kind;
      switch (kind) {
        case 1 -> {
          sizeAndAlignment(sc, "memory", file, pending);
          sizeAndAlignment(sc, "table", file, pending);
          sc.expectEnd();
          count = -1;
        }
        case 2 -> {
          List<byte[]> names = new ArrayList<>();
          while (!sc.atEnd()) {
            names.add(name(sc, "a library name"));
          }
          pending.u32(names.size());
          for (byte[] n : names) {
            pending.name(n);
          }
          count = -1;
        }
        case 3 -> {
          pending.name(name(sc, "a symbol name"));
          pending.u32(symFlags(sc));
          count++;
        }
        default -> {
          pending.name(name(sc, "a module name"));
          pending.name(name(sc, "a symbol name"));
          pending.u32(symFlags(sc));
          count++;
        }
      }
    }
    if (pending != null) {
      flushDylink(out, lastKind, count, pending);
    }
    return out.toByteArray();
  }

  /** Writes the size and alignment of an optional {@code (memory|table size align)}, 0 0 without it. */
  private static void sizeAndAlignment(CoreWatCursor sc, String kw, String file, LebWriter out) {
    long size = 0;
    long align = 0;
    SExpr.SList l = sc.peekList(kw);
    if (l != null) {
      sc.next(kw);
      CoreWatCursor c = new CoreWatCursor(l, 1, file);
      size = c.expectU32(kw + " size");
      align = c.expectU32(kw + " alignment");
      c.expectEnd();
    }
    out.u32(size).u32(align);
  }

  private static void flushDylink(LebWriter out, int kind, int count, LebWriter body) {
    LebWriter sub = new LebWriter(body.size() + 4);
    if (count >= 0) {
      sub.u32(count);
    }
    sub.bytes(body);
    out.u8(kind).u32(sub.size()).bytes(sub);
  }

  private static long symFlags(CoreWatCursor c) {
    long flags = 0;
    while (!c.atEnd()) {
      Token t = c.expectToken(c.peekToken() != null && c.peekToken().kind() == Token.Kind.NUMBER
          ? Token.Kind.NUMBER : Token.Kind.KEYWORD, "a symbol flag");
      if (t.kind() == Token.Kind.NUMBER) {
        Long v = CoreWatSyntax.u32(t.text());
        if (v == null) {
          throw error(c.file(), t.pos(), "invalid flags `" + t.text() + "`");
        }
        flags |= v;
        continue;
      }
      flags |= switch (t.text()) {
        case "binding-weak" -> 1;
        case "binding-local" -> 2;
        case "visibility-hidden" -> 4;
        case "undefined" -> 16;
        case "exported" -> 32;
        case "explicit-name" -> 64;
        case "no-strip" -> 128;
        case "tls" -> 256;
        case "absolute" -> 512;
        default -> throw error(c.file(), t.pos(), "unknown symbol flag `" + t.text() + "`");
      };
    }
    return flags;
  }

  private static byte[] name(CoreWatCursor c, String what) {
    Token t = c.expectToken(Token.Kind.STRING, what);
    CoreWatCursor.utf8(t, c.file());
    return t.bytes();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static TextException error(String file, SExpr at, String message) {
    return error(file, at.pos(), message);
  }

  private static TextException error(String file, Pos p, String message) {
    return new TextException(file, p.line(), p.column(), message);
  }
}
