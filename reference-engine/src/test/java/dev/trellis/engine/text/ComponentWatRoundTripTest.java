package dev.trellis.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.binary.SuiteCorpus;
import dev.trellis.engine.error.TrellisException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our parser against our printer, with no external tool: every component form of the suites
 * — text forms assembled by {@link ComponentWat}, binary forms as written — is decoded,
 * printed by {@link Printer} and parsed back by {@link ComponentWat}, which must give the same
 * bytes. (Binary forms that no text can reproduce are listed in
 * {@link PrinterRoundTripTest#NOT_EXPRESSIBLE_IN_TEXT}.)
 */
class ComponentWatRoundTripTest {

  @Test
  void printThenParseReproducesTheBytes() {
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (SuiteCorpus.Form f : SuiteCorpus.forms()) {
      if (f.directive().equals("assert_malformed")
          || PrinterRoundTripTest.NOT_EXPRESSIBLE_IN_TEXT.containsKey(f.where())) {
        continue;
      }
      byte[] bytes;
      if (f.kind() == SuiteCorpus.Kind.BINARY) {
        bytes = f.bytes();
      } else {
        try {
          bytes = ComponentWat.assemble(f.text(), f.file(), ComponentWat.Options.DEFAULT);
        } catch (TrellisException e) {
          continue; // forms in the legacy syntax of lenient-only scripts
        }
      }
      String text;
      try {
        text = Printer.print(ComponentDecoder.decode(bytes));
      } catch (TrellisException e) {
        continue; // binaries the decoder rejects are the decoder tests' concern
      }
      checked++;
      try {
        byte[] again = ComponentWat.assemble(text, f.where() + " (printed)", ComponentWat.Options.DEFAULT);
        if (!Arrays.equals(again, bytes)) {
          failures.add(f.where() + ": different bytes");
        }
      } catch (TrellisException e) {
        failures.add(f.where() + ": " + e.getMessage());
      }
    }
    assertThat(checked).isGreaterThan(1400);
    assertThat(failures).isEmpty();
  }
}
