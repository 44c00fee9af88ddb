package dev.trellis.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.binary.SuiteCorpus;
import dev.trellis.engine.error.TextException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Bad text never escapes as anything but a {@link TextException}: 3,000 random token-level
 * mutations of suite component forms (tokens dropped, duplicated, swapped or replaced by
 * keywords, ids, numbers and strings the grammar uses elsewhere) each assemble or fail with a
 * TextException that comes from a parser check — never from the last-resort guard that turns
 * an unexpected exception into one — and within a deadline.
 */
class ComponentWatMutationTest {
  private static final String[] REPLACEMENTS = {
    "(", ")", "$x", "$i", "0", "1", "4294967296", "-1", "\"\"", "\"a\"", "func", "core", "type", "instance",
    "component", "module", "export", "import", "alias", "outer", "canon", "lift", "lower", "with", "instantiate",
    "(type 0)", "(func)", "(core func)", "(instance)", "(param \"x\" u32)", "(result u8)", "(list u8)", "u32",
    "string", "resource", "(rep i32)", "async", "(memory 0)", "value", "start", "definition", "binary", "quote"
  };

  @Test
  void mutatedTextFailsOnlyWithTextExceptions() throws Exception {
    List<String> texts = SuiteCorpus.forms().stream()
        .filter(f -> f.kind() == SuiteCorpus.Kind.TEXT && f.text().length() < 4000)
        .map(SuiteCorpus.Form::text).toList();
    assertThat(texts).hasSizeGreaterThan(500);
    Random r = new Random(0x7e11_15L);
    List<String> problems = new ArrayList<>();
    int[] rejected = {0};
    ExecutorService ex = Executors.newSingleThreadExecutor(run -> {
      Thread t = new Thread(null, run, "mutation", 64L << 20);
      t.setDaemon(true);
      return t;
    });
    try {
      for (int n = 0; n < 3000; n++) {
        String mutated = mutate(texts.get(r.nextInt(texts.size())), r);
        Future<String> f = ex.submit(() -> outcome(mutated, rejected));
        String problem;
        try {
          problem = f.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          problem = "hangs";
        }
        if (problem != null) {
          problems.add(problem + " <- " + mutated.replace('\n', ' '));
          if (problems.size() > 10) {
            break;
          }
        }
      }
    } finally {
      ex.shutdownNow();
    }
    assertThat(problems).isEmpty();
    // the mutations do exercise the error paths (and some still assemble)
    assertThat(rejected[0]).isBetween(1500, 2950);
  }

  /** Null if the text assembled or failed with a parser's own TextException, else the problem. */
  private static String outcome(String text, int[] rejected) {
    try {
      ComponentWat.assemble(text, "m.wat", ComponentWat.Options.DEFAULT);
      return null;
    } catch (TextException e) {
      rejected[0]++;
      return e.reason().startsWith("cannot assemble this form") ? e.getMessage() : null;
    } catch (Throwable t) {
      return t.toString();
    }
  }

  /** Applies 1-3 token-level edits. */
  static String mutate(String text, Random r) {
    List<String> tokens = new ArrayList<>(List.of(text.replace("(", " ( ").replace(")", " ) ").trim().split("\\s+")));
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits && tokens.size() > 2; e++) {
      int i = 1 + r.nextInt(tokens.size() - 1);
      switch (r.nextInt(4)) {
        case 0 -> tokens.remove(i);
        case 1 -> tokens.add(i, tokens.get(r.nextInt(tokens.size())));
        case 2 -> {
          int j = 1 + r.nextInt(tokens.size() - 1);
          String t = tokens.get(i);
          tokens.set(i, tokens.get(j));
          tokens.set(j, t);
        }
        default -> tokens.set(i, REPLACEMENTS[r.nextInt(REPLACEMENTS.length)]);
      }
    }
    return String.join(" ", tokens);
  }
}
