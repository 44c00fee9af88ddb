package dev.trellis.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.binary.SuiteCorpus;
import dev.trellis.engine.error.MalformedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** print → parse reproduces the bytes, over every component binary of the suites. */
class PrinterRoundTripTest {

  /**
   * Binary forms whose bytes no text can reproduce, with why. Keyed by {@code file:line}; a
   * listed form that starts round-tripping fails the test (so the list stays true).
   */
  static final Map<String, String> NOT_EXPRESSIBLE_IN_TEXT = Map.of(
      "component-model/test/binary/binary.wast:114", "an empty type section: text has no empty sections",
      "component-model/test/binary/binary.wast:119", "empty instance and canon sections",
      "component-model/test/binary/binary.wast:145", "an empty section whose size is a 5-byte LEB128",
      "component-model/test/binary/binary.wast:841", "two adjacent type sections: a parser merges them",
      "component-model/test/binary/binary.wast:892", "three adjacent core type sections: a parser merges them",
      "component-model/test/binary/binary.wast:974",
          "waitable-set.poll cancellable: jco's wasm-tools (0.259) dropped it after component-model#716",
      "component-model/test/binary/binary.wast:1187", "names in the 0x01 and attribute-less 0x02 forms",
      "component-model/test/binary/binary.wast:1380", "two `implements` on one name (an assert_invalid form)",
      "wasm-tools/tests/cli/component-model/import.wast:345", "a name in the 0x01 form");

  /**
   * With wasm-tools' parser (jco) on the other side: its text format has no binary core module
   * form, so core modules are printed by wasm-tools' own printer here, and the component text
   * around them is ours.
   */
  @Test
  void printedTextParsesBackToTheSameBytesWithWasmTools() {
    List<SuiteCorpus.Form> all = new ArrayList<>(SuiteCorpus.jcoBinaries());
    SuiteCorpus.binaryForms().stream()
        .filter(f -> !f.directive().equals("assert_malformed"))
        .forEach(all::add);
    List<SuiteCorpus.Form> forms = new ArrayList<>();
    List<Component> components = new ArrayList<>();
    for (SuiteCorpus.Form f : all) {
      try {
        components.add(ComponentDecoder.decode(f.bytes()));
        forms.add(f);
      } catch (MalformedException e) {
        // the round-trip test lists these (wasm-tools' value encoding)
      }
    }
    assertThat(forms).hasSizeGreaterThan(1000);

    Set<String> modules = new LinkedHashSet<>();
    components.forEach(c -> coreModules(c, modules));
    List<String> moduleHex = new ArrayList<>(modules);
    List<JsonNode> printed = SuiteCorpus.jco("print", moduleHex);
    Map<String, List<String>> moduleText = new HashMap<>();
    for (int i = 0; i < moduleHex.size(); i++) {
      if (printed.get(i).has("text")) {
        moduleText.put(moduleHex.get(i), fields(printed.get(i).get("text").asText()));
      }
    }
    Printer.CoreModulePrinter viaWasmTools = b -> moduleText.get(HexFormat.of().formatHex(b));

    List<String> texts = components.stream().map(c -> Printer.print(c, viaWasmTools)).toList();
    List<JsonNode> parsed = SuiteCorpus.jco("parse", texts);
    List<String> failures = new ArrayList<>();
    int exact = 0;
    for (int i = 0; i < forms.size(); i++) {
      JsonNode r = parsed.get(i);
      boolean same = r.has("hex") && Arrays.equals(HexFormat.of().parseHex(r.get("hex").asText()), forms.get(i).bytes());
      if (NOT_EXPRESSIBLE_IN_TEXT.containsKey(forms.get(i).where())) {
        if (same) {
          failures.add(forms.get(i) + ": listed as not expressible in text, but round-trips now");
        }
        continue;
      }
      if (same) {
        exact++;
      } else if (!r.has("hex")) {
        failures.add(forms.get(i) + ": " + r.get("error").asText() + "\n" + texts.get(i));
      } else if (!Arrays.equals(HexFormat.of().parseHex(r.get("hex").asText()), forms.get(i).bytes())) {
        failures.add(forms.get(i) + ": different bytes\n  in:  " + HexFormat.of().formatHex(forms.get(i).bytes())
            + "\n  out: " + r.get("hex").asText() + "\n" + texts.get(i));
      }
    }
    assertThat(failures).as(failures.size() + " of " + forms.size() + " forms; first: "
        + (failures.isEmpty() ? "" : failures.get(0))).isEmpty();
    System.out.printf("printer round trip (wasm-tools parser): %d of %d forms byte-exact, %d listed%n",
        exact, forms.size(), NOT_EXPRESSIBLE_IN_TEXT.size());
  }

  private static void coreModules(Component c, Set<String> out) {
    for (Section s : c.sections()) {
      if (s instanceof Section.CoreModule m) {
        out.add(HexFormat.of().formatHex(m.module().unsafeArray()));
      } else if (s instanceof Section.NestedComponent n) {
        coreModules(n.component(), out);
      }
    }
  }

  /** The fields of a printed {@code (module ...)}, one line each, de-indented. */
  static List<String> fields(String text) {
    List<String> lines = new ArrayList<>(text.strip().lines().toList());
    if (lines.size() == 1) {
      return List.of(); // (module) or (module $m)
    }
    List<String> out = new ArrayList<>();
    for (String l : lines.subList(1, lines.size() - 1)) {
      out.add(l.startsWith("  ") ? l.substring(2) : l);
    }
    return out;
  }
}
