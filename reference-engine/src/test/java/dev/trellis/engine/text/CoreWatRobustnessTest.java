package dev.trellis.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.error.TextException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bad input never escapes as anything but a located {@link TextException}: the suite modules
 * (and the feature modules) are mutated at the token level — tokens dropped, duplicated,
 * swapped, replaced by other tokens of the corpus or by extreme literals, lists cut short — and
 * each mutant is assembled. Every outcome must be bytes or a {@code TextException} with a line
 * and column, and never the assembler's internal-error fallback. Seeded, so failures reproduce.
 */
class CoreWatRobustnessTest {
  private static final int MUTANTS = 25_000;
  private static final String[] EXTREMES = {"0", "-1", "4294967296", "18446744073709551616", "-0x8000_0001",
      "0x1p999999", "nan:0x0", "nan:0x80000000000000", "$nope", "$", "\"\\ff\"", "\"\"", "(", ")", "(ref)",
      "(ref null 99999999)", "offset=99999999999999999999", "align=3", "align=0", "i8x16", "(type 4294967295)",
      "(param $x)", "(result (ref $nope))", "end", "else", "then", "(then)", "(@name 1)", "(@custom \"x\" (after bogus))"};

  @Test
  void mutantsFailOnlyWithLocatedTextErrors() {
    List<List<String>> tokenized = corpusTokens();
    List<String> vocabulary = new ArrayList<>();
    for (List<String> t : tokenized) {
      vocabulary.addAll(t);
    }
    Random rnd = new Random(0x7e11_15L);
    int accepted = 0;
    int rejected = 0;
    List<String> problems = new ArrayList<>();
    for (int n = 0; n < MUTANTS; n++) {
      List<String> toks = new ArrayList<>(tokenized.get(rnd.nextInt(tokenized.size())));
      int edits = 1 + rnd.nextInt(3);
      for (int k = 0; k < edits && toks.size() > 2; k++) {
        int i = 1 + rnd.nextInt(toks.size() - 2);
        switch (rnd.nextInt(5)) {
          case 0 -> toks.remove(i);
          case 1 -> toks.add(i, toks.get(rnd.nextInt(toks.size())));
          case 2 -> toks.set(i, vocabulary.get(rnd.nextInt(vocabulary.size())));
          case 3 -> toks.set(i, EXTREMES[rnd.nextInt(EXTREMES.length)]);
          default -> {
            int j = 1 + rnd.nextInt(toks.size() - 2);
            String t = toks.get(i);
            toks.set(i, toks.get(j));
            toks.set(j, t);
          }
        }
      }
      String mutant = String.join(" ", toks);
      List<SExpr> forest;
      try {
        forest = Lexer.parse(mutant, "mutant");
      } catch (TextException e) {
        continue; // not even well-parenthesized: the lexer's business
      }
      if (forest.size() != 1 || !(forest.get(0) instanceof SExpr.SList form)) {
        continue;
      }
      try {
        CoreWat.assemble(form, "mutant");
        accepted++;
      } catch (TextException e) {
        rejected++;
        if (e.getMessage().contains("cannot assemble module") || e.line() < 1 || e.column() < 1) {
          problems.add(e.getMessage() + "\n    in: " + abbreviate(mutant));
        }
      } catch (Throwable t) {
        problems.add(t + "\n    in: " + abbreviate(mutant));
      }
    }
    assertThat(problems).as("mutants that escaped as internal errors").isEmpty();
    assertThat(rejected).as("mutants rejected").isGreaterThan(MUTANTS / 4);
    assertThat(accepted).as("mutants accepted").isGreaterThan(0);
  }

  /** Tokens and parentheses of a text, comments dropped, strings kept whole. */
  /** The tokens of each module of the corpus, the suites' and the feature modules. */
  static List<List<String>> corpusTokens() {
    List<String> texts = new ArrayList<>();
    for (CoreWatCorpus.Entry e : CoreWatCorpus.load()) {
      texts.add(e.text());
    }
    for (CoreWatCorpus.Entry e : CoreWatCorpus.resource("corewat-features.wast")) {
      texts.add(e.text());
    }
    return texts.stream().map(CoreWatRobustnessTest::tokens).toList();
  }

  static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == ';' && i + 1 < s.length() && s.charAt(i + 1) == ';') {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '(' && i + 1 < s.length() && s.charAt(i + 1) == ';') {
        int depth = 0;
        while (i < s.length()) {
          if (s.startsWith("(;", i)) {
            depth++;
            i += 2;
          } else if (s.startsWith(";)", i)) {
            depth--;
            i += 2;
            if (depth == 0) {
              break;
            }
          } else {
            i++;
          }
        }
      } else if (c == '(' && i + 1 < s.length() && s.charAt(i + 1) == '@') {
        int j = i + 2;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && s.charAt(j) != '(' && s.charAt(j) != ')') {
          j++;
        }
        out.add(s.substring(i, j)); // an annotation opener stays one token
        i = j;
      } else if (c == '(' || c == ')') {
        out.add(String.valueOf(c));
        i++;
      } else if (c == '"') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '"') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        out.add(s.substring(i, Math.min(j + 1, s.length())));
        i = j + 1;
      } else {
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && s.charAt(j) != '(' && s.charAt(j) != ')'
            && s.charAt(j) != '"') {
          j++;
        }
        if (j + 1 < s.length() && s.charAt(j) == '"' && j == i + 1 && s.charAt(i) == '$') {
          int k = j + 1;
          while (k < s.length() && s.charAt(k) != '"') {
            k += s.charAt(k) == '\\' ? 2 : 1;
          }
          j = Math.min(k + 1, s.length());
        }
        out.add(s.substring(i, Math.max(j, i + 1)));
        i = Math.max(j, i + 1);
      }
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() > 400 ? s.substring(0, 400) + "…" : s;
  }
}
