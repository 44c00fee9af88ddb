package dev.trellis.harness.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How one conformance directive ended on one runtime. In JSON: {@code passed}, {@code failed},
 * {@code skipped}, {@code unsupported}, {@code expected-failure}.
 *
 * <ul>
 *   <li>{@code skipped}: listed with its reason in a checked-in expectations file;
 *   <li>{@code unsupported}: needs a feature the runtime does not declare (reported apart from
 *       failures);
 *   <li>{@code expected-failure}: fails, as a checked-in expectation says it does. An expected
 *       failure that starts passing is reported as {@code failed} with a message saying so,
 *       because it must fail the build.
 * </ul>
 */
public enum Outcome {
  PASSED,
  FAILED,
  SKIPPED,
  UNSUPPORTED,
  EXPECTED_FAILURE;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static Outcome of(String id) {
    for (Outcome o : values()) {
      if (o.id().equals(id)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown outcome '" + id + "' (passed, failed, skipped, unsupported, expected-failure)");
  }
}
