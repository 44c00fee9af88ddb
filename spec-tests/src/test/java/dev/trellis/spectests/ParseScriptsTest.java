package dev.trellis.spectests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trellis.engine.error.TextException;
import dev.trellis.engine.text.ComponentWat;
import dev.trellis.engine.text.WastRunLine;
import dev.trellis.harness.Suites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The wasm-tools {@code .wat} files driven by {@code parse} rather than {@code wast}: each
 * {@code ;; FAIL: parse} must be rejected with the error (message, line and column) its
 * {@code .wat.stderr} snapshot shows, and each {@code ;; RUN: ... parse} must assemble, under
 * the environment the line sets ({@code WAST_STRICT_COMPONENT_INDICES=0}: the lenient syntax).
 */
class ParseScriptsTest {
  private static final Pattern ERROR = Pattern.compile("^error: (.*)$", Pattern.MULTILINE);
  private static final Pattern WHERE = Pattern.compile("-->\\s+\\S+:(\\d+):(\\d+)");

  @TestFactory
  Stream<DynamicTest> parseDrivenFiles() throws IOException {
    Path dir = Suites.require(Suites.root().resolve("wasm-tools/tests/cli/component-model"));
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".wat")).sorted().toList();
    }
    List<DynamicTest> tests = new java.util.ArrayList<>();
    for (Path f : files) {
      String src = Files.readString(f);
      for (WastRunLine run : WastRunLine.parseAll(src)) {
        if (!run.tool().equals("parse")) {
          continue;
        }
        String name = f.getFileName() + ":" + run.line() + (run.expectFailure() ? " FAIL" : " RUN");
        ComponentWat.Options o = new ComponentWat.Options(run.strictIndices());
        tests.add(DynamicTest.dynamicTest(name, () -> {
          if (!run.expectFailure()) {
            byte[] bytes = ComponentWat.assemble(src, f.getFileName().toString(), o);
            assertThat(bytes).startsWith(0, 'a', 's', 'm', 0x0d, 0, 1, 0);
            return;
          }
          TextException e = catchThrowableOfType(TextException.class,
              () -> ComponentWat.assemble(src, f.getFileName().toString(), o));
          assertThat(e).as("%s must not assemble", f.getFileName()).isNotNull();
          Path stderr = f.resolveSibling(f.getFileName() + ".stderr");
          if (Files.exists(stderr)) {
            String expected = Files.readString(stderr);
            Matcher m = ERROR.matcher(expected);
            Matcher w = WHERE.matcher(expected);
            assertThat(m.find() && w.find()).as("snapshot %s", stderr).isTrue();
            assertThat(e.reason()).isEqualTo(m.group(1));
            assertThat(e.line() + ":" + e.column()).isEqualTo(w.group(1) + ":" + w.group(2));
          }
        }));
      }
    }
    assertThat(tests).as("parse-driven .wat files").hasSizeGreaterThanOrEqualTo(14);
    return tests.stream();
  }
}
