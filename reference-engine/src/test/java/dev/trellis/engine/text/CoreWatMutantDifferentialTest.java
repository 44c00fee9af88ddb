package dev.trellis.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.error.TextException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Agreement with wasm-tools on bad and odd input: token-level mutants of the suite and feature
 * modules (a token dropped, duplicated, replaced by another token of the corpus, or two swapped)
 * are assembled by CoreWat and by wasm-tools (jco, cached under target/). Both must accept —
 * with identical bytes — or both reject. Seeded, so the set of mutants is fixed.
 */
class CoreWatMutantDifferentialTest {
  private static final int MUTANTS = 3000;

  @Test
  void acceptsAndRejectsWhatWasmToolsDoes() throws Exception {
    List<List<String>> tokenized = CoreWatRobustnessTest.corpusTokens();
    List<String> vocabulary = new ArrayList<>();
    tokenized.forEach(vocabulary::addAll);
    Random rnd = new Random(6);
    LinkedHashSet<String> mutants = new LinkedHashSet<>();
    while (mutants.size() < MUTANTS) {
      List<String> t = new ArrayList<>(tokenized.get(rnd.nextInt(tokenized.size())));
      if (t.size() < 4) {
        continue;
      }
      int i = 1 + rnd.nextInt(t.size() - 2);
      switch (rnd.nextInt(4)) {
        case 0 -> t.remove(i);
        case 1 -> t.add(i, t.get(rnd.nextInt(t.size())));
        case 2 -> t.set(i, vocabulary.get(rnd.nextInt(vocabulary.size())));
        default -> {
          int j = 1 + rnd.nextInt(t.size() - 2);
          String x = t.get(i);
          t.set(i, t.get(j));
          t.set(j, x);
        }
      }
      String m = String.join(" ", t);
      try {
        if (Lexer.parse(m, "m").size() != 1) {
          continue;
        }
      } catch (TextException e) {
        continue;
      }
      mutants.add(m);
    }
    List<String> list = new ArrayList<>(mutants);
    Map<String, CoreWatJco.Output> theirs = CoreWatJco.parseAll(list);
    int same = 0;
    int bothReject = 0;
    List<String> problems = new ArrayList<>();
    for (String m : list) {
      byte[] ours = null;
      String error = null;
      try {
        ours = CoreWat.assemble(m, "mutant");
      } catch (TextException e) {
        error = e.getMessage();
      }
      CoreWatJco.Output o = theirs.get(m);
      if (ours != null && o.wasm() != null) {
        if (Arrays.equals(ours, o.wasm())) {
          same++;
        } else {
          problems.add("bytes differ: " + m);
        }
      } else if (ours == null && o.wasm() == null) {
        bothReject++;
      } else if (ours == null) {
        problems.add("we reject (" + error + "), wasm-tools accepts: " + m);
      } else {
        problems.add("we accept, wasm-tools rejects (" + o.error().lines().findFirst().orElse("") + "): " + m);
      }
    }
    assertThat(problems).as("mutants on which CoreWat and wasm-tools disagree").isEmpty();
    assertThat(same).as("mutants both accept").isGreaterThan(MUTANTS / 20);
    assertThat(bothReject).as("mutants both reject").isGreaterThan(MUTANTS / 2);
  }
}
