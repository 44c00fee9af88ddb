package dev.trellis.engine.abi;

import static dev.trellis.engine.abi.CanonicalAbi.MAX_STRING_BYTE_LENGTH;
import static dev.trellis.engine.abi.CanonicalAbi.PTR_SIZE;
import static dev.trellis.engine.abi.CanonicalAbi.UTF16_TAG;

import dev.trellis.engine.binary.CanonOpt.StringEncoding;
import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.runtime.Val;
import java.nio.charset.StandardCharsets;

/**
 * Strings in linear memory: {@code load_string} and {@code store_string} of
 * <a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#loading">CanonicalABI.md#loading</a> /
 * <a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#storing">#storing</a>,
 * with transcoding between utf8, utf16 and latin1+utf16 in every direction. The store
 * functions follow the spec's allocation strategy step by step (the same {@code realloc}
 * calls, in the same order, with the same sizes), because a guest's allocator observes them.
 */
public final class Strings {
  private Strings() {}

  /** {@code load_string}. */
  public static Val.Str loadString(LiftLowerContext cx, long ptr) {
    AbiMemory mem = cx.memory();
    long begin = mem.readInt((int) ptr) & 0xFFFF_FFFFL;
    long taggedCodeUnits = mem.readInt((int) ptr + PTR_SIZE) & 0xFFFF_FFFFL;
    return loadStringFromRange(cx, begin, taggedCodeUnits);
  }

  /** {@code load_string_from_range}. */
  public static Val.Str loadStringFromRange(LiftLowerContext cx, long ptr, long taggedCodeUnits) {
    Val.Str v = new Val.Str(loadJavaString(cx, ptr, taggedCodeUnits));
    if (cx.hints != null) {
      cx.hints.put(v, cx.opts.stringEncoding(), taggedCodeUnits);
    }
    return v;
  }

  /** {@code load_string_from_range}, producing the Java string (no hint recorded). */
  public static String loadJavaString(LiftLowerContext cx, long ptr, long taggedCodeUnits) {
    AbiMemory mem = cx.memory();
    StringEncoding enc = cx.opts.stringEncoding();
    int alignment;
    long byteLength;
    int simple; // 0 utf8, 1 utf16, 2 latin1
    switch (enc) {
      case UTF8 -> {
        alignment = 1;
        byteLength = taggedCodeUnits;
        simple = 0;
      }
      case UTF16 -> {
        alignment = 2;
        byteLength = 2 * taggedCodeUnits;
        simple = 1;
      }
      default -> {
        alignment = 2;
        if ((taggedCodeUnits & UTF16_TAG) != 0) {
          byteLength = 2 * (taggedCodeUnits ^ UTF16_TAG);
          simple = 1;
        } else {
          byteLength = taggedCodeUnits;
          simple = 2;
        }
      }
    }
    if (byteLength > MAX_STRING_BYTE_LENGTH) {
      throw Traps.trap(TrapKind.STRING_TOO_LONG);
    }
    if (ptr % alignment != 0) {
      throw Traps.trap(TrapKind.UNALIGNED_POINTER);
    }
    if (ptr + byteLength > mem.byteLength()) {
      throw cx.adapter
          ? TrapException.withMessage(TrapKind.STRING_CONTENT_OUT_OF_BOUNDS, "string content out-of-bounds")
          : Traps.trap(TrapKind.STRING_OUT_OF_BOUNDS);
    }
    byte[] bytes = mem.readBytes((int) ptr, (int) byteLength);
    return switch (simple) {
      case 0 -> decodeUtf8(bytes);
      case 1 -> decodeUtf16(bytes);
      default -> new String(bytes, StandardCharsets.ISO_8859_1);
    };
  }

  /** Strict UTF-8 decoding: traps on anything Python's {@code bytes.decode('utf-8')} rejects. */
  static String decodeUtf8(byte[] b) {
    int n = b.length;
    int i = 0;
    while (i < n && b[i] >= 0) {
      i++;
    }
    if (i == n) {
      return new String(b, StandardCharsets.ISO_8859_1); // ASCII: one byte per char
    }
    while (i < n) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int need;
      int lo = 0x80;
      int hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) {
          lo = 0xA0;
        } else if (c == 0xED) {
          hi = 0x9F; // no surrogates
        }
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) {
          lo = 0x90;
        } else if (c == 0xF4) {
          hi = 0x8F;
        }
      } else {
        throw invalidUtf8(null);
      }
      for (int k = 1; k <= need; k++) {
        if (i + k >= n) {
          throw invalidUtf8("incomplete utf-8 byte sequence");
        }
        int cc = b[i + k] & 0xFF;
        if (k == 1 ? (cc < lo || cc > hi) : (cc < 0x80 || cc > 0xBF)) {
          throw invalidUtf8(null);
        }
      }
      i += need + 1;
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  private static TrapException invalidUtf8(String detail) {
    return Traps.trap(TrapKind.INVALID_UTF8, detail);
  }

  /** Strict UTF-16LE decoding: traps on an unpaired surrogate. */
  static String decodeUtf16(byte[] b) {
    char[] cs = new char[b.length / 2];
    for (int k = 0; k < cs.length; k++) {
      cs[k] = (char) ((b[2 * k] & 0xFF) | (b[2 * k + 1] & 0xFF) << 8);
    }
    for (int k = 0; k < cs.length; k++) {
      char c = cs[k];
      if (Character.isHighSurrogate(c)) {
        if (k + 1 >= cs.length || !Character.isLowSurrogate(cs[k + 1])) {
          throw Traps.trap(TrapKind.INVALID_UTF16);
        }
        k++;
      } else if (Character.isLowSurrogate(c)) {
        throw Traps.trap(TrapKind.INVALID_UTF16);
      }
    }
    return new String(cs);
  }

  /** {@code store_string}: stores {@code (ptr, tagged_code_units)} at {@code ptr}. */
  public static void storeString(LiftLowerContext cx, Val.Str v, long ptr) {
    long packed = storeStringIntoRange(cx, v);
    AbiMemory mem = cx.memory();
    mem.writeInt((int) ptr, (int) (packed >>> 32));
    mem.writeInt((int) ptr + PTR_SIZE, (int) packed);
  }

  /**
   * {@code store_string_into_range}: returns {@code begin << 32 | tagged_code_units}.
   *
   * <p>The source encoding and code-unit count are the string's hint when it was lifted in this
   * component-to-component call; a string from the host has no encoding of its own and is
   * treated as already being in the destination's encoding (so it is copied with one exactly
   * sized allocation).
   */
  public static long storeStringIntoRange(LiftLowerContext cx, Val.Str v) {
    int h = cx.hints == null ? -1 : cx.hints.find(v);
    if (h >= 0) {
      return storeStringIntoRange(cx, v.value(), cx.hints.encoding(h), cx.hints.taggedCodeUnits(h));
    }
    return storeHostString(cx, v.value());
  }

  /**
   * {@code store_string_into_range} for a string from the host, which has no encoding of its
   * own: it is treated as already being in the destination's encoding, so it is copied with
   * one exactly sized allocation.
   */
  public static long storeHostString(LiftLowerContext cx, String src) {
    checkScalarValues(src);
    switch (cx.opts.stringEncoding()) {
      case UTF8 -> {
        byte[] encoded = src.getBytes(StandardCharsets.UTF_8);
        long ptr = cx.allocate(1, encoded.length);
        checkAllocation(cx, ptr, 1, encoded.length);
        cx.memory().write((int) ptr, encoded, 0, encoded.length);
        return pack(ptr, encoded.length);
      }
      case UTF16 -> {
        return storeStringIntoRange(cx, src, StringEncoding.UTF16, src.length());
      }
      default -> {
        return storeStringIntoRange(cx, src, StringEncoding.LATIN1_UTF16,
            isLatin1(src) ? src.length() : src.length() | UTF16_TAG);
      }
    }
  }

  /** {@code store_string_into_range} with the source string's encoding and tagged code units. */
  public static long storeStringIntoRange(LiftLowerContext cx, String src, StringEncoding srcEncoding,
      long srcTaggedCodeUnits) {
    // src_simple_encoding: 0 utf8, 1 utf16, 2 latin1
    int srcSimple;
    long srcCodeUnits;
    if (srcEncoding == StringEncoding.LATIN1_UTF16) {
      if ((srcTaggedCodeUnits & UTF16_TAG) != 0) {
        srcSimple = 1;
        srcCodeUnits = srcTaggedCodeUnits ^ UTF16_TAG;
      } else {
        srcSimple = 2;
        srcCodeUnits = srcTaggedCodeUnits;
      }
    } else {
      srcSimple = srcEncoding == StringEncoding.UTF8 ? 0 : 1;
      srcCodeUnits = srcTaggedCodeUnits;
    }
    return switch (cx.opts.stringEncoding()) {
      case UTF8 -> switch (srcSimple) {
        case 0 -> storeStringCopy(cx, src, srcCodeUnits, 1, 1, 0);
        case 1 -> storeUtf16ToUtf8(cx, src, srcCodeUnits);
        default -> storeLatin1ToUtf8(cx, src, srcCodeUnits);
      };
      case UTF16 -> switch (srcSimple) {
        case 0 -> storeUtf8ToUtf16(cx, src, srcCodeUnits);
        default -> storeStringCopy(cx, src, srcCodeUnits, 2, 2, 1);
      };
      case LATIN1_UTF16 -> {
        if (srcEncoding != StringEncoding.LATIN1_UTF16) {
          yield storeStringToLatin1OrUtf16(cx, src, srcCodeUnits);
        }
        yield srcSimple == 2
            ? storeStringCopy(cx, src, srcCodeUnits, 1, 2, 2)
            : storeProbablyUtf16ToLatin1OrUtf16(cx, src, srcCodeUnits);
      }
    };
  }

  static long pack(long ptr, long units) {
    return ptr << 32 | (units & 0xFFFF_FFFFL);
  }

  /** {@code store_string_copy}; {@code dst} 0 utf-8, 1 utf-16-le, 2 latin-1. */
  static long storeStringCopy(LiftLowerContext cx, String src, long srcCodeUnits, int dstCodeUnitSize,
      int dstAlignment, int dstEncoding) {
    long dstByteLength = dstCodeUnitSize * srcCodeUnits;
    long ptr = cx.allocate(dstAlignment, dstByteLength);
    checkAllocation(cx, ptr, dstAlignment, dstByteLength);
    byte[] encoded = switch (dstEncoding) {
      case 0 -> src.getBytes(StandardCharsets.UTF_8);
      case 1 -> src.getBytes(StandardCharsets.UTF_16LE);
      default -> src.getBytes(StandardCharsets.ISO_8859_1);
    };
    if (encoded.length != dstByteLength) {
      throw new IllegalStateException("string hint disagrees with its contents");
    }
    cx.memory().write((int) ptr, encoded, 0, encoded.length);
    return pack(ptr, srcCodeUnits);
  }

  /** {@code store_utf16_to_utf8}. */
  static long storeUtf16ToUtf8(LiftLowerContext cx, String src, long srcCodeUnits) {
    return storeStringToUtf8(cx, src, srcCodeUnits, srcCodeUnits * 3);
  }

  /** {@code store_latin1_to_utf8}. */
  static long storeLatin1ToUtf8(LiftLowerContext cx, String src, long srcCodeUnits) {
    return storeStringToUtf8(cx, src, srcCodeUnits, srcCodeUnits * 2);
  }

  /** {@code store_string_to_utf8}: optimistic one-byte-per-unit copy, then worst case, then shrink. */
  static long storeStringToUtf8(LiftLowerContext cx, String src, long srcCodeUnits, long worstCaseSize) {
    AbiMemory mem = cx.memory();
    long ptr = cx.allocate(1, srcCodeUnits);
    checkAllocation(cx, ptr, 1, srcCodeUnits);
    int i = 0; // index in code points
    for (int k = 0; k < src.length(); ) {
      int cp = src.codePointAt(k);
      if (cp < 0x80) {
        mem.writeByte((int) (ptr + i), (byte) cp);
        i++;
        k++;
        continue;
      }
      ptr = cx.reallocate(ptr, srcCodeUnits, 1, worstCaseSize);
      checkAllocation(cx, ptr, 1, worstCaseSize);
      byte[] encoded = src.getBytes(StandardCharsets.UTF_8);
      mem.write((int) (ptr + i), encoded, i, encoded.length - i);
      if (worstCaseSize > encoded.length) {
        ptr = cx.reallocate(ptr, worstCaseSize, 1, encoded.length);
        checkAllocation(cx, ptr, 1, encoded.length);
      }
      return pack(ptr, encoded.length);
    }
    return pack(ptr, srcCodeUnits);
  }

  /** {@code store_utf8_to_utf16}: worst-case allocation, then shrink. */
  static long storeUtf8ToUtf16(LiftLowerContext cx, String src, long srcCodeUnits) {
    long worstCaseSize = 2 * srcCodeUnits;
    long ptr = cx.allocate(2, worstCaseSize);
    checkAllocation(cx, ptr, 2, worstCaseSize);
    byte[] encoded = src.getBytes(StandardCharsets.UTF_16LE);
    cx.memory().write((int) ptr, encoded, 0, encoded.length);
    if (encoded.length < worstCaseSize) {
      ptr = cx.reallocate(ptr, worstCaseSize, 2, encoded.length);
      checkAllocation(cx, ptr, 2, encoded.length);
    }
    return pack(ptr, encoded.length / 2);
  }

  /** {@code store_string_to_latin1_or_utf16}: speculate Latin-1, inflate in place on the first wider char. */
  static long storeStringToLatin1OrUtf16(LiftLowerContext cx, String src, long srcCodeUnits) {
    AbiMemory mem = cx.memory();
    long ptr = cx.allocate(2, srcCodeUnits);
    checkAllocation(cx, ptr, 2, srcCodeUnits);
    int dstByteLength = 0;
    for (int k = 0; k < src.length(); ) {
      int usv = src.codePointAt(k);
      if (usv < 0x100) {
        mem.writeByte((int) (ptr + dstByteLength), (byte) usv);
        dstByteLength++;
        k++;
        continue;
      }
      long worstCaseSize = 2 * srcCodeUnits;
      ptr = cx.reallocate(ptr, srcCodeUnits, 2, worstCaseSize);
      checkAllocation(cx, ptr, 2, worstCaseSize);
      for (int j = dstByteLength - 1; j >= 0; j--) {
        mem.writeByte((int) (ptr + 2L * j), mem.readByte((int) (ptr + j)));
        mem.writeByte((int) (ptr + 2L * j + 1), (byte) 0);
      }
      byte[] encoded = src.getBytes(StandardCharsets.UTF_16LE);
      mem.write((int) (ptr + 2L * dstByteLength), encoded, 2 * dstByteLength, encoded.length - 2 * dstByteLength);
      if (worstCaseSize > encoded.length) {
        ptr = cx.reallocate(ptr, worstCaseSize, 2, encoded.length);
        checkAllocation(cx, ptr, 2, encoded.length);
      }
      return pack(ptr, (encoded.length / 2) | UTF16_TAG);
    }
    if (dstByteLength < srcCodeUnits) {
      ptr = cx.reallocate(ptr, srcCodeUnits, 2, dstByteLength);
      checkAllocation(cx, ptr, 2, dstByteLength);
    }
    return pack(ptr, dstByteLength);
  }

  /** {@code store_probably_utf16_to_latin1_or_utf16}: UTF-16 first, deflate to Latin-1 if it fits. */
  static long storeProbablyUtf16ToLatin1OrUtf16(LiftLowerContext cx, String src, long srcCodeUnits) {
    AbiMemory mem = cx.memory();
    long srcByteLength = 2 * srcCodeUnits;
    long ptr = cx.allocate(2, srcByteLength);
    checkAllocation(cx, ptr, 2, srcByteLength);
    byte[] encoded = src.getBytes(StandardCharsets.UTF_16LE);
    mem.write((int) ptr, encoded, 0, encoded.length);
    if (!isLatin1(src)) {
      return pack(ptr, (encoded.length / 2) | UTF16_TAG);
    }
    int latin1Size = encoded.length / 2;
    for (int i = 0; i < latin1Size; i++) {
      mem.writeByte((int) (ptr + i), mem.readByte((int) (ptr + 2L * i)));
    }
    ptr = cx.reallocate(ptr, srcByteLength, 1, latin1Size);
    checkAllocation(cx, ptr, 1, latin1Size);
    return pack(ptr, latin1Size);
  }

  /** The {@code trap_if}s after each allocation: alignment, then bounds. */
  static void checkAllocation(LiftLowerContext cx, long ptr, int alignment, long byteLength) {
    Storing.checkAllocation(cx, ptr, alignment, byteLength,
        TrapKind.STRING_CONTENT_OUT_OF_BOUNDS, "wasm trap: string content out-of-bounds");
  }

  static boolean isLatin1(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x100) {
        return false;
      }
    }
    return true;
  }

  /** A host string must be a sequence of Unicode scalar values (no unpaired surrogate). */
  static void checkScalarValues(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if ((s.charAt(i) & 0xF800) == 0xD800) { // a surrogate: check pairing from here on
        checkSurrogates(s, i);
        return;
      }
    }
  }

  private static void checkSurrogates(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw new IllegalArgumentException("string has an unpaired surrogate at index " + i);
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw new IllegalArgumentException("string has an unpaired surrogate at index " + i);
      }
    }
  }

}
