package dev.trellis.spectests;

import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.error.MalformedException;
import dev.trellis.engine.text.WastRunLine;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.Wasm;

/**
 * {@code trellis wast --parse-only}: every text form must assemble (the runner's part) and
 * every binary must decode: components with {@link ComponentDecoder}; core modules (also the
 * ones nested in components) down to their section structure — preamble, known section ids
 * in the core spec's order, sizes within bounds — since their contents are the core engine's
 * to parse (and Chicory's parser also validates). Nothing is validated or run.
 */
public final class ParseOnlyTarget implements WastTarget {

  @Override
  public String runtime() {
    return "trellis";
  }

  @Override
  public String mode() {
    return "parse";
  }

  @Override
  public boolean validates() {
    return false;
  }

  @Override
  public boolean executes() {
    return false;
  }

  @Override
  public Loaded load(Wasm wasm, WastRunLine run) {
    byte[] bytes = wasm.bytes();
    switch (wasm.kind()) {
      case COMPONENT -> {
        Component c;
        try {
          c = ComponentDecoder.decode(bytes);
        } catch (MalformedException e) {
          throw new RuntimeFailure(RuntimeFailure.Kind.MALFORMED, e.getMessage(), e);
        }
        coreModules(c);
      }
      case CORE_MODULE -> coreModule(bytes);
      case UNKNOWN -> throw new RuntimeFailure(RuntimeFailure.Kind.MALFORMED,
          "not a WebAssembly binary: bad magic, version or layer");
    }
    return () -> wasm;
  }

  private static void coreModules(Component c) {
    for (Section s : c.sections()) {
      switch (s) {
        case Section.CoreModule m -> coreModule(m.module().toArray());
        case Section.NestedComponent n -> coreModules(n.component());
        default -> {
        }
      }
    }
  }

  /** Core section ids in the order a module must have them (custom sections, id 0, anywhere). */
  private static final int[] ORDER = {1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11};

  static void coreModule(byte[] b) {
    if (b.length < 8 || b[0] != 0 || b[1] != 'a' || b[2] != 's' || b[3] != 'm') {
      throw malformed("core module: bad magic", 0);
    }
    if (b[4] != 1 || b[5] != 0 || b[6] != 0 || b[7] != 0) {
      throw malformed("core module: expected a version header for a module (version 1)", 4);
    }
    int i = 8;
    int last = -1;
    while (i < b.length) {
      int at = i;
      int id = b[i++] & 0xff;
      long size = 0;
      int shift = 0;
      while (true) {
        if (i >= b.length) {
          throw malformed("core module: unexpected end-of-file in a section size", i);
        }
        int x = b[i++] & 0xff;
        if (shift == 28 && (x & 0x70) != 0) {
          throw malformed("core module: section size too large", i - 1);
        }
        size |= (long) (x & 0x7f) << shift;
        shift += 7;
        if ((x & 0x80) == 0) {
          break;
        }
        if (shift > 28) {
          throw malformed("core module: section size too large", i);
        }
      }
      if (size > b.length - i) {
        throw malformed("core module: section runs past the end of the module", at);
      }
      i += (int) size;
      if (id == 0) {
        continue;
      }
      int rank = -1;
      for (int k = 0; k < ORDER.length; k++) {
        if (ORDER[k] == id) {
          rank = k;
        }
      }
      if (rank < 0) {
        throw malformed("core module: malformed section id " + id, at);
      }
      if (rank <= last) {
        throw malformed("core module: section out of order (id " + id + ")", at);
      }
      last = rank;
    }
  }

  private static RuntimeFailure malformed(String message, int offset) {
    return new RuntimeFailure(RuntimeFailure.Kind.MALFORMED, message + " (at offset 0x" + Integer.toHexString(offset) + ")");
  }
}
