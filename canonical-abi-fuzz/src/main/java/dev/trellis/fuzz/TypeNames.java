package dev.trellis.fuzz;

import dev.trellis.engine.types.BorrowType;
import dev.trellis.engine.types.EnumType;
import dev.trellis.engine.types.FlagsType;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.OptionType;
import dev.trellis.engine.types.OwnType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.RecordType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import java.util.stream.Collectors;

/** Types in a compact, WIT-like notation for progress lines and messages. */
public final class TypeNames {
  private TypeNames() {}

  public static String wit(ValType t) {
    return switch (t) {
      case PrimType p -> p.text();
      case ListType l -> l.isFixed() ? "list<" + wit(l.element()) + ", " + l.fixedLength() + ">"
          : "list<" + wit(l.element()) + ">";
      case TupleType tu -> tu.types().stream().map(TypeNames::wit).collect(Collectors.joining(", ", "tuple<", ">"));
      case OptionType o -> "option<" + wit(o.type()) + ">";
      case ResultType r -> r.ok() == null && r.error() == null ? "result"
          : "result<" + (r.ok() == null ? "_" : wit(r.ok())) + (r.error() == null ? "" : ", " + wit(r.error())) + ">";
      case RecordType r -> r.fields().stream().map(f -> f.label() + ": " + wit(f.type()))
          .collect(Collectors.joining(", ", "record{", "}"));
      case VariantType v -> {
        String payloads = v.cases().stream().filter(c -> c.type() != null)
            .map(c -> c.label() + "(" + wit(c.type()) + ")").collect(Collectors.joining(", "));
        yield "variant{" + v.cases().size() + " cases" + (payloads.isEmpty() ? "" : ": " + payloads) + "}";
      }
      case EnumType e -> "enum{" + e.labels().size() + "}";
      case FlagsType f -> "flags{" + f.labels().size() + "}";
      case OwnType o -> "own<" + o.resource().name() + ">";
      case BorrowType b -> "borrow<" + b.resource().name() + ">";
      default -> t.toString();
    };
  }
}
