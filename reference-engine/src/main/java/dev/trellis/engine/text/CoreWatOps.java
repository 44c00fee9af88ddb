package dev.trellis.engine.text;

import dev.trellis.engine.binary.LebWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * The table of core instructions the assembler knows: text name → opcode (with its prefix byte
 * for the 0xFB/0xFC/0xFD/0xFE families) and the shape of its immediates. Covers the MVP,
 * sign-extension, saturating truncation, bulk memory, reference types, multi-memory, memory64,
 * tail calls, exception handling ({@code try_table}, {@code throw}, {@code throw_ref}), typed
 * function references, GC, SIMD (incl. relaxed SIMD), threads atomics and wide arithmetic.
 */
final class CoreWatOps {
  private CoreWatOps() {}

  /** The immediates an instruction takes, which decides how it is parsed and encoded. */
  enum Imm {
    NONE, BLOCK, LOOP, IF, TRY_TABLE, ELSE, END,
    LABEL, BR_TABLE, FUNC, CALL_INDIRECT, LOCAL, GLOBAL, TABLE, MEMORY,
    MEMARG, MEMARG_LANE, LANE, I32, I64, F32, F64, V128, SHUFFLE,
    SELECT, HEAPTYPE, REF_TEST, BR_ON_CAST, TYPE, TYPE_FIELD, TYPE_N, TYPE_TYPE, TYPE_DATA, TYPE_ELEM,
    TABLE_INIT, TABLE_COPY, ELEM, DATA, MEMORY_INIT, MEMORY_COPY, TAG, FENCE
  }

  /**
   * One instruction. {@code prefix} is -1 for single-byte opcodes, else the prefix byte and
   * {@code code} its LEB-encoded sub-opcode. {@code align} is the natural alignment (log2) of
   * memory accesses.
   */
  record Op(String name, int prefix, int code, Imm imm, int align) {
    void encode(LebWriter out) {
      if (prefix < 0) {
        out.u8(code);
      } else {
        out.u8(prefix).u32(code);
      }
    }
  }

  private static final Map<String, Op> OPS = new HashMap<>(1024);

  static Op get(String name) {
    return OPS.get(name);
  }

  /** Every known instruction (for tests). */
  static java.util.Collection<Op> all() {
    return java.util.Collections.unmodifiableCollection(OPS.values());
  }

  private static void op(String name, int code, Imm imm) {
    OPS.put(name, new Op(name, -1, code, imm, 0));
  }

  private static void op(String name, int code) {
    op(name, code, Imm.NONE);
  }

  private static void mem(String name, int code, int align) {
    OPS.put(name, new Op(name, -1, code, Imm.MEMARG, align));
  }

  private static void pre(int prefix, String name, int code, Imm imm) {
    OPS.put(name, new Op(name, prefix, code, imm, 0));
  }

  private static void pre(int prefix, String name, int code) {
    pre(prefix, name, code, Imm.NONE);
  }

  private static void preMem(int prefix, String name, int code, Imm imm, int align) {
    OPS.put(name, new Op(name, prefix, code, imm, align));
  }

  /** Registers consecutive opcodes starting at {@code first}; null names are gaps. */
  private static void seq(String prefix, int first, String... names) {
    for (int i = 0; i < names.length; i++) {
      if (names[i] != null) {
        op(prefix + names[i], first + i);
      }
    }
  }

  private static void simd(int first, String... names) {
    for (int i = 0; i < names.length; i++) {
      if (names[i] != null) {
        pre(0xfd, names[i], first + i);
      }
    }
  }

  static {
    // control
    op("unreachable", 0x00);
    op("nop", 0x01);
    op("block", 0x02, Imm.BLOCK);
    op("loop", 0x03, Imm.LOOP);
    op("if", 0x04, Imm.IF);
    op("else", 0x05, Imm.ELSE);
    op("throw", 0x08, Imm.TAG);
    op("throw_ref", 0x0a);
    op("end", 0x0b, Imm.END);
    op("br", 0x0c, Imm.LABEL);
    op("br_if", 0x0d, Imm.LABEL);
    op("br_table", 0x0e, Imm.BR_TABLE);
    op("return", 0x0f);
    op("call", 0x10, Imm.FUNC);
    op("call_indirect", 0x11, Imm.CALL_INDIRECT);
    op("return_call", 0x12, Imm.FUNC);
    op("return_call_indirect", 0x13, Imm.CALL_INDIRECT);
    op("call_ref", 0x14, Imm.TYPE);
    op("return_call_ref", 0x15, Imm.TYPE);
    op("drop", 0x1a);
    op("select", 0x1b, Imm.SELECT);
    op("try_table", 0x1f, Imm.TRY_TABLE);
    // variables
    op("local.get", 0x20, Imm.LOCAL);
    op("local.set", 0x21, Imm.LOCAL);
    op("local.tee", 0x22, Imm.LOCAL);
    op("global.get", 0x23, Imm.GLOBAL);
    op("global.set", 0x24, Imm.GLOBAL);
    op("table.get", 0x25, Imm.TABLE);
    op("table.set", 0x26, Imm.TABLE);
    // memory
    mem("i32.load", 0x28, 2);
    mem("i64.load", 0x29, 3);
    mem("f32.load", 0x2a, 2);
    mem("f64.load", 0x2b, 3);
    mem("i32.load8_s", 0x2c, 0);
    mem("i32.load8_u", 0x2d, 0);
    mem("i32.load16_s", 0x2e, 1);
    mem("i32.load16_u", 0x2f, 1);
    mem("i64.load8_s", 0x30, 0);
    mem("i64.load8_u", 0x31, 0);
    mem("i64.load16_s", 0x32, 1);
    mem("i64.load16_u", 0x33, 1);
    mem("i64.load32_s", 0x34, 2);
    mem("i64.load32_u", 0x35, 2);
    mem("i32.store", 0x36, 2);
    mem("i64.store", 0x37, 3);
    mem("f32.store", 0x38, 2);
    mem("f64.store", 0x39, 3);
    mem("i32.store8", 0x3a, 0);
    mem("i32.store16", 0x3b, 1);
    mem("i64.store8", 0x3c, 0);
    mem("i64.store16", 0x3d, 1);
    mem("i64.store32", 0x3e, 2);
    op("memory.size", 0x3f, Imm.MEMORY);
    op("memory.grow", 0x40, Imm.MEMORY);
    // constants
    op("i32.const", 0x41, Imm.I32);
    op("i64.const", 0x42, Imm.I64);
    op("f32.const", 0x43, Imm.F32);
    op("f64.const", 0x44, Imm.F64);
    // numeric
    seq("i32.", 0x45, "eqz", "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u");
    seq("i64.", 0x50, "eqz", "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u");
    seq("f32.", 0x5b, "eq", "ne", "lt", "gt", "le", "ge");
    seq("f64.", 0x61, "eq", "ne", "lt", "gt", "le", "ge");
    seq("i32.", 0x67, "clz", "ctz", "popcnt", "add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u",
        "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr");
    seq("i64.", 0x79, "clz", "ctz", "popcnt", "add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u",
        "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr");
    seq("f32.", 0x8b, "abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt", "add", "sub", "mul", "div",
        "min", "max", "copysign");
    seq("f64.", 0x99, "abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt", "add", "sub", "mul", "div",
        "min", "max", "copysign");
    seq("", 0xa7, "i32.wrap_i64", "i32.trunc_f32_s", "i32.trunc_f32_u", "i32.trunc_f64_s", "i32.trunc_f64_u",
        "i64.extend_i32_s", "i64.extend_i32_u", "i64.trunc_f32_s", "i64.trunc_f32_u", "i64.trunc_f64_s",
        "i64.trunc_f64_u", "f32.convert_i32_s", "f32.convert_i32_u", "f32.convert_i64_s", "f32.convert_i64_u",
        "f32.demote_f64", "f64.convert_i32_s", "f64.convert_i32_u", "f64.convert_i64_s", "f64.convert_i64_u",
        "f64.promote_f32", "i32.reinterpret_f32", "i64.reinterpret_f64", "f32.reinterpret_i32",
        "f64.reinterpret_i64", "i32.extend8_s", "i32.extend16_s", "i64.extend8_s", "i64.extend16_s",
        "i64.extend32_s");
    // references
    op("ref.null", 0xd0, Imm.HEAPTYPE);
    op("ref.is_null", 0xd1);
    op("ref.func", 0xd2, Imm.FUNC);
    op("ref.eq", 0xd3);
    op("ref.as_non_null", 0xd4);
    op("br_on_null", 0xd5, Imm.LABEL);
    op("br_on_non_null", 0xd6, Imm.LABEL);

    // 0xFC: saturating truncation, bulk memory, tables, wide arithmetic
    String[] sat = {"i32.trunc_sat_f32_s", "i32.trunc_sat_f32_u", "i32.trunc_sat_f64_s", "i32.trunc_sat_f64_u",
        "i64.trunc_sat_f32_s", "i64.trunc_sat_f32_u", "i64.trunc_sat_f64_s", "i64.trunc_sat_f64_u"};
    for (int i = 0; i < sat.length; i++) {
      pre(0xfc, sat[i], i);
    }
    pre(0xfc, "memory.init", 8, Imm.MEMORY_INIT);
    pre(0xfc, "data.drop", 9, Imm.DATA);
    pre(0xfc, "memory.copy", 10, Imm.MEMORY_COPY);
    pre(0xfc, "memory.fill", 11, Imm.MEMORY);
    pre(0xfc, "table.init", 12, Imm.TABLE_INIT);
    pre(0xfc, "elem.drop", 13, Imm.ELEM);
    pre(0xfc, "table.copy", 14, Imm.TABLE_COPY);
    pre(0xfc, "table.grow", 15, Imm.TABLE);
    pre(0xfc, "table.size", 16, Imm.TABLE);
    pre(0xfc, "table.fill", 17, Imm.TABLE);
    pre(0xfc, "memory.discard", 18, Imm.MEMORY);
    pre(0xfc, "i64.add128", 19);
    pre(0xfc, "i64.sub128", 20);
    pre(0xfc, "i64.mul_wide_s", 21);
    pre(0xfc, "i64.mul_wide_u", 22);

    // 0xFB: GC
    pre(0xfb, "struct.new", 0, Imm.TYPE);
    pre(0xfb, "struct.new_default", 1, Imm.TYPE);
    pre(0xfb, "struct.get", 2, Imm.TYPE_FIELD);
    pre(0xfb, "struct.get_s", 3, Imm.TYPE_FIELD);
    pre(0xfb, "struct.get_u", 4, Imm.TYPE_FIELD);
    pre(0xfb, "struct.set", 5, Imm.TYPE_FIELD);
    pre(0xfb, "array.new", 6, Imm.TYPE);
    pre(0xfb, "array.new_default", 7, Imm.TYPE);
    pre(0xfb, "array.new_fixed", 8, Imm.TYPE_N);
    pre(0xfb, "array.new_data", 9, Imm.TYPE_DATA);
    pre(0xfb, "array.new_elem", 10, Imm.TYPE_ELEM);
    pre(0xfb, "array.get", 11, Imm.TYPE);
    pre(0xfb, "array.get_s", 12, Imm.TYPE);
    pre(0xfb, "array.get_u", 13, Imm.TYPE);
    pre(0xfb, "array.set", 14, Imm.TYPE);
    pre(0xfb, "array.len", 15);
    pre(0xfb, "array.fill", 16, Imm.TYPE);
    pre(0xfb, "array.copy", 17, Imm.TYPE_TYPE);
    pre(0xfb, "array.init_data", 18, Imm.TYPE_DATA);
    pre(0xfb, "array.init_elem", 19, Imm.TYPE_ELEM);
    pre(0xfb, "ref.test", 20, Imm.REF_TEST);
    pre(0xfb, "ref.cast", 22, Imm.REF_TEST);
    pre(0xfb, "br_on_cast", 24, Imm.BR_ON_CAST);
    pre(0xfb, "br_on_cast_fail", 25, Imm.BR_ON_CAST);
    pre(0xfb, "any.convert_extern", 26);
    pre(0xfb, "extern.convert_any", 27);
    pre(0xfb, "ref.i31", 28);
    pre(0xfb, "i31.get_s", 29);
    pre(0xfb, "i31.get_u", 30);

    // 0xFD: SIMD
    int[] loadAlign = {4, 3, 3, 3, 3, 3, 3, 0, 1, 2, 3, 4};
    String[] loads = {"v128.load", "v128.load8x8_s", "v128.load8x8_u", "v128.load16x4_s", "v128.load16x4_u",
        "v128.load32x2_s", "v128.load32x2_u", "v128.load8_splat", "v128.load16_splat", "v128.load32_splat",
        "v128.load64_splat", "v128.store"};
    for (int i = 0; i < loads.length; i++) {
      preMem(0xfd, loads[i], i, Imm.MEMARG, loadAlign[i]);
    }
    pre(0xfd, "v128.const", 12, Imm.V128);
    pre(0xfd, "i8x16.shuffle", 13, Imm.SHUFFLE);
    simd(14, "i8x16.swizzle", "i8x16.splat", "i16x8.splat", "i32x4.splat", "i64x2.splat", "f32x4.splat",
        "f64x2.splat");
    String[] lanes = {"i8x16.extract_lane_s", "i8x16.extract_lane_u", "i8x16.replace_lane",
        "i16x8.extract_lane_s", "i16x8.extract_lane_u", "i16x8.replace_lane", "i32x4.extract_lane",
        "i32x4.replace_lane", "i64x2.extract_lane", "i64x2.replace_lane", "f32x4.extract_lane",
        "f32x4.replace_lane", "f64x2.extract_lane", "f64x2.replace_lane"};
    for (int i = 0; i < lanes.length; i++) {
      pre(0xfd, lanes[i], 21 + i, Imm.LANE);
    }
    String[] cmp = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
    for (int i = 0; i < cmp.length; i++) {
      pre(0xfd, "i8x16." + cmp[i], 35 + i);
      pre(0xfd, "i16x8." + cmp[i], 45 + i);
      pre(0xfd, "i32x4." + cmp[i], 55 + i);
    }
    String[] fcmp = {"eq", "ne", "lt", "gt", "le", "ge"};
    for (int i = 0; i < fcmp.length; i++) {
      pre(0xfd, "f32x4." + fcmp[i], 65 + i);
      pre(0xfd, "f64x2." + fcmp[i], 71 + i);
    }
    simd(77, "v128.not", "v128.and", "v128.andnot", "v128.or", "v128.xor", "v128.bitselect", "v128.any_true");
    int[] laneAlign = {0, 1, 2, 3, 0, 1, 2, 3};
    String[] laneMem = {"v128.load8_lane", "v128.load16_lane", "v128.load32_lane", "v128.load64_lane",
        "v128.store8_lane", "v128.store16_lane", "v128.store32_lane", "v128.store64_lane"};
    for (int i = 0; i < laneMem.length; i++) {
      preMem(0xfd, laneMem[i], 84 + i, Imm.MEMARG_LANE, laneAlign[i]);
    }
    preMem(0xfd, "v128.load32_zero", 92, Imm.MEMARG, 2);
    preMem(0xfd, "v128.load64_zero", 93, Imm.MEMARG, 3);
    simd(94, "f32x4.demote_f64x2_zero", "f64x2.promote_low_f32x4",
        "i8x16.abs", "i8x16.neg", "i8x16.popcnt", "i8x16.all_true", "i8x16.bitmask", "i8x16.narrow_i16x8_s",
        "i8x16.narrow_i16x8_u", "f32x4.ceil", "f32x4.floor", "f32x4.trunc", "f32x4.nearest", "i8x16.shl",
        "i8x16.shr_s", "i8x16.shr_u", "i8x16.add", "i8x16.add_sat_s", "i8x16.add_sat_u", "i8x16.sub",
        "i8x16.sub_sat_s", "i8x16.sub_sat_u", "f64x2.ceil", "f64x2.floor", "i8x16.min_s", "i8x16.min_u",
        "i8x16.max_s", "i8x16.max_u", "f64x2.trunc", "i8x16.avgr_u", "i16x8.extadd_pairwise_i8x16_s",
        "i16x8.extadd_pairwise_i8x16_u", "i32x4.extadd_pairwise_i16x8_s", "i32x4.extadd_pairwise_i16x8_u",
        // 128
        "i16x8.abs", "i16x8.neg", "i16x8.q15mulr_sat_s", "i16x8.all_true", "i16x8.bitmask",
        "i16x8.narrow_i32x4_s", "i16x8.narrow_i32x4_u", "i16x8.extend_low_i8x16_s",
        "i16x8.extend_high_i8x16_s", "i16x8.extend_low_i8x16_u", "i16x8.extend_high_i8x16_u", "i16x8.shl",
        "i16x8.shr_s", "i16x8.shr_u", "i16x8.add", "i16x8.add_sat_s", "i16x8.add_sat_u", "i16x8.sub",
        "i16x8.sub_sat_s", "i16x8.sub_sat_u", "f64x2.nearest", "i16x8.mul", "i16x8.min_s", "i16x8.min_u",
        "i16x8.max_s", "i16x8.max_u", null, "i16x8.avgr_u", "i16x8.extmul_low_i8x16_s",
        "i16x8.extmul_high_i8x16_s", "i16x8.extmul_low_i8x16_u", "i16x8.extmul_high_i8x16_u",
        // 160
        "i32x4.abs", "i32x4.neg", null, "i32x4.all_true", "i32x4.bitmask", null, null,
        "i32x4.extend_low_i16x8_s", "i32x4.extend_high_i16x8_s", "i32x4.extend_low_i16x8_u",
        "i32x4.extend_high_i16x8_u", "i32x4.shl", "i32x4.shr_s", "i32x4.shr_u", "i32x4.add", null, null,
        "i32x4.sub", null, null, null, "i32x4.mul", "i32x4.min_s", "i32x4.min_u", "i32x4.max_s",
        "i32x4.max_u", "i32x4.dot_i16x8_s", null, "i32x4.extmul_low_i16x8_s", "i32x4.extmul_high_i16x8_s",
        "i32x4.extmul_low_i16x8_u", "i32x4.extmul_high_i16x8_u",
        // 192
        "i64x2.abs", "i64x2.neg", null, "i64x2.all_true", "i64x2.bitmask", null, null,
        "i64x2.extend_low_i32x4_s", "i64x2.extend_high_i32x4_s", "i64x2.extend_low_i32x4_u",
        "i64x2.extend_high_i32x4_u", "i64x2.shl", "i64x2.shr_s", "i64x2.shr_u", "i64x2.add", null, null,
        "i64x2.sub", null, null, null, "i64x2.mul", "i64x2.eq", "i64x2.ne", "i64x2.lt_s", "i64x2.gt_s",
        "i64x2.le_s", "i64x2.ge_s", "i64x2.extmul_low_i32x4_s", "i64x2.extmul_high_i32x4_s",
        "i64x2.extmul_low_i32x4_u", "i64x2.extmul_high_i32x4_u",
        // 224
        "f32x4.abs", "f32x4.neg", null, "f32x4.sqrt", "f32x4.add", "f32x4.sub", "f32x4.mul", "f32x4.div",
        "f32x4.min", "f32x4.max", "f32x4.pmin", "f32x4.pmax",
        "f64x2.abs", "f64x2.neg", null, "f64x2.sqrt", "f64x2.add", "f64x2.sub", "f64x2.mul", "f64x2.div",
        "f64x2.min", "f64x2.max", "f64x2.pmin", "f64x2.pmax",
        "i32x4.trunc_sat_f32x4_s", "i32x4.trunc_sat_f32x4_u", "f32x4.convert_i32x4_s",
        "f32x4.convert_i32x4_u", "i32x4.trunc_sat_f64x2_s_zero", "i32x4.trunc_sat_f64x2_u_zero",
        "f64x2.convert_low_i32x4_s", "f64x2.convert_low_i32x4_u",
        // 256: relaxed SIMD
        "i8x16.relaxed_swizzle", "i32x4.relaxed_trunc_f32x4_s", "i32x4.relaxed_trunc_f32x4_u",
        "i32x4.relaxed_trunc_f64x2_s_zero", "i32x4.relaxed_trunc_f64x2_u_zero", "f32x4.relaxed_madd",
        "f32x4.relaxed_nmadd", "f64x2.relaxed_madd", "f64x2.relaxed_nmadd", "i8x16.relaxed_laneselect",
        "i16x8.relaxed_laneselect", "i32x4.relaxed_laneselect", "i64x2.relaxed_laneselect",
        "f32x4.relaxed_min", "f32x4.relaxed_max", "f64x2.relaxed_min", "f64x2.relaxed_max",
        "i16x8.relaxed_q15mulr_s", "i16x8.relaxed_dot_i8x16_i7x16_s", "i32x4.relaxed_dot_i8x16_i7x16_add_s");

    // 0xFE: threads
    preMem(0xfe, "memory.atomic.notify", 0, Imm.MEMARG, 2);
    preMem(0xfe, "memory.atomic.wait32", 1, Imm.MEMARG, 2);
    preMem(0xfe, "memory.atomic.wait64", 2, Imm.MEMARG, 3);
    pre(0xfe, "atomic.fence", 3, Imm.FENCE);
    String[] atomicLoads = {"i32.atomic.load", "i64.atomic.load", "i32.atomic.load8_u", "i32.atomic.load16_u",
        "i64.atomic.load8_u", "i64.atomic.load16_u", "i64.atomic.load32_u", "i32.atomic.store",
        "i64.atomic.store", "i32.atomic.store8", "i32.atomic.store16", "i64.atomic.store8",
        "i64.atomic.store16", "i64.atomic.store32"};
    int[] atomicAlign = {2, 3, 0, 1, 0, 1, 2, 2, 3, 0, 1, 0, 1, 2};
    for (int i = 0; i < atomicLoads.length; i++) {
      preMem(0xfe, atomicLoads[i], 0x10 + i, Imm.MEMARG, atomicAlign[i]);
    }
    String[] rmw = {"add", "sub", "and", "or", "xor", "xchg", "cmpxchg"};
    String[] rmwShape = {"i32.atomic.rmw.", "i64.atomic.rmw.", "i32.atomic.rmw8.", "i32.atomic.rmw16.",
        "i64.atomic.rmw8.", "i64.atomic.rmw16.", "i64.atomic.rmw32."};
    int[] rmwAlign = {2, 3, 0, 1, 0, 1, 2};
    for (int r = 0; r < rmw.length; r++) {
      for (int s = 0; s < rmwShape.length; s++) {
        String suffix = s < 2 ? rmw[r] : rmw[r] + "_u";
        preMem(0xfe, rmwShape[s] + suffix, 0x1e + 7 * r + s, Imm.MEMARG, rmwAlign[s]);
      }
    }
  }
}
