package dev.trellis.fuzz;

import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * The component of an {@link EchoCase}, in component text. The call goes
 *
 * <pre>
 * host ─run→ canon lift (outer, export encoding) → core $Main.run
 *        → canon lower (outer, lower encoding) of echo → canon lift (inner, echo encoding)
 *        → core $E.echo, which hands back what it received → … and back out to the host
 * </pre>
 *
 * so every value is lowered into and lifted out of two linear memories, through a
 * component-to-component call (an adapter in Wasmtime's terms), with parameters and results
 * flat or spilled as {@code flatten_functype} says. The core code is generic in the type:
 * {@code $Main.run} forwards its core parameters (adding a return area when the results do not
 * fit {@code MAX_FLAT_RESULTS}); {@code $E.echo} returns its one core value, returns the
 * pointer to its spilled parameters (whose tuple has the result's layout), or — for 2 to 16
 * flat values — stores them into a fresh return area laid out by {@link SpecLayout}, the
 * variants' joined slots coerced back as the spec's {@code lift_flat_variant} does.
 *
 * <p>Both memories' {@code realloc} is a bump allocator that traps on an alignment other than
 * 1, 2, 4 or 8, returns blocks aligned exactly as asked (odd addresses for 1: an alignment
 * asked too small shows), fills them with {@code 0xa5} and copies the old block when moving one.
 */
public final class EchoComponent {
  private EchoComponent() {}

  /** The exported interface holding {@code run}. */
  public static final String INTERFACE = "fuzz:echo/api";
  /** {@code run} as the harness SPI names it ({@code interface#name}). */
  public static final String RUN = INTERFACE + "#run";

  static final int MAX_FLAT_PARAMS = 16;
  static final int MAX_FLAT_RESULTS = 1;

  /** The component text. */
  public static String text(EchoCase c) {
    List<String> flat = new ArrayList<>();
    for (ValType p : c.params()) {
      flat.addAll(SpecLayout.flatten(p));
    }
    ValType result = c.result();
    List<String> liftParams = flat.size() > MAX_FLAT_PARAMS ? List.of("i32") : flat;
    List<String> liftResults = flat.size() > MAX_FLAT_RESULTS ? List.of("i32") : flat;
    List<String> lowerParams = new ArrayList<>(liftParams);
    if (flat.size() > MAX_FLAT_RESULTS) {
      lowerParams.add("i32");
    }
    List<String> lowerResults = flat.size() > MAX_FLAT_RESULTS ? List.of() : flat;

    StringBuilder sb = new StringBuilder();
    sb.append("(component\n");
    // ---- the inner component: echo
    ComponentText.Scope inner = new ComponentText.Scope("    ", ComponentText.Naming.EXPORT, "t");
    String innerSig = signature(inner, c.params(), result);
    sb.append("  (component $Echo\n");
    sb.append(inner.definitions());
    sb.append("    (core module $E\n");
    sb.append("      (memory (export \"mem\") 1)\n");
    sb.append("      (global $enc i32 (i32.const ").append(c.echoEncoding().ordinal()).append("))\n");
    realloc(sb, "      ");
    Corruption innerC = c.corruption() != null && !c.corruption().outer() ? c.corruption() : null;
    sb.append("      (func (export \"echo\")").append(core("param", liftParams)).append(core("result", liftResults))
        .append("\n        (local $ret i32) (local $p i32) (local $q i32)\n");
    if (flat.size() == 1) {
      sb.append("        ").append(innerC == null ? "(local.get 0)" : innerC.flatCode(result, "(local.get 0)"))
          .append(")\n");
    } else {
      if (flat.size() > MAX_FLAT_PARAMS) {
        sb.append("        (local.set $p (local.get 0))\n");
      } else {
        sb.append("        (local.set $ret (call $realloc (i32.const 0) (i32.const 0) (i32.const ")
            .append(SpecLayout.alignment(result)).append(") (i32.const ").append(SpecLayout.elemSize(result))
            .append(")))\n");
        StoreCode store = new StoreCode(flat, sb, "        ");
        store.store(result, 0, 0);
        sb.append("        (local.set $p (local.get $ret))\n");
      }
      if (innerC != null) {
        sb.append(innerC.memoryCode(result, "        "));
      }
      sb.append("        (local.get $p))\n");
    }
    sb.append("    )\n");
    sb.append("    (core instance $e (instantiate $E))\n");
    sb.append("    (func (export \"echo\")").append(innerSig).append("\n      (canon lift (core func $e \"echo\")")
        .append(" (memory (core memory $e \"mem\")) (realloc (core func $e \"realloc\")) ")
        .append(ComponentText.encoding(c.echoEncoding())).append("))\n");
    sb.append("  )\n");
    sb.append("  (instance $echo (instantiate $Echo))\n");
    sb.append("  (alias export $echo \"echo\" (func $echo-f))\n");

    // ---- the outer component: run
    ComponentText.Scope outer = new ComponentText.Scope("  ", ComponentText.Naming.ANONYMOUS, "t");
    String outerSig = signature(outer, c.params(), result);
    sb.append(outer.definitions());
    sb.append("  (core module $Libc\n");
    sb.append("    (memory (export \"mem\") 1)\n");
    realloc(sb, "    ");
    sb.append("  )\n");
    sb.append("  (core instance $libc (instantiate $Libc))\n");
    sb.append("  (core func $echo-lowered (canon lower (func $echo-f)")
        .append(" (memory (core memory $libc \"mem\")) (realloc (core func $libc \"realloc\")) ")
        .append(ComponentText.encoding(c.outerEncoding())).append("))\n");
    sb.append("  (core module $Main\n");
    sb.append("    (import \"libc\" \"mem\" (memory 1))\n");
    sb.append("    (import \"libc\" \"realloc\" (func $realloc (param i32 i32 i32 i32) (result i32)))\n");
    sb.append("    (import \"host\" \"echo\" (func $echo").append(core("param", lowerParams))
        .append(core("result", lowerResults)).append("))\n");
    sb.append("    (global $enc i32 (i32.const ").append(c.outerEncoding().ordinal()).append("))\n");
    Corruption outerC = c.corruption() != null && c.corruption().outer() ? c.corruption() : null;
    sb.append("    (func (export \"run\")").append(core("param", liftParams)).append(core("result", liftResults))
        .append("\n      (local $ret i32) (local $p i32) (local $q i32)\n");
    if (flat.size() <= MAX_FLAT_RESULTS) {
      StringBuilder call = new StringBuilder("(call $echo");
      for (int i = 0; i < liftParams.size(); i++) {
        call.append(" (local.get ").append(i).append(')');
      }
      call.append(')');
      sb.append("      ").append(outerC == null ? call : outerC.flatCode(result, call.toString())).append(")\n");
    } else {
      sb.append("      (local.set $ret (call $realloc (i32.const 0) (i32.const 0) (i32.const ")
          .append(SpecLayout.alignment(result)).append(") (i32.const ").append(SpecLayout.elemSize(result))
          .append(")))\n");
      sb.append("      (call $echo");
      for (int i = 0; i < liftParams.size(); i++) {
        sb.append(" (local.get ").append(i).append(')');
      }
      sb.append(" (local.get $ret))\n");
      sb.append("      (local.set $p (local.get $ret))\n");
      if (outerC != null) {
        sb.append(outerC.memoryCode(result, "      "));
      }
      sb.append("      (local.get $p))\n");
    }
    sb.append("  )\n");
    sb.append("  (core instance $main (instantiate $Main (with \"libc\" (instance $libc))")
        .append(" (with \"host\" (instance (export \"echo\" (func $echo-lowered))))))\n");
    sb.append("  (func $run").append(outerSig).append("\n    (canon lift (core func $main \"run\")")
        .append(" (memory (core memory $libc \"mem\")) (realloc (core func $libc \"realloc\")) ")
        .append(ComponentText.encoding(c.outerEncoding())).append("))\n");

    // ---- the exported interface, shaped as wit-component shapes one (jco reads it as WIT)
    ComponentText.Scope imports = new ComponentText.Scope("    ", ComponentText.Naming.IMPORT, "i");
    String importSig = signature(imports, c.params(), result);
    ComponentText.Scope exports = new ComponentText.Scope("    ", ComponentText.Naming.EXPORT, "t");
    String exportSig = signature(exports, c.params(), result);
    sb.append("  (component $Api\n");
    sb.append(imports.definitions());
    sb.append("    (import \"import-func-run\" (func $f").append(importSig).append("))\n");
    sb.append(exports.definitions());
    sb.append("    (export \"run\" (func $f) (func").append(exportSig).append("))\n");
    sb.append("  )\n");
    sb.append("  (instance $api (instantiate $Api (with \"import-func-run\" (func $run))");
    for (var e : imports.typeImports().entrySet()) {
      sb.append("\n    (with \"").append(e.getKey()).append("\" (type ").append(outer.ref(e.getValue())).append("))");
    }
    sb.append("))\n");
    sb.append("  (export \"").append(INTERFACE).append("\" (instance $api))\n");
    sb.append(")\n");
    return sb.toString();
  }

  private static String signature(ComponentText.Scope scope, List<ValType> params, ValType result) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < params.size(); i++) {
      sb.append(" (param \"p").append(i).append("\" ").append(scope.ref(params.get(i))).append(')');
    }
    sb.append(" (result ").append(scope.ref(result)).append(')');
    return sb.toString();
  }

  private static String core(String kw, List<String> types) {
    if (types.isEmpty()) {
      return "";
    }
    return " (" + kw + " " + String.join(" ", types) + ")";
  }

  private static void realloc(StringBuilder sb, String in) {
    sb.append(in).append("(global $next (mut i32) (i32.const 16))\n");
    sb.append(in).append("(func $realloc (export \"realloc\") (param $old i32) (param $osize i32) (param $align i32)")
        .append(" (param $nsize i32) (result i32)\n");
    String b = in + "  ";
    sb.append(b).append("(local $r i32) (local $end i32) (local $have i32)\n");
    sb.append(b).append(";; 1, 2, 4 or 8\n");
    sb.append(b).append("(if (i32.or (i32.gt_u (local.get $align) (i32.const 8))\n");
    sb.append(b).append("      (i32.or (i32.eqz (local.get $align))\n");
    sb.append(b).append("        (i32.and (local.get $align) (i32.sub (local.get $align) (i32.const 1)))))\n");
    sb.append(b).append("  (then unreachable))\n");
    sb.append(b).append(";; exactly as aligned as asked: $align modulo 2 * $align\n");
    sb.append(b).append("(local.set $r (i32.add (local.get $align) (i32.and (i32.add (global.get $next)")
        .append(" (i32.sub (i32.shl (local.get $align) (i32.const 1)) (i32.const 1)))")
        .append(" (i32.sub (i32.const 0) (i32.shl (local.get $align) (i32.const 1))))))\n");
    sb.append(b).append("(local.set $end (i32.add (local.get $r) (local.get $nsize)))\n");
    sb.append(b).append("(local.set $have (i32.shl (memory.size) (i32.const 16)))\n");
    sb.append(b).append("(if (i32.gt_u (local.get $end) (local.get $have))\n");
    sb.append(b).append("  (then (if (i32.eq (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $end)")
        .append(" (local.get $have)) (i32.const 0xffff)) (i32.const 16))) (i32.const -1)) (then unreachable))))\n");
    sb.append(b).append("(global.set $next (local.get $end))\n");
    sb.append(b).append("(memory.fill (local.get $r) (i32.const 0xa5) (local.get $nsize))\n");
    sb.append(b).append("(if (i32.ne (local.get $old) (i32.const 0))\n");
    sb.append(b).append("  (then (memory.copy (local.get $r) (local.get $old) (select (local.get $osize)")
        .append(" (local.get $nsize) (i32.lt_u (local.get $osize) (local.get $nsize))))))\n");
    sb.append(b).append("(local.get $r))\n");
  }

  /**
   * Core code storing flat values (the function's locals, typed {@code flat}) as a value of a
   * type at {@code $ret + offset}, following {@code store} and {@code lift_flat}: a slot a
   * variant joined to a wider type is coerced back ({@code wrap_i64_to_i32}, reinterpretations)
   * for the case actually present.
   */
  private record StoreCode(List<String> flat, StringBuilder sb, String in) {

    void store(ValType t, long offset, int i) {
      switch (SpecLayout.despecialize(t)) {
        case SpecLayout.Prim(PrimType p) -> {
          switch (p) {
            case BOOL, S8, U8 -> emit("i32.store8", offset, value(i, "i32"));
            case S16, U16 -> emit("i32.store16", offset, value(i, "i32"));
            case S32, U32, CHAR -> emit("i32.store", offset, value(i, "i32"));
            case S64, U64 -> emit("i64.store", offset, value(i, "i64"));
            case F32 -> emit("f32.store", offset, value(i, "f32"));
            case F64 -> emit("f64.store", offset, value(i, "f64"));
            case STRING -> {
              emit("i32.store", offset, value(i, "i32"));
              emit("i32.store", offset + 4, value(i + 1, "i32"));
            }
            default -> throw new IllegalArgumentException(p.toString());
          }
        }
        case SpecLayout.Lst(ValType e, long fixed) -> {
          if (fixed >= 0) {
            int size = SpecLayout.elemSize(e);
            int n = SpecLayout.flatten(e).size();
            for (int k = 0; k < fixed; k++) {
              store(e, offset + (long) k * size, i + k * n);
            }
          } else {
            emit("i32.store", offset, value(i, "i32"));
            emit("i32.store", offset + 4, value(i + 1, "i32"));
          }
        }
        case SpecLayout.Rec(List<ValType> fs) -> {
          int[] offs = SpecLayout.fieldOffsets(fs);
          int k = i;
          for (int f = 0; f < fs.size(); f++) {
            store(fs.get(f), offset + offs[f], k);
            k += SpecLayout.flatten(fs.get(f)).size();
          }
        }
        case SpecLayout.Var(List<ValType> cs) -> {
          int w = SpecLayout.discriminantSize(cs.size());
          emit(w == 1 ? "i32.store8" : w == 2 ? "i32.store16" : "i32.store", offset, value(i, "i32"));
          long payloadAt = offset + SpecLayout.payloadOffset(cs);
          for (int c = 0; c < cs.size(); c++) {
            if (cs.get(c) != null) {
              sb.append(in).append("(if (i32.eq ").append(value(i, "i32")).append(" (i32.const ").append(c)
                  .append(")) (then\n");
              new StoreCode(flat, sb, in + "  ").store(cs.get(c), payloadAt, i + 1);
              sb.append(in).append("))\n");
            }
          }
        }
        case SpecLayout.Flg(int n) -> {
          int size = SpecLayout.elemSize(t);
          if (size <= 4) {
            emit(size == 1 ? "i32.store8" : size == 2 ? "i32.store16" : "i32.store", offset, value(i, "i32"));
          } else {
            for (int k = 0; k < size / 4; k++) {
              emit("i32.store", offset + 4L * k, value(i + k, "i32"));
            }
          }
        }
        case SpecLayout.Hnd h -> emit("i32.store", offset, value(i, "i32"));
      }
    }

    private void emit(String op, long offset, String value) {
      sb.append(in).append('(').append(op).append(offset == 0 ? "" : " offset=" + offset)
          .append(" (local.get $ret) ").append(value).append(")\n");
    }

    /** Local {@code i} as a {@code want}, from the slot type the flattening gave it. */
    private String value(int i, String want) {
      String have = flat.get(i);
      String get = "(local.get " + i + ")";
      if (have.equals(want)) {
        return get;
      }
      return switch (want + "<-" + have) {
        case "i32<-i64" -> "(i32.wrap_i64 " + get + ")";
        case "f32<-i32" -> "(f32.reinterpret_i32 " + get + ")";
        case "f32<-i64" -> "(f32.reinterpret_i32 (i32.wrap_i64 " + get + "))";
        case "f64<-i64" -> "(f64.reinterpret_i64 " + get + ")";
        default -> throw new IllegalStateException("a " + want + " in a " + have + " slot");
      };
    }
  }
}
