package dev.trellis.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.error.MalformedException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * decode → encode reproduces the bytes, and encode → decode reproduces the AST, over every
 * component binary of the suites: the binary forms written in the {@code .wast} files and the
 * binaries of all their text forms (assembled by the project's parser).
 */
class ComponentRoundTripTest {

  /**
   * Well-formed binary forms that do not re-encode to the same bytes, by design: the encoder
   * writes minimal LEB128s, these forms do not. Keyed by {@code file:line}.
   */
  static final Map<String, String> NON_MINIMAL = Map.of(
      "component-model/test/binary/binary.wast:145", "section size written as a 5-byte LEB128 (81 80 80 80 00)");

  /**
   * {@code assert_malformed} binary forms the component decoder accepts, with why: their
   * malformation is inside an embedded core module, which Chicory parses, not this decoder.
   */
  static final Map<String, String> MALFORMED_IN_CORE_MODULE = Map.of(
      "component-model/test/binary/binary.wast:200", "core module with sections out of order (Chicory's to reject)");

  @Test
  void suiteBinaryFormsRoundTrip() {
    List<SuiteCorpus.Form> forms = SuiteCorpus.binaryForms().stream()
        .filter(f -> !f.directive().equals("assert_malformed"))
        .toList();
    assertThat(forms).hasSizeGreaterThan(50);
    List<String> failures = new ArrayList<>();
    int exact = 0;
    for (SuiteCorpus.Form f : forms) {
      // some invalid forms are malformed for a decoder (e.g. a module type in a module type)
      Component c = decode(f, failures, f.directive().equals("assert_invalid"));
      if (c == null) {
        continue;
      }
      if (NON_MINIMAL.containsKey(f.where())) {
        byte[] again = ComponentEncoder.encode(c);
        assertThat(again).as(f.toString()).isNotEqualTo(f.bytes());
        assertSameAst(f, c, again);
      } else if (reencodesExactly(f, c, failures)) {
        exact++;
      }
    }
    assertThat(failures).as("failures").isEmpty();
    System.out.printf("suite binary forms: %d decoded, %d re-encoded byte-exact%n", forms.size(), exact);
  }

  @Test
  void suiteMalformedBinaryFormsAreRejected() {
    List<SuiteCorpus.Form> forms = SuiteCorpus.binaryForms().stream()
        .filter(f -> f.directive().equals("assert_malformed"))
        .toList();
    assertThat(forms).hasSizeGreaterThan(30);
    List<String> failures = new ArrayList<>();
    for (SuiteCorpus.Form f : forms) {
      try {
        ComponentDecoder.decode(f.bytes());
        if (!MALFORMED_IN_CORE_MODULE.containsKey(f.where())) {
          failures.add(f + ": accepted, expected \"" + f.message() + "\"");
        }
      } catch (MalformedException e) {
        if (MALFORMED_IN_CORE_MODULE.containsKey(f.where())) {
          failures.add(f + ": listed as accepted but now rejected: " + e.getMessage());
        } else if (f.message() != null && !e.getMessage().contains(f.message())) {
          failures.add(f + ": message \"" + e.getMessage() + "\" lacks \"" + f.message() + "\"");
        }
      }
    }
    assertThat(failures).as("failures").isEmpty();
  }

  @Test
  void textFormBinariesRoundTrip() {
    List<SuiteCorpus.Form> forms = SuiteCorpus.ownBinaries();
    assertThat(forms).hasSizeGreaterThan(1400);
    List<String> failures = new ArrayList<>();
    int exact = 0;
    for (SuiteCorpus.Form f : forms) {
      Component c = decode(f, failures, false);
      if (c != null && reencodesExactly(f, c, failures)) {
        exact++;
      }
    }
    assertThat(failures).as(failures.size() + " failures of " + forms.size()).isEmpty();
    System.out.printf("text-form binaries (ComponentWat): %d of %d round-trip byte-exact (%d forms the parser rejects)%n",
        exact, forms.size(), SuiteCorpus.ownRejected().size());
  }

  /** Decodes {@code f}; null if it is malformed, which is a failure unless {@code mayBeMalformed}. */
  private static Component decode(SuiteCorpus.Form f, List<String> failures, boolean mayBeMalformed) {
    try {
      return ComponentDecoder.decode(f.bytes());
    } catch (MalformedException e) {
      if (!mayBeMalformed) {
        failures.add(f + ": " + e.getMessage());
      }
      return null;
    }
  }

  /** Re-encodes {@code c}, decoded from {@code f}: the same bytes and the same AST, or a failure (false). */
  private static boolean reencodesExactly(SuiteCorpus.Form f, Component c, List<String> failures) {
    byte[] again = ComponentEncoder.encode(c);
    if (!java.util.Arrays.equals(again, f.bytes())) {
      failures.add(f + ": re-encoded differently\n  in:  " + hex(f.bytes()) + "\n  out: " + hex(again));
      return false;
    }
    assertSameAst(f, c, again);
    return true;
  }

  private static void assertSameAst(SuiteCorpus.Form f, Component c, byte[] encoded) {
    Component back = ComponentDecoder.decode(encoded);
    assertThat(back).as(f.toString())
        .usingRecursiveComparison()
        .ignoringFieldsMatchingRegexes(".*offset")
        .isEqualTo(c);
  }

  static String hex(byte[] b) {
    String h = HexFormat.of().formatHex(b);
    return h.length() > 400 ? h.substring(0, 400) + "…" : h;
  }
}
