package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command that reads a component reports a bad input alike: one line naming the file, exit 2. */
class InputErrorsTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"validate", "print", "run", "serve"})
  void aTruncatedBinaryIsMalformedAtItsOffset(String command) throws Exception {
    Path bad = dir.resolve("bad.wasm");
    Files.write(bad, new byte[] {0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 0x07, 0x05, 0x01});
    TestRuns.Ran r = TestRuns.cli(command, bad.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(Main.USAGE);
    assertThat(r.err().strip()).isEqualTo("trellis: " + bad + ": malformed: unexpected end-of-file (at offset 0x9)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"validate", "run", "serve", "parse"})
  void bytesThatAreNeitherBinaryNorTextSaySo(String command) throws Exception {
    Path bad = dir.resolve("noise.wasm");
    Files.write(bad, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28});
    TestRuns.Ran r = TestRuns.cli(command, bad.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err().strip()).isEqualTo("trellis: " + bad + " is neither a WebAssembly binary nor UTF-8 text");
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "serve"})
  void aComponentThatDoesNotValidateIsAnInputError(String command) throws Exception {
    Path bad = dir.resolve("invalid.wat");
    Files.writeString(bad, "(component (export \"a\" (func 0)))");
    TestRuns.Ran r = TestRuns.cli(command, bad.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err().strip()).startsWith("trellis: " + bad + ": invalid: unknown func 0").doesNotContain("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"validate", "print", "run", "serve", "parse"})
  void aMissingFileIsNamed(String command) {
    Path nope = dir.resolve("nope.wasm");
    TestRuns.Ran r = TestRuns.cli(command, nope.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err().strip()).isEqualTo("trellis: no such file: " + nope);
  }
}
