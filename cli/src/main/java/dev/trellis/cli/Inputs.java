package dev.trellis.cli;

import dev.trellis.engine.error.InvalidException;
import dev.trellis.engine.error.MalformedException;
import dev.trellis.engine.text.ComponentWat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The files the commands are given, read and reported on alike: every input error names the
 * file ({@code FILE: malformed: … (at offset 0x9)}, {@code FILE is neither a WebAssembly binary
 * nor UTF-8 text}, {@code no such file: FILE}) and exits 2.
 */
final class Inputs {
  private Inputs() {}

  /** The file's bytes. */
  static byte[] bytes(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new Main.UserError("no such file: " + file);
    }
  }

  /** True if {@code bytes} start with the {@code \0asm} magic (a binary, whatever its layer). */
  static boolean isBinary(byte[] bytes) {
    return bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' && bytes[3] == 'm';
  }

  /** The file's text: its bytes must be UTF-8. */
  static String text(Path file, byte[] raw) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      throw new Main.UserError(file + (isBinary(raw) ? " is not UTF-8 text"
          : " is neither a WebAssembly binary nor UTF-8 text"));
    }
  }

  /** A binary as it is, or text (a component or core module) assembled to its binary. */
  static byte[] wasm(Path file, ComponentWat.Options options) throws IOException {
    byte[] raw = bytes(file);
    return isBinary(raw) ? raw : ComponentWat.assemble(text(file, raw), file.toString(), options);
  }

  /**
   * Decodes, validates or compiles the file's binary with {@code step}; a binary that is
   * malformed or invalid is an input error naming the file.
   */
  static <T> T decoding(Path file, Supplier<T> step) {
    try {
      return step.get();
    } catch (MalformedException e) {
      throw new Main.UserError(file + ": malformed: " + e.getMessage());
    } catch (InvalidException e) {
      throw new Main.UserError(file + ": invalid: " + e.getMessage());
    }
  }
}
