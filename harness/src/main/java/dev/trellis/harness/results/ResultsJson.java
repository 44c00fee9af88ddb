package dev.trellis.harness.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.trellis.engine.error.TextException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * JSON (de)serialization of the result records. A results document is a {@link RunResults}
 * object whose first field is {@code "format": "trellis-results/1"}; unknown fields are
 * ignored so older readers accept newer documents. Timestamps are ISO-8601 strings.
 * Malformed input is reported as a {@link TextException} with the file, line and column.
 */
public final class ResultsJson {
  private ResultsJson() {}

  private static final ObjectMapper MAPPER = newMapper();

  /** The configured mapper (records, {@link Instant}, non-null fields only). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper newMapper() {
    SimpleModule time = new SimpleModule("trellis-time");
    time.addSerializer(Instant.class, ToStringSerializer.instance);
    time.addDeserializer(Instant.class, new StdScalarDeserializer<Instant>(Instant.class) {
      @Override
      public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        String s = p.getValueAsString();
        try {
          return Instant.parse(s);
        } catch (DateTimeParseException | NullPointerException e) {
          return (Instant) ctx.handleWeirdStringValue(Instant.class, s, "not an ISO-8601 instant");
        }
      }
    });
    return JsonMapper.builder()
        .addModule(time)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .build();
  }

  /** One results document as compact, single-line JSON (a history line). */
  public static String toLine(RunResults r) {
    try {
      return MAPPER.writeValueAsString(r);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise results: " + e.getOriginalMessage(), e);
    }
  }

  /** Pretty-printed JSON of any result record (or list of them). */
  public static String toPrettyJson(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Parses one results document from text ({@code source} names it in errors). */
  public static RunResults parse(String json, String source) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || !node.isObject() || !RunResults.FORMAT.equals(node.path("format").asText())) {
        throw new TextException(source, 1, 1, "not a Trellis results document (expected \"format\": \"" + RunResults.FORMAT + "\")");
      }
      return MAPPER.treeToValue(node, RunResults.class);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new TextException(source, at == null ? 1 : Math.max(1, at.getLineNr()),
          at == null ? 1 : Math.max(1, at.getColumnNr()), "malformed results: " + e.getOriginalMessage());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new TextException(source, 1, 1, "malformed results: " + e.getMessage());
    }
  }

  /** Reads a results document from a file. */
  public static RunResults read(Path file) throws IOException {
    return parse(Files.readString(file), file.toString());
  }

  /** Whether {@code file} is a Trellis results document (cheap check of its start). */
  public static boolean isResults(Path file) {
    if (!Files.isRegularFile(file) || !file.getFileName().toString().endsWith(".json")) {
      return false;
    }
    try (var in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(256);
      String s = new String(head, java.nio.charset.StandardCharsets.UTF_8);
      return s.contains("\"format\"") && s.contains(RunResults.FORMAT);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Writes a results document, pretty-printed, to {@code file} through a temporary file and
   * an atomic rename, so a reader never sees half a document.
   */
  public static void write(RunResults r, Path file) throws IOException {
    writeAtomically(file, out -> MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, r));
  }

  /** Writes any result record (e.g. a {@link ConformanceMatrix}) as pretty JSON, atomically. */
  public static void writeValue(Object value, Path file) throws IOException {
    writeAtomically(file, out -> MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, value));
  }

  /** Something that writes a file's content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code file} by writing a temporary sibling, forcing it to disk and renaming it
   * over {@code file} atomically: readers see the old content or the new, never a mix.
   */
  public static void writeAtomically(Path file, Content content) throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    try {
      try { // temporary files are private; results and reports are for reading
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system
      }
      try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
        content.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
