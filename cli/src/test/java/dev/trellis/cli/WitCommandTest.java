package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WitCommandTest {
  @TempDir
  Path dir;

  @Test
  void printsADirectoryWithDepsAsWit() throws Exception {
    Files.writeString(dir.resolve("root.wit"), """
        package a:root;
        interface i { use a:dep/d.{t}; f: func(x: t) -> t; }
        """);
    Files.createDirectories(dir.resolve("deps/d"));
    Files.writeString(dir.resolve("deps/d/d.wit"), "package a:dep;\ninterface d { type t = u32; }\n");
    TestRuns.Ran r = TestRuns.cli("wit", dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("package a:root;").contains("use a:dep/d.{t};", "f: func(x: t) -> t;")
        .doesNotContain("package a:dep");
    TestRuns.Ran all = TestRuns.cli("wit", "--all", dir.toString());
    assertThat(all.out()).contains("package a:dep {", "type t = u32;");
  }

  @Test
  void printsTheResolveAsJson() throws Exception {
    Path f = dir.resolve("x.wit");
    Files.writeString(f, "package a:b;\nworld w { export run: func(); }\n");
    TestRuns.Ran r = TestRuns.cli("wit", "--json", f.toString());
    assertThat(r.code()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("worlds").get(0).get("exports").get("run").get("function").get("kind").asText())
        .isEqualTo("freestanding");
    assertThat(j.get("packages").get(0).get("name").asText()).isEqualTo("a:b");
  }

  @Test
  void decodesAnEncodedPackage() throws Exception {
    var parsed = dev.trellis.engine.wit.Wit.parse("p.wit", """
        package a:b@1.0.0;
        /// docs survive
        interface i { record r { x: u32 } f: func(r: r) -> list<r>; }
        world w { import i; export run: func(); }
        """);
    Path wasm = dir.resolve("p.wasm");
    Files.write(wasm, dev.trellis.engine.wit.WitEncoder.encodePackageBytes(parsed.resolve(), parsed.mainPackage()));
    TestRuns.Ran r = TestRuns.cli("wit", wasm.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("package a:b@1.0.0;", "/// docs survive", "record r {", "f: func(r: r) -> list<r>;",
        "world w {", "import i;", "export run: func();");
  }

  @Test
  void badWitIsAnInputErrorWithItsLocation() throws Exception {
    Path f = dir.resolve("bad.wit");
    Files.writeString(f, "package a:b;\ninterface i {\n  type t = nope;\n}\n");
    TestRuns.Ran r = TestRuns.cli("wit", f.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("bad.wit:3:12: type `nope` does not exist").doesNotContain("Exception");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void missingInputIsAUsageError() {
    TestRuns.Ran r = TestRuns.cli("wit", dir.resolve("none.wit").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no such file");
  }
}
