package dev.trellis.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every instruction of the assembler's opcode table, with every shape of its immediates,
 * assembled by CoreWat and by wasm-tools (jco): the bytes must be identical. wasm-tools' parser
 * does not validate, so the instructions need not type-check.
 */
class CoreWatOpcodesTest {

  /** Instruction texts exercising {@code op}'s immediates. */
  static List<String> uses(CoreWatOps.Op op) {
    String n = op.name();
    return switch (op.imm()) {
      case NONE -> List.of(n);
      case BLOCK, LOOP, IF, TRY_TABLE, ELSE, END -> List.of();
      case LABEL -> List.of(n + " 0", n + " $outer");
      case BR_TABLE -> List.of(n + " 0", n + " 0 $outer 0");
      case FUNC -> List.of(n + " 0", n + " $f");
      case CALL_INDIRECT -> List.of(n + " (type 0)", n + " 1 (type $v)", n + " $t2 (param i32) (result i64)", n);
      case LOCAL -> List.of(n + " 0", n + " $x");
      case GLOBAL -> List.of(n + " 0", n + " $g");
      case TABLE -> List.of(n, n + " 1", n + " $t2");
      case MEMORY -> List.of(n, n + " 1", n + " $m2");
      case MEMARG -> List.of(n, n + " offset=16", n + " align=1", n + " 1 offset=0x100000000 align=2",
          n + " $m2 offset=4");
      case MEMARG_LANE -> List.of(n + " 1", n + " 1 2", n + " offset=8 align=1 1", n + " $m2 offset=3 0");
      case LANE -> List.of(n + " 0", n + " 7");
      case I32 -> List.of(n + " 0", n + " -1", n + " 0xffff_ffff", n + " -2147483648", n + " 624485");
      case I64 -> List.of(n + " 0", n + " -1", n + " 0xffffffffffffffff", n + " -9223372036854775808");
      case F32, F64 -> List.of(n + " 0", n + " -0.0", n + " 1.5e10", n + " 0x1.8p-3", n + " inf", n + " -nan",
          n + " nan:0x1234", n + " 3.4028234663852886e+38", n + " 1e-45", n + " 0x1p-149", n + " 1_000.25");
      case V128 -> List.of(n + " i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 -1 255",
          n + " i16x8 0 1 -1 65535 4 5 6 0x7fff", n + " i32x4 0 -1 0xffffffff 7",
          n + " i64x2 1 -1", n + " f32x4 1.5 -0 nan inf", n + " f64x2 0x1p3 nan:0x8");
      case SHUFFLE -> List.of(n + " 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31");
      case SELECT -> List.of(n, n + " (result i32)", n + " (result i32) (result (ref null $s))");
      case HEAPTYPE -> List.of(n + " func", n + " extern", n + " any", n + " none", n + " exn", n + " 1",
          n + " $s", n + " (shared eq)");
      case REF_TEST -> List.of(n + " (ref 1)", n + " (ref null any)", n + " i31ref", n + " (ref null $s)",
          n + " structref");
      case BR_ON_CAST -> List.of(n + " 0 anyref (ref 1)", n + " $outer (ref any) (ref null $s)");
      case TYPE -> List.of(n + " 1", n + " $s");
      case TYPE_FIELD -> List.of(n + " 1 0", n + " $s $fld");
      case TYPE_N -> List.of(n + " 2 3", n + " $a 0");
      case TYPE_TYPE -> List.of(n + " 2 2", n + " $a $a");
      case TYPE_DATA -> List.of(n + " 2 0", n + " $a $d");
      case TYPE_ELEM -> List.of(n + " 2 0", n + " $a $e");
      case TABLE_INIT -> List.of(n + " 0", n + " 1 0", n + " $t2 $e");
      case TABLE_COPY -> List.of(n, n + " 1 0", n + " $t2 $t2");
      case ELEM -> List.of(n + " 0", n + " $e");
      case DATA -> List.of(n + " 0", n + " $d");
      case MEMORY_INIT -> List.of(n + " 0", n + " 1 0", n + " $m2 $d");
      case MEMORY_COPY -> List.of(n, n + " 1 0", n + " $m2 $m2");
      case TAG -> List.of(n + " 0", n + " $tag");
      case FENCE -> List.of(n);
    };
  }

  static final String PRELUDE = """
      (type $v (func))
      (type $s (struct (field $fld (mut i32))))
      (type $a (array (mut i8)))
      (memory 1)
      (memory $m2 i64 1)
      (table 1 funcref)
      (table $t2 1 funcref)
      (global $g (mut i32) (i32.const 0))
      (tag $tag)
      (elem $e func)
      (data $d "")
      """;

  @Test
  void everyInstructionEncodesLikeWasmTools() throws Exception {
    List<CoreWatOps.Op> ops = new ArrayList<>(CoreWatOps.all());
    ops.sort(Comparator.comparing(CoreWatOps.Op::name));
    List<String> texts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (CoreWatOps.Op op : ops) {
      List<String> u = uses(op);
      if (u.isEmpty()) {
        continue;
      }
      StringBuilder sb = new StringBuilder("(module ").append(PRELUDE).append("(func $f (local $x i32) (block $outer\n");
      for (String s : u) {
        sb.append("  ").append(s).append('\n');
      }
      sb.append(")))");
      texts.add(sb.toString());
      names.add(op.name());
    }
    assertThat(texts).hasSizeGreaterThan(500);
    Map<String, CoreWatJco.Output> theirs = CoreWatJco.parseAll(texts);
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i);
      CoreWatJco.Output o = theirs.get(t);
      byte[] ours;
      try {
        ours = CoreWat.assemble(t, names.get(i));
      } catch (RuntimeException e) {
        problems.add(names.get(i) + ": we reject: " + e.getMessage()
            + (o.wasm() == null ? " (wasm-tools too: " + o.error().lines().findFirst().orElse("") + ")" : ""));
        continue;
      }
      if (o.wasm() == null) {
        problems.add(names.get(i) + ": wasm-tools rejects: " + o.error());
      } else if (!java.util.Arrays.equals(ours, o.wasm())) {
        problems.add(names.get(i) + ": bytes differ:\n  ours   " + HexFormat.of().formatHex(ours)
            + "\n  theirs " + HexFormat.of().formatHex(o.wasm()));
      }
    }
    assertThat(problems).isEmpty();
  }
}
