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
    if (!p.runtime().equals("jco")) {
      return Optional.empty();
    }
    String detail = p.detail() == null ? "" : p.detail();
    if (p.stage().equals("load") && detail.contains("jco crashed: wasm trap: wasm `unreachable` instruction executed")
        && c.params().stream().anyMatch(KnownDisagreements::hasString)
        && jcoCannotTranscode(c.outerEncoding(), c.echoEncoding())) {
      return Optional.of(JCO_TRANSCODING);
    }
    Corruption k = c.corruption();
    if (k == null || !p.stage().startsWith("call")) {
      return Optional.empty();
    }
    Corruption.Site site = Corruption.sites(c.result(), c.resultInMemory()).get(k.site());
    if (k.kind() == Corruption.Kind.BOOL && k.outer() && p.kind().equals("trap")
        && detail.contains("invalid variant discriminant for bool")) {
      return Optional.of(JCO_BOOL);
    }
    if (k.kind() == Corruption.Kind.FLAG_BITS && k.outer() && p.kind().equals("trap")
        && detail.contains("flags have extraneous bits set")) {
      return Optional.of(JCO_FLAGS);
    }
    if (k.kind() == Corruption.Kind.CONTENT && p.kind().equals("no trap (invalid utf-8)")) {
      return Optional.of(JCO_UTF8);
    }
    if (k.kind() == Corruption.Kind.CONTENT && !k.outer() && p.kind().equals("no trap (invalid utf-16)")
        && c.outerEncoding() != c.echoEncoding()) {
      return Optional.of(JCO_UTF16);
    }
    if ((k.kind() == Corruption.Kind.POINTER_OUT_OF_BOUNDS || k.kind() == Corruption.Kind.LENGTH_TOO_LONG)
        && site instanceof Corruption.ListSite && k.outer() && p.kind().startsWith("no trap")) {
      return Optional.of(JCO_LIST_BOUNDS);
    }
    return Optional.empty();
  }

  static final String JCO_BOOL = "jco lifts a bool byte other than 0 or 1 by trapping (`invalid variant "
      + "discriminant for bool`); convert_int_to_bool makes it true (regressions/corruptions.wast)";
  static final String JCO_FLAGS = "jco traps on flag bits past the last flag (`flags have extraneous bits set`); "
      + "unpack_flags_from_int ignores them (regressions/corruptions.wast)";
  static final String JCO_UTF8 = "jco decodes invalid UTF-8 handed to the host with replacement characters "
      + "instead of trapping (regressions/corruptions.wast)";
  static final String JCO_UTF16 = "jco transcodes an unpaired surrogate from a utf16 component into a replacement "
      + "character instead of trapping (regressions/corruptions.wast)";
  static final String JCO_LIST_BOUNDS = "jco does not check a list handed to the host against the end of memory "
      + "or MAX_LIST_BYTE_LENGTH: it returns [] or reads past the list (regressions/corruptions.wast)";

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
