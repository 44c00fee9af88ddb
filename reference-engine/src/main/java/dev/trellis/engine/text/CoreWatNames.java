package dev.trellis.engine.text;

import dev.trellis.engine.binary.LebWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code name} custom section of an assembled module, built from the identifiers and
 * {@code (@name ...)} annotations of the text as wasm-tools builds it: module name, functions,
 * locals, labels, types, tables, memories, globals, elems, data, struct fields and tags.
 */
final class CoreWatNames {
  /** A name map: (index, name) pairs in increasing index order. */
  static final class NameMap {
    private final ArrayList<Integer> indices = new ArrayList<>();
    private final ArrayList<byte[]> names = new ArrayList<>();

    void add(int index, String name) {
      indices.add(index);
      names.add(name.getBytes(StandardCharsets.UTF_8));
    }

    boolean isEmpty() {
      return indices.isEmpty();
    }

    void encode(LebWriter out) {
      out.u32(indices.size());
      for (int i = 0; i < indices.size(); i++) {
        out.u32(indices.get(i)).name(names.get(i));
      }
    }
  }

  /** An indirect name map: (outer index, name map) pairs, e.g. function → locals. */
  static final class IndirectMap {
    private final ArrayList<Integer> indices = new ArrayList<>();
    private final ArrayList<NameMap> maps = new ArrayList<>();

    void add(int index, NameMap map) {
      if (!map.isEmpty()) {
        indices.add(index);
        maps.add(map);
      }
    }

    boolean isEmpty() {
      return indices.isEmpty();
    }

    void encode(LebWriter out) {
      out.u32(indices.size());
      for (int i = 0; i < indices.size(); i++) {
        out.u32(indices.get(i));
        maps.get(i).encode(out);
      }
    }
  }

  String module;
  final NameMap funcs = new NameMap();
  final IndirectMap locals = new IndirectMap();
  final IndirectMap labels = new IndirectMap();
  final NameMap types = new NameMap();
  final NameMap tables = new NameMap();
  final NameMap memories = new NameMap();
  final NameMap globals = new NameMap();
  final NameMap elems = new NameMap();
  final NameMap datas = new NameMap();
  final IndirectMap fields = new IndirectMap();
  final NameMap tags = new NameMap();

  /** The section contents (after the section name), or null if there are no names at all. */
  byte[] encode() {
    LebWriter out = new LebWriter(128);
    if (module != null) {
      LebWriter b = new LebWriter(module.length() + 4);
      b.name(module.getBytes(StandardCharsets.UTF_8));
      out.section(0, b);
    }
    List<Object> subsections = List.of(funcs, locals, labels, types, tables, memories, globals, elems, datas,
        fields, tags);
    for (int id = 1; id <= subsections.size(); id++) {
      Object o = subsections.get(id - 1);
      LebWriter b = new LebWriter(64);
      if (o instanceof NameMap m && !m.isEmpty()) {
        m.encode(b);
      } else if (o instanceof IndirectMap m && !m.isEmpty()) {
        m.encode(b);
      } else {
        continue;
      }
      out.section(id, b);
    }
    return out.size() == 0 ? null : out.toByteArray();
  }
}
