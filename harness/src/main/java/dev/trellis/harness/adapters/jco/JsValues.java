package dev.trellis.harness.adapters.jco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.EnumType;
import dev.trellis.engine.types.FlagsType;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.OptionType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.RecordType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeFailure.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Component values as the JavaScript jco's bindings produce and accept, in the JSON the
 * driver exchanges (see {@code driver.mjs}): JSON numbers, strings, booleans and arrays as
 * such; {@code {"b": "digits"}} a BigInt; {@code {"n": "NaN"|"Infinity"|"-Infinity"|"-0"}} a
 * number JSON cannot spell; {@code {"u": 1}} undefined; {@code {"o": {...}}} an object.
 *
 * <p>The mapping is jco's: 64-bit integers are BigInts, {@code char} a one-code-point string,
 * records and flags objects with lowerCamelCase keys, variants {@code {tag, val}} with the
 * case's own label, enums the label, {@code option<T>} the value or undefined (tagged
 * {@code some}/{@code none} when T is itself an option), {@code result} {@code {tag, val}}.
 * Decoding needs the type: JavaScript values do not carry it.
 */
final class JsValues {
  private JsValues() {}

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** jco's name for a kebab-case label: words after the first capitalised, the rest lower-case. */
  static String camel(String label) {
    String[] words = label.split("-");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words.length; i++) {
      String w = words[i];
      if (w.isEmpty()) {
        continue;
      }
      String lower = w.toLowerCase(Locale.ROOT);
      sb.append(i == 0 ? lower : Character.toUpperCase(lower.charAt(0)) + lower.substring(1));
    }
    return sb.toString();
  }

  static JsonNode toJs(Val v, ValType t) {
    return switch (t) {
      case PrimType p -> prim(v, p);
      case RecordType r -> {
        List<Val.Field> fields = as(v, Val.RecordOf.class, t).fields();
        ObjectNode o = F.objectNode();
        for (RecordType.Field f : r.fields()) {
          Val fv = fields.stream().filter(x -> x.name().equals(f.label())).map(Val.Field::value).findFirst()
              .orElseThrow(() -> mismatch(v, t));
          o.set(camel(f.label()), toJs(fv, f.type()));
        }
        yield F.objectNode().set("o", o);
      }
      case VariantType vt -> {
        Val.VariantOf x = as(v, Val.VariantOf.class, t);
        VariantType.Case c = vt.cases().stream().filter(k -> k.label().equals(x.caseName())).findFirst()
            .orElseThrow(() -> mismatch(v, t));
        yield tagged(c.label(), c.type() == null ? null : toJs(x.payload(), c.type()));
      }
      case EnumType e -> F.textNode(as(v, Val.EnumOf.class, t).caseName());
      case FlagsType fl -> {
        Set<String> set = new HashSet<>(as(v, Val.FlagsOf.class, t).names());
        ObjectNode o = F.objectNode();
        for (String label : fl.labels()) {
          o.put(camel(label), set.contains(label));
        }
        yield F.objectNode().set("o", o);
      }
      case ListType l -> {
        ArrayNode a = F.arrayNode();
        for (Val e : as(v, Val.ListOf.class, t).elements()) {
          a.add(toJs(e, l.element()));
        }
        yield a;
      }
      case TupleType tt -> {
        List<Val> es = as(v, Val.TupleOf.class, t).elements();
        if (es.size() != tt.types().size()) {
          throw mismatch(v, t);
        }
        ArrayNode a = F.arrayNode();
        for (int i = 0; i < es.size(); i++) {
          a.add(toJs(es.get(i), tt.types().get(i)));
        }
        yield a;
      }
      case OptionType o -> {
        Val.OptionOf x = as(v, Val.OptionOf.class, t);
        if (o.type() instanceof OptionType) {
          yield x.isSome() ? tagged("some", toJs(x.value(), o.type())) : tagged("none", null);
        }
        yield x.isSome() ? toJs(x.value(), o.type()) : undefined();
      }
      case ResultType r -> {
        Val.ResultOf x = as(v, Val.ResultOf.class, t);
        ValType side = x.isOk() ? r.ok() : r.error();
        yield tagged(x.isOk() ? "ok" : "err", side == null ? null : toJs(x.payload(), side));
      }
      default -> throw RuntimeFailure.unsupported("jco adapter: values of type " + t + " cannot cross the harness");
    };
  }

  private static JsonNode prim(Val v, PrimType p) {
    return switch (p) {
      case BOOL -> F.booleanNode(as(v, Val.Bool.class, p).value());
      case S8 -> F.numberNode(as(v, Val.S8.class, p).value());
      case U8 -> F.numberNode(as(v, Val.U8.class, p).value());
      case S16 -> F.numberNode(as(v, Val.S16.class, p).value());
      case U16 -> F.numberNode(as(v, Val.U16.class, p).value());
      case S32 -> F.numberNode(as(v, Val.S32.class, p).value());
      case U32 -> F.numberNode(as(v, Val.U32.class, p).value());
      case S64 -> big(BigInteger.valueOf(as(v, Val.S64.class, p).value()));
      case U64 -> big(new BigInteger(Long.toUnsignedString(as(v, Val.U64.class, p).bits())));
      case F32 -> number(as(v, Val.F32.class, p).value());
      case F64 -> number(as(v, Val.F64.class, p).value());
      case CHAR -> F.textNode(Character.toString(as(v, Val.Char.class, p).codePoint()));
      case STRING -> F.textNode(as(v, Val.Str.class, p).value());
      case ERROR_CONTEXT -> throw RuntimeFailure.unsupported("jco adapter: error-context values cannot cross the harness");
    };
  }

  static Val fromJs(JsonNode n, ValType t) {
    return switch (t) {
      case PrimType p -> fromPrim(n, p);
      case RecordType r -> {
        JsonNode o = object(n, t);
        List<Val.Field> fields = new ArrayList<>();
        for (RecordType.Field f : r.fields()) {
          JsonNode fv = o.get(camel(f.label()));
          if (fv == null) {
            throw garbage(n, t);
          }
          fields.add(new Val.Field(f.label(), fromJs(fv, f.type())));
        }
        yield new Val.RecordOf(fields);
      }
      case VariantType vt -> {
        JsonNode o = object(n, t);
        String tag = o.path("tag").asText(null);
        VariantType.Case c = vt.cases().stream().filter(k -> k.label().equals(tag) || camel(k.label()).equals(tag))
            .findFirst().orElseThrow(() -> garbage(n, t));
        yield new Val.VariantOf(c.label(), c.type() == null ? null : fromJs(payload(o, n, t), c.type()));
      }
      case EnumType e -> {
        String s = n.isTextual() ? n.asText() : null;
        String label = e.labels().stream().filter(l -> l.equals(s) || camel(l).equals(s)).findFirst()
            .orElseThrow(() -> garbage(n, t));
        yield new Val.EnumOf(label);
      }
      case FlagsType fl -> {
        JsonNode o = object(n, t);
        List<String> set = new ArrayList<>();
        for (String label : fl.labels()) {
          if (o.path(camel(label)).asBoolean(false)) {
            set.add(label);
          }
        }
        yield new Val.FlagsOf(set);
      }
      case ListType l -> {
        if (!n.isArray()) {
          throw garbage(n, t);
        }
        List<Val> es = new ArrayList<>();
        n.forEach(e -> es.add(fromJs(e, l.element())));
        yield new Val.ListOf(es);
      }
      case TupleType tt -> {
        if (!n.isArray() || n.size() != tt.types().size()) {
          throw garbage(n, t);
        }
        List<Val> es = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
          es.add(fromJs(n.get(i), tt.types().get(i)));
        }
        yield new Val.TupleOf(es);
      }
      case OptionType o -> {
        if (o.type() instanceof OptionType) {
          JsonNode obj = object(n, t);
          yield switch (obj.path("tag").asText("")) {
            case "none" -> Val.OptionOf.NONE;
            case "some" -> new Val.OptionOf(fromJs(payload(obj, n, t), o.type()));
            default -> throw garbage(n, t);
          };
        }
        yield isUndefined(n) ? Val.OptionOf.NONE : new Val.OptionOf(fromJs(n, o.type()));
      }
      case ResultType r -> {
        JsonNode o = object(n, t);
        String tag = o.path("tag").asText("");
        boolean ok = switch (tag) {
          case "ok" -> true;
          case "err" -> false;
          default -> throw garbage(n, t);
        };
        ValType side = ok ? r.ok() : r.error();
        yield new Val.ResultOf(ok, side == null ? null : fromJs(payload(o, n, t), side));
      }
      default -> throw RuntimeFailure.unsupported("jco adapter: values of type " + t + " cannot cross the harness");
    };
  }

  private static Val fromPrim(JsonNode n, PrimType p) {
    try {
      return switch (p) {
        case BOOL -> {
          if (!n.isBoolean()) {
            throw garbage(n, p);
          }
          yield new Val.Bool(n.asBoolean());
        }
        case S8 -> new Val.S8((byte) integer(n, p, -128, 127));
        case U8 -> new Val.U8((int) integer(n, p, 0, 255));
        case S16 -> new Val.S16((short) integer(n, p, Short.MIN_VALUE, Short.MAX_VALUE));
        case U16 -> new Val.U16((int) integer(n, p, 0, 65535));
        case S32 -> new Val.S32((int) integer(n, p, Integer.MIN_VALUE, Integer.MAX_VALUE));
        case U32 -> new Val.U32(integer(n, p, 0, 0xffff_ffffL));
        case S64 -> new Val.S64(bigint(n, p).longValueExact());
        case U64 -> {
          BigInteger b = bigint(n, p);
          if (b.signum() < 0 || b.bitLength() > 64) {
            throw garbage(n, p);
          }
          yield new Val.U64(b.longValue());
        }
        case F32 -> new Val.F32((float) dbl(n, p));
        case F64 -> new Val.F64(dbl(n, p));
        case CHAR -> {
          String s = n.isTextual() ? n.asText() : "";
          if (s.isEmpty() || s.codePointCount(0, s.length()) != 1) {
            throw garbage(n, p);
          }
          yield new Val.Char(s.codePointAt(0));
        }
        case STRING -> {
          if (!n.isTextual()) {
            throw garbage(n, p);
          }
          yield new Val.Str(n.asText());
        }
        case ERROR_CONTEXT -> throw RuntimeFailure.unsupported("jco adapter: error-context values cannot cross the harness");
      };
    } catch (ArithmeticException e) {
      throw garbage(n, p);
    }
  }

  private static long integer(JsonNode n, ValType t, long min, long max) {
    if (!n.isIntegralNumber() && !(n.isNumber() && n.asDouble() == Math.rint(n.asDouble()))) {
      throw garbage(n, t);
    }
    long v = n.asLong();
    if (v < min || v > max) {
      throw garbage(n, t);
    }
    return v;
  }

  private static BigInteger bigint(JsonNode n, ValType t) {
    JsonNode b = n.isObject() ? n.get("b") : null;
    if (b == null || !b.isTextual()) {
      throw garbage(n, t);
    }
    try {
      return new BigInteger(b.asText());
    } catch (NumberFormatException e) {
      throw garbage(n, t);
    }
  }

  private static double dbl(JsonNode n, ValType t) {
    if (n.isNumber()) {
      return n.asDouble();
    }
    JsonNode s = n.isObject() ? n.get("n") : null;
    if (s == null) {
      throw garbage(n, t);
    }
    return switch (s.asText()) {
      case "NaN" -> Double.NaN;
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      case "-0" -> -0.0;
      default -> throw garbage(n, t);
    };
  }

  private static JsonNode number(double d) {
    if (Double.isNaN(d)) {
      return F.objectNode().put("n", "NaN");
    }
    if (Double.isInfinite(d)) {
      return F.objectNode().put("n", d > 0 ? "Infinity" : "-Infinity");
    }
    if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
      return F.objectNode().put("n", "-0");
    }
    return F.numberNode(d);
  }

  private static JsonNode big(BigInteger b) {
    return F.objectNode().put("b", b.toString());
  }

  static JsonNode undefined() {
    return F.objectNode().put("u", 1);
  }

  static boolean isUndefined(JsonNode n) {
    return n == null || n.isNull() || n.isObject() && n.has("u");
  }

  private static JsonNode tagged(String tag, JsonNode val) {
    ObjectNode o = F.objectNode();
    o.put("tag", tag);
    if (val != null) {
      o.set("val", val);
    }
    return F.objectNode().set("o", o);
  }

  private static JsonNode object(JsonNode n, ValType t) {
    JsonNode o = n.isObject() ? n.get("o") : null;
    if (o == null || !o.isObject()) {
      throw garbage(n, t);
    }
    return o;
  }

  private static JsonNode payload(JsonNode o, JsonNode whole, ValType t) {
    JsonNode p = o.get("val");
    if (p == null) {
      throw garbage(whole, t);
    }
    return p;
  }

  private static <T extends Val> T as(Val v, Class<T> c, ValType t) {
    if (!c.isInstance(v)) {
      throw mismatch(v, t);
    }
    return c.cast(v);
  }

  private static RuntimeFailure mismatch(Val v, ValType t) {
    return new RuntimeFailure(Kind.ERROR, "argument " + v + " does not fit type " + t);
  }

  private static RuntimeFailure garbage(JsonNode n, ValType t) {
    String s = n == null ? "nothing" : n.toString();
    return new RuntimeFailure(Kind.ERROR, "jco returned " + (s.length() > 200 ? s.substring(0, 200) + "..." : s)
        + ", which is not a value of type " + t);
  }
}
