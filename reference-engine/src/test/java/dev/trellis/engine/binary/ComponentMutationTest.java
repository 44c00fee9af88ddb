package dev.trellis.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.trellis.engine.error.MalformedException;
import dev.trellis.engine.error.TrellisException;
import dev.trellis.engine.text.ComponentWat;
import dev.trellis.engine.text.Printer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * 20,000 random corruptions of the suites' component binaries (fixed seed), each decoded
 * under a deadline: the decoder either succeeds or throws a {@link MalformedException} — no
 * other exception, no internal error, no hang. A corruption that still decodes must
 * re-encode to bytes that decode to the same AST (checked through a second encoding) and
 * print without error, and (but for text's few blind spots) print → parse back to its bytes.
 */
class ComponentMutationTest {
  static final int MUTATIONS = 20_000;
  static final int BATCH = 1_000;
  static final long SEED = 0x7e11_15L;

  @Test
  void corruptedBinariesFailCleanly() {
    List<byte[]> corpus = new ArrayList<>();
    for (SuiteCorpus.Form f : SuiteCorpus.binaryForms()) {
      if (!f.directive().equals("assert_malformed") && f.bytes().length > 8) {
        corpus.add(f.bytes());
      }
    }
    for (SuiteCorpus.Form f : SuiteCorpus.ownBinaries()) {
      corpus.add(f.bytes());
    }
    assertThat(corpus).hasSizeGreaterThan(1000);

    SplittableRandom rnd = new SplittableRandom(SEED);
    List<String> failures = new ArrayList<>();
    int[] outcome = new int[3]; // [decoded, rejected, decoded and printed back to the same bytes]
    for (int done = 0; done < MUTATIONS; done += BATCH) {
      List<byte[]> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        batch.add(mutate(corpus.get(rnd.nextInt(corpus.size())), rnd));
      }
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
        for (byte[] m : batch) {
          check(m, failures, outcome);
        }
      }, "a batch of " + BATCH + " decodes took over 30 s (hang?)");
    }
    assertThat(failures).as(failures.size() + " of " + MUTATIONS + " mutants").isEmpty();
    assertThat(outcome[0] + outcome[1]).isEqualTo(MUTATIONS);
    // both outcomes must be exercised, or the mutations are not testing anything
    assertThat(outcome[0]).isGreaterThan(100);
    assertThat(outcome[1]).isGreaterThan(MUTATIONS / 2);
    // what decodes also prints, and parses back unless no text can say it (0x01 name forms,
    // outer counts past the enclosing scopes, duplicate attributes): well under 1% of mutants
    assertThat(outcome[2]).as("decoded mutants that print -> parse back to their bytes")
        .isGreaterThanOrEqualTo(outcome[0] * 99 / 100);
    System.out.printf("mutants: %d, decoded %d (printed back exactly %d), rejected %d%n",
        MUTATIONS, outcome[0], outcome[2], outcome[1]);
  }

  private static void check(byte[] m, List<String> failures, int[] outcome) {
    Component c;
    try {
      c = ComponentDecoder.decode(m);
    } catch (MalformedException e) {
      if (e.getMessage().startsWith("internal decoder error") || e.offset() < 0 || e.offset() > m.length) {
        failures.add(e.getMessage() + " for " + HexFormat.of().formatHex(m));
      }
      outcome[1]++;
      return;
    } catch (Throwable t) {
      failures.add(t + " for " + HexFormat.of().formatHex(m));
      return;
    }
    outcome[0]++;
    String text;
    try {
      text = Printer.print(c);
    } catch (Throwable t) {
      failures.add("printing a decoded mutant: " + t + " for " + HexFormat.of().formatHex(m));
      return;
    }
    try {
      byte[] back = ComponentWat.assemble(text, "printed mutant", ComponentWat.Options.DEFAULT);
      if (java.util.Arrays.equals(back, ComponentEncoder.encode(c))) {
        outcome[2]++;
      }
    } catch (TrellisException e) {
      // not expressible in text (e.g. an outer alias count past the enclosing scopes): counted
    }
    try {
      // the encoding is a function of the AST (offsets aside), so equal bytes mean equal ASTs
      byte[] once = ComponentEncoder.encode(c);
      byte[] twice = ComponentEncoder.encode(ComponentDecoder.decode(once));
      if (!java.util.Arrays.equals(once, twice)) {
        failures.add("decoded mutant does not re-encode stably: " + HexFormat.of().formatHex(m));
      }
    } catch (Throwable t) {
      failures.add("re-encoding a decoded mutant: " + t + " for " + HexFormat.of().formatHex(m));
    }
  }

  /** One corruption: byte replacements, bit flips, LEB-style 0x80/0xff bytes or truncation. */
  static byte[] mutate(byte[] in, SplittableRandom rnd) {
    byte[] b = in.clone();
    int kind = rnd.nextInt(10);
    // keep the preamble most of the time so the mutation reaches the sections
    int from = rnd.nextInt(20) == 0 ? 0 : Math.min(8, b.length - 1);
    int at = from + rnd.nextInt(b.length - from);
    switch (kind) {
      case 0, 1, 2 -> b[at] = (byte) rnd.nextInt(256);
      case 3, 4 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
      case 5 -> b[at] = (byte) (rnd.nextBoolean() ? 0xff : 0x80);
      case 6, 7 -> {
        return java.util.Arrays.copyOf(b, at);
      }
      default -> {
        int n = 2 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
          b[from + rnd.nextInt(b.length - from)] = (byte) rnd.nextInt(256);
        }
      }
    }
    return b;
  }
}
