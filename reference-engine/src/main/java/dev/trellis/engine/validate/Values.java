package dev.trellis.engine.validate;

import dev.trellis.engine.types.BorrowType;
import dev.trellis.engine.types.EnumType;
import dev.trellis.engine.types.FlagsType;
import dev.trellis.engine.types.FutureType;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.MapType;
import dev.trellis.engine.types.OptionType;
import dev.trellis.engine.types.OwnType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.RecordType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.engine.types.StreamType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** 🪙 Checks the bytes of a value definition against its type (Binary.md#-value-definitions). */
final class Values {
  private final byte[] b;
  private int pos;

  private Values(byte[] b) {
    this.b = b;
  }

  static void check(ValType t, byte[] bytes) throws Mismatch {
    Values v = new Values(bytes);
    v.val(t, 0);
    if (v.pos != bytes.length) {
      throw new Mismatch("unexpected trailing bytes after the value (" + (bytes.length - v.pos) + " left)");
    }
  }

  private int byte1() throws Mismatch {
    if (pos >= b.length) {
      throw new Mismatch("unexpected end of the value");
    }
    return b[pos++] & 0xff;
  }

  private long uleb(int bits) throws Mismatch {
    long result = 0;
    for (int shift = 0; ; shift += 7) {
      int x = byte1();
      if (shift + 7 > bits) {
        if ((x & 0x80) != 0) {
          throw new Mismatch("integer representation too long");
        }
        if ((x >> (bits - shift)) != 0) {
          throw new Mismatch("integer too large");
        }
      }
      result |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        return result;
      }
    }
  }

  private long sleb(int bits) throws Mismatch {
    long result = 0;
    int shift = 0;
    int x;
    while (true) {
      x = byte1();
      if (shift + 7 >= bits) {
        if ((x & 0x80) != 0) {
          throw new Mismatch("integer representation too long");
        }
        int used = bits - shift;
        int mask = (1 << (8 - used)) - 1;
        int high = (x >> (used - 1)) & mask;
        if (high != 0 && high != mask) {
          throw new Mismatch("integer too large");
        }
      }
      result |= (long) (x & 0x7f) << shift;
      shift += 7;
      if ((x & 0x80) == 0) {
        break;
      }
    }
    if (shift < 64 && (x & 0x40) != 0) {
      result |= -1L << shift;
    }
    return result;
  }

  private void val(ValType t, int depth) throws Mismatch {
    if (depth > 1000) {
      throw new Mismatch("value nesting too deep");
    }
    switch (t) {
      case PrimType p -> prim(p);
      case RecordType r -> {
        for (RecordType.Field f : r.fields()) {
          val(f.type(), depth + 1);
        }
      }
      case TupleType tt -> {
        for (ValType x : tt.types()) {
          val(x, depth + 1);
        }
      }
      case VariantType v -> {
        long i = uleb(32);
        if (i >= v.cases().size()) {
          throw new Mismatch("variant case index " + i + " out of range");
        }
        ValType ct = v.cases().get((int) i).type();
        if (ct != null) {
          val(ct, depth + 1);
        }
      }
      case EnumType e -> {
        long i = uleb(32);
        if (i >= e.labels().size()) {
          throw new Mismatch("enum case index " + i + " out of range");
        }
      }
      case OptionType o -> {
        int tag = byte1();
        if (tag == 1) {
          val(o.type(), depth + 1);
        } else if (tag != 0) {
          throw new Mismatch("invalid option discriminant " + tag);
        }
      }
      case ResultType r -> {
        int tag = byte1();
        if (tag == 0) {
          if (r.ok() != null) {
            val(r.ok(), depth + 1);
          }
        } else if (tag == 1) {
          if (r.error() != null) {
            val(r.error(), depth + 1);
          }
        } else {
          throw new Mismatch("invalid result discriminant " + tag);
        }
      }
      case ListType l -> {
        long n = l.isFixed() ? l.fixedLength() : uleb(32);
        for (long i = 0; i < n; i++) {
          val(l.element(), depth + 1);
        }
      }
      case FlagsType f -> {
        int n = (f.labels().size() + 7) / 8;
        for (int i = 0; i < n; i++) {
          int x = byte1();
          int bitsHere = Math.min(8, f.labels().size() - i * 8);
          if (bitsHere < 8 && (x >> bitsHere) != 0) {
            throw new Mismatch("flags value sets unknown bits");
          }
        }
      }
      case MapType m -> {
        long n = uleb(32);
        for (long i = 0; i < n; i++) {
          val(m.key(), depth + 1);
          val(m.value(), depth + 1);
        }
      }
      case OwnType o -> throw new Mismatch("values of type `own` cannot be defined statically");
      case BorrowType o -> throw new Mismatch("values of type `borrow` cannot be defined statically");
      case StreamType s -> throw new Mismatch("values of type `stream` cannot be defined statically");
      case FutureType s -> throw new Mismatch("values of type `future` cannot be defined statically");
    }
  }

  private void prim(PrimType p) throws Mismatch {
    switch (p) {
      case BOOL -> {
        int x = byte1();
        if (x > 1) {
          throw new Mismatch("invalid bool value " + x);
        }
      }
      case U8, S8 -> byte1();
      case U16 -> uleb(16);
      case S16 -> sleb(16);
      case U32 -> uleb(32);
      case S32 -> sleb(32);
      case U64 -> uleb(64);
      case S64 -> sleb(64);
      case F32 -> {
        int bits = 0;
        for (int i = 0; i < 4; i++) {
          bits |= byte1() << (8 * i);
        }
        if (Float.isNaN(Float.intBitsToFloat(bits)) && bits != 0x7fc00000) {
          throw new Mismatch("non-canonical NaN in f32 value");
        }
      }
      case F64 -> {
        long bits = 0;
        for (int i = 0; i < 8; i++) {
          bits |= (long) byte1() << (8 * i);
        }
        if (Double.isNaN(Double.longBitsToDouble(bits)) && bits != 0x7ff8000000000000L) {
          throw new Mismatch("non-canonical NaN in f64 value");
        }
      }
      case CHAR -> {
        int first = byte1();
        int len = first < 0x80 ? 1 : first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 0;
        if (len == 0) {
          throw new Mismatch("malformed UTF-8 encoding of a char");
        }
        byte[] cp = new byte[len];
        cp[0] = (byte) first;
        for (int i = 1; i < len; i++) {
          cp[i] = (byte) byte1();
        }
        utf8(cp);
      }
      case STRING -> {
        long n = uleb(32);
        if (n > b.length - pos) {
          throw new Mismatch("string length out of bounds");
        }
        byte[] s = java.util.Arrays.copyOfRange(b, pos, pos + (int) n);
        pos += (int) n;
        utf8(s);
      }
      case ERROR_CONTEXT -> throw new Mismatch("values of type `error-context` cannot be defined statically");
    }
  }

  private static void utf8(byte[] s) throws Mismatch {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(s));
    } catch (CharacterCodingException e) {
      throw new Mismatch("malformed UTF-8 encoding");
    }
  }
}
