package dev.trellis.engine.binary;

import java.util.List;

/** {@code instance} (Binary.md#instance-definitions). */
public sealed interface Instance {
  int offset();

  /** {@code 0x00 c:<componentidx> arg*:vec(<instantiatearg>)}. */
  record Instantiate(int component, List<Arg> args, int offset) implements Instance {
    public Instantiate {
      args = List.copyOf(args);
    }
  }

  /** {@code 0x01 e*:vec(<inlineexport>)}. */
  record FromExports(List<InlineExport> exports, int offset) implements Instance {
    public FromExports {
      exports = List.copyOf(exports);
    }
  }

  /** {@code instantiatearg ::= n:<name> si:<sortidx>}. */
  record Arg(String name, SortIdx item) {}

  /** {@code inlineexport ::= na:<nameattributes> si:<sortidx>}. */
  record InlineExport(ExternName name, SortIdx item) {}
}
