package dev.trellis.engine.wit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.types.BorrowType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.OwnType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.ResultType;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.validate.Features;
import dev.trellis.engine.validate.Validator;

/** Every WASI release in {@code shared/wit/wasi} resolves cleanly and is usable through the lookup API. */
class WitWasiTest {

  static Wit.Parsed load(String version) throws Exception {
    List<Path> dirs = WitSuites.wasiPackages(version);
    assertThat(dirs).isNotEmpty();
    return Wit.parseAll(dirs, Set.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.2.0", "0.2.12", "0.3.0"})
  void resolvesEveryPackage(String version) throws Exception {
    Wit.Parsed parsed = load(version);
    Resolve r = parsed.resolve();
    List<String> names = r.packages().stream().map(p -> p.name().toString()).toList();
    for (Path dir : WitSuites.wasiPackages(version)) {
      assertThat(names).anyMatch(n -> n.startsWith("wasi:" + dir.getFileName() + "@"));
    }
    // every package comes after the packages it depends on
    assertThat(r.topologicalPackages()).isEqualTo(java.util.stream.IntStream.range(0, r.packages().size())
        .boxed().toList());
    assertThat(r.worlds()).isNotEmpty();
  }

  /** Each package encodes as component types that validate and decode to the same package. */
  @ParameterizedTest
  @ValueSource(strings = {"0.2.0", "0.2.12", "0.3.0"})
  void packagesRoundTripThroughTheirComponentEncoding(String version) throws Exception {
    Resolve r = load(version).resolve();
    for (int pkg = 0; pkg < r.packages().size(); pkg++) {
      byte[] bytes = WitEncoder.encodePackageBytes(r, pkg);
      Validator.validate(ComponentDecoder.decode(bytes), Features.ALL);
      Wit.Parsed decoded = Wit.decode(bytes, r.pkg(pkg).name() + ".wasm");
      assertThat(ResolveEquivalence.diffPackage(r, pkg, decoded.resolve(), decoded.mainPackage()))
          .as(r.pkg(pkg).name().toString()).isNull();
    }
  }

  /** Each world's component-type section validates and decodes to the same world. */
  @ParameterizedTest
  @ValueSource(strings = {"0.2.0", "0.2.12", "0.3.0"})
  void worldsRoundTripThroughTheirComponentTypeSection(String version) throws Exception {
    Resolve r = load(version).resolve();
    assertThat(r.worlds()).isNotEmpty();
    for (int w = 0; w < r.worlds().size(); w++) {
      byte[] section = WitEncoder.componentTypeSection(r, w);
      Validator.validate(ComponentDecoder.decode(section), Features.ALL);
      Wit.Parsed decoded = Wit.decode(section, r.world(w).name() + ".wasm");
      Resolve d = decoded.resolve();
      int dw = d.pkg(decoded.mainPackage()).worlds().get(r.world(w).name());
      assertThat(ResolveEquivalence.diffWorld(r, w, d, dw)).as(r.world(w).name()).isNull();
    }
  }

  @Test
  void looksUpInterfacesAndGivesEngineTypes() throws Exception {
    Resolve r = load("0.2.0").resolve();
    Resolve.Interface types = r.interfaceNamed("wasi:http/types@0.2.0").orElseThrow();
    assertThat(r.interfaceNamed("wasi:http/types")).contains(types);
    assertThat(r.interfaceNamed("wasi:http/nope@0.2.0")).isEmpty();

    FuncType get = r.funcType(types.function("[method]fields.get").orElseThrow());
    assertThat(get.params()).hasSize(2);
    BorrowType self = (BorrowType) get.params().get(0).type();
    assertThat(self.resource().name()).isEqualTo("fields");
    assertThat(get.params().get(1).type()).isEqualTo(PrimType.STRING); // field-key = string

    FuncType ctor = r.funcType(types.function("[constructor]fields").orElseThrow());
    OwnType own = (OwnType) ctor.result();
    assertThat(own.resource()).isSameAs(self.resource()); // one ResourceType per WIT resource

    assertThat(r.engineType(types.type("fields").orElseThrow())).isSameAs(self.resource());
    assertThat(r.engineType(types.type("field-key").orElseThrow())).isEqualTo(PrimType.STRING);

    Resolve.Interface streams = r.interfaceNamed("wasi:io/streams@0.2.0").orElseThrow();
    FuncType read = r.funcType(streams.function("[method]input-stream.read").orElseThrow());
    assertThat(read.result()).isInstanceOf(ResultType.class);
    // http's `use wasi:io/streams.{input-stream}` is the same resource as io's own
    FuncType consume = r.funcType(types.function("[method]incoming-body.stream").orElseThrow());
    OwnType body = (OwnType) ((ResultType) consume.result()).ok();
    assertThat(body.resource()).isSameAs(((BorrowType) read.params().get(0).type()).resource());
  }
}
