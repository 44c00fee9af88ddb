package dev.trellis.harness.adapters.wasmtime;

import static dev.trellis.harness.adapters.wasmtime.WasmtimeNative.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.trellis.engine.runtime.Val;
import dev.trellis.harness.spi.RuntimeFailure;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Val} to and from {@code wasmtime_component_val_t}. Values written here live in a
 * caller's arena and are only borrowed by Wasmtime ({@code wasmtime_component_func_call}
 * copies its arguments); values Wasmtime writes (results) are read here and then freed by the
 * caller with {@code wasmtime_component_val_delete}. Public for the bench's Wasmtime driver,
 * which calls component functions through the same C API.
 */
public final class ComponentVals {
  private ComponentVals() {}

  /** Writes {@code v} into the 32-byte {@code wasmtime_component_val_t} at {@code at}. */
  public static void write(Val v, MemorySegment at, Arena arena) {
    MemorySegment p = at; // kind at 0, payload at 8
    switch (v) {
      case Val.Bool(boolean b) -> {
        kind(p, C_BOOL);
        p.set(JAVA_BOOLEAN, VAL_PAYLOAD, b);
      }
      case Val.S8(byte b) -> {
        kind(p, C_S8);
        p.set(JAVA_BYTE, VAL_PAYLOAD, b);
      }
      case Val.U8(int b) -> {
        kind(p, C_U8);
        p.set(JAVA_BYTE, VAL_PAYLOAD, (byte) b);
      }
      case Val.S16(short s) -> {
        kind(p, C_S16);
        p.set(JAVA_SHORT, VAL_PAYLOAD, s);
      }
      case Val.U16(int s) -> {
        kind(p, C_U16);
        p.set(JAVA_SHORT, VAL_PAYLOAD, (short) s);
      }
      case Val.S32(int i) -> {
        kind(p, C_S32);
        p.set(JAVA_INT, VAL_PAYLOAD, i);
      }
      case Val.U32(long i) -> {
        kind(p, C_U32);
        p.set(JAVA_INT, VAL_PAYLOAD, (int) i);
      }
      case Val.S64(long l) -> {
        kind(p, C_S64);
        p.set(JAVA_LONG, VAL_PAYLOAD, l);
      }
      case Val.U64(long l) -> {
        kind(p, C_U64);
        p.set(JAVA_LONG, VAL_PAYLOAD, l);
      }
      case Val.F32(float f) -> {
        kind(p, C_F32);
        p.set(JAVA_INT, VAL_PAYLOAD, Float.floatToRawIntBits(f));
      }
      case Val.F64(double d) -> {
        kind(p, C_F64);
        p.set(JAVA_LONG, VAL_PAYLOAD, Double.doubleToRawLongBits(d));
      }
      case Val.Char(int cp) -> {
        kind(p, C_CHAR);
        p.set(JAVA_INT, VAL_PAYLOAD, cp);
      }
      case Val.Str(String s) -> {
        kind(p, C_STRING);
        writeName(p, VAL_PAYLOAD, s, arena);
      }
      case Val.ListOf(List<Val> elems) -> {
        kind(p, C_LIST);
        writeVec(p, elems, arena);
      }
      case Val.TupleOf(List<Val> elems) -> {
        kind(p, C_TUPLE);
        writeVec(p, elems, arena);
      }
      case Val.RecordOf(List<Val.Field> fields) -> {
        kind(p, C_RECORD);
        MemorySegment data = fields.isEmpty() ? MemorySegment.NULL : arena.allocate(RECORD_ENTRY * fields.size(), 8);
        for (int i = 0; i < fields.size(); i++) {
          MemorySegment entry = data.asSlice(RECORD_ENTRY * i, RECORD_ENTRY);
          writeName(entry, 0, fields.get(i).name(), arena);
          write(fields.get(i).value(), entry.asSlice(BYTE_VEC, COMPONENT_VAL), arena);
        }
        p.set(JAVA_LONG, VAL_PAYLOAD, fields.size());
        p.set(ADDRESS, VAL_PAYLOAD + 8, data);
      }
      case Val.VariantOf(String caseName, Val payload) -> {
        kind(p, C_VARIANT);
        writeName(p, VAL_PAYLOAD, caseName, arena);
        p.set(ADDRESS, VAL_PAYLOAD + BYTE_VEC, boxed(payload, arena));
      }
      case Val.EnumOf(String caseName) -> {
        kind(p, C_ENUM);
        writeName(p, VAL_PAYLOAD, caseName, arena);
      }
      case Val.OptionOf(Val inner) -> {
        kind(p, C_OPTION);
        p.set(ADDRESS, VAL_PAYLOAD, boxed(inner, arena));
      }
      case Val.ResultOf(boolean ok, Val payload) -> {
        kind(p, C_RESULT);
        p.set(JAVA_BOOLEAN, VAL_PAYLOAD, ok);
        p.set(ADDRESS, VAL_PAYLOAD + 8, boxed(payload, arena));
      }
      case Val.FlagsOf(List<String> names) -> {
        kind(p, C_FLAGS);
        MemorySegment data = names.isEmpty() ? MemorySegment.NULL : arena.allocate(BYTE_VEC * names.size(), 8);
        for (int i = 0; i < names.size(); i++) {
          writeName(data, BYTE_VEC * i, names.get(i), arena);
        }
        p.set(JAVA_LONG, VAL_PAYLOAD, names.size());
        p.set(ADDRESS, VAL_PAYLOAD + 8, data);
      }
      case Val.Own o -> throw RuntimeFailure.unsupported("passing resource handles into Wasmtime from the harness: " + o);
      case Val.Borrow b -> throw RuntimeFailure.unsupported("passing resource handles into Wasmtime from the harness: " + b);
    }
  }

  private static void kind(MemorySegment p, int kind) {
    p.set(JAVA_BYTE, 0, (byte) kind);
  }

  private static MemorySegment boxed(Val v, Arena arena) {
    if (v == null) {
      return MemorySegment.NULL;
    }
    MemorySegment box = arena.allocate(COMPONENT_VAL, 8);
    write(v, box, arena);
    return box;
  }

  private static void writeVec(MemorySegment p, List<Val> elems, Arena arena) {
    MemorySegment data = elems.isEmpty() ? MemorySegment.NULL : arena.allocate(COMPONENT_VAL * elems.size(), 8);
    for (int i = 0; i < elems.size(); i++) {
      write(elems.get(i), data.asSlice(COMPONENT_VAL * i, COMPONENT_VAL), arena);
    }
    p.set(JAVA_LONG, VAL_PAYLOAD, elems.size());
    p.set(ADDRESS, VAL_PAYLOAD + 8, data);
  }

  /** Reads the {@code wasmtime_component_val_t} at {@code p}. */
  public static Val read(MemorySegment p) {
    int kind = p.get(JAVA_BYTE, 0) & 0xff;
    return switch (kind) {
      case C_BOOL -> new Val.Bool(p.get(JAVA_BOOLEAN, VAL_PAYLOAD));
      case C_S8 -> new Val.S8(p.get(JAVA_BYTE, VAL_PAYLOAD));
      case C_U8 -> new Val.U8(p.get(JAVA_BYTE, VAL_PAYLOAD) & 0xff);
      case C_S16 -> new Val.S16(p.get(JAVA_SHORT, VAL_PAYLOAD));
      case C_U16 -> new Val.U16(p.get(JAVA_SHORT, VAL_PAYLOAD) & 0xffff);
      case C_S32 -> new Val.S32(p.get(JAVA_INT, VAL_PAYLOAD));
      case C_U32 -> new Val.U32(p.get(JAVA_INT, VAL_PAYLOAD) & 0xffff_ffffL);
      case C_S64 -> new Val.S64(p.get(JAVA_LONG, VAL_PAYLOAD));
      case C_U64 -> new Val.U64(p.get(JAVA_LONG, VAL_PAYLOAD));
      case C_F32 -> new Val.F32(Float.intBitsToFloat(p.get(JAVA_INT, VAL_PAYLOAD)));
      case C_F64 -> new Val.F64(Double.longBitsToDouble(p.get(JAVA_LONG, VAL_PAYLOAD)));
      case C_CHAR -> new Val.Char(p.get(JAVA_INT, VAL_PAYLOAD));
      case C_STRING -> new Val.Str(readName(p.asSlice(VAL_PAYLOAD, BYTE_VEC)));
      case C_LIST -> new Val.ListOf(readVec(p));
      case C_TUPLE -> new Val.TupleOf(readVec(p));
      case C_RECORD -> {
        long n = p.get(JAVA_LONG, VAL_PAYLOAD);
        MemorySegment data = p.get(ADDRESS, VAL_PAYLOAD + 8).reinterpret(RECORD_ENTRY * n);
        List<Val.Field> fields = new ArrayList<>();
        for (long i = 0; i < n; i++) {
          MemorySegment e = data.asSlice(RECORD_ENTRY * i, RECORD_ENTRY);
          fields.add(new Val.Field(readName(e.asSlice(0, BYTE_VEC)), read(e.asSlice(BYTE_VEC, COMPONENT_VAL))));
        }
        yield new Val.RecordOf(fields);
      }
      case C_VARIANT -> new Val.VariantOf(readName(p.asSlice(VAL_PAYLOAD, BYTE_VEC)), unbox(p.get(ADDRESS, VAL_PAYLOAD + BYTE_VEC)));
      case C_ENUM -> new Val.EnumOf(readName(p.asSlice(VAL_PAYLOAD, BYTE_VEC)));
      case C_OPTION -> new Val.OptionOf(unbox(p.get(ADDRESS, VAL_PAYLOAD)));
      case C_RESULT -> new Val.ResultOf(p.get(JAVA_BOOLEAN, VAL_PAYLOAD), unbox(p.get(ADDRESS, VAL_PAYLOAD + 8)));
      case C_FLAGS -> {
        long n = p.get(JAVA_LONG, VAL_PAYLOAD);
        MemorySegment data = p.get(ADDRESS, VAL_PAYLOAD + 8).reinterpret(BYTE_VEC * n);
        List<String> names = new ArrayList<>();
        for (long i = 0; i < n; i++) {
          names.add(readName(data.asSlice(BYTE_VEC * i, BYTE_VEC)));
        }
        yield new Val.FlagsOf(names);
      }
      case C_RESOURCE -> throw RuntimeFailure.unsupported("resource handles returned to the harness by Wasmtime");
      default -> throw RuntimeFailure.unsupported("Wasmtime returned a component value of kind " + kind + " the harness does not know");
    };
  }

  private static Val unbox(MemorySegment ptr) {
    return ptr.equals(MemorySegment.NULL) ? null : read(ptr.reinterpret(COMPONENT_VAL));
  }

  private static List<Val> readVec(MemorySegment p) {
    long n = p.get(JAVA_LONG, VAL_PAYLOAD);
    List<Val> out = new ArrayList<>((int) Math.min(n, 1 << 20));
    if (n == 0) {
      return out;
    }
    MemorySegment data = p.get(ADDRESS, VAL_PAYLOAD + 8).reinterpret(COMPONENT_VAL * n);
    for (long i = 0; i < n; i++) {
      out.add(read(data.asSlice(COMPONENT_VAL * i, COMPONENT_VAL)));
    }
    return out;
  }
}
