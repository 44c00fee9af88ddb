package dev.trellis.engine.wit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.engine.binary.SuiteCorpus;
import dev.trellis.engine.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The world of an actual component, read back from its validated type: wit-component's
 * {@code tests/components} cases, whose {@code component.wat} (assembled by wasm-tools through
 * jco at test time) must decode to WIT equal, after parsing, to {@code component.wit.print}
 * (what {@code wasm-tools component wit} prints). Cases listed in
 * {@code wit-component-components-expectations.txt} must fail, for the reason given there.
 */
class WitComponentWorldTest {

  @TestFactory
  Stream<DynamicTest> componentsDecodeToTheirExpectedWorld() throws Exception {
    Path dir = Repo.suites().resolve("wasm-tools/crates/wit-component/tests/components");
    Map<String, String> expectedFailures = WitSuites.expectations("/wit/wit-component-components-expectations.txt");
    List<Path> cases = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (Path c : WitSuites.list(dir)) {
      if (Files.exists(c.resolve("component.wat")) && Files.exists(c.resolve("component.wit.print"))) {
        cases.add(c);
        texts.add(Files.readString(c.resolve("component.wat")));
      }
    }
    assertThat(cases).hasSize(125);
    List<JsonNode> binaries = SuiteCorpus.jco("parse", texts);
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      Path c = cases.get(i);
      JsonNode bin = binaries.get(i);
      String name = c.getFileName().toString();
      tests.add(DynamicTest.dynamicTest(name, () -> {
        String problem;
        if (bin.has("error")) {
          problem = "wasm-tools (jco) does not assemble component.wat: " + bin.get("error").asText();
        } else {
          problem = problem(HexFormat.of().parseHex(bin.get("hex").asText()), name,
              Files.readString(c.resolve("component.wit.print")));
        }
        if (expectedFailures.containsKey(name)) {
          assertThat(problem).as("%s is listed (%s) but now passes: remove it", name, expectedFailures.get(name))
              .isNotNull();
        } else {
          assertThat(problem).as(name).isNull();
        }
      }));
    }
    return tests.stream();
  }

  private static String problem(byte[] component, String name, String expected) {
    try {
      return WitComponentInterfacesTest.compare(Wit.decode(component, name + ".wasm"), expected);
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }
}
