package dev.trellis.fuzz;

import dev.trellis.engine.binary.CanonOpt.StringEncoding;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import java.util.List;

/**
 * One differential case: a function type {@code run: func(p0: T0, …, pk: Tk) -> R} with
 * {@code R = T0} for one parameter and {@code tuple<T0, …, Tk>} otherwise (so that
 * {@code flatten(R) == flatten(params)}), the string encodings of the two components, and
 * argument lists to call it with. Every call must return its arguments (one, or as a tuple).
 *
 * @param outerEncoding the outer component's {@code canon lift} of {@code run} and
 *     {@code canon lower} of {@code echo} (one encoding: its core code passes the strings it
 *     receives on as they are)
 * @param echoEncoding the inner component's {@code canon lift} of {@code echo}
 * @param corruption null, or what core code overwrites in the echoed result, which decides
 *     whether a call must trap or return (a possibly changed) value: {@link #expectation}
 */
public record EchoCase(List<ValType> params, StringEncoding outerEncoding, StringEncoding echoEncoding,
    List<List<Val>> calls, Corruption corruption) {

  /** A case without corruption: every call returns its arguments. */
  public EchoCase(List<ValType> params, StringEncoding outerEncoding, StringEncoding echoEncoding,
      List<List<Val>> calls) {
    this(params, outerEncoding, echoEncoding, calls, null);
  }

  public EchoCase {
    params = List.copyOf(params);
    calls = calls.stream().map(List::copyOf).toList();
    if (params.isEmpty()) {
      throw new IllegalArgumentException("a case needs a parameter");
    }
  }

  /** The result type. */
  public ValType result() {
    return params.size() == 1 ? params.getFirst() : new TupleType(params);
  }

  /** What a call with {@code args} returns without corruption. */
  public static Val expected(List<Val> args) {
    return args.size() == 1 ? args.getFirst() : new Val.TupleOf(args);
  }

  /** Whether the result goes through memory (it flattens to more than one core value). */
  public boolean resultInMemory() {
    int n = 0;
    for (ValType p : params) {
      n += SpecLayout.flatten(p).size();
    }
    return n > 1;
  }

  /** What a call with {@code args} must do: trap, or return which value. */
  public Corruption.Expectation expectation(List<Val> args) {
    Val v = expected(args);
    if (corruption == null) {
      return new Corruption.Expectation(false, v, "the arguments come back");
    }
    return corruption.expect(result(), v, resultInMemory(),
        corruption.outer() ? outerEncoding : echoEncoding);
  }

  /** The case with other calls. */
  public EchoCase withCalls(List<List<Val>> cs) {
    return new EchoCase(params, outerEncoding, echoEncoding, cs, corruption);
  }

  /** A one-line description: the signature and the encodings. */
  public String describe() {
    StringBuilder sb = new StringBuilder("run(");
    for (int i = 0; i < params.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append("p").append(i).append(": ").append(TypeNames.wit(params.get(i)));
    }
    sb.append(") in ").append(name(outerEncoding)).append(", echo in ").append(name(echoEncoding));
    if (corruption != null) {
      sb.append("; ").append(corruption.describe(result(), resultInMemory()));
    }
    return sb.toString();
  }

  static String name(StringEncoding e) {
    return switch (e) {
      case UTF8 -> "utf8";
      case UTF16 -> "utf16";
      case LATIN1_UTF16 -> "latin1+utf16";
    };
  }
}
