package dev.trellis.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.binary.SuiteCorpus;
import dev.trellis.engine.error.TrellisException;
import dev.trellis.engine.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Real components validate: the components wit-component generates in its own tests
 * ({@code wasm-tools/crates/wit-component/tests}: adapters, linking, resources, async, WIT
 * packages encoded as components), assembled by wasm-tools' parser (jco, at test time,
 * cached), must all validate. The few that cannot are listed with the reason.
 */
class WitComponentValidationTest {

  /** Components whose embedded core modules Chicory 1.7.5 cannot parse. */
  static final Map<String, String> CHICORY_LIMITS = Map.of(
      "components/custom-page-sizes/component.wat", "a core memory with a custom page size");

  @Test
  void witComponentOutputsValidate() throws IOException {
    Path root = Repo.suites().resolve("wasm-tools/crates/wit-component/tests");
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("components", "interfaces", "merge", "targets", "wit")) {
      try (Stream<Path> s = Files.walk(root.resolve(dir))) {
        s.filter(p -> p.toString().endsWith(".wat"))
            .filter(p -> !dir.equals("components") || p.getFileName().toString().equals("component.wat"))
            .sorted().forEach(files::add);
      }
    }
    assertThat(files).hasSizeGreaterThan(150);
    List<String> texts = new ArrayList<>();
    for (Path p : files) {
      texts.add(Files.readString(p));
    }
    List<JsonNode> parsed = SuiteCorpus.jco("parse", texts);
    List<String> failures = new ArrayList<>();
    int validated = 0;
    for (int i = 0; i < files.size(); i++) {
      String name = root.relativize(files.get(i)).toString().replace('\\', '/');
      JsonNode n = parsed.get(i);
      if (!n.has("hex")) {
        continue; // written in syntax this version of wasm-tools' parser no longer reads
      }
      byte[] bytes = HexFormat.of().parseHex(n.get("hex").asText());
      try {
        Validator.validate(ComponentDecoder.decode(bytes), Features.ALL);
        validated++;
        if (CHICORY_LIMITS.containsKey(name)) {
          failures.add(name + ": expected to fail (" + CHICORY_LIMITS.get(name) + ") but validated: remove the entry");
        }
      } catch (TrellisException e) {
        if (!CHICORY_LIMITS.containsKey(name)) {
          failures.add(name + ": " + e.getMessage());
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(validated).isGreaterThan(150);
  }
}
