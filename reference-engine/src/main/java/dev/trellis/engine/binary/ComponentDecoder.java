package dev.trellis.engine.binary;

import dev.trellis.engine.error.MalformedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decodes the component binary format of Binary.md into the AST of this package, in one pass
 * over the input with an int cursor. Nested components are decoded recursively; embedded core
 * modules are kept as their bytes (only their 8-byte preamble is checked here: their contents
 * are Chicory's to parse).
 *
 * <p>Every item's {@code offset} is its absolute position in the input. Every problem is a
 * {@link MalformedException} with the offset where decoding stopped and what was expected
 * there (worded as wasm-tools words it, so the suites' {@code assert_malformed} messages
 * match). Lengths and counts are checked against the bytes that remain before anything is
 * allocated, and nesting of components and component/instance types is bounded by
 * {@link #MAX_NESTING}, so no input can exhaust memory or the stack.
 */
public final class ComponentDecoder {

  /** How deeply components and component/instance types may nest. */
  public static final int MAX_NESTING = 100;

  /** The most arguments or results a start function may take (as wasm-tools bounds them). */
  public static final int MAX_START_VALUES = 1000;

  private static final Sort[] CORE_SORTS = new Sort[0x13];
  private static final Sort[] SORTS = new Sort[0x06];
  private static final PrimValType[] PRIMS = new PrimValType[0x80];
  private static final CoreValType.Num[] NUMS = new CoreValType.Num[0x80];
  private static final ValTypeRef.Index[] SMALL_INDICES = new ValTypeRef.Index[256];
  private static final CoreValType.Ref[] ABS_REFS = new CoreValType.Ref[0x80];

  static {
    for (Sort s : Sort.values()) {
      (s.isCore() ? CORE_SORTS : SORTS)[s.code()] = s;
    }
    for (PrimValType p : PrimValType.values()) {
      PRIMS[p.code()] = p;
    }
    for (CoreValType.Num n : CoreValType.Num.values()) {
      NUMS[n.code()] = n;
    }
    for (int i = 0; i < SMALL_INDICES.length; i++) {
      SMALL_INDICES[i] = new ValTypeRef.Index(i);
    }
    for (int c = 0x68; c <= 0x75; c++) {
      ABS_REFS[c] = c == CoreValType.Ref.FUNC ? CoreValType.Ref.FUNCREF
          : c == CoreValType.Ref.EXTERN ? CoreValType.Ref.EXTERNREF
          : CoreValType.Ref.abs(true, c);
    }
  }

  private final byte[] b;
  private int pos;
  private int end;
  private int depth;

  private ComponentDecoder(byte[] b) {
    this.b = b;
    this.end = b.length;
  }

  /** Decodes a whole component binary (preamble included). */
  public static Component decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    ComponentDecoder d = new ComponentDecoder(bytes);
    try {
      return d.component();
    } catch (MalformedException e) {
      throw e;
    } catch (RuntimeException e) {
      // Defence in depth: a decoder bug must still surface as a typed error. The mutation
      // test asserts this never happens.
      throw new MalformedException(d.pos, "internal decoder error: " + e, e);
    }
  }

  // ================================================================ primitives

  private MalformedException eof() {
    return new MalformedException(pos, "unexpected end-of-file");
  }

  private static MalformedException err(int offset, String message) {
    return new MalformedException(offset, message);
  }

  private static MalformedException badByte(int offset, int value, String what) {
    return new MalformedException(offset,
        "invalid leading byte (0x" + Integer.toHexString(value) + ") for " + what);
  }

  private int u8() {
    if (pos >= end) {
      throw eof();
    }
    return b[pos++] & 0xff;
  }

  private int peek() {
    if (pos >= end) {
      throw eof();
    }
    return b[pos] & 0xff;
  }

  /** A {@code u32} LEB128 (its 32 bits; values above 2^31 come back negative). */
  private int u32() {
    if (pos < end) {
      int x = b[pos];
      if (x >= 0) {
        pos++;
        return x;
      }
    }
    return u32Slow();
  }

  private int u32Slow() {
    int result = 0;
    for (int i = 0; i < 4; i++) {
      int x = u8();
      result |= (x & 0x7f) << (7 * i);
      if ((x & 0x80) == 0) {
        return result;
      }
    }
    int x = u8();
    if ((x & 0x80) != 0) {
      throw err(pos - 1, "invalid var_u32: integer representation too long");
    }
    if ((x & 0x70) != 0) {
      throw err(pos - 1, "invalid var_u32: integer too large");
    }
    return result | (x << 28);
  }

  /** A {@code u64} LEB128 (its 64 bits). */
  private long u64() {
    long result = 0;
    for (int i = 0; i < 9; i++) {
      int x = u8();
      result |= (long) (x & 0x7f) << (7 * i);
      if ((x & 0x80) == 0) {
        return result;
      }
    }
    int x = u8();
    if ((x & 0x80) != 0) {
      throw err(pos - 1, "invalid var_u64: integer representation too long");
    }
    if ((x & 0x7e) != 0) {
      throw err(pos - 1, "invalid var_u64: integer too large");
    }
    return result | ((long) x << 63);
  }

  /** An {@code s33} LEB128, as used for type indices that share a byte with type opcodes. */
  private long s33() {
    long result = 0;
    int shift = 0;
    for (int i = 0; i < 4; i++) {
      int x = u8();
      result |= (long) (x & 0x7f) << shift;
      shift += 7;
      if ((x & 0x80) == 0) {
        return (result << (64 - shift)) >> (64 - shift);
      }
    }
    int x = u8();
    if ((x & 0x80) != 0) {
      throw err(pos - 1, "invalid var_s33: integer representation too long");
    }
    int unused = x & 0x70;
    if (unused != 0 && unused != 0x70) {
      throw err(pos - 1, "invalid var_s33: integer too large");
    }
    result |= (long) (x & 0x7f) << 28;
    return (result << 29) >> 29;
  }

  /** A vector length: each element takes at least one byte, so it cannot exceed what remains. */
  private int count() {
    int start = pos;
    int n = u32();
    if (n < 0 || n > end - pos) {
      throw new MalformedException(start, "unexpected end-of-file");
    }
    return n;
  }

  /**
   * Initial list capacity for {@code n} elements: counts are only bounded by the bytes left, so a
   * hostile count would otherwise reserve up to 8 references per input byte before failing.
   */
  private static int cap(int n) {
    return Math.min(n, 256);
  }

  private boolean flag() {
    int x = u8();
    if (x > 1) {
      throw err(pos - 1, "invalid boolean value");
    }
    return x == 1;
  }

  /** A {@code name}: u32 length and well-formed UTF-8. */
  private String name() {
    int start = pos;
    int len = u32();
    if (len < 0 || len > end - pos) {
      throw new MalformedException(start, "unexpected end-of-file");
    }
    String s = utf8(pos, len);
    pos += len;
    return s;
  }

  private String utf8(int off, int len) {
    int e = off + len;
    int i = off;
    while (i < e && b[i] >= 0) {
      i++;
    }
    if (i == e) {
      return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
    while (i < e) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int n;
      int lo = 0x80;
      int hi = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) {
        n = 1;
      } else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        if (c == 0xe0) {
          lo = 0xa0;
        } else if (c == 0xed) {
          hi = 0x9f;
        }
      } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        if (c == 0xf0) {
          lo = 0x90;
        } else if (c == 0xf4) {
          hi = 0x8f;
        }
      } else {
        throw err(i, "malformed UTF-8 encoding");
      }
      if (n > e - i - 1) {
        throw err(i, "malformed UTF-8 encoding");
      }
      int c1 = b[i + 1] & 0xff;
      if (c1 < lo || c1 > hi) {
        throw err(i, "malformed UTF-8 encoding");
      }
      for (int k = 2; k <= n; k++) {
        if ((b[i + k] & 0xc0) != 0x80) {
          throw err(i, "malformed UTF-8 encoding");
        }
      }
      i += n + 1;
    }
    return new String(b, off, len, StandardCharsets.UTF_8);
  }

  // ================================================================ preambles

  private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};

  /** Checks an 8-byte preamble at {@code pos}; {@code component} selects the expected layer. */
  private void preamble(boolean component) {
    int start = pos;
    for (int i = 0; i < 4; i++) {
      if (pos >= end) {
        throw eof();
      }
      if (b[pos] != MAGIC[i]) {
        throw err(start, "magic header not detected: bad magic number");
      }
      pos++;
    }
    if (end - pos < 4) {
      throw new MalformedException(end, "unexpected end-of-file");
    }
    int version = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8;
    int layer = (b[pos + 2] & 0xff) | (b[pos + 3] & 0xff) << 8;
    if (layer == 1) {
      if (version != Component.VERSION) {
        throw err(pos, "unknown binary version: 0x" + Integer.toHexString(version));
      }
      if (!component) {
        throw err(pos, "expected a version header for a module");
      }
    } else if (layer == 0) {
      if (version != 1) {
        throw err(pos, "unknown binary version: 0x" + Integer.toHexString(version));
      }
      if (component) {
        throw err(pos, "expected a version header for a component");
      }
    } else {
      throw err(pos + 2, "unknown binary version: layer 0x" + Integer.toHexString(layer));
    }
    pos += 4;
  }

  // ================================================================ components and sections

  /** A component from {@code pos} to {@code end}. */
  private Component component() {
    if (++depth > MAX_NESTING) {
      throw err(pos, "nesting too deep");
    }
    preamble(true);
    List<Section> sections = new ArrayList<>();
    while (pos < end) {
      int start = pos;
      int id = b[pos++] & 0xff;
      if (id > 12) {
        throw err(start, "malformed section id: " + id);
      }
      int sizeAt = pos;
      int size = u32();
      if (size < 0 || size > end - pos) {
        throw new MalformedException(sizeAt, "unexpected end-of-file");
      }
      int outerEnd = end;
      end = pos + size;
      sections.add(section(id, start));
      if (pos != end) {
        throw err(pos, "unexpected data at the end of the section");
      }
      end = outerEnd;
    }
    depth--;
    return new Component(sections);
  }

  private Section section(int id, int start) {
    return switch (id) {
      case 0 -> {
        String name = name();
        Bytes data = Bytes.of(b, pos, end);
        pos = end;
        yield new Section.Custom(name, data, start);
      }
      case 1 -> {
        int from = pos;
        preamble(false);
        pos = end;
        yield new Section.CoreModule(Bytes.of(b, from, end), start);
      }
      case 2 -> coreInstances(start);
      case 3 -> {
        int n = count();
        List<CoreTypeDef> items = new ArrayList<>(cap(n));
        for (int i = 0; i < n; i++) {
          int off = pos;
          items.add(new CoreTypeDef(coreDefType(), off));
        }
        yield new Section.CoreTypes(items, start);
      }
      case 4 -> new Section.NestedComponent(component(), start);
      case 5 -> instances(start);
      case 6 -> {
        int n = count();
        List<Alias> items = new ArrayList<>(cap(n));
        for (int i = 0; i < n; i++) {
          items.add(alias(pos));
        }
        yield new Section.Aliases(items, start);
      }
      case 7 -> {
        int n = count();
        List<TypeDef> items = new ArrayList<>(cap(n));
        for (int i = 0; i < n; i++) {
          int off = pos;
          items.add(new TypeDef(defType(), off));
        }
        yield new Section.Types(items, start);
      }
      case 8 -> {
        int n = count();
        List<CanonDef> items = new ArrayList<>(cap(n));
        for (int i = 0; i < n; i++) {
          int off = pos;
          items.add(new CanonDef(canon(), off));
        }
        yield new Section.Canons(items, start);
      }
      case 9 -> {
        int off = pos;
        int func = u32();
        int nAt = pos;
        int n = count();
        if (n > MAX_START_VALUES) {
          throw err(nAt, "start function arguments size is out of bounds");
        }
        List<Integer> args = new ArrayList<>(cap(n));
        for (int i = 0; i < n; i++) {
          args.add(u32());
        }
        int rAt = pos;
        int results = u32();
        if (results < 0 || results > MAX_START_VALUES) {
          throw err(rAt, "start function results size is out of bounds");
        }
        if (pos != end) {
          throw err(pos, "unexpected content in the component start section");
        }
        yield new Section.Start(new StartDef(func, args, results, off), start);
      }
      case 10 -> {
        int n = count();
        List<Import> items = new ArrayList<>(cap(n));
        for (int i = 0; i < n; i++) {
          int off = pos;
          items.add(new Import(externName(), externDesc(), off));
        }
        yield new Section.Imports(items, start);
      }
      case 11 -> {
        int n = count();
        List<Export> items = new ArrayList<>(cap(n));
        for (int i = 0; i < n; i++) {
          int off = pos;
          ExternName name = externName();
          SortIdx item = sortIdx();
          int at = pos;
          int opt = u8();
          ExternDesc ascribed = switch (opt) {
            case 0x00 -> null;
            case 0x01 -> externDesc();
            default -> throw badByte(at, opt, "optional component export type");
          };
          items.add(new Export(name, item, ascribed, off));
        }
        yield new Section.Exports(items, start);
      }
      case 12 -> {
        int n = count();
        List<ValueDef> items = new ArrayList<>(cap(n));
        for (int i = 0; i < n; i++) {
          int off = pos;
          ValTypeRef t = valType();
          int lenAt = pos;
          int len = u32();
          if (len < 0 || len > end - pos) {
            throw new MalformedException(lenAt, "unexpected end-of-file");
          }
          items.add(new ValueDef(t, Bytes.of(b, pos, pos + len), off));
          pos += len;
        }
        yield new Section.Values(items, start);
      }
      default -> throw err(start, "malformed section id: " + id);
    };
  }

  // ================================================================ instances, aliases, sorts

  private Section coreInstances(int start) {
    int n = count();
    List<CoreInstance> items = new ArrayList<>(cap(n));
    for (int i = 0; i < n; i++) {
      int off = pos;
      int tag = u8();
      switch (tag) {
        case 0x00 -> {
          int module = u32();
          int na = count();
          List<CoreInstance.Arg> args = new ArrayList<>(cap(na));
          for (int k = 0; k < na; k++) {
            String name = name();
            int kind = u8();
            if (kind != 0x12) {
              throw badByte(pos - 1, kind, "instantiation arg kind");
            }
            args.add(new CoreInstance.Arg(name, u32()));
          }
          items.add(new CoreInstance.Instantiate(module, args, off));
        }
        case 0x01 -> {
          int ne = count();
          List<CoreInstance.InlineExport> exports = new ArrayList<>(cap(ne));
          for (int k = 0; k < ne; k++) {
            String name = name();
            int at = pos;
            int code = u8();
            Sort s = code < CORE_SORTS.length ? CORE_SORTS[code] : null;
            if (s == null) {
              throw badByte(at, code, "external kind");
            }
            exports.add(new CoreInstance.InlineExport(name, s, u32()));
          }
          items.add(new CoreInstance.FromExports(exports, off));
        }
        default -> throw badByte(off, tag, "core instance");
      }
    }
    return new Section.CoreInstances(items, start);
  }

  private Section instances(int start) {
    int n = count();
    List<Instance> items = new ArrayList<>(cap(n));
    for (int i = 0; i < n; i++) {
      int off = pos;
      int tag = u8();
      switch (tag) {
        case 0x00 -> {
          int component = u32();
          int na = count();
          List<Instance.Arg> args = new ArrayList<>(cap(na));
          for (int k = 0; k < na; k++) {
            String name = name();
            args.add(new Instance.Arg(name, sortIdx()));
          }
          items.add(new Instance.Instantiate(component, args, off));
        }
        case 0x01 -> {
          int ne = count();
          List<Instance.InlineExport> exports = new ArrayList<>(cap(ne));
          for (int k = 0; k < ne; k++) {
            ExternName name = externName();
            exports.add(new Instance.InlineExport(name, sortIdx()));
          }
          items.add(new Instance.FromExports(exports, off));
        }
        default -> throw badByte(off, tag, "instance");
      }
    }
    return new Section.Instances(items, start);
  }

  /** {@code sort}: {@code 0x00 core:sort} or a component sort byte. */
  private Sort sort() {
    int at = pos;
    int k = u8();
    if (k == 0x00) {
      at = pos;
      int c = u8();
      Sort s = c < CORE_SORTS.length ? CORE_SORTS[c] : null;
      if (s == null) {
        throw badByte(at, c, "component external kind");
      }
      return s;
    }
    Sort s = k < SORTS.length ? SORTS[k] : null;
    if (s == null) {
      throw badByte(at, k, "component external kind");
    }
    return s;
  }

  private SortIdx sortIdx() {
    Sort s = sort();
    return new SortIdx(s, u32());
  }

  /** An {@code alias}; {@code offset} is recorded as its position. */
  private Alias alias(int offset) {
    int at1 = pos;
    int k1 = u8();
    int at2 = pos;
    int k2 = k1 == 0x00 ? u8() : -1;
    int tagAt = pos;
    int tag = u8();
    switch (tag) {
      case 0x00 -> {
        Sort s;
        if (k1 == 0x00) {
          s = k2 < CORE_SORTS.length ? CORE_SORTS[k2] : null;
          if (s == null) {
            throw badByte(at2, k2, "component external kind");
          }
        } else {
          s = k1 < SORTS.length ? SORTS[k1] : null;
          if (s == null) {
            throw badByte(at1, k1, "component external kind");
          }
        }
        int instance = u32();
        return new Alias(s, new Alias.Export(instance, name()), offset);
      }
      case 0x01 -> {
        if (k1 != 0x00) {
          throw badByte(at1, k1, "core export alias kind");
        }
        Sort s = k2 <= 0x04 ? CORE_SORTS[k2] : null;
        if (s == null) {
          throw badByte(at2, k2, "external kind");
        }
        int instance = u32();
        return new Alias(s, new Alias.CoreExport(instance, name()), offset);
      }
      case 0x02 -> {
        Sort s;
        if (k1 == 0x00) {
          s = k2 == 0x11 ? Sort.CORE_MODULE : k2 == 0x10 ? Sort.CORE_TYPE : null;
          if (s == null) {
            throw badByte(at2, k2, "component outer alias kind");
          }
        } else {
          s = k1 == 0x03 ? Sort.TYPE : k1 == 0x04 ? Sort.COMPONENT : null;
          if (s == null) {
            throw badByte(at1, k1, "component outer alias kind");
          }
        }
        int count = u32();
        return new Alias(s, new Alias.Outer(count, u32()), offset);
      }
      default -> throw badByte(tagAt, tag, "alias");
    }
  }

  // ================================================================ names and extern types

  private ExternName externName() {
    int off = pos;
    int form = u8();
    switch (form) {
      case 0x00, 0x01 -> {
        return new ExternName(name(), form, List.of());
      }
      case 0x02 -> {
        String name = name();
        int n = count();
        List<ExternName.Attribute> attrs = new ArrayList<>(cap(n));
        for (int i = 0; i < n; i++) {
          int at = pos;
          int tag = u8();
          attrs.add(switch (tag) {
            case 0x00 -> new ExternName.Implements(name());
            case 0x01 -> new ExternName.VersionSuffix(name());
            case 0x02 -> new ExternName.ExternalId(name());
            default -> throw badByte(at, tag, "name option");
          });
        }
        return new ExternName(name, form, attrs);
      }
      default -> throw badByte(off, form, "component name");
    }
  }

  private ExternDesc externDesc() {
    int off = pos;
    int k = u8();
    return switch (k) {
      case 0x00 -> {
        int c = u8();
        if (c != 0x11) {
          throw badByte(off, k, "component external kind");
        }
        yield new ExternDesc.CoreModule(u32());
      }
      case 0x01 -> new ExternDesc.Func(u32());
      case 0x02 -> {
        int at = pos;
        int t = u8();
        yield new ExternDesc.Value(switch (t) {
          case 0x00 -> new ExternDesc.ValueEq(u32());
          case 0x01 -> new ExternDesc.ValueOf(valType());
          default -> throw badByte(at, t, "value bound");
        });
      }
      case 0x03 -> {
        int at = pos;
        int t = u8();
        yield new ExternDesc.Type(switch (t) {
          case 0x00 -> new ExternDesc.Eq(u32());
          case 0x01 -> new ExternDesc.SubResource();
          default -> throw badByte(at, t, "type bound");
        });
      }
      case 0x04 -> new ExternDesc.Component(u32());
      case 0x05 -> new ExternDesc.Instance(u32());
      default -> throw badByte(off, k, "component external kind");
    };
  }

  // ================================================================ component types

  private ValTypeRef valType() {
    int off = pos;
    int x = peek();
    if (x < 0x40) {
      pos++;
      return SMALL_INDICES[x];
    }
    if (x < 0x80 && PRIMS[x] != null) {
      pos++;
      return PRIMS[x];
    }
    long v = s33();
    if (v < 0) {
      throw badByte(off, x, "component value type");
    }
    return v < SMALL_INDICES.length ? SMALL_INDICES[(int) v] : new ValTypeRef.Index((int) v);
  }

  private ValTypeRef optValType(String what) {
    int at = pos;
    int t = u8();
    return switch (t) {
      case 0x00 -> null;
      case 0x01 -> valType();
      default -> throw badByte(at, t, what);
    };
  }

  private List<String> labels() {
    int n = count();
    if (n == 0) {
      return List.of();
    }
    List<String> out = new ArrayList<>(cap(n));
    for (int i = 0; i < n; i++) {
      out.add(name());
    }
    return out;
  }

  /** {@code resultlist}: null for the empty list. */
  private ValTypeRef resultList() {
    int at = pos;
    int t = u8();
    if (t == 0x00) {
      return valType();
    }
    if (t == 0x01) {
      int z = u8();
      if (z != 0x00) {
        throw badByte(pos - 1, z, "number of results");
      }
      return null;
    }
    throw badByte(at, t, "component function results");
  }

  private DefType defType() {
    int off = pos;
    int op = u8();
    if (op < 0x80 && PRIMS[op] != null) {
      return new DefType.PrimitiveDef(PRIMS[op]);
    }
    switch (op) {
      case 0x72 -> {
        int n = count();
        List<DefType.Field> fields = new ArrayList<>(cap(n));
        for (int i = 0; i < n; i++) {
          String l = name();
          fields.add(new DefType.Field(l, valType()));
        }
        return new DefType.RecordDef(fields);
      }
      case 0x71 -> {
        int n = count();
        List<DefType.Case> cases = new ArrayList<>(cap(n));
        for (int i = 0; i < n; i++) {
          String l = name();
          ValTypeRef t = optValType("variant case type");
          int z = u8();
          if (z != 0x00) {
            throw badByte(pos - 1, z, "zero byte required");
          }
          cases.add(new DefType.Case(l, t));
        }
        return new DefType.VariantDef(cases);
      }
      case 0x70 -> {
        return new DefType.ListDef(valType());
      }
      case 0x67 -> {
        ValTypeRef t = valType();
        return new DefType.FixedListDef(t, Integer.toUnsignedLong(u32()));
      }
      case 0x6f -> {
        int n = count();
        List<ValTypeRef> types = new ArrayList<>(cap(n));
        for (int i = 0; i < n; i++) {
          types.add(valType());
        }
        return new DefType.TupleDef(types);
      }
      case 0x6e -> {
        return new DefType.FlagsDef(labels());
      }
      case 0x6d -> {
        return new DefType.EnumDef(labels());
      }
      case 0x6b -> {
        return new DefType.OptionDef(valType());
      }
      case 0x6a -> {
        ValTypeRef ok = optValType("optional result type");
        return new DefType.ResultDef(ok, optValType("optional error type"));
      }
      case 0x69 -> {
        return new DefType.OwnDef(u32());
      }
      case 0x68 -> {
        return new DefType.BorrowDef(u32());
      }
      case 0x66 -> {
        return new DefType.StreamDef(optValType("optional stream type"));
      }
      case 0x65 -> {
        return new DefType.FutureDef(optValType("optional future type"));
      }
      case 0x63 -> {
        ValTypeRef k = valType();
        return new DefType.MapDef(k, valType());
      }
      case 0x40, 0x43 -> {
        int n = count();
        List<DefType.Param> params = new ArrayList<>(cap(n));
        for (int i = 0; i < n; i++) {
          String l = name();
          params.add(new DefType.Param(l, valType()));
        }
        return new DefType.FuncDef(op == 0x43, params, resultList());
      }
      case 0x41 -> {
        return new DefType.ComponentDef(decls(off, true));
      }
      case 0x42 -> {
        return new DefType.InstanceDef(decls(off, false));
      }
      case 0x3f -> {
        CoreValType rep = coreValType();
        int at = pos;
        int t = u8();
        Integer dtor = switch (t) {
          case 0x00 -> null;
          case 0x01 -> u32();
          default -> throw badByte(at, t, "optional resource destructor");
        };
        return new DefType.ResourceDef(rep, dtor, null);
      }
      default -> throw badByte(off, op, "component defined type");
    }
  }

  private List<Decl> decls(int typeOffset, boolean component) {
    if (++depth > MAX_NESTING) {
      throw err(typeOffset, "nesting too deep");
    }
    int n = count();
    List<Decl> decls = new ArrayList<>(cap(n));
    for (int i = 0; i < n; i++) {
      int off = pos;
      int tag = u8();
      decls.add(switch (tag) {
        case 0x00 -> new Decl.CoreTypeDecl(coreDefType(), off);
        case 0x01 -> new Decl.TypeDecl(defType(), off);
        case 0x02 -> new Decl.AliasDecl(alias(off));
        case 0x03 -> {
          if (!component) {
            throw badByte(off, tag, "component or instance type declaration");
          }
          ExternName name = externName();
          yield new Decl.ImportDecl(name, externDesc(), off);
        }
        case 0x04 -> {
          ExternName name = externName();
          yield new Decl.ExportDecl(name, externDesc(), off);
        }
        default -> throw badByte(off, tag, "component or instance type declaration");
      });
    }
    depth--;
    return decls;
  }

  // ================================================================ canon

  private List<CanonOpt> opts() {
    int n = count();
    if (n == 0) {
      return List.of();
    }
    List<CanonOpt> opts = new ArrayList<>(cap(n));
    for (int i = 0; i < n; i++) {
      int at = pos;
      int tag = u8();
      opts.add(switch (tag) {
        case 0x00 -> CanonOpt.StringEncoding.UTF8;
        case 0x01 -> CanonOpt.StringEncoding.UTF16;
        case 0x02 -> CanonOpt.StringEncoding.LATIN1_UTF16;
        case 0x03 -> new CanonOpt.Memory(u32());
        case 0x04 -> new CanonOpt.Realloc(u32());
        case 0x05 -> new CanonOpt.PostReturn(u32());
        case 0x06 -> new CanonOpt.Async();
        case 0x07 -> new CanonOpt.Callback(u32());
        case 0x08 -> new CanonOpt.CoreType(u32());
        case 0x09 -> new CanonOpt.Gc();
        default -> throw badByte(at, tag, "canonical option");
      });
    }
    return opts;
  }

  private Canon canon() {
    int off = pos;
    int op = u8();
    return switch (op) {
      case 0x00 -> {
        int s = u8();
        if (s != 0x00) {
          throw badByte(pos - 1, s, "canonical function lift");
        }
        int f = u32();
        List<CanonOpt> opts = opts();
        yield new Canon.Lift(f, opts, u32());
      }
      case 0x01 -> {
        int s = u8();
        if (s != 0x00) {
          throw badByte(pos - 1, s, "canonical function lower");
        }
        int f = u32();
        yield new Canon.Lower(f, opts());
      }
      case 0x02 -> new Canon.ResourceNew(u32());
      case 0x03 -> new Canon.ResourceDrop(u32(), false);
      case 0x04 -> new Canon.ResourceRep(u32());
      case 0x05 -> new Canon.TaskCancel();
      case 0x06 -> new Canon.SubtaskCancel(flag());
      case 0x09 -> {
        ValTypeRef r = resultList();
        yield new Canon.TaskReturn(r, opts());
      }
      case 0x0a -> {
        CoreValType t = coreValType();
        yield new Canon.ContextGet(t, u32());
      }
      case 0x0b -> {
        CoreValType t = coreValType();
        yield new Canon.ContextSet(t, u32());
      }
      case 0x0c -> new Canon.ThreadYield(flag());
      case 0x0d -> new Canon.SubtaskDrop();
      case 0x0e -> new Canon.StreamNew(u32());
      case 0x0f -> {
        int t = u32();
        yield new Canon.StreamRead(t, opts());
      }
      case 0x10 -> {
        int t = u32();
        yield new Canon.StreamWrite(t, opts());
      }
      case 0x11 -> {
        int t = u32();
        yield new Canon.StreamCancelRead(t, flag());
      }
      case 0x12 -> {
        int t = u32();
        yield new Canon.StreamCancelWrite(t, flag());
      }
      case 0x13 -> new Canon.StreamDropReadable(u32());
      case 0x14 -> new Canon.StreamDropWritable(u32());
      case 0x15 -> new Canon.FutureNew(u32());
      case 0x16 -> {
        int t = u32();
        yield new Canon.FutureRead(t, opts());
      }
      case 0x17 -> {
        int t = u32();
        yield new Canon.FutureWrite(t, opts());
      }
      case 0x18 -> {
        int t = u32();
        yield new Canon.FutureCancelRead(t, flag());
      }
      case 0x19 -> {
        int t = u32();
        yield new Canon.FutureCancelWrite(t, flag());
      }
      case 0x1a -> new Canon.FutureDropReadable(u32());
      case 0x1b -> new Canon.FutureDropWritable(u32());
      case 0x1c -> new Canon.ErrorContextNew(opts());
      case 0x1d -> new Canon.ErrorContextDebugMessage(opts());
      case 0x1e -> new Canon.ErrorContextDrop();
      case 0x1f -> new Canon.WaitableSetNew();
      case 0x20 -> {
        boolean c = flag();
        yield new Canon.WaitableSetWait(c, u32());
      }
      case 0x21 -> {
        boolean c = flag();
        yield new Canon.WaitableSetPoll(c, u32());
      }
      case 0x22 -> new Canon.WaitableSetDrop();
      case 0x23 -> new Canon.WaitableJoin();
      case 0x24 -> new Canon.BackpressureInc();
      case 0x25 -> new Canon.BackpressureDec();
      case 0x26 -> new Canon.ThreadIndex();
      case 0x27 -> {
        int t = u32();
        yield new Canon.ThreadNewIndirect(t, u32());
      }
      case 0x28 -> new Canon.ThreadResumeLater();
      case 0x29 -> new Canon.ThreadSuspend(flag());
      case 0x2a -> new Canon.ThreadSuspendThenResume(flag());
      case 0x2b -> new Canon.ThreadYieldThenResume(flag());
      case 0x2c -> new Canon.ThreadSuspendThenPromote(flag());
      case 0x2d -> new Canon.ThreadYieldThenPromote(flag());
      case 0x40 -> {
        boolean sh = flag();
        yield new Canon.ThreadSpawnRef(sh, u32());
      }
      case 0x41 -> {
        boolean sh = flag();
        int t = u32();
        yield new Canon.ThreadSpawnIndirect(sh, t, u32());
      }
      case 0x42 -> new Canon.ThreadAvailableParallelism(flag());
      default -> throw badByte(off, op, "canonical function");
    };
  }

  // ================================================================ core types

  /** A {@code core:deftype} at component level: rec group, sub type (0x00 0x50 prefix) or module type. */
  private CoreDefType coreDefType() {
    int op = peek();
    switch (op) {
      case 0x50 -> {
        pos++;
        return new CoreDefType.ModuleType(moduleDecls());
      }
      case 0x00 -> {
        pos++;
        int z = u8();
        if (z != 0x50) {
          throw badByte(pos - 1, z, "non-final sub type");
        }
        List<Integer> supers = typeIndices();
        boolean shared = sharedPrefix();
        return new CoreDefType.Sub(new CoreSubType(CoreSubType.Form.NON_FINAL, supers, compType(), shared));
      }
      case 0x4e -> {
        return recGroup();
      }
      default -> {
        return new CoreDefType.Sub(subType());
      }
    }
  }

  private CoreDefType.RecGroup recGroup() {
    pos++; // 0x4e
    int n = count();
    List<CoreSubType> types = new ArrayList<>(cap(n));
    for (int i = 0; i < n; i++) {
      types.add(subType());
    }
    return new CoreDefType.RecGroup(types);
  }

  /** A {@code subtype} as in a core module: 0x50 non-final, 0x4f final, or a bare comptype. */
  private CoreSubType subType() {
    int op = peek();
    if (op == 0x50 || op == 0x4f) {
      pos++;
      List<Integer> supers = typeIndices();
      boolean shared = sharedPrefix();
      return new CoreSubType(op == 0x50 ? CoreSubType.Form.NON_FINAL : CoreSubType.Form.FINAL, supers, compType(), shared);
    }
    boolean shared = sharedPrefix();
    return new CoreSubType(CoreSubType.Form.PLAIN, List.of(), compType(), shared);
  }

  /** The {@code 0x65} prefix of a shared composite type (shared-everything-threads). */
  private boolean sharedPrefix() {
    if (peek() == 0x65) {
      pos++;
      return true;
    }
    return false;
  }

  private List<Integer> typeIndices() {
    int n = count();
    if (n == 0) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>(cap(n));
    for (int i = 0; i < n; i++) {
      out.add(u32());
    }
    return out;
  }

  private CoreCompType compType() {
    int off = pos;
    int op = u8();
    switch (op) {
      case 0x60 -> {
        List<CoreValType> params = coreValTypes();
        return new CoreCompType.Func(params, coreValTypes());
      }
      case 0x5f -> {
        int n = count();
        List<CoreCompType.FieldType> fields = new ArrayList<>(cap(n));
        for (int i = 0; i < n; i++) {
          fields.add(fieldType());
        }
        return new CoreCompType.Struct(fields);
      }
      case 0x5e -> {
        return new CoreCompType.Array(fieldType());
      }
      default -> throw badByte(off, op, "core type");
    }
  }

  private List<CoreValType> coreValTypes() {
    int n = count();
    if (n == 0) {
      return List.of();
    }
    List<CoreValType> out = new ArrayList<>(cap(n));
    for (int i = 0; i < n; i++) {
      out.add(coreValType());
    }
    return out;
  }

  private CoreCompType.FieldType fieldType() {
    int st = peek();
    CoreValType t = null;
    int packed = 0;
    if (st == 0x78 || st == 0x77) {
      pos++;
      packed = st;
    } else {
      t = coreValType();
    }
    int m = u8();
    if (m > 1) {
      throw err(pos - 1, "malformed mutability");
    }
    return new CoreCompType.FieldType(t, packed, m == 1);
  }

  private CoreValType coreValType() {
    int off = pos;
    int x = u8();
    if (x < 0x80) {
      CoreValType.Num n = NUMS[x];
      if (n != null) {
        return n;
      }
      CoreValType.Ref r = ABS_REFS[x];
      if (r != null) {
        return r;
      }
    }
    return switch (x) {
      case 0x63 -> heapType(true);
      case 0x64 -> heapType(false);
      case 0x65 -> {
        int at = pos;
        int h = u8();
        if (h >= 0x80 || ABS_REFS[h] == null) {
          throw badByte(at, h, "shared heap type");
        }
        yield new CoreValType.Ref(true, h, -1, true);
      }
      default -> throw badByte(off, x, "value type");
    };
  }

  private CoreValType.Ref heapType(boolean nullable) {
    int off = pos;
    int x = peek();
    if (x == 0x65) {
      pos++;
      int at = pos;
      int h = u8();
      if (h >= 0x80 || ABS_REFS[h] == null) {
        throw badByte(at, h, "shared heap type");
      }
      return new CoreValType.Ref(nullable, h, -1, true);
    }
    if (x < 0x80 && ABS_REFS[x] != null) {
      pos++;
      return nullable ? ABS_REFS[x] : CoreValType.Ref.abs(false, x);
    }
    long v = s33();
    if (v < 0) {
      throw badByte(off, x, "heap type");
    }
    if (v > Integer.MAX_VALUE) {
      throw err(off, "type index too large");
    }
    return CoreValType.Ref.concrete(nullable, (int) v);
  }

  private List<CoreDefType.ModuleDecl> moduleDecls() {
    int n = count();
    List<CoreDefType.ModuleDecl> decls = new ArrayList<>(cap(n));
    for (int i = 0; i < n; i++) {
      int off = pos;
      int tag = u8();
      decls.add(switch (tag) {
        case 0x00 -> {
          String module = name();
          String name = name();
          yield new CoreDefType.ImportDecl(module, name, coreExternType(), off);
        }
        case 0x01 -> {
          CoreDefType t = peek() == 0x4e ? recGroup() : new CoreDefType.Sub(subType());
          yield new CoreDefType.TypeDecl(t, off);
        }
        case 0x02 -> {
          int k = u8();
          if (k != 0x10) {
            throw badByte(pos - 1, k, "outer alias kind");
          }
          int t = u8();
          if (t != 0x01) {
            throw badByte(pos - 1, t, "outer alias target");
          }
          int count = u32();
          yield new CoreDefType.OuterAliasDecl(count, u32(), off);
        }
        case 0x03 -> {
          String name = name();
          yield new CoreDefType.ExportDecl(name, coreExternType(), off);
        }
        default -> throw badByte(off, tag, "type definition");
      });
    }
    return decls;
  }

  private CoreExternType coreExternType() {
    int off = pos;
    int k = u8();
    return switch (k) {
      case 0x00 -> new CoreExternType.Func(u32());
      case 0x01 -> {
        int at = pos;
        if (!(coreValType() instanceof CoreValType.Ref r)) {
          throw err(at, "invalid reference type for a table");
        }
        yield new CoreExternType.Table(r, limits());
      }
      case 0x02 -> new CoreExternType.Memory(limits());
      case 0x03 -> {
        CoreValType t = coreValType();
        int m = u8();
        if ((m & ~0x03) != 0) {
          throw err(pos - 1, "malformed mutability");
        }
        yield new CoreExternType.Global(t, (m & 1) != 0, (m & 2) != 0);
      }
      case 0x04 -> {
        int a = u8();
        if (a != 0x00) {
          throw badByte(pos - 1, a, "tag attribute");
        }
        yield new CoreExternType.Tag(u32());
      }
      default -> throw badByte(off, k, "external kind");
    };
  }

  private CoreExternType.Limits limits() {
    int flags = u8();
    if (flags > 0x0f) {
      throw badByte(pos - 1, flags, "limits flags");
    }
    boolean is64 = (flags & 0x04) != 0;
    long min = is64 ? u64() : Integer.toUnsignedLong(u32());
    Long max = (flags & 0x01) != 0 ? (Long) (is64 ? u64() : Integer.toUnsignedLong(u32())) : null;
    Integer page = (flags & 0x08) != 0 ? (Integer) u32() : null;
    return new CoreExternType.Limits(flags, min, max, page);
  }
}
