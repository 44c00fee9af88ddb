package dev.trellis.engine.wit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Printing a resolve gives WIT that parses back to the same packages, and printing is a fixpoint. */
class WitPrinterTest {

  /** Prints every package of {@code parsed}, re-parses the text, and checks both resolves agree. */
  static void assertRoundTrips(Wit.Parsed parsed, Set<String> features) {
    String text = WitPrinter.printAll(parsed.resolve(), parsed.mainPackage());
    Wit.Parsed again;
    try {
      again = Wit.parse("printed.wit", text, features);
    } catch (RuntimeException e) {
      throw new AssertionError("printed WIT does not parse: " + e.getMessage() + "\n" + text, e);
    }
    assertThat(ResolveEquivalence.diffAll(parsed.resolve(), again.resolve())).as(text).isNull();
    // printing is a fixpoint from the first re-parse on (the first print may drop packages
    // that only gated-off items referred to, which reorders the nested packages)
    String text2 = WitPrinter.printAll(again.resolve(), again.mainPackage());
    Wit.Parsed third = Wit.parse("printed.wit", text2, features);
    assertThat(WitPrinter.printAll(third.resolve(), third.mainPackage())).isEqualTo(text2);
  }

  @TestFactory
  Stream<DynamicTest> witParserUiCasesRoundTrip() {
    Path ui = WitSuites.witParserUi();
    Map<String, String> pending = WitSuites.expectations("/wit/ui-expectations.txt");
    List<DynamicTest> tests = new ArrayList<>();
    for (Path json : WitSuites.list(ui)) {
      String file = json.getFileName().toString();
      if (!file.endsWith(".wit.json")) {
        continue;
      }
      String name = file.substring(0, file.length() - ".wit.json".length());
      if (pending.containsKey(name)) {
        continue; // cannot be parsed yet: covered (and required to fail) by WitParserUiTest
      }
      Path input = Stream.of(name + ".wit", name, name + ".wat").map(ui::resolve).filter(Files::exists)
          .findFirst().orElseThrow();
      tests.add(DynamicTest.dynamicTest(name,
          () -> assertRoundTrips(Wit.parse(input, WitParserUiTest.FEATURES), WitParserUiTest.FEATURES)));
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(74);
    return tests.stream();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.2.0", "0.2.12", "0.3.0"})
  void wasiRoundTrips(String version) throws Exception {
    assertRoundTrips(WitWasiTest.load(version), Set.of());
  }

  @Test
  void escapesKeywordsAndKeepsDocsAndGates() {
    String src = """
        /// the package
        package a:b@1.0.0;

        /// docs for i
        ///
        ///   indented line
        @since(version = 1.0.0)
        interface %interface {
          /// a record
          record %record { /** field */ %type: u32 }
          @unstable(feature = fancy)
          @deprecated(version = 1.0.0)
          resource r {
            constructor() -> result<r, string>;
            m: async func(x: borrow<r>) -> option<r>;
            s: static func() -> list<u8, 4>;
          }
          f: func(a: map<string, tuple<u8, %record>>) -> result<_, stream<u8>>;
        }
        world w {
          import %interface;
          export x: interface { use %interface.{%record as rec}; g: func() -> rec; }
        }
        """;
    Wit.Parsed parsed = Wit.parse("t.wit", src, Set.of("fancy"));
    String text = WitPrinter.printAll(parsed.resolve(), parsed.mainPackage());
    assertThat(text).contains("interface %interface {", "record %record {", "%type: u32,",
        "@unstable(feature = fancy)", "@deprecated(version = 1.0.0)", "constructor() -> result<r, string>;",
        "m: async func(x: borrow<r>) -> option<r>;", "s: static func() -> list<u8, 4>;",
        "use %interface.{%record as rec};", "/// docs for i\n///\n///   indented line\n");
    assertRoundTrips(parsed, Set.of("fancy"));
  }
}
