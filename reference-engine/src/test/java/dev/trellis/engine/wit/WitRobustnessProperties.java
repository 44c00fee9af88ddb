package dev.trellis.engine.wit;

import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.error.InvalidException;
import dev.trellis.engine.error.WitException;
import dev.trellis.engine.validate.Features;
import dev.trellis.engine.validate.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Bad input is a typed error, never a crash: mutated WIT from wit-parser's suite either
 * resolves (and then prints, re-parses, encodes and decodes) or is a {@link WitException};
 * mutated encodings decode or are a {@link WitException}.
 */
class WitRobustnessProperties {
  private static final String[] SNIPPETS = {"{", "}", "<", ">", "(", ")", ";", ",", ":", "use ", "as ", "%",
      "@since(version = 1.0.0)", "@unstable(feature = active)", "@deprecated(version = 1.0.0)", "resource r;",
      "func()", "list<", "package a:b;", "package a:c {", "world w {", "interface i {", "include ", "with {",
      "import ", "export ", "borrow<", "own<", "/*", "//", "\"", "@", "1.0.0", "-", "type t = u32;", "async ",
      "static ", "constructor();", "map<", "future<", "stream<", "\u202e", "\u0000", "é", "🦀"};
  private static List<String> corpus;

  private static synchronized List<String> corpus() {
    if (corpus == null) {
      List<String> out = new ArrayList<>();
      try (Stream<Path> s = Files.walk(WitSuites.witParserUi())) {
        for (Path p : s.filter(p -> p.toString().endsWith(".wit")).sorted().toList()) {
          out.add(Files.readString(p));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      corpus = out;
    }
    return corpus;
  }

  @Provide
  Arbitrary<String> mutatedWit() {
    return Arbitraries.randomValue(r -> mutate(r, corpus().get(r.nextInt(corpus().size()))));
  }

  static String mutate(Random r, String src) {
    StringBuilder sb = new StringBuilder(src);
    int muts = 1 + r.nextInt(3);
    for (int m = 0; m < muts && sb.length() > 0; m++) {
      int pos = r.nextInt(sb.length() + 1);
      switch (r.nextInt(3)) {
        case 0 -> sb.delete(pos, Math.min(sb.length(), pos + r.nextInt(20)));
        case 1 -> sb.insert(pos, SNIPPETS[r.nextInt(SNIPPETS.length)]);
        default -> {
          int a = r.nextInt(sb.length());
          sb.insert(pos, sb.substring(a, Math.min(sb.length(), a + r.nextInt(40))));
        }
      }
    }
    return sb.toString();
  }

  @Property(tries = 1500)
  void mutatedWitResolvesOrIsAWitException(@ForAll("mutatedWit") String wit) {
    Wit.Parsed parsed;
    try {
      parsed = Wit.parse("mutated.wit", wit, Set.of("active"));
    } catch (WitException e) {
      return;
    }
    Wit.parse("printed.wit", WitPrinter.printAll(parsed.resolve(), parsed.mainPackage()), Set.of("active"));
    for (int pkg = 0; pkg < parsed.resolve().packages().size(); pkg++) {
      byte[] bytes;
      try {
        bytes = WitEncoder.encodePackageBytes(parsed.resolve(), pkg);
      } catch (WitException e) {
        continue; // WIT the component model cannot express
      }
      try {
        Validator.validate(ComponentDecoder.decode(bytes), Features.ALL);
      } catch (InvalidException e) {
        continue; // e.g. `[method]a.a` beside `a`: legal WIT, names the component model calls equal
      }
      Wit.decode(bytes, "encoded.wasm");
    }
  }

  @Provide
  Arbitrary<byte[]> mutatedEncoding() {
    return Arbitraries.randomValue(r -> {
      Wit.Parsed p;
      while (true) {
        try {
          p = Wit.parse("x.wit", new WitRoundTripProperties.Gen(r).document(), Set.of("on"));
          byte[] bytes = WitEncoder.encodePackageBytes(p.resolve(), p.mainPackage());
          int flips = 1 + r.nextInt(4);
          for (int i = 0; i < flips; i++) {
            bytes[8 + r.nextInt(bytes.length - 8)] = (byte) r.nextInt(256);
          }
          return bytes;
        } catch (WitException e) {
          // the generator's document had an empty record: draw another
        }
      }
    });
  }

  @net.jqwik.api.Example
  void aDeepChainOfTypesIsRejectedNotAStackOverflow() {
    // 5000 anonymous types, each a list of the previous: a small binary, a deep type
    List<dev.trellis.engine.binary.Decl> decls = new ArrayList<>();
    decls.add(new dev.trellis.engine.binary.Decl.TypeDecl(
        new dev.trellis.engine.binary.DefType.ListDef(dev.trellis.engine.binary.PrimValType.U8), -1));
    for (int i = 1; i < 5000; i++) {
      decls.add(new dev.trellis.engine.binary.Decl.TypeDecl(new dev.trellis.engine.binary.DefType.ListDef(
          new dev.trellis.engine.binary.ValTypeRef.Index(i - 1)), -1));
    }
    decls.add(new dev.trellis.engine.binary.Decl.ExportDecl(dev.trellis.engine.binary.ExternName.of("t"),
        new dev.trellis.engine.binary.ExternDesc.Type(new dev.trellis.engine.binary.ExternDesc.Eq(4999)), -1));
    var instance = new dev.trellis.engine.binary.DefType.InstanceDef(decls);
    var outer = new dev.trellis.engine.binary.DefType.ComponentDef(List.of(
        new dev.trellis.engine.binary.Decl.TypeDecl(instance, -1),
        new dev.trellis.engine.binary.Decl.ExportDecl(dev.trellis.engine.binary.ExternName.of("a:b/i"),
            new dev.trellis.engine.binary.ExternDesc.Instance(0), -1)));
    byte[] bytes = dev.trellis.engine.binary.ComponentEncoder.encode(new dev.trellis.engine.binary.Component(List.of(
        new dev.trellis.engine.binary.Section.Types(List.of(new dev.trellis.engine.binary.TypeDef(outer, -1)), -1),
        new dev.trellis.engine.binary.Section.Exports(List.of(new dev.trellis.engine.binary.Export(
            dev.trellis.engine.binary.ExternName.of("i"), new dev.trellis.engine.binary.SortIdx(
                dev.trellis.engine.binary.Sort.TYPE, 0), null, -1)), -1))));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Wit.decode(bytes, "deep.wasm"))
        .isInstanceOf(WitException.class).hasMessageContaining("type nesting too deep");
  }

  @Property(tries = 500)
  void mutatedEncodingsDecodeOrAreAWitException(@ForAll("mutatedEncoding") byte[] bytes) {
    try {
      Wit.Parsed p = Wit.decode(bytes, "mutated.wasm");
      WitPrinter.printAll(p.resolve(), p.mainPackage());
    } catch (WitException e) {
      // a typed error is the right answer
    }
  }
}
