package dev.trellis.engine.wit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random WIT documents (packages with interfaces, uses between them, every kind of type,
 * resources, async functions, gates, docs, worlds with inline interfaces and a nested
 * dependency package) survive print → parse unchanged.
 */
class WitRoundTripProperties {
  private static final Set<String> FEATURES = Set.of("on");

  @Property(tries = 300)
  void printedWitParsesBackToTheSamePackages(@ForAll("documents") String wit) {
    Wit.Parsed parsed;
    try {
      parsed = Wit.parse("generated.wit", wit, FEATURES);
    } catch (RuntimeException e) {
      throw new AssertionError("generator produced invalid WIT: " + e.getMessage() + "\n" + wit, e);
    }
    WitPrinterTest.assertRoundTrips(parsed, FEATURES);
  }

  @Provide
  Arbitrary<String> documents() {
    return Arbitraries.randomValue(r -> new Gen(r).document());
  }

  /** Builds one random, valid WIT document. */
  static final class Gen {
    private static final String[] WORDS = {"alpha", "beta", "record", "type", "list", "stream", "kebab-case",
        "http", "x", "value", "result", "own", "constructor", "async", "DNS", "ip-v4", "world", "error"};
    private static final String[] PRIMS = {"u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64",
        "char", "bool", "string"};
    private static final String[] KEYS = {"u8", "u32", "s64", "char", "bool", "string"};

    private static final String[] KEYWORDS = {"record", "type", "list", "stream", "world", "interface", "use",
        "resource", "func", "result", "option", "own", "borrow", "static", "constructor", "async", "include", "map"};
    private final java.util.Set<String> usedKeywords = new java.util.HashSet<>();
    private final Random r;
    private final StringBuilder out = new StringBuilder();
    private int counter;

    Gen(Random r) {
      this.r = r;
    }

    /** A fresh identifier, sometimes a keyword (then written with `%`). */
    private String name() {
      if (r.nextInt(8) == 0) {
        String kw = KEYWORDS[r.nextInt(KEYWORDS.length)];
        if (usedKeywords.add(kw)) {
          return kw;
        }
      }
      String w = WORDS[r.nextInt(WORDS.length)];
      return w + "-" + (counter++);
    }

    private static String ref(String name) {
      return WitPrinter.id(name);
    }

    /** A named type in scope: name, and whether it is a resource. */
    record Named(String name, boolean resource) {}

    String document() {
      boolean versioned = r.nextBoolean();
      if (r.nextInt(3) == 0) {
        docs("");
      }
      out.append("package gen:main").append(versioned ? "@1.2.0" : "").append(";\n\n");
      // interfaces in order; each may use named types of earlier ones
      List<String> ifaces = new ArrayList<>();
      List<List<Named>> exported = new ArrayList<>();
      int n = 1 + r.nextInt(4);
      for (int i = 0; i < n; i++) {
        String iname = name();
        docs("");
        gate(versioned, "");
        out.append("interface ").append(ref(iname)).append(" {\n");
        List<Named> scope = new ArrayList<>();
        boolean usesAny = false;
        if (i > 0 && r.nextBoolean()) {
          int from = r.nextInt(i);
          List<Named> avail = exported.get(from);
          if (!avail.isEmpty()) {
            Named t = avail.get(r.nextInt(avail.size()));
            String local = r.nextBoolean() ? t.name() : name();
            out.append("  use ").append(ref(ifaces.get(from))).append(".{").append(ref(t.name()))
                .append(t.name().equals(local) ? "" : " as " + ref(local)).append("};\n");
            scope.add(new Named(local, t.resource()));
            usesAny = true;
          }
        }
        if (r.nextInt(4) == 0) {
          out.append("  use gen:dep/shared.{shared-t};\n");
          scope.add(new Named("shared-t", false));
          usesAny = true;
        }
        body(scope, versioned, "  ");
        out.append("}\n\n");
        ifaces.add(iname);
        List<Named> own = new ArrayList<>(scope);
        exported.add(usesAny ? List.of() : own);
      }
      int worlds = r.nextInt(3);
      for (int w = 0; w < worlds; w++) {
        docs("");
        gate(versioned, "");
        out.append("world ").append(ref(name())).append(" {\n");
        List<Integer> imported = new ArrayList<>();
        for (int i = 0; i < ifaces.size(); i++) {
          if (r.nextBoolean()) {
            out.append("  import ").append(ref(ifaces.get(i))).append(";\n");
            imported.add(i);
          }
        }
        if (r.nextBoolean()) {
          out.append("  import ").append(ref(name())).append(": interface {\n");
          body(new ArrayList<>(), versioned, "    ");
          out.append("  }\n");
        }
        List<Named> scope = new ArrayList<>();
        if (r.nextBoolean()) {
          String rec = name();
          out.append("  record ").append(ref(rec)).append(" { f: ").append(prim()).append(" }\n");
          scope.add(new Named(rec, false));
        }
        if (r.nextBoolean()) {
          out.append("  import ").append(ref(name())).append(": ").append(func(scope, false)).append(";\n");
        }
        if (r.nextBoolean()) {
          out.append("  export ").append(ref(name())).append(": ").append(func(scope, false)).append(";\n");
        }
        if (r.nextBoolean()) {
          out.append("  export ").append(ref(name())).append(": interface {\n");
          body(new ArrayList<>(), versioned, "    ");
          out.append("  }\n");
        }
        // exporting an interface that uses nothing never conflicts with the imports
        for (int i = 0; i < ifaces.size(); i++) {
          if (!exported.get(i).isEmpty() && !imported.contains(i) && r.nextInt(3) == 0) {
            out.append("  export ").append(ref(ifaces.get(i))).append(";\n");
          }
        }
        out.append("}\n\n");
      }
      out.append("package gen:dep {\n  interface shared {\n    type shared-t = ").append(prim())
          .append(";\n  }\n}\n");
      return out.toString();
    }

    /** Types and functions of an interface; {@code scope} holds the names already usable. */
    private void body(List<Named> scope, boolean versioned, String ind) {
      int items = r.nextInt(7);
      for (int k = 0; k < items; k++) {
        docs(ind);
        gate(versioned, ind);
        String n = name();
        switch (r.nextInt(9)) {
          case 0 -> {
            out.append(ind).append("record ").append(ref(n)).append(" {\n");
            int fields = 1 + r.nextInt(3);
            for (int f = 0; f < fields; f++) {
              docs(ind + "  ");
              out.append(ind).append("  ").append(ref(name())).append(": ").append(type(scope, 0, false))
                  .append(",\n");
            }
            out.append(ind).append("}\n");
            scope.add(new Named(n, false));
          }
          case 1 -> {
            out.append(ind).append("variant ").append(ref(n)).append(" {\n");
            int cases = 1 + r.nextInt(3);
            for (int c = 0; c < cases; c++) {
              out.append(ind).append("  ").append(ref(name()));
              if (r.nextBoolean()) {
                out.append("(").append(type(scope, 0, false)).append(")");
              }
              out.append(",\n");
            }
            out.append(ind).append("}\n");
            scope.add(new Named(n, false));
          }
          case 2 -> {
            out.append(ind).append(r.nextBoolean() ? "enum " : "flags ").append(ref(n)).append(" { ");
            int cases = 1 + r.nextInt(3);
            for (int c = 0; c < cases; c++) {
              out.append(c > 0 ? ", " : "").append(ref(name()));
            }
            out.append(" }\n");
            scope.add(new Named(n, false));
          }
          case 3, 4 -> {
            out.append(ind).append("type ").append(ref(n)).append(" = ").append(type(scope, 0, false)).append(";\n");
            scope.add(new Named(n, false));
          }
          case 5 -> {
            scope.add(new Named(n, true));
            if (r.nextBoolean()) {
              out.append(ind).append("resource ").append(ref(n)).append(";\n");
              break;
            }
            out.append(ind).append("resource ").append(ref(n)).append(" {\n");
            if (r.nextBoolean()) {
              out.append(ind).append("  constructor(").append(params(scope)).append(")");
              if (r.nextBoolean()) {
                out.append(" -> result<").append(ref(n)).append(r.nextBoolean() ? ", string" : "").append(">");
              }
              out.append(";\n");
            }
            int methods = r.nextInt(3);
            for (int m = 0; m < methods; m++) {
              docs(ind + "  ");
              out.append(ind).append("  ").append(ref(name())).append(": ").append(r.nextBoolean() ? "static " : "")
                  .append(func(scope, true)).append(";\n");
            }
            out.append(ind).append("}\n");
          }
          default -> out.append(ind).append(ref(n)).append(": ").append(func(scope, true)).append(";\n");
        }
      }
    }

    private String func(List<Named> scope, boolean borrows) {
      StringBuilder s = new StringBuilder(r.nextInt(4) == 0 ? "async func(" : "func(");
      s.append(params(scope, borrows)).append(")");
      if (r.nextBoolean()) {
        s.append(" -> ").append(type(scope, 0, false));
      }
      return s.toString();
    }

    private String params(List<Named> scope) {
      return params(scope, false);
    }

    private String params(List<Named> scope, boolean borrows) {
      int n = r.nextInt(3);
      List<String> ps = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ps.add(ref(name()) + ": " + type(scope, 0, borrows));
      }
      return String.join(", ", ps);
    }

    private String prim() {
      return PRIMS[r.nextInt(PRIMS.length)];
    }

    private String type(List<Named> scope, int depth, boolean borrows) {
      int pick = r.nextInt(depth > 2 ? 2 : 13);
      switch (pick) {
        case 0:
          return prim();
        case 1: {
          if (scope.isEmpty()) {
            return prim();
          }
          Named t = scope.get(r.nextInt(scope.size()));
          if (t.resource() && borrows && r.nextBoolean()) {
            return "borrow<" + ref(t.name()) + ">";
          }
          return ref(t.name());
        }
        case 2:
          return "list<" + type(scope, depth + 1, false) + ">";
        case 3:
          return "option<" + type(scope, depth + 1, false) + ">";
        case 4:
          return "result<" + type(scope, depth + 1, false) + ", " + type(scope, depth + 1, false) + ">";
        case 5:
          return r.nextBoolean() ? "result" : "result<_, " + type(scope, depth + 1, false) + ">";
        case 6:
          return "tuple<" + type(scope, depth + 1, false) + ", " + type(scope, depth + 1, false) + ">";
        case 7:
          return "map<" + KEYS[r.nextInt(KEYS.length)] + ", " + type(scope, depth + 1, false) + ">";
        case 8:
          return "list<" + type(scope, depth + 1, false) + ", " + (1 + r.nextInt(8)) + ">";
        case 9:
          return r.nextBoolean() ? "future" : "future<" + type(scope, depth + 1, false) + ">";
        case 10:
          return r.nextBoolean() ? "stream" : "stream<" + type(scope, depth + 1, false) + ">";
        case 11:
          return "result<" + type(scope, depth + 1, false) + ">";
        default:
          return "error-context";
      }
    }

    private void docs(String ind) {
      if (r.nextInt(3) != 0) {
        return;
      }
      int lines = 1 + r.nextInt(3);
      for (int i = 0; i < lines; i++) {
        out.append(ind).append("///");
        if (r.nextInt(4) != 0) {
          out.append(" ").append(r.nextBoolean() ? "  " : "").append(WORDS[r.nextInt(WORDS.length)]).append(" `x`");
        }
        out.append('\n');
      }
    }

    private void gate(boolean versioned, String ind) {
      switch (r.nextInt(6)) {
        case 0 -> {
          if (versioned) {
            out.append(ind).append("@since(version = 1.").append(r.nextInt(3)).append(".0)\n");
          }
        }
        case 1 -> out.append(ind).append("@unstable(feature = on)\n");
        default -> { }
      }
    }
  }
}
