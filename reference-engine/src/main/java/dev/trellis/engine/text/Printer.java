package dev.trellis.engine.text;

import dev.trellis.engine.binary.Alias;
import dev.trellis.engine.binary.Bytes;
import dev.trellis.engine.binary.Canon;
import dev.trellis.engine.binary.CanonDef;
import dev.trellis.engine.binary.CanonOpt;
import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.CoreCompType;
import dev.trellis.engine.binary.CoreDefType;
import dev.trellis.engine.binary.CoreExternType;
import dev.trellis.engine.binary.CoreInstance;
import dev.trellis.engine.binary.CoreSubType;
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
import dev.trellis.engine.types.CoreModuleType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Prints a component AST as component text in wasm-tools' syntax, so that the text parser
 * turns it back into the same bytes. Every definition carries its index as a {@code (;N;)}
 * comment and, when the component's {@code component-name} section names it, an identifier;
 * references to named definitions use the identifier. Custom sections are kept as
 * {@code (@custom "name" "...")} in place (see {@link Names} for the name section itself).
 *
 * <p>Core modules are printed by a {@link CoreModulePrinter} when one is given and it can; by
 * default as {@code (core module binary "...")} with one string per core section and a
 * comment naming it (wasm-tools' component text has no binary core module form; the project's
 * parser accepts it).
 */
public final class Printer {

  /** Prints a core module's fields (the text inside {@code (module ...)}), or returns null. */
  @FunctionalInterface
  public interface CoreModulePrinter {
    /** One line per element of the module body, without the {@code (module} wrapper; or null. */
    List<String> fields(byte[] module);
  }

  /** What the parser on the other side does with identifiers, hence how names are printed. */
  public enum Names {
    /**
     * The parser keeps custom sections and writes no name section of its own (the project's
     * {@code ComponentWat}): the {@code component-name} section stays an {@code @custom}
     * section and its names are printed as identifiers for the reader.
     */
    KEEP_SECTION,
    /**
     * The parser writes a {@code component-name} section from the identifiers (wasm-tools):
     * a canonical name section is dropped and becomes identifiers; any other stays an
     * {@code @custom} section with no identifiers.
     */
    REGENERATE
  }

  /**
   * Comment lines to print above a core module printed in binary form (e.g. its imports and
   * exports, see {@link #describe}); null or empty for none.
   */
  @FunctionalInterface
  public interface CoreModuleComments {
    List<String> lines(byte[] module);
  }

  /**
   * Printer options: how to print core modules (null: binary), what to say about them in
   * comments (null: nothing), and how to print names.
   */
  public record Options(CoreModulePrinter coreModules, Names names, CoreModuleComments coreModuleComments) {
    public static final Options DEFAULT = new Options(null, Names.KEEP_SECTION, null);

    public Options(CoreModulePrinter coreModules, Names names) {
      this(coreModules, names, null);
    }

    public Options withCoreModuleComments(CoreModuleComments comments) {
      return new Options(coreModules, names, comments);
    }
  }

  private static final String INDENT = "  ";
  private final StringBuilder out = new StringBuilder(4096);
  private final CoreModulePrinter corePrinter;
  private final CoreModuleComments coreComments;
  private final Names namesMode;
  private int depth;

  private Printer(Options options) {
    this.corePrinter = options.coreModules();
    this.namesMode = options.names();
    this.coreComments = options.coreModuleComments();
  }

  /** The text of {@code component} for the project's parser, core modules in binary form. */
  public static String print(Component component) {
    return print(component, Options.DEFAULT);
  }

  /** The text of {@code component} with {@code options}. */
  public static String print(Component component, Options options) {
    Printer p = new Printer(options);
    p.component(component, "(component", null, false);
    return p.out.toString();
  }

  /**
   * A core module type as text, one line per import and export, e.g. {@code (import "env" "f"
   * (func (param i32)))}: what a reader wants to know of a module printed in binary form.
   */
  public static List<String> describe(CoreModuleType type) {
    Scope none = new Scope(PrinterNames.NONE);
    List<String> out = new java.util.ArrayList<>();
    for (CoreModuleType.Import i : type.imports()) {
      out.add("(import " + quote(i.module()) + " " + quote(i.name()) + " " + coreExtern(i.type(), none) + ")");
    }
    for (CoreModuleType.Export e : type.exports()) {
      out.add("(export " + quote(e.name()) + " " + coreExtern(e.type(), none) + ")");
    }
    return out;
  }

  private static String coreExtern(CoreModuleType.CoreExtern t, Scope sc) {
    return switch (t) {
      case CoreModuleType.CoreFunc f -> compType(f.type(), sc);
      case CoreModuleType.CoreTable tb -> coreExternType(tb.type(), sc);
      case CoreModuleType.CoreMemory m -> coreExternType(m.type(), sc);
      case CoreModuleType.CoreGlobal g -> coreExternType(g.type(), sc);
      case CoreModuleType.CoreTag tg -> "(tag" + compType(tg.type(), sc).substring("(func".length());
    };
  }

  // ================================================================ output

  private void line(String s) {
    for (int i = 0; i < depth; i++) {
      out.append(INDENT);
    }
    out.append(s).append('\n');
  }

  private void open(String s) {
    line(s);
    depth++;
  }

  private void close() {
    depth--;
    line(")");
  }

  // ================================================================ scopes and names

  /** One index space set: a component (with names) or a type scope (without). */
  private static final class Scope {
    final PrinterNames names;
    final int[] counts = new int[Sort.values().length];
    final Set<Long> used = new HashSet<>();

    Scope(PrinterNames names) {
      this.names = names;
    }
  }

  /** Allocates the next index of {@code s}: {@code "$id (;N;)"} or {@code "(;N;)"}. */
  private static String def(Scope sc, Sort s) {
    int i = sc.counts[s.ordinal()]++;
    String n = sc.names.name(s, i);
    String comment = "(;" + Integer.toUnsignedString(i) + ";)";
    if (n == null) {
      return comment;
    }
    sc.used.add(PrinterNames.key(s, i));
    return id(n) + " " + comment;
  }

  /** A reference: the identifier of a named definition already printed, else the index. */
  private static String ref(Scope sc, Sort s, int index) {
    String n = sc.names.name(s, index);
    return n == null || !sc.used.contains(PrinterNames.key(s, index)) ? Integer.toUnsignedString(index) : id(n);
  }

  /** {@code $name}, or {@code $"name"} when it is not made of idchars. */
  static String id(String name) {
    boolean plain = !name.isEmpty();
    for (int i = 0; i < name.length() && plain; i++) {
      plain = Lexer.isIdChar(name.charAt(i));
    }
    return plain ? "$" + name : "$" + quote(name);
  }

  /** A string literal for a UTF-8 {@code name}: printable characters as they are. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        b.append('\\').appendCodePoint(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append("\\u{").append(Integer.toHexString(c)).append('}');
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.append('"').toString();
  }

  /** A string literal for raw bytes: printable ASCII as is, the rest as {@code \hh}. */
  static String quote(byte[] bytes, int from, int to) {
    StringBuilder b = new StringBuilder((to - from) * 2 + 2).append('"');
    for (int i = from; i < to; i++) {
      int c = bytes[i] & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        b.append((char) c);
      } else {
        b.append('\\').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
      }
    }
    return b.append('"').toString();
  }

  // ================================================================ components

  /**
   * Prints a component opened by {@code head}. {@code expectedName} is the identifier the
   * enclosing component gives it (null if none); {@code nested} tells whether there is one.
   */
  private void component(Component c, String head, String expectedName, boolean nested) {
    List<Section> sections = c.sections();
    if (namesMode == Names.KEEP_SECTION) {
      PrinterNames names = PrinterNames.NONE;
      for (int i = sections.size() - 1; i >= 0; i--) {
        if (sections.get(i) instanceof Section.Custom cs && cs.name().equals(PrinterNames.SECTION)) {
          PrinterNames parsed = PrinterNames.parse(cs.data(), false);
          names = parsed == null ? PrinterNames.NONE : parsed;
          break;
        }
      }
      body(c, head, names, -1, !nested);
      return;
    }
    PrinterNames names = PrinterNames.NONE;
    int nameSection = -1;
    if (!sections.isEmpty() && sections.get(sections.size() - 1) instanceof Section.Custom cs
        && cs.name().equals(PrinterNames.SECTION)) {
      PrinterNames parsed = PrinterNames.parse(cs.data());
      boolean nameAgrees = !nested
          || java.util.Objects.equals(parsed == null ? null : parsed.component, expectedName);
      if (parsed != null && nameAgrees) {
        names = parsed;
        nameSection = sections.size() - 1;
      }
    }
    int mark = out.length();
    int depthMark = depth;
    if (!body(c, head, names, nameSection, !nested)) {
      out.setLength(mark);
      depth = depthMark;
      body(c, head, PrinterNames.NONE, -1, !nested);
    }
  }

  /** Prints the component; false (output to discard) if {@code names} were not all used. */
  private boolean body(Component c, String head, PrinterNames names, int nameSection, boolean top) {
    Scope sc = new Scope(names);
    String self = !top || names.component == null ? "" : " " + id(names.component);
    List<Section> sections = c.sections();
    if (sections.isEmpty() || (sections.size() == 1 && nameSection == 0)) {
      line(head + self + ")");
      return sc.used.equals(names.keys());
    }
    open(head + self);
    for (int i = 0; i < sections.size(); i++) {
      if (i != nameSection) {
        section(sections.get(i), sc);
      }
    }
    close();
    return sc.used.equals(names.keys());
  }

  private void section(Section s, Scope sc) {
    switch (s) {
      case Section.Custom cs -> line("(@custom " + quote(cs.name()) + " "
          + quote(cs.data().unsafeArray(), 0, cs.data().length()) + ")");
      case Section.CoreModule m -> coreModule(m.module(), sc);
      case Section.CoreInstances ci -> ci.items().forEach(i -> coreInstance(i, sc));
      case Section.CoreTypes ct -> {
        for (CoreTypeDef t : ct.items()) {
          coreType(t.type(), sc, true);
        }
      }
      case Section.NestedComponent n -> nestedComponent(n.component(), sc);
      case Section.Instances is -> is.items().forEach(i -> instance(i, sc));
      case Section.Aliases as -> as.items().forEach(a -> line(alias(a, sc)));
      case Section.Types ts -> {
        for (TypeDef t : ts.items()) {
          type(t.type(), sc);
        }
      }
      case Section.Canons cs -> cs.items().forEach(c -> canon(c, sc));
      case Section.Start st -> start(st.start(), sc);
      case Section.Imports is -> {
        for (Import i : is.items()) {
          line("(import " + name(i.name()) + " " + externDesc(i.desc(), sc, " " + def(sc, i.desc().sort())) + ")");
        }
      }
      case Section.Exports es -> {
        for (Export e : es.items()) {
          String d = def(sc, e.item().sort());
          line("(export " + d + " " + name(e.name()) + " " + sortIdx(e.item(), sc)
              + (e.ascribed() == null ? "" : " " + externDesc(e.ascribed(), sc, "")) + ")");
        }
      }
      case Section.Values vs -> {
        for (ValueDef v : vs.items()) {
          line("(value " + def(sc, Sort.VALUE) + " " + valType(v.type(), sc) + " (binary "
              + quote(v.value().unsafeArray(), 0, v.value().length()) + "))");
        }
      }
    }
  }

  private void nestedComponent(Component c, Scope sc) {
    int index = sc.counts[Sort.COMPONENT.ordinal()];
    String name = sc.names.name(Sort.COMPONENT, index);
    String d = def(sc, Sort.COMPONENT);
    String own = ownComponentName(c);
    if (namesMode == Names.REGENERATE && !java.util.Objects.equals(own, name)) {
      // The enclosing names disagree with the nested component's own name section; printing
      // either would regenerate the other differently. Give up on this scope's names.
      sc.used.add(-1L);
    }
    component(c, "(component " + d, name, name != null);
  }

  /** The component name in a canonical trailing name section of {@code c}, else null. */
  private static String ownComponentName(Component c) {
    List<Section> s = c.sections();
    if (!s.isEmpty() && s.get(s.size() - 1) instanceof Section.Custom cs && cs.name().equals(PrinterNames.SECTION)) {
      PrinterNames p = PrinterNames.parse(cs.data());
      return p == null ? null : p.component;
    }
    return null;
  }

  // ================================================================ core modules and instances

  private static final String[] CORE_SECTIONS = {
    "custom", "type", "import", "function", "table", "memory", "global", "export", "start",
    "element", "code", "data", "data count", "tag"
  };

  private void coreModule(Bytes module, Scope sc) {
    String d = def(sc, Sort.CORE_MODULE);
    byte[] b = module.unsafeArray();
    List<String> fields = corePrinter == null ? null : corePrinter.fields(b);
    if (fields != null) {
      if (fields.isEmpty()) {
        line("(core module " + d + ")");
        return;
      }
      open("(core module " + d);
      fields.forEach(this::line);
      close();
      return;
    }
    open("(core module " + d + " binary");
    List<String> comments = coreComments == null ? null : coreComments.lines(b);
    if (comments != null) {
      for (String c : comments) {
        line(";; " + c.replace('\n', ' '));
      }
    }
    line(quote(b, 0, Math.min(8, b.length)) + " ;; preamble");
    int pos = 8;
    while (pos < b.length) {
      int start = pos;
      int id = b[pos++] & 0xff;
      long size = 0;
      int shift = 0;
      boolean ok = false;
      while (pos < b.length && shift < 35) {
        int x = b[pos++] & 0xff;
        size |= (long) (x & 0x7f) << shift;
        shift += 7;
        if ((x & 0x80) == 0) {
          ok = true;
          break;
        }
      }
      if (!ok || size > b.length - pos) {
        // not framed as sections (Chicory will say why): print the rest as it is
        chunks(b, start, b.length, ";; unframed bytes");
        break;
      }
      int end = pos + (int) size;
      String what = id < CORE_SECTIONS.length ? CORE_SECTIONS[id] : "section " + id;
      if (id == 0 && pos < end && (b[pos] & 0x80) == 0 && b[pos] <= end - pos - 1) {
        what = "custom " + quote(new String(b, pos + 1, b[pos], java.nio.charset.StandardCharsets.UTF_8)).replace("\n", " ");
      }
      chunks(b, start, end, ";; " + what + " section, " + size + " bytes");
      pos = end;
    }
    close();
  }

  /** Raw bytes as string lines of at most 48 bytes, the comment on the first. */
  private void chunks(byte[] b, int from, int to, String comment) {
    for (int i = from; i < to; i += 48) {
      int j = Math.min(to, i + 48);
      line(quote(b, i, j) + (i == from ? " " + comment : ""));
    }
  }

  private void coreInstance(CoreInstance ci, Scope sc) {
    String d = def(sc, Sort.CORE_INSTANCE);
    switch (ci) {
      case CoreInstance.Instantiate in -> {
        String head = "(core instance " + d + " (instantiate " + ref(sc, Sort.CORE_MODULE, in.module());
        if (in.args().isEmpty()) {
          line(head + "))");
        } else {
          open(head);
          for (CoreInstance.Arg a : in.args()) {
            line("(with " + quote(a.name()) + " (instance " + ref(sc, Sort.CORE_INSTANCE, a.instance()) + "))");
          }
          depth--;
          line("))");
        }
      }
      case CoreInstance.FromExports fe -> {
        if (fe.exports().isEmpty()) {
          line("(core instance " + d + ")");
        } else {
          open("(core instance " + d);
          for (CoreInstance.InlineExport e : fe.exports()) {
            line("(export " + quote(e.name()) + " (" + coreSortName(e.sort()) + " " + ref(sc, e.sort(), e.index()) + "))");
          }
          close();
        }
      }
    }
  }

  /** A core sort without its {@code core} prefix ({@code func}, {@code table}, ...). */
  private static String coreSortName(Sort s) {
    return s.text().substring("core ".length());
  }

  // ================================================================ component instances, aliases

  private void instance(Instance i, Scope sc) {
    String d = def(sc, Sort.INSTANCE);
    switch (i) {
      case Instance.Instantiate in -> {
        String head = "(instance " + d + " (instantiate " + ref(sc, Sort.COMPONENT, in.component());
        if (in.args().isEmpty()) {
          line(head + "))");
        } else {
          open(head);
          for (Instance.Arg a : in.args()) {
            line("(with " + quote(a.name()) + " " + sortIdx(a.item(), sc) + ")");
          }
          depth--;
          line("))");
        }
      }
      case Instance.FromExports fe -> {
        if (fe.exports().isEmpty()) {
          line("(instance " + d + ")");
        } else {
          open("(instance " + d);
          for (Instance.InlineExport e : fe.exports()) {
            line("(export " + name(e.name()) + " " + sortIdx(e.item(), sc) + ")");
          }
          close();
        }
      }
    }
  }

  private static String sortIdx(SortIdx si, Scope sc) {
    return "(" + si.sort().text() + " " + ref(sc, si.sort(), si.index()) + ")";
  }

  private static String alias(Alias a, Scope sc) {
    String target = switch (a.target()) {
      case Alias.Export e -> "export " + ref(sc, Sort.INSTANCE, e.instance()) + " " + quote(e.name());
      case Alias.CoreExport e -> "core export " + ref(sc, Sort.CORE_INSTANCE, e.instance()) + " " + quote(e.name());
      case Alias.Outer o -> "outer " + Integer.toUnsignedString(o.count()) + " " + Integer.toUnsignedString(o.index());
    };
    return "(alias " + target + " (" + a.sort().text() + " " + def(sc, a.sort()) + "))";
  }

  // ================================================================ names, imports, exports

  private static String name(ExternName n) {
    StringBuilder b = new StringBuilder(quote(n.name()));
    for (ExternName.Attribute a : n.attributes()) {
      switch (a) {
        case ExternName.Implements im -> b.append(" (implements ").append(quote(im.interfaceName())).append(')');
        case ExternName.VersionSuffix vs -> b.append(" (versionsuffix ").append(quote(vs.suffix())).append(')');
        case ExternName.ExternalId id -> b.append(" (external-id ").append(quote(id.id())).append(')');
      }
    }
    return b.toString();
  }

  /** An {@code externtype}; {@code id} is {@code ""} or {@code " $x (;N;)"}. */
  private static String externDesc(ExternDesc d, Scope sc, String id) {
    return switch (d) {
      case ExternDesc.CoreModule m -> "(core module" + id + " (type " + ref(sc, Sort.CORE_TYPE, m.coreType()) + "))";
      case ExternDesc.Func f -> "(func" + id + " (type " + ref(sc, Sort.TYPE, f.type()) + "))";
      case ExternDesc.Value v -> "(value" + id + " " + switch (v.bound()) {
        case ExternDesc.ValueEq eq -> "(eq " + ref(sc, Sort.VALUE, eq.value()) + ")";
        case ExternDesc.ValueOf of -> valType(of.type(), sc);
      } + ")";
      case ExternDesc.Type t -> "(type" + id + " " + switch (t.bound()) {
        case ExternDesc.Eq eq -> "(eq " + ref(sc, Sort.TYPE, eq.type()) + ")";
        case ExternDesc.SubResource r -> "(sub resource)";
      } + ")";
      case ExternDesc.Component c -> "(component" + id + " (type " + ref(sc, Sort.TYPE, c.type()) + "))";
      case ExternDesc.Instance i -> "(instance" + id + " (type " + ref(sc, Sort.TYPE, i.type()) + "))";
    };
  }

  private void start(StartDef s, Scope sc) {
    StringBuilder b = new StringBuilder("(start ").append(ref(sc, Sort.FUNC, s.func()));
    for (int a : s.args()) {
      b.append(" (value ").append(ref(sc, Sort.VALUE, a)).append(')');
    }
    for (int r = 0; r < s.results(); r++) {
      b.append(" (result (value ").append(def(sc, Sort.VALUE)).append("))");
    }
    line(b.append(')').toString());
  }

  // ================================================================ component types

  private static String valType(ValTypeRef t, Scope sc) {
    return switch (t) {
      case PrimValType p -> p.text();
      case ValTypeRef.Index i -> ref(sc, Sort.TYPE, i.index());
    };
  }

  private void type(DefType t, Scope sc) {
    String d = def(sc, Sort.TYPE);
    switch (t) {
      case DefType.ComponentDef c when !c.decls().isEmpty() -> {
        open("(type " + d);
        open("(component");
        decls(c.decls(), true);
        close();
        close();
      }
      case DefType.InstanceDef i when !i.decls().isEmpty() -> {
        open("(type " + d);
        open("(instance");
        decls(i.decls(), false);
        close();
        close();
      }
      default -> line("(type " + d + " " + defType(t, sc) + ")");
    }
  }

  /** A one-line {@code deftype} (component and instance types only when empty). */
  private static String defType(DefType t, Scope sc) {
    return switch (t) {
      case DefType.PrimitiveDef p -> p.type().text();
      case DefType.RecordDef r -> {
        StringBuilder b = new StringBuilder("(record");
        for (DefType.Field f : r.fields()) {
          b.append(" (field ").append(quote(f.label())).append(' ').append(valType(f.type(), sc)).append(')');
        }
        yield b.append(')').toString();
      }
      case DefType.VariantDef v -> {
        StringBuilder b = new StringBuilder("(variant");
        for (DefType.Case c : v.cases()) {
          b.append(" (case ").append(quote(c.label()));
          if (c.type() != null) {
            b.append(' ').append(valType(c.type(), sc));
          }
          b.append(')');
        }
        yield b.append(')').toString();
      }
      case DefType.ListDef l -> "(list " + valType(l.element(), sc) + ")";
      case DefType.FixedListDef l -> "(list " + valType(l.element(), sc) + " " + l.length() + ")";
      case DefType.TupleDef tu -> {
        StringBuilder b = new StringBuilder("(tuple");
        tu.types().forEach(e -> b.append(' ').append(valType(e, sc)));
        yield b.append(')').toString();
      }
      case DefType.FlagsDef f -> labels("(flags", f.labels());
      case DefType.EnumDef e -> labels("(enum", e.labels());
      case DefType.OptionDef o -> "(option " + valType(o.type(), sc) + ")";
      case DefType.ResultDef r -> "(result" + (r.ok() == null ? "" : " " + valType(r.ok(), sc))
          + (r.error() == null ? "" : " (error " + valType(r.error(), sc) + ")") + ")";
      case DefType.OwnDef o -> "(own " + ref(sc, Sort.TYPE, o.resource()) + ")";
      case DefType.BorrowDef b -> "(borrow " + ref(sc, Sort.TYPE, b.resource()) + ")";
      case DefType.StreamDef s -> s.element() == null ? "(stream)" : "(stream " + valType(s.element(), sc) + ")";
      case DefType.FutureDef f -> f.element() == null ? "(future)" : "(future " + valType(f.element(), sc) + ")";
      case DefType.MapDef m -> "(map " + valType(m.key(), sc) + " " + valType(m.value(), sc) + ")";
      case DefType.FuncDef f -> {
        StringBuilder b = new StringBuilder(f.async() ? "(func async" : "(func");
        for (DefType.Param p : f.params()) {
          b.append(" (param ").append(quote(p.label())).append(' ').append(valType(p.type(), sc)).append(')');
        }
        if (f.result() != null) {
          b.append(" (result ").append(valType(f.result(), sc)).append(')');
        }
        yield b.append(')').toString();
      }
      case DefType.ComponentDef c -> "(component)";
      case DefType.InstanceDef i -> "(instance)";
      case DefType.ResourceDef r -> "(resource (rep " + coreValType(r.rep(), sc) + ")"
          + (r.destructor() == null ? "" : " (dtor " + ref(sc, Sort.CORE_FUNC, r.destructor()) + ")") + ")";
    };
  }

  private static String labels(String head, List<String> labels) {
    StringBuilder b = new StringBuilder(head);
    labels.forEach(l -> b.append(' ').append(quote(l)));
    return b.append(')').toString();
  }

  /** The declarators of a component or instance type, in a fresh scope. */
  private void decls(List<Decl> decls, boolean component) {
    Scope ts = new Scope(PrinterNames.NONE);
    for (Decl d : decls) {
      switch (d) {
        case Decl.CoreTypeDecl ct -> coreType(ct.type(), ts, true);
        case Decl.TypeDecl td -> type(td.type(), ts);
        case Decl.AliasDecl ad -> line(alias(ad.alias(), ts));
        case Decl.ImportDecl id ->
            line("(import " + name(id.name()) + " " + externDesc(id.desc(), ts, " " + def(ts, id.desc().sort())) + ")");
        case Decl.ExportDecl ed -> {
          String n = def(ts, ed.desc().sort());
          line("(export " + n + " " + name(ed.name()) + " " + externDesc(ed.desc(), ts, "") + ")");
        }
      }
    }
  }

  // ================================================================ canon

  private void canon(CanonDef cd, Scope sc) {
    Canon c = cd.canon();
    if (c instanceof Canon.Lift l) {
      String d = def(sc, Sort.FUNC);
      line("(func " + d + " (type " + ref(sc, Sort.TYPE, l.type()) + ") (canon lift (core func "
          + ref(sc, Sort.CORE_FUNC, l.coreFunc()) + ")" + opts(l.opts(), sc) + "))");
      return;
    }
    String d = def(sc, Sort.CORE_FUNC);
    line("(core func " + d + " (canon " + builtin(c, sc) + "))");
  }

  private static String opts(List<CanonOpt> opts, Scope sc) {
    StringBuilder b = new StringBuilder();
    for (CanonOpt o : opts) {
      b.append(' ').append(switch (o) {
        case CanonOpt.StringEncoding se -> "string-encoding=" + se.text();
        case CanonOpt.Memory m -> "(memory " + ref(sc, Sort.CORE_MEMORY, m.index()) + ")";
        case CanonOpt.Realloc r -> "(realloc " + ref(sc, Sort.CORE_FUNC, r.index()) + ")";
        case CanonOpt.PostReturn p -> "(post-return " + ref(sc, Sort.CORE_FUNC, p.index()) + ")";
        case CanonOpt.Async a -> "async";
        case CanonOpt.Callback cb -> "(callback " + ref(sc, Sort.CORE_FUNC, cb.index()) + ")";
        case CanonOpt.CoreType ct -> "(core-type " + ref(sc, Sort.CORE_TYPE, ct.index()) + ")";
        case CanonOpt.Gc g -> "gc";
      });
    }
    return b.toString();
  }

  private static String flag(boolean on, String word) {
    return on ? " " + word : "";
  }

  private static String builtin(Canon c, Scope sc) {
    return switch (c) {
      case Canon.Lift l -> throw new IllegalStateException("lift is not a built-in");
      case Canon.Lower l -> "lower (func " + ref(sc, Sort.FUNC, l.func()) + ")" + opts(l.opts(), sc);
      case Canon.ResourceNew r -> "resource.new " + ref(sc, Sort.TYPE, r.type());
      case Canon.ResourceDrop r -> "resource.drop " + ref(sc, Sort.TYPE, r.type()) + flag(r.async(), "async");
      case Canon.ResourceRep r -> "resource.rep " + ref(sc, Sort.TYPE, r.type());
      case Canon.BackpressureSet b -> "backpressure.set";
      case Canon.BackpressureInc b -> "backpressure.inc";
      case Canon.BackpressureDec b -> "backpressure.dec";
      case Canon.TaskReturn t -> "task.return"
          + (t.result() == null ? "" : " (result " + valType(t.result(), sc) + ")") + opts(t.opts(), sc);
      case Canon.TaskCancel t -> "task.cancel";
      case Canon.ContextGet g -> "context.get " + coreValType(g.type(), sc) + " " + Integer.toUnsignedString(g.slot());
      case Canon.ContextSet s -> "context.set " + coreValType(s.type(), sc) + " " + Integer.toUnsignedString(s.slot());
      case Canon.SubtaskCancel s -> "subtask.cancel" + flag(s.async(), "async");
      case Canon.SubtaskDrop s -> "subtask.drop";
      case Canon.StreamNew s -> "stream.new " + ref(sc, Sort.TYPE, s.type());
      case Canon.StreamRead s -> "stream.read " + ref(sc, Sort.TYPE, s.type()) + opts(s.opts(), sc);
      case Canon.StreamWrite s -> "stream.write " + ref(sc, Sort.TYPE, s.type()) + opts(s.opts(), sc);
      case Canon.StreamCancelRead s -> "stream.cancel-read " + ref(sc, Sort.TYPE, s.type()) + flag(s.async(), "async");
      case Canon.StreamCancelWrite s -> "stream.cancel-write " + ref(sc, Sort.TYPE, s.type()) + flag(s.async(), "async");
      case Canon.StreamDropReadable s -> "stream.drop-readable " + ref(sc, Sort.TYPE, s.type());
      case Canon.StreamDropWritable s -> "stream.drop-writable " + ref(sc, Sort.TYPE, s.type());
      case Canon.FutureNew f -> "future.new " + ref(sc, Sort.TYPE, f.type());
      case Canon.FutureRead f -> "future.read " + ref(sc, Sort.TYPE, f.type()) + opts(f.opts(), sc);
      case Canon.FutureWrite f -> "future.write " + ref(sc, Sort.TYPE, f.type()) + opts(f.opts(), sc);
      case Canon.FutureCancelRead f -> "future.cancel-read " + ref(sc, Sort.TYPE, f.type()) + flag(f.async(), "async");
      case Canon.FutureCancelWrite f -> "future.cancel-write " + ref(sc, Sort.TYPE, f.type()) + flag(f.async(), "async");
      case Canon.FutureDropReadable f -> "future.drop-readable " + ref(sc, Sort.TYPE, f.type());
      case Canon.FutureDropWritable f -> "future.drop-writable " + ref(sc, Sort.TYPE, f.type());
      case Canon.ErrorContextNew e -> "error-context.new" + opts(e.opts(), sc);
      case Canon.ErrorContextDebugMessage e -> "error-context.debug-message" + opts(e.opts(), sc);
      case Canon.ErrorContextDrop e -> "error-context.drop";
      case Canon.WaitableSetNew w -> "waitable-set.new";
      case Canon.WaitableSetWait w -> "waitable-set.wait" + flag(w.cancellable(), "cancellable")
          + " (memory " + ref(sc, Sort.CORE_MEMORY, w.memory()) + ")";
      case Canon.WaitableSetPoll w -> "waitable-set.poll" + flag(w.cancellable(), "cancellable")
          + " (memory " + ref(sc, Sort.CORE_MEMORY, w.memory()) + ")";
      case Canon.WaitableSetDrop w -> "waitable-set.drop";
      case Canon.WaitableJoin w -> "waitable.join";
      case Canon.ThreadIndex t -> "thread.index";
      case Canon.ThreadNewIndirect t -> "thread.new-indirect " + ref(sc, Sort.CORE_TYPE, t.coreType())
          + " " + ref(sc, Sort.CORE_TABLE, t.table());
      case Canon.ThreadResumeLater t -> "thread.resume-later";
      case Canon.ThreadSuspend t -> "thread.suspend" + flag(t.cancellable(), "cancellable");
      case Canon.ThreadYield t -> "thread.yield" + flag(t.cancellable(), "cancellable");
      case Canon.ThreadSuspendThenResume t -> "thread.suspend-then-resume" + flag(t.cancellable(), "cancellable");
      case Canon.ThreadYieldThenResume t -> "thread.yield-then-resume" + flag(t.cancellable(), "cancellable");
      case Canon.ThreadSuspendThenPromote t -> "thread.suspend-then-promote" + flag(t.cancellable(), "cancellable");
      case Canon.ThreadYieldThenPromote t -> "thread.yield-then-promote" + flag(t.cancellable(), "cancellable");
      case Canon.ThreadSpawnRef t -> "thread.spawn-ref" + flag(t.shared(), "shared") + " " + ref(sc, Sort.CORE_TYPE, t.coreType());
      case Canon.ThreadSpawnIndirect t -> "thread.spawn-indirect" + flag(t.shared(), "shared") + " "
          + ref(sc, Sort.CORE_TYPE, t.coreType()) + " " + ref(sc, Sort.CORE_TABLE, t.table());
      case Canon.ThreadAvailableParallelism t -> "thread.available-parallelism" + flag(t.shared(), "shared");
    };
  }

  // ================================================================ core types

  /**
   * A core type definition; {@code componentLevel} selects the {@code core} prefix (component
   * and component-type level) over the bare keywords of a module type.
   */
  private void coreType(CoreDefType t, Scope sc, boolean componentLevel) {
    String kw = componentLevel ? "core " : "";
    switch (t) {
      case CoreDefType.RecGroup rg -> {
        if (rg.types().isEmpty()) {
          line("(" + kw + "rec)");
          return;
        }
        open("(" + kw + "rec");
        for (CoreSubType s : rg.types()) {
          line("(type " + def(sc, Sort.CORE_TYPE) + " " + subType(s, sc) + ")");
        }
        close();
      }
      case CoreDefType.Sub s -> line("(" + kw + "type " + def(sc, Sort.CORE_TYPE) + " " + subType(s.type(), sc) + ")");
      case CoreDefType.ModuleType mt -> {
        String d = def(sc, Sort.CORE_TYPE);
        if (mt.decls().isEmpty()) {
          line("(core type " + d + " (module))");
          return;
        }
        open("(core type " + d);
        open("(module");
        Scope ms = new Scope(PrinterNames.NONE);
        for (CoreDefType.ModuleDecl md : mt.decls()) {
          moduleDecl(md, ms);
        }
        close();
        close();
      }
    }
  }

  private void moduleDecl(CoreDefType.ModuleDecl d, Scope ms) {
    switch (d) {
      case CoreDefType.ImportDecl i ->
          line("(import " + quote(i.module()) + " " + quote(i.name()) + " " + coreExternType(i.type(), ms) + ")");
      case CoreDefType.TypeDecl t -> coreType(t.type(), ms, false);
      case CoreDefType.OuterAliasDecl a -> line("(alias outer " + Integer.toUnsignedString(a.count()) + " "
          + Integer.toUnsignedString(a.index()) + " (type " + def(ms, Sort.CORE_TYPE) + "))");
      case CoreDefType.ExportDecl e -> line("(export " + quote(e.name()) + " " + coreExternType(e.type(), ms) + ")");
    }
  }

  private static String subType(CoreSubType s, Scope sc) {
    String comp = compType(s.comp(), sc);
    if (s.shared()) {
      comp = "(shared " + comp + ")";
    }
    if (s.form() == CoreSubType.Form.PLAIN) {
      return comp;
    }
    StringBuilder b = new StringBuilder(s.form() == CoreSubType.Form.FINAL ? "(sub final" : "(sub");
    for (int x : s.supertypes()) {
      b.append(' ').append(ref(sc, Sort.CORE_TYPE, x));
    }
    return b.append(' ').append(comp).append(')').toString();
  }

  private static String compType(CoreCompType c, Scope sc) {
    return switch (c) {
      case CoreCompType.Func f -> {
        StringBuilder b = new StringBuilder("(func");
        if (!f.params().isEmpty()) {
          b.append(" (param");
          f.params().forEach(p -> b.append(' ').append(coreValType(p, sc)));
          b.append(')');
        }
        if (!f.results().isEmpty()) {
          b.append(" (result");
          f.results().forEach(r -> b.append(' ').append(coreValType(r, sc)));
          b.append(')');
        }
        yield b.append(')').toString();
      }
      case CoreCompType.Struct s -> {
        StringBuilder b = new StringBuilder("(struct");
        s.fields().forEach(f -> b.append(" (field ").append(fieldType(f, sc)).append(')'));
        yield b.append(')').toString();
      }
      case CoreCompType.Array a -> "(array " + fieldType(a.element(), sc) + ")";
    };
  }

  private static String fieldType(CoreCompType.FieldType f, Scope sc) {
    String st = f.packed() == 0x78 ? "i8" : f.packed() == 0x77 ? "i16" : coreValType(f.type(), sc);
    return f.mutable() ? "(mut " + st + ")" : st;
  }

  private static String heapName(int code) {
    String name = CoreValType.Ref.heapName(code);
    if (name == null) {
      throw new IllegalArgumentException("unknown abstract heap type 0x" + Integer.toHexString(code));
    }
    return name;
  }

  static String coreValType(CoreValType t, Scope sc) {
    return switch (t) {
      case CoreValType.Num n -> n.text();
      case CoreValType.Ref r -> {
        String heap;
        if (r.isConcrete()) {
          heap = ref(sc, Sort.CORE_TYPE, r.typeIndex());
        } else if (r.shared()) {
          heap = "(shared " + heapName(r.heap()) + ")";
        } else {
          heap = heapName(r.heap());
        }
        yield r.nullable() ? "(ref null " + heap + ")" : "(ref " + heap + ")";
      }
    };
  }

  private static String limits(CoreExternType.Limits l) {
    StringBuilder b = new StringBuilder();
    if (l.is64()) {
      b.append("i64 ");
    }
    b.append(Long.toUnsignedString(l.min()));
    if (l.max() != null) {
      b.append(' ').append(Long.toUnsignedString(l.max()));
    }
    return b.toString();
  }

  private static String coreExternType(CoreExternType t, Scope ms) {
    return switch (t) {
      case CoreExternType.Func f -> "(func (type " + ref(ms, Sort.CORE_TYPE, f.type()) + "))";
      case CoreExternType.Table tb -> "(table " + (tb.limits().shared() ? "shared " : "") + limits(tb.limits())
          + " " + coreValType(tb.element(), ms) + ")";
      case CoreExternType.Memory m -> "(memory " + limits(m.limits())
          + (m.limits().shared() ? " shared" : "")
          + (m.limits().pageSizeLog2() == null ? "" : " (pagesize 0x" + Long.toHexString(1L << m.limits().pageSizeLog2()) + ")")
          + ")";
      case CoreExternType.Global g -> {
        String vt = coreValType(g.type(), ms);
        String inner = g.mutable() ? "(mut " + vt + ")" : vt;
        yield "(global " + (g.shared() ? "(shared " + inner + ")" : inner) + ")";
      }
      case CoreExternType.Tag tg -> "(tag (type " + ref(ms, Sort.CORE_TYPE, tg.type()) + "))";
    };
  }
}
