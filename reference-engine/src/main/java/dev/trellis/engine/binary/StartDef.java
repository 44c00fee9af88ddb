package dev.trellis.engine.binary;

import java.util.List;

/** {@code start ::= f:<funcidx> arg*:vec(<valueidx>) r:<u32>} 🪙. */
public record StartDef(int func, List<Integer> args, int results, int offset) {
  public StartDef {
    args = List.copyOf(args);
  }
}
