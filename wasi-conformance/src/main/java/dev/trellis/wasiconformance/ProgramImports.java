package dev.trellis.wasiconformance;

import dev.trellis.engine.wit.Resolve;
import dev.trellis.engine.wit.Wit;
import java.util.Set;
import java.util.TreeSet;

/**
 * The WASI functions a program can call at all: what its code imports (and, for the
 * functions the host calls, exports). For a C program that is its own core module's imports,
 * not the preview1 adapter's (the adapter imports much more than a program makes it call);
 * for a component written in WAT, the functions of the interfaces its world imports. Names are
 * {@code wasi:io/streams#[method]output-stream.write}, without versions.
 */
final class ProgramImports {
  private ProgramImports() {}

  /**
   * What the program of a case can call: for a C program its own core module's imports (kept as
   * {@code NAME.core.wasm} beside the component) plus the exports the host calls; for any other
   * component, the functions of its world.
   */
  static Set<String> callable(WasiCase c, byte[] component) throws java.io.IOException {
    Set<String> world = ofComponent(component, c.program().path().toString());
    java.nio.file.Path core = java.nio.file.Path.of(c.program().path().toString().replaceFirst("\\.wasm$", ".core.wasm"));
    if (!(c.program() instanceof WasiCase.Program.Component) || !java.nio.file.Files.exists(core)) {
      return world;
    }
    Set<String> out = new TreeSet<>(ofCoreModule(java.nio.file.Files.readAllBytes(core)));
    for (String host : java.util.List.of("wasi:cli/run#run", "wasi:http/incoming-handler#handle")) {
      if (world.contains(host)) {
        out.add(host);
      }
    }
    return out;
  }

  /** Imports and exports of a core module whose module names are WASI interfaces. */
  static Set<String> ofCoreModule(byte[] b) {
    Set<String> out = new TreeSet<>();
    Reader r = new Reader(b);
    r.pos = 8;
    while (r.pos < b.length) {
      int id = b[r.pos++] & 0xff;
      int size = r.u32();
      int end = r.pos + size;
      if (id == 2) { // imports
        int n = r.u32();
        for (int i = 0; i < n; i++) {
          String module = r.name();
          String name = r.name();
          int kind = b[r.pos++] & 0xff;
          switch (kind) {
            case 0 -> r.u32(); // type index
            case 1 -> { // table: reftype, limits
              r.pos++;
              r.limits();
            }
            case 2 -> r.limits();
            case 3 -> r.pos += 2; // global: valtype, mutability
            case 4 -> { // tag
              r.pos++;
              r.u32();
            }
            default -> throw new IllegalArgumentException("import kind " + kind);
          }
          if (kind == 0 && module.startsWith("wasi:")) {
            out.add(module.replaceFirst("@.*$", "") + "#" + name);
          }
        }
      } else if (id == 7) { // exports
        int n = r.u32();
        for (int i = 0; i < n; i++) {
          String name = r.name();
          int kind = b[r.pos++] & 0xff;
          r.u32();
          int hash = name.indexOf('#');
          if (kind == 0 && name.startsWith("wasi:") && hash > 0) {
            out.add(name.substring(0, hash).replaceFirst("@.*$", "") + name.substring(hash));
          }
        }
      }
      r.pos = end;
    }
    return out;
  }

  /** Every function of the interfaces a component imports and exports (its world). */
  static Set<String> ofComponent(byte[] component, String name) {
    Wit.Parsed p = Wit.decode(component, name);
    Resolve resolve = p.resolve();
    Set<String> out = new TreeSet<>();
    for (int i = 0; i < resolve.interfaces().size(); i++) {
      String id = resolve.idOf(i).orElse(null);
      if (id == null || !id.startsWith("wasi:")) {
        continue;
      }
      String iface = id.replaceFirst("@.*$", "");
      for (String f : resolve.interfaces().get(i).functions().keySet()) {
        out.add(iface + "#" + f);
      }
    }
    return out;
  }

  private static final class Reader {
    final byte[] b;
    int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    int u32() {
      int result = 0;
      int shift = 0;
      while (true) {
        int x = b[pos++] & 0xff;
        result |= (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          return result;
        }
        shift += 7;
      }
    }

    String name() {
      int n = u32();
      String s = new String(b, pos, n, java.nio.charset.StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    void limits() {
      int flags = b[pos++] & 0xff;
      u32();
      if ((flags & 1) != 0) {
        u32();
      }
    }
  }
}
