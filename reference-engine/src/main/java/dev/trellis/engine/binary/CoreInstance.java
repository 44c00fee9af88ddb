package dev.trellis.engine.binary;

import java.util.List;

/** {@code core:instance} (Binary.md#instance-definitions). */
public sealed interface CoreInstance {
  int offset();

  /** {@code 0x00 m:<moduleidx> arg*:vec(<core:instantiatearg>)}. */
  record Instantiate(int module, List<Arg> args, int offset) implements CoreInstance {
    public Instantiate {
      args = List.copyOf(args);
    }
  }

  /** {@code 0x01 e*:vec(<core:inlineexport>)}. */
  record FromExports(List<InlineExport> exports, int offset) implements CoreInstance {
    public FromExports {
      exports = List.copyOf(exports);
    }
  }

  /** {@code core:instantiatearg ::= n:<core:name> 0x12 i:<instanceidx>}. */
  record Arg(String name, int instance) {}

  /** {@code core:inlineexport ::= n:<core:name> si:<core:sortidx>}; {@code sort} is a core sort. */
  record InlineExport(String name, Sort sort, int index) {}
}
