package dev.trellis.engine.wit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.engine.error.WitException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * wit-parser's own UI suite, read at run time: every passing case must resolve to the
 * expected {@code .wit.json}, compared as JSON trees field by field; every {@code parse-fail}
 * case must be rejected, and our error must name the same problem at the same place as its
 * {@code .wit.result}.
 *
 * <p>"Same problem at the same place" is defined precisely: the first line of our message
 * equals the first line of the expected message once wit-parser's context prefixes (
 * {@code failed to resolve directory while parsing WIT for path [..]: } and
 * {@code failed to parse package: <dir>: }) are removed, and, when the expected output has a
 * location ({@code --> file:line:col} or a leading {@code file:line:col:}), our error is in the
 * same file (path relative to {@code parse-fail/}) at the same line and column.
 */
class WitParserUiTest {
  /** The features wit-parser's UI runner enables. */
  static final Set<String> FEATURES = Set.of("active");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> passingCasesMatchTheirJson() {
    Path ui = WitSuites.witParserUi();
    Map<String, String> expectedFailures = WitSuites.expectations("/wit/ui-expectations.txt");
    List<DynamicTest> tests = new ArrayList<>();
    int count = 0;
    for (Path json : WitSuites.list(ui)) {
      String file = json.getFileName().toString();
      if (!file.endsWith(".wit.json")) {
        continue;
      }
      count++;
      String name = file.substring(0, file.length() - ".wit.json".length());
      Path input = Stream.of(name + ".wit", name, name + ".wat").map(ui::resolve).filter(Files::exists)
          .findFirst().orElseThrow();
      tests.add(DynamicTest.dynamicTest(name, () -> {
        String problem = problemWith(input, json);
        if (expectedFailures.containsKey(name)) {
          assertThat(problem).as("%s is listed in ui-expectations.txt (%s) but now passes: remove it", name,
              expectedFailures.get(name)).isNotNull();
        } else if (problem != null) {
          fail(name + ": " + problem);
        }
      }));
    }
    assertThat(count).as("passing cases in %s", ui).isEqualTo(74);
    return tests.stream();
  }

  private static String problemWith(Path input, Path json) throws Exception {
    Wit.Parsed parsed;
    try {
      parsed = Wit.parse(input, FEATURES);
    } catch (WitException e) {
      return "rejected: " + e.getMessage();
    }
    JsonNode ours = WitJson.toJson(parsed.resolve());
    return JsonDiff.diff(ours, JSON.readTree(json.toFile()));
  }

  /** An expected rejection: its core message and location ({@code file:line:col}, or null). */
  record Expected(String message, String location) {
    static Expected read(Path result) throws Exception {
      String text = Files.readString(result);
      String core = text.lines().findFirst().orElse("");
      boolean changed = true;
      while (changed) {
        changed = false;
        Matcher m = Pattern.compile("^failed to resolve directory while parsing WIT for path \\[[^\\]]*\\]: ")
            .matcher(core);
        if (m.find()) {
          core = core.substring(m.end());
          changed = true;
        }
        m = Pattern.compile("^failed to parse package: [^:]*: ").matcher(core);
        if (m.find()) {
          core = core.substring(m.end());
          changed = true;
        }
      }
      String loc = null;
      Matcher lm = Pattern.compile("--> tests/ui/parse-fail/(\\S+):(\\d+):(\\d+)").matcher(text);
      if (lm.find()) {
        loc = lm.group(1) + ":" + lm.group(2) + ":" + lm.group(3);
      }
      Matcher pm = Pattern.compile("^tests/ui/parse-fail/(\\S+):(\\d+):(\\d+): (.*)$").matcher(core);
      if (pm.find()) {
        loc = pm.group(1) + ":" + pm.group(2) + ":" + pm.group(3);
        core = pm.group(4);
      }
      return new Expected(core, loc);
    }
  }

  /** Null when our error matches, else how it differs. */
  static String compare(WitException e, Expected expected) {
    String ours = e.reason().lines().findFirst().orElse("");
    String ourLoc = e.file() == null ? null
        : e.file().replace('\\', '/').replaceAll(".*/parse-fail/", "") + ":" + e.line() + ":" + e.column();
    if (!ours.equals(expected.message())) {
      return "message `" + ours + "`, expected `" + expected.message() + "`";
    }
    if (expected.location() != null && !expected.location().equals(ourLoc)) {
      return "at " + ourLoc + ", expected " + expected.location();
    }
    return null;
  }

  private static List<Path> parseFailCases() {
    List<Path> cases = new ArrayList<>();
    for (Path p : WitSuites.list(WitSuites.witParserUi().resolve("parse-fail"))) {
      if (!p.getFileName().toString().endsWith(".result")) {
        cases.add(p);
      }
    }
    return cases;
  }

  private static String caseName(Path p) {
    return p.getFileName().toString().replaceAll("\\.wit$", "");
  }

  @TestFactory
  Stream<DynamicTest> parseFailCasesAreRejectedWithTheSameError() {
    Map<String, String> differing = WitSuites.expectations("/wit/parse-fail-expectations.txt");
    List<Path> cases = parseFailCases();
    assertThat(cases).hasSize(150);
    return cases.stream().map(input -> DynamicTest.dynamicTest(caseName(input), () -> {
      String name = caseName(input);
      Expected expected = Expected.read(input.resolveSibling(name + ".wit.result"));
      WitException e = rejection(input);
      String diff = compare(e, expected);
      if (differing.containsKey(name)) {
        assertThat(diff).as("%s is listed in parse-fail-expectations.txt but now matches: remove it", name)
            .isNotNull();
      } else if (diff != null) {
        fail(name + ": " + diff);
      }
    }));
  }

  private static WitException rejection(Path input) throws Exception {
    try {
      Wit.parse(input, FEATURES);
    } catch (WitException e) {
      return e;
    }
    throw new AssertionError(input.getFileName() + " was accepted");
  }

  @Test
  void atLeastNinetyPercentOfRejectionsNameTheSameProblemAtTheSamePlace() throws Exception {
    int same = 0;
    List<Path> cases = parseFailCases();
    for (Path input : cases) {
      String name = caseName(input);
      if (compare(rejection(input), Expected.read(input.resolveSibling(name + ".wit.result"))) == null) {
        same++;
      }
    }
    System.out.printf("wit-parser parse-fail: %d/%d rejected with the same problem at the same place (%.1f%%)%n",
        same, cases.size(), 100.0 * same / cases.size());
    assertThat(same * 10).isGreaterThanOrEqualTo(cases.size() * 9);
  }
}
