package dev.trellis.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: WebAssembly text to binary through wasm-tools' parser (jco parse), cached by
 * content under target/ so repeated runs do not pay for node. Used until the engine's own
 * text front ends cover a test's input.
 */
public final class Wat {
  private Wat() {}

  public static Path repoRoot() {
    String r = System.getProperty("trellis.root");
    return r == null ? Paths.get("..").toAbsolutePath().normalize() : Paths.get(r);
  }

  public static byte[] parse(String wat) {
    try {
      String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(wat.getBytes(StandardCharsets.UTF_8))).substring(0, 24);
      Path dir = repoRoot().resolve("reference-engine/target/wat-cache");
      Files.createDirectories(dir);
      Path out = dir.resolve(key + ".wasm");
      if (Files.isRegularFile(out)) {
        return Files.readAllBytes(out);
      }
      Path in = dir.resolve(key + ".wat");
      Files.writeString(in, wat);
      Path jco = repoRoot().resolve("node/node_modules/@bytecodealliance/jco/dist/jco.js");
      Process p = new ProcessBuilder("node", jco.toString(), "parse", in.toString(), "-o", out.toString())
          .redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("jco parse failed: " + log);
      }
      return Files.readAllBytes(out);
    } catch (IOException | InterruptedException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
