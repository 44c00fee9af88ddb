package dev.trellis.fuzz;

import dev.trellis.engine.binary.CanonOpt.StringEncoding;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * The places in a stored (or flattened) value where a single corrupted word must make lifting
 * trap — or, for spare flag bits, must not — found by walking the value with the
 * {@link SpecLayout} oracle and the pointers the engine wrote.
 */
final class Sites {
  private Sites() {}

  /** One corruptible place. {@code flat} sites index the flat values, the others are byte addresses. */
  sealed interface Site permits Disc, Chr, Str, Lst, Flags, Handle {}

  /** A variant discriminant of {@code width} bytes (flat: the i32 at index {@code at}) with {@code cases} cases. */
  record Disc(boolean flat, long at, int width, int cases) implements Site {}

  /** A {@code char}. */
  record Chr(boolean flat, long at) implements Site {}

  /** A string's (ptr, tagged code units) pair at {@code at} (flat: two values from index {@code at}). */
  record Str(boolean flat, long at, long begin, long taggedUnits, StringEncoding enc) implements Site {}

  /** A list's (ptr, length) pair. */
  record Lst(boolean flat, long at, long begin, long length, int elemAlign, int elemSize) implements Site {}

  /** A flags value of {@code labels} labels stored in {@code width} bytes (flat: one i32 per 32 labels). */
  record Flags(boolean flat, long at, int width, int labels) implements Site {}

  /** An {@code own} or {@code borrow} handle index. */
  record Handle(boolean flat, long at) implements Site {}

  /** The sites of a value of type {@code t} stored at {@code ptr}. */
  static List<Site> inMemory(AbiFixture.Memory m, ValType t, long ptr, StringEncoding enc) {
    List<Site> out = new ArrayList<>();
    memory(m, t, ptr, enc, out);
    return out;
  }

  /** The sites of a value of type {@code t} lowered to {@code flat} (and of the memory it points to). */
  static List<Site> inFlat(AbiFixture.Memory m, ValType t, long[] flat, StringEncoding enc) {
    List<Site> out = new ArrayList<>();
    int end = flat(m, t, flat, 0, enc, out);
    if (end != flat.length) {
      throw new AssertionError("walked " + end + " of " + flat.length + " flat values");
    }
    return out;
  }

  private static void memory(AbiFixture.Memory m, ValType t, long ptr, StringEncoding enc, List<Site> out) {
    int p = (int) ptr;
    switch (SpecLayout.despecialize(t)) {
      case SpecLayout.Prim(PrimType prim) -> {
        if (prim == PrimType.CHAR) {
          out.add(new Chr(false, ptr));
        } else if (prim == PrimType.STRING) {
          out.add(new Str(false, ptr, m.readInt(p) & 0xFFFF_FFFFL, m.readInt(p + 4) & 0xFFFF_FFFFL, enc));
        }
      }
      case SpecLayout.Lst(ValType e, long fixed) -> {
        int size = SpecLayout.elemSize(e);
        if (fixed >= 0) {
          for (int i = 0; i < fixed; i++) {
            memory(m, e, ptr + (long) i * size, enc, out);
          }
        } else {
          long begin = m.readInt(p) & 0xFFFF_FFFFL;
          long length = m.readInt(p + 4) & 0xFFFF_FFFFL;
          out.add(new Lst(false, ptr, begin, length, SpecLayout.alignment(e), size));
          for (int i = 0; i < length; i++) {
            memory(m, e, begin + (long) i * size, enc, out);
          }
        }
      }
      case SpecLayout.Rec(List<ValType> fs) -> {
        int[] offs = SpecLayout.fieldOffsets(fs);
        for (int i = 0; i < fs.size(); i++) {
          memory(m, fs.get(i), ptr + offs[i], enc, out);
        }
      }
      case SpecLayout.Var(List<ValType> cs) -> {
        int w = SpecLayout.discriminantSize(cs.size());
        long c = switch (w) {
          case 1 -> m.readByte(p) & 0xFF;
          case 2 -> m.readShort(p) & 0xFFFF;
          default -> m.readInt(p) & 0xFFFF_FFFFL;
        };
        out.add(new Disc(false, ptr, w, cs.size()));
        ValType payload = cs.get((int) c);
        if (payload != null) {
          memory(m, payload, ptr + SpecLayout.payloadOffset(cs), enc, out);
        }
      }
      case SpecLayout.Flg(int n) -> out.add(new Flags(false, ptr, SpecLayout.elemSize(t), n));
      case SpecLayout.Hnd h -> out.add(new Handle(false, ptr));
    }
  }

  /** Walks the flat values of {@code t} from index {@code i}; returns the index after them. */
  private static int flat(AbiFixture.Memory m, ValType t, long[] flat, int i, StringEncoding enc, List<Site> out) {
    switch (SpecLayout.despecialize(t)) {
      case SpecLayout.Prim(PrimType prim) -> {
        if (prim == PrimType.CHAR) {
          out.add(new Chr(true, i));
        } else if (prim == PrimType.STRING) {
          out.add(new Str(true, i, flat[i] & 0xFFFF_FFFFL, flat[i + 1] & 0xFFFF_FFFFL, enc));
          return i + 2;
        }
        return i + 1;
      }
      case SpecLayout.Lst(ValType e, long fixed) -> {
        if (fixed >= 0) {
          for (int k = 0; k < fixed; k++) {
            i = flat(m, e, flat, i, enc, out);
          }
          return i;
        }
        long begin = flat[i] & 0xFFFF_FFFFL;
        long length = flat[i + 1] & 0xFFFF_FFFFL;
        int size = SpecLayout.elemSize(e);
        out.add(new Lst(true, i, begin, length, SpecLayout.alignment(e), size));
        for (int k = 0; k < length; k++) {
          memory(m, e, begin + (long) k * size, enc, out);
        }
        return i + 2;
      }
      case SpecLayout.Rec(List<ValType> fs) -> {
        for (ValType f : fs) {
          i = flat(m, f, flat, i, enc, out);
        }
        return i;
      }
      case SpecLayout.Var(List<ValType> cs) -> {
        int c = (int) flat[i];
        out.add(new Disc(true, i, 4, cs.size()));
        ValType payload = cs.get(c);
        if (payload != null) {
          flat(m, payload, flat, i + 1, enc, out);
        }
        return i + SpecLayout.flatten(t).size();
      }
      case SpecLayout.Flg(int n) -> {
        out.add(new Flags(true, i, 4, n));
        return i + Math.max(1, (n + 31) / 32);
      }
      case SpecLayout.Hnd h -> {
        out.add(new Handle(true, i));
        return i + 1;
      }
    }
  }
}
