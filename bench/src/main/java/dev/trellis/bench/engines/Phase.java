package dev.trellis.bench.engines;

/**
 * The phases a module goes through, as Sightglass splits them; the names are the
 * {@code phase} of {@link dev.trellis.harness.results.Measurement}.
 */
public enum Phase {
  /** Bytes to the engine's in-memory form, no validation where the engine can separate it. */
  DECODE("decode"),
  /** Checking the decoded form (for components: every rule, embedded core modules included). */
  VALIDATE("validate"),
  /** Preparing code to run: compiling to JVM bytecode or machine code, laying out the ABI. */
  COMPILE("compile"),
  /** A new instance from the compiled (or precompiled/cached) artifact: what a server does per request. */
  INSTANTIATE("instantiate"),
  /** A new instance from the bytes: every phase above plus instantiation. */
  INSTANTIATE_COLD("instantiate-cold"),
  /** One call of an export on a live instance. */
  CALL("call");

  private final String id;

  Phase(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The phase of a JMH benchmark method of {@code PhaseBench}/{@code CallBench}. */
  public static Phase ofMethod(String method) {
    return switch (method) {
      case "decode" -> DECODE;
      case "validate" -> VALIDATE;
      case "compile" -> COMPILE;
      case "instantiate" -> INSTANTIATE;
      case "instantiateCold" -> INSTANTIATE_COLD;
      case "call" -> CALL;
      default -> throw new IllegalArgumentException("no phase for benchmark method " + method);
    };
  }

  /** The {@code PhaseBench}/{@code CallBench} method measuring this phase. */
  public String method() {
    return switch (this) {
      case INSTANTIATE_COLD -> "instantiateCold";
      default -> id;
    };
  }
}
