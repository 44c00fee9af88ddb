package dev.trellis.engine.text;

import dev.trellis.engine.binary.Bytes;
import dev.trellis.engine.binary.LebWriter;
import dev.trellis.engine.binary.Sort;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A component's {@code component-name} custom section (Binary.md#name-section), read so the
 * printer can show identifiers. A <em>canonical</em> section is one a text parser that
 * regenerates name sections (as wasm-tools does) writes byte for byte from the identifiers the
 * printer writes: component name first, then one subsection per sort in sort order, indices
 * ascending, names unique within a sort.
 */
final class PrinterNames {
  static final String SECTION = "component-name";

  /** Sort order of the regenerated subsections: core sorts by code, then component sorts. */
  private static final List<Sort> ORDER = List.of(
      Sort.CORE_FUNC, Sort.CORE_TABLE, Sort.CORE_MEMORY, Sort.CORE_GLOBAL, Sort.CORE_TAG,
      Sort.CORE_TYPE, Sort.CORE_MODULE, Sort.CORE_INSTANCE,
      Sort.FUNC, Sort.VALUE, Sort.TYPE, Sort.COMPONENT, Sort.INSTANCE);

  final String component;
  final Map<Sort, TreeMap<Integer, String>> names;

  private PrinterNames(String component, Map<Sort, TreeMap<Integer, String>> names) {
    this.component = component;
    this.names = names;
  }

  static final PrinterNames NONE = new PrinterNames(null, new EnumMap<>(Sort.class));

  String name(Sort s, int index) {
    TreeMap<Integer, String> m = names.get(s);
    return m == null ? null : m.get(index);
  }

  /** Every (sort, index) that has a name, for checking that the printer used them all. */
  Set<Long> keys() {
    Set<Long> out = new HashSet<>();
    names.forEach((s, m) -> m.keySet().forEach(i -> out.add(key(s, i))));
    return out;
  }

  static long key(Sort s, int index) {
    return ((long) s.ordinal() << 32) | Integer.toUnsignedLong(index);
  }

  /** The names in {@code data} if it is a canonical name section, else null. */
  static PrinterNames parse(Bytes data) {
    return parse(data, true);
  }

  /**
   * The names in {@code data}, or null if it is malformed or two items of a sort share a name
   * (they could not both be identifiers); {@code canonical} also requires it to be exactly what
   * a parser would regenerate from those identifiers.
   */
  static PrinterNames parse(Bytes data, boolean canonical) {
    byte[] b = data.unsafeArray();
    Reader r = new Reader(b);
    String component = null;
    Map<Sort, TreeMap<Integer, String>> names = new EnumMap<>(Sort.class);
    try {
      if (r.pos < b.length && b[r.pos] == 0) {
        r.pos++;
        int size = r.u32();
        int end = r.pos + size;
        component = r.name();
        if (r.pos != end) {
          return null;
        }
      }
      while (r.pos < b.length) {
        if (b[r.pos++] != 1) {
          return null;
        }
        int size = r.u32();
        int end = r.pos + size;
        int k = r.u8();
        Sort s = k == 0 ? Sort.core(r.u8()) : Sort.component(k);
        if (s == null || names.containsKey(s)) {
          return null;
        }
        int n = r.u32();
        TreeMap<Integer, String> m = new TreeMap<>(Integer::compareUnsigned);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
          int idx = r.u32();
          String name = r.name();
          if (m.put(idx, name) != null || !seen.add(name) || name.isEmpty()) {
            return null;
          }
        }
        if (r.pos != end || m.isEmpty()) {
          return null;
        }
        names.put(s, m);
      }
    } catch (RuntimeException e) {
      return null; // truncated or malformed: not ours to interpret
    }
    if (component != null && component.isEmpty()) {
      return null;
    }
    PrinterNames p = new PrinterNames(component, names);
    return !canonical || java.util.Arrays.equals(p.encode(), b) ? p : null;
  }

  /** The section payload a parser writes for these names. */
  byte[] encode() {
    LebWriter w = new LebWriter();
    if (component != null) {
      LebWriter sub = new LebWriter().name(component);
      w.u8(0).u32(sub.size()).bytes(sub);
    }
    for (Sort s : ORDER) {
      TreeMap<Integer, String> m = names.get(s);
      if (m == null) {
        continue;
      }
      LebWriter sub = new LebWriter();
      if (s.isCore()) {
        sub.u8(0);
      }
      sub.u8(s.code()).u32(m.size());
      m.forEach((i, n) -> sub.u32(i).name(n));
      w.u8(1).u32(sub.size()).bytes(sub);
    }
    return w.toByteArray();
  }

  private static final class Reader {
    final byte[] b;
    int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    int u8() {
      return b[pos++] & 0xff;
    }

    int u32() {
      int result = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        int x = u8();
        result |= (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          return result;
        }
      }
      throw new IllegalStateException("LEB too long");
    }

    String name() {
      int len = u32();
      if (len < 0 || len > b.length - pos) {
        throw new IllegalStateException("name past end");
      }
      String s;
      try {
        s = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(java.nio.ByteBuffer.wrap(b, pos, len))
            .toString();
      } catch (CharacterCodingException e) {
        throw new IllegalStateException(e);
      }
      pos += len;
      return s;
    }
  }
}
