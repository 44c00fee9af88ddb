package dev.trellis.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.binary.SuiteCorpus;
import dev.trellis.engine.error.MalformedException;
import dev.trellis.engine.error.TrellisException;
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

  /** Binary forms no text can reproduce, with why (checked-in expectations). */
  static final Map<String, String> NOT_EXPRESSIBLE_IN_TEXT = expectations("printer-not-expressible.txt");

  /** Forms wasm-tools' parser (jco's version) turns into other bytes, with why. */
  static final Map<String, String> WASM_TOOLS_DIFFERS = expectations("printer-wasm-tools-differs.txt");

  /** Reads {@code FILE:LINE <tab> reason} lines, {@code #} comments aside. */
  static Map<String, String> expectations(String resource) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    try (var in = PrinterRoundTripTest.class.getResourceAsStream(resource)) {
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] kv = line.split("\t", 2);
        assertThat(kv).as("line of " + resource + ": " + line).hasSize(2);
        out.put(kv[0].strip(), kv[1].strip());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  /** print → {@link ComponentWat} → the same bytes, over all suite forms. */
  @Test
  void printedTextParsesBackToTheSameBytes() {
    List<SuiteCorpus.Form> all = new ArrayList<>(SuiteCorpus.ownBinaries());
    SuiteCorpus.binaryForms().stream()
        .filter(f -> !f.directive().equals("assert_malformed"))
        .forEach(all::add);
    List<String> failures = new ArrayList<>();
    int exact = 0;
    int decoded = 0;
    for (SuiteCorpus.Form f : all) {
      Component c;
      try {
        c = ComponentDecoder.decode(f.bytes());
      } catch (MalformedException e) {
        continue; // the decoder round-trip test accounts for these (assert_invalid binaries)
      }
      decoded++;
      String text = Printer.print(c);
      byte[] back = null;
      String error = null;
      try {
        back = ComponentWat.assemble(text, "printed", ComponentWat.Options.DEFAULT);
      } catch (TrellisException e) {
        error = e.getMessage();
      }
      boolean same = back != null && Arrays.equals(back, f.bytes());
      if (NOT_EXPRESSIBLE_IN_TEXT.containsKey(f.where())) {
        if (same) {
          failures.add(f + ": listed as not expressible in text, but round-trips now");
        }
      } else if (same) {
        exact++;
      } else if (error != null) {
        failures.add(f + ": " + error + "\n" + text);
      } else {
        failures.add(f + ": different bytes\n  in:  " + HexFormat.of().formatHex(f.bytes())
            + "\n  out: " + HexFormat.of().formatHex(back) + "\n" + text);
      }
    }
    assertThat(decoded).isGreaterThan(1400);
    assertThat(failures).as(failures.size() + " of " + decoded + " forms; first: "
        + (failures.isEmpty() ? "" : failures.get(0))).isEmpty();
    System.out.printf("printer round trip (ComponentWat): %d of %d forms byte-exact, %d listed%n",
        exact, decoded, NOT_EXPRESSIBLE_IN_TEXT.size());
  }

  /**
   * The printed text is wasm-tools' syntax: with {@link Printer.Names#REGENERATE} and core
   * modules printed by wasm-tools itself (jco), wasm-tools' parser reproduces the bytes.
   */
  @Test
  void printedTextIsWasmToolsSyntax() {
    List<SuiteCorpus.Form> forms = new ArrayList<>();
    List<Component> components = new ArrayList<>();
    for (SuiteCorpus.Form f : SuiteCorpus.ownBinaries()) {
      components.add(ComponentDecoder.decode(f.bytes()));
      forms.add(f);
    }
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
    Printer.Options options = new Printer.Options(
        b -> moduleText.get(HexFormat.of().formatHex(b)), Printer.Names.REGENERATE);
    List<String> texts = components.stream().map(c -> Printer.print(c, options)).toList();
    List<JsonNode> parsed = SuiteCorpus.jco("parse", texts);
    List<String> failures = new ArrayList<>();
    int exact = 0;
    for (int i = 0; i < forms.size(); i++) {
      JsonNode r = parsed.get(i);
      SuiteCorpus.Form f = forms.get(i);
      boolean same = r.has("hex") && Arrays.equals(HexFormat.of().parseHex(r.get("hex").asText()), f.bytes());
      if (WASM_TOOLS_DIFFERS.containsKey(f.where())) {
        if (same) {
          failures.add(f + ": listed as differing in wasm-tools, but round-trips now");
        }
      } else if (same) {
        exact++;
      } else if (!r.has("hex")) {
        failures.add(f + ": " + r.get("error").asText() + "\n" + texts.get(i));
      } else {
        failures.add(f + ": different bytes\n  in:  " + HexFormat.of().formatHex(f.bytes())
            + "\n  out: " + r.get("hex").asText() + "\n" + texts.get(i));
      }
    }
    assertThat(failures).as(failures.size() + " of " + forms.size() + " forms; first: "
        + (failures.isEmpty() ? "" : failures.get(0))).isEmpty();
    System.out.printf("printer round trip (wasm-tools parser): %d of %d forms byte-exact, %d listed%n",
        exact, forms.size(), WASM_TOOLS_DIFFERS.size());
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
