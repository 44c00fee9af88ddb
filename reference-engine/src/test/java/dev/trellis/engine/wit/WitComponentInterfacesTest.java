package dev.trellis.engine.wit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.binary.ComponentEncoder;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.error.WitException;
import dev.trellis.engine.text.ComponentWat;
import dev.trellis.engine.validate.Features;
import dev.trellis.engine.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * wit-component's {@code tests/interfaces}, read at run time. For each case the package is
 * encoded as component types (WIT.md#package-format); the encoding must validate with our
 * validator (all features on: the cases use maps, fixed-length lists, async and
 * {@code implements}); decoding it must print WIT equal, after parsing, to the expected
 * {@code .wit.print}; decoding wit-component's own encoding (the {@code .wat}, assembled by our
 * component text parser) must too; and our encoding must equal wit-component's, custom
 * sections aside, unless listed with a reason.
 */
class WitComponentInterfacesTest {
  private static final Features FEATURES = Features.ALL;

  record Case(String name, Path input, Path wat, Path print) {}

  static List<Case> cases() throws Exception {
    Path dir = WitSuites.witComponentInterfaces();
    List<Case> out = new ArrayList<>();
    for (Path wat : WitSuites.list(dir)) {
      String file = wat.getFileName().toString();
      if (!file.endsWith(".wat")) {
        continue;
      }
      String name = file.substring(0, file.length() - 4);
      Path input = Files.isDirectory(dir.resolve(name)) ? dir.resolve(name) : dir.resolve(name + ".wit");
      Path print = null;
      if (Files.isDirectory(input)) {
        print = WitSuites.list(input).stream().filter(p -> p.toString().endsWith(".wit.print")).findFirst()
            .orElse(null);
      } else if (Files.exists(dir.resolve(name + ".wit.print"))) {
        print = dir.resolve(name + ".wit.print");
      }
      out.add(new Case(name, Files.exists(input) ? input : null, wat, print));
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> encodingsValidateAndDecodeToTheExpectedWit() throws Exception {
    Map<String, String> skipped = WitSuites.expectations("/wit/wit-component-interfaces-skip.txt");
    List<DynamicTest> tests = new ArrayList<>();
    List<Case> cases = cases();
    assertThat(cases).hasSize(42);
    for (Case c : cases) {
      if (c.input() == null || c.print() == null) {
        assertThat(skipped).as("%s has no input or .wit.print and must be listed with a reason", c.name())
            .containsKey(c.name());
        continue;
      }
      tests.add(DynamicTest.dynamicTest(c.name(), () -> {
        Wit.Parsed parsed = Wit.parse(c.input());
        byte[] ours = WitEncoder.encodePackageBytes(parsed.resolve(), parsed.mainPackage());
        Validator.validate(ComponentDecoder.decode(ours), FEATURES);
        String expected = Files.readString(c.print());
        String d = compare(Wit.decode(ours, c.name() + ".wasm"), expected);
        if (d != null) {
          fail("decoding our encoding: " + d);
        }
        byte[] reference = ComponentWat.assemble(Files.readString(c.wat()), c.wat().toString(),
            ComponentWat.Options.DEFAULT);
        String d2 = compare(Wit.decode(reference, c.wat().toString()), expected);
        if (d2 != null) {
          fail("decoding wit-component's encoding: " + d2);
        }
      }));
    }
    return tests.stream();
  }

  @Test
  void ourEncodingsEqualWitComponentsCustomSectionsAside() throws Exception {
    Map<String, String> differing = WitSuites.expectations("/wit/wit-component-encoding-expectations.txt");
    int same = 0;
    int total = 0;
    List<String> problems = new ArrayList<>();
    for (Case c : cases()) {
      if (c.input() == null || c.print() == null) {
        continue;
      }
      total++;
      Wit.Parsed parsed = Wit.parse(c.input());
      Component ours = WitEncoder.encodePackage(parsed.resolve(), parsed.mainPackage());
      Component ref = ComponentDecoder.decode(ComponentWat.assemble(Files.readString(c.wat()), c.wat().toString(),
          ComponentWat.Options.DEFAULT));
      // re-decode ours so both sides carry the same (binary) offsets-free shape
      boolean equal = withoutCustom(ComponentDecoder.decode(ComponentEncoder.encode(ours)))
          .equals(withoutCustom(ref));
      if (equal) {
        same++;
      }
      if (equal == differing.containsKey(c.name())) {
        problems.add(c.name() + (equal ? " now encodes identically: remove it from the list" : " encodes differently"));
      }
    }
    System.out.printf("wit-component interfaces: %d/%d encodings identical to wit-component's (custom sections "
        + "aside)%n", same, total);
    assertThat(problems).isEmpty();
  }

  /** The sections other than custom ones, as comparable values (offsets are not part of the comparison). */
  static List<Object> withoutCustom(Component c) {
    List<Object> out = new ArrayList<>();
    for (Section s : c.sections()) {
      switch (s) {
        case Section.Custom x -> { }
        case Section.Types t -> out.add(t.items().stream().map(dev.trellis.engine.binary.TypeDef::type).toList());
        case Section.Exports e -> out.add(e.items().stream().map(x -> List.of(x.name(), x.item())).toList());
        default -> out.add(s);
      }
    }
    return out;
  }

  /**
   * Null when the main package of {@code decoded} prints WIT equal, after parsing, to
   * {@code expected}. Both texts are parsed with the other packages of the decoded resolve
   * available (the {@code .wit.print} refers to them but does not contain them).
   */
  static String compare(Wit.Parsed decoded, String expected) {
    Resolve r = decoded.resolve();
    int main = decoded.mainPackage();
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < r.packages().size(); i++) {
      if (i != main) {
        others.add(i);
      }
    }
    String ours = WitPrinter.print(r, main, others);
    String deps = ours.substring(WitPrinter.printPackage(r, main).length());
    Wit.Parsed a;
    Wit.Parsed b;
    try {
      a = Wit.parse("decoded.wit", ours);
    } catch (WitException e) {
      return "the decoded WIT does not parse: " + e.getMessage() + "\n" + ours;
    }
    try {
      b = Wit.parse("expected.wit.print", expected + "\n" + deps);
    } catch (WitException e) {
      return "the expected WIT does not parse with the decoded dependencies: " + e.getMessage();
    }
    String d = ResolveEquivalence.diffPackageAnyFunctionOrder(a.resolve(), a.mainPackage(), b.resolve(),
        b.mainPackage());
    return d == null ? null : d + "\n--- decoded:\n" + ours + "\n--- expected:\n" + expected;
  }
}
