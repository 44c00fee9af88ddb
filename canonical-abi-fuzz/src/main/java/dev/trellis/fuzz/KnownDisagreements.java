package dev.trellis.fuzz;

import dev.trellis.engine.binary.CanonOpt.StringEncoding;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.OptionType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.RecordType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import java.util.Optional;

/**
 * Disagreements already understood, each recorded as a regression case under
 * {@code canonical-abi-fuzz/src/test/resources/regressions/} with an expectations entry. A
 * campaign counts a problem matching one of them as known, not as a new failure, so long
 * campaigns keep looking for new ones.
 */
public final class KnownDisagreements {
  private KnownDisagreements() {}

  /** The explanation of {@code p} on case {@code c}, if it is a known disagreement. */
  public static Optional<String> explain(EchoCase c, Differential.Problem p) {
    if (p.runtime().equals("jco") && p.stage().equals("load") && p.detail() != null
        && p.detail().contains("jco crashed: wasm trap: wasm `unreachable` instruction executed")
        && c.params().stream().anyMatch(KnownDisagreements::hasString)
        && jcoCannotTranscode(c.outerEncoding(), c.echoEncoding())) {
      return Optional.of(JCO_TRANSCODING);
    }
    return Optional.empty();
  }

  /**
   * jco 1.35.0's transpiler panics on a string crossing from a component in {@code outer} to
   * one in {@code echo}, for every pair but utf8→utf8, utf8→utf16 and utf16→utf8 (see
   * {@code regressions/jco-transcoding-*.wast}).
   */
  static boolean jcoCannotTranscode(StringEncoding outer, StringEncoding echo) {
    if (outer == StringEncoding.UTF8) {
      return echo == StringEncoding.LATIN1_UTF16;
    }
    if (outer == StringEncoding.UTF16) {
      return echo != StringEncoding.UTF8;
    }
    return true;
  }

  static final String JCO_TRANSCODING = "jco 1.35.0's transpiler panics (`unreachable` in its bindgen) on a "
      + "component-to-component call that transcodes strings between utf16 and utf16, or involves latin1+utf16";

  static boolean hasString(ValType t) {
    return switch (t) {
      case PrimType p -> p == PrimType.STRING;
      case ListType l -> hasString(l.element());
      case OptionType o -> hasString(o.type());
      case ResultType r -> (r.ok() != null && hasString(r.ok())) || (r.error() != null && hasString(r.error()));
      case RecordType r -> r.fields().stream().anyMatch(f -> hasString(f.type()));
      case TupleType tu -> tu.types().stream().anyMatch(KnownDisagreements::hasString);
      case VariantType v -> v.cases().stream().anyMatch(k -> k.type() != null && hasString(k.type()));
      default -> false;
    };
  }
}
