package dev.trellis.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.engine.testing.Repo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * wasm-tools' WAT parser, run through jco ({@code node/node_modules/@bytecodealliance/jco}) in one
 * node process per batch, with its outputs cached under {@code target/corewat-jco-cache} keyed by
 * the jco version and the text (never committed).
 */
final class CoreWatJco {
  private CoreWatJco() {}

  /** wasm-tools' result for one text: the bytes, or its error message. */
  record Output(byte[] wasm, String error) {}

  static Map<String, Output> parseAll(List<String> texts) throws Exception {
    Path jcoApi = Repo.jco().resolve("dist/api.js");
    assertThat(jcoApi).as("jco (npm ci in node/) is needed for the differential tests").exists();
    String jcoVersion = new ObjectMapper()
        .readTree(Repo.jco().resolve("package.json").toFile())
        .get("version").asText();
    Path cache = Path.of("target", "corewat-jco-cache").toAbsolutePath();
    Files.createDirectories(cache);
    Map<String, String> keyOf = new HashMap<>();
    Map<String, String> missing = new LinkedHashMap<>();
    for (String text : texts) {
      String key = sha256(jcoVersion + "\n" + text);
      keyOf.put(text, key);
      if (!Files.exists(cache.resolve(key + ".wasm")) && !Files.exists(cache.resolve(key + ".err"))) {
        missing.put(key, text);
      }
    }
    if (!missing.isEmpty()) {
      runJco(jcoApi, cache, missing);
    }
    Map<String, Output> out = new HashMap<>();
    for (String text : texts) {
      String key = keyOf.get(text);
      Path wasm = cache.resolve(key + ".wasm");
      out.put(text, Files.exists(wasm)
          ? new Output(Files.readAllBytes(wasm), null)
          : new Output(null, Files.readString(cache.resolve(key + ".err"))));
    }
    return out;
  }

  private static void runJco(Path api, Path cache, Map<String, String> missing) throws Exception {
    Path script = cache.resolve("corewat-jco.mjs");
    try (InputStream in = CoreWatJco.class.getResourceAsStream("corewat-jco.mjs")) {
      Files.write(script, in.readAllBytes());
    }
    List<Map<String, String>> input = new ArrayList<>();
    missing.forEach((k, t) -> input.add(Map.of("key", k, "text", t)));
    Path json = cache.resolve("input.json");
    new ObjectMapper().writeValue(json.toFile(), input);
    Process p = new ProcessBuilder("node", script.toString(), api.toString(), json.toString(), cache.toString())
        .redirectErrorStream(true)
        .start();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Thread pump = Thread.ofPlatform().daemon(true).start(() -> {
      try {
        p.getInputStream().transferTo(log);
      } catch (IOException ignored) {
        // the process ended
      }
    });
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("jco did not finish assembling " + missing.size() + " modules in 10 minutes");
    }
    pump.join();
    assertThat(p.exitValue()).as("node corewat-jco.mjs failed: " + log.toString(StandardCharsets.UTF_8)).isZero();
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
