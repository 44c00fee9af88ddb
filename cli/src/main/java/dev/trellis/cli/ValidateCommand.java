package dev.trellis.cli;

import dev.trellis.engine.binary.Bytes;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.binary.Wasm;
import dev.trellis.engine.core.CoreModules;
import dev.trellis.engine.error.InvalidException;
import dev.trellis.engine.error.MalformedException;
import dev.trellis.engine.text.ComponentWat;
import dev.trellis.engine.types.ComponentType;
import dev.trellis.engine.types.CoreModuleType;
import dev.trellis.engine.types.ExternType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.InstanceType;
import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.validate.ComponentInfo;
import dev.trellis.engine.validate.Features;
import dev.trellis.engine.validate.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trellis validate}: decode (or assemble) and validate a component or core module. */
@Command(
    name = "validate",
    header = "Validate a component or core module (binary or text) with the reference engine.",
    mixinStandardHelpOptions = true,
    description = {
      "Validate a component (or core module), binary or text, with the reference engine:",
      "every rule of the Component Model's Explainer.md, Binary.md and CanonicalABI.md",
      "(canonical definitions). A text file is parsed first. Errors give where the offending",
      "item is: its byte offset in a binary, its line and column in a text file.",
      "",
      "Features: by default the WASI 0.2 (sync) profile. --features takes wasm-tools' names,",
      "comma-separated, each optionally prefixed with - to disable, e.g.",
      "--features cm-async,cm-fixed-length-lists or --features all. Component Model features:",
      "cm-async cm-more-async-builtins cm-async-stackful cm-threading cm-error-context",
      "cm-fixed-length-lists cm-map cm-values cm-nested-names cm-implements cm-canon-names",
      "cm64 cm-gc; core: gc memory64 custom-page-sizes shared-everything-threads threads",
      "exceptions."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:valid",
      "1:invalid (a validation rule is broken)",
      "2:usage error, unreadable file, malformed binary or text that does not parse"})
final class ValidateCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "A .wasm binary or a .wat text file.")
  Path input;

  @Option(names = {"-f", "--features"}, paramLabel = "LIST",
      description = "Feature list in wasm-tools' syntax (default: the WASI 0.2 sync profile).")
  String features;

  @Option(names = "--lenient", description = "For text input: accept the legacy reference syntax (see `trellis parse`).")
  boolean lenient;

  @Option(names = {"-v", "--verbose"}, description = "Print the component's imports and exports when it is valid.")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    Features profile;
    try {
      profile = features == null ? Features.DEFAULT : Features.parse(features);
    } catch (IllegalArgumentException e) {
      throw new Main.UserError(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    byte[] raw = Inputs.bytes(input);
    boolean binary = Inputs.isBinary(raw);
    String src = binary ? null : Inputs.text(input, raw);
    dev.trellis.engine.binary.Component textComponent = binary ? null : textComponent(src);
    byte[] bytes = binary ? raw : textComponent != null ? null : assemble(src);
    try {
      switch (textComponent != null ? Wasm.Kind.COMPONENT : Wasm.kind(bytes)) {
        case COMPONENT -> {
          // text is validated as parsed, its offsets being character offsets into the source
          ComponentInfo info = Validator.validate(
              textComponent != null ? textComponent : ComponentDecoder.decode(bytes), profile);
          out.println(input + ": valid component (" + info.type().imports().size() + " imports, "
              + info.type().exports().size() + " exports; features: " + profile + ")");
          if (verbose) {
            describe(out, info.type());
          }
        }
        case CORE_MODULE -> {
          CoreModuleType t = CoreModules.inspect(Bytes.wrap(bytes), 0).type();
          out.println(input + ": valid core module (" + t.imports().size() + " imports, " + t.exports().size()
              + " exports)");
          if (verbose) {
            t.imports().forEach(i -> out.println("  import \"" + i.module() + "\" \"" + i.name() + "\": " + core(i.type())));
            t.exports().forEach(e -> out.println("  export \"" + e.name() + "\": " + core(e.type())));
          }
        }
        default -> throw new Main.UserError(input + ": not a WebAssembly binary (bad magic, version or layer)");
      }
    } catch (MalformedException e) {
      throw new Main.UserError(src != null && e.offset() >= 0
          ? input + ":" + lineColumn(src, e.offset()) + ": malformed: " + e.reason()
          : input + ": malformed: " + e.getMessage());
    } catch (InvalidException e) {
      if (src != null && e.offset() >= 0) {
        err.println(input + ":" + lineColumn(src, e.offset()) + ": invalid: " + e.reason());
      } else {
        err.println(input + ": invalid: " + e.getMessage());
      }
      err.flush();
      return Main.FAILURES;
    }
    out.flush();
    return Main.OK;
  }

  private ComponentWat.Options options() {
    return lenient ? ComponentWat.Options.LENIENT : ComponentWat.Options.DEFAULT;
  }

  /** The AST of a text file holding one text {@code (component ...)} form, or null for anything else. */
  private dev.trellis.engine.binary.Component textComponent(String src) {
    java.util.List<dev.trellis.engine.text.SExpr> forms = dev.trellis.engine.text.Lexer.parse(src, input.toString());
    if (forms.size() == 1 && forms.get(0) instanceof dev.trellis.engine.text.SExpr.SList l && l.is("component")
        && !(l.size() > 1 && l.get(1) instanceof dev.trellis.engine.text.SExpr.Atom a
            && (a.token().isKeyword("binary") || a.token().isKeyword("quote")))) {
      return ComponentWat.parse(l, input.toString(), options());
    }
    return null;
  }

  private byte[] assemble(String src) {
    return ComponentWat.assemble(src, input.toString(), options());
  }

  /** {@code line:column} (1-based) of character offset {@code offset} in {@code src}. */
  static String lineColumn(String src, long offset) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < Math.min(offset, src.length()); i++) {
      if (src.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return line + ":" + col;
  }

  private static String core(CoreModuleType.CoreExtern e) {
    return switch (e) {
      case CoreModuleType.CoreFunc f -> "func " + f.type().params() + " -> " + f.type().results();
      case CoreModuleType.CoreTable t -> "table " + t.type().limits().min() + (t.type().limits().max() == null ? "" : ".." + t.type().limits().max());
      case CoreModuleType.CoreMemory m -> "memory " + m.type().limits().min() + (m.type().limits().max() == null ? "" : ".." + m.type().limits().max());
      case CoreModuleType.CoreGlobal g -> "global " + (g.type().mutable() ? "mut " : "") + g.type().type();
      case CoreModuleType.CoreTag t -> "tag " + t.type().params();
    };
  }

  private static void describe(PrintWriter out, ComponentType t) {
    for (Map.Entry<String, ExternType> e : t.imports().entrySet()) {
      out.println("  import \"" + e.getKey() + "\": " + extern(e.getValue(), "    "));
    }
    for (Map.Entry<String, ExternType> e : t.exports().entrySet()) {
      out.println("  export \"" + e.getKey() + "\": " + extern(e.getValue(), "    "));
    }
  }

  private static String extern(ExternType e, String indent) {
    return switch (e) {
      case ExternType.CoreModuleExtern m -> "core module (" + m.type().imports().size() + " imports, "
          + m.type().exports().size() + " exports)";
      case ExternType.FuncExtern f -> func(f.type());
      case ExternType.ValueExtern v -> "value " + val(v.type());
      case ExternType.TypeExtern ty -> switch (ty.type()) {
        case ResourceType r -> "resource";
        case ValType v -> "type " + val(v);
        case FuncType f -> "type " + func(f);
        case InstanceType i -> "type " + instance(i, indent);
        case ComponentType c -> "type component (" + c.imports().size() + " imports, " + c.exports().size() + " exports)";
      };
      case ExternType.ComponentExtern c -> "component (" + c.type().imports().size() + " imports, "
          + c.type().exports().size() + " exports)";
      case ExternType.InstanceExtern i -> instance(i.type(), indent);
    };
  }

  private static String instance(InstanceType t, String indent) {
    StringBuilder sb = new StringBuilder("instance");
    for (Map.Entry<String, ExternType> e : t.exports().entrySet()) {
      sb.append('\n').append(indent).append("export \"").append(e.getKey()).append("\": ")
          .append(extern(e.getValue(), indent + "  "));
    }
    return sb.toString();
  }

  private static String func(FuncType f) {
    StringBuilder sb = new StringBuilder(f.async() ? "async func(" : "func(");
    for (int i = 0; i < f.params().size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(f.params().get(i).name()).append(": ").append(val(f.params().get(i).type()));
    }
    sb.append(')');
    if (f.result() != null) {
      sb.append(" -> ").append(val(f.result()));
    }
    return sb.toString();
  }

  private static String val(ValType v) {
    return switch (v) {
      case dev.trellis.engine.types.PrimType p -> p.text();
      case dev.trellis.engine.types.ListType l -> "list<" + val(l.element()) + (l.isFixed() ? ", " + l.fixedLength() : "") + ">";
      case dev.trellis.engine.types.OptionType o -> "option<" + val(o.type()) + ">";
      case dev.trellis.engine.types.ResultType r -> "result<" + (r.ok() == null ? "_" : val(r.ok()))
          + (r.error() == null ? "" : ", " + val(r.error())) + ">";
      case dev.trellis.engine.types.TupleType t -> "tuple<" + String.join(", ", t.types().stream().map(ValidateCommand::val).toList()) + ">";
      case dev.trellis.engine.types.OwnType o -> "own<" + o.resource().name() + ">";
      case dev.trellis.engine.types.BorrowType b -> "borrow<" + b.resource().name() + ">";
      case dev.trellis.engine.types.StreamType s -> s.element() == null ? "stream" : "stream<" + val(s.element()) + ">";
      case dev.trellis.engine.types.FutureType f -> f.element() == null ? "future" : "future<" + val(f.element()) + ">";
      case dev.trellis.engine.types.MapType m -> "map<" + val(m.key()) + ", " + val(m.value()) + ">";
      case dev.trellis.engine.types.RecordType r -> "record { " + String.join(", ",
          r.fields().stream().map(f -> f.label() + ": " + val(f.type())).toList()) + " }";
      case dev.trellis.engine.types.VariantType vt -> "variant { " + String.join(", ",
          vt.cases().stream().map(c -> c.type() == null ? c.label() : c.label() + "(" + val(c.type()) + ")").toList()) + " }";
      case dev.trellis.engine.types.EnumType en -> "enum { " + String.join(", ", en.labels()) + " }";
      case dev.trellis.engine.types.FlagsType fl -> "flags { " + String.join(", ", fl.labels()) + " }";
    };
  }
}
