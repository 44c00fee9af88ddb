package dev.trellis.wasiconformance;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** Writing specs back: one layout for every spec file, so that regenerating changes only what changed. */
final class SpecFiles {
  private SpecFiles() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter()
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultIndenter("  ", "\n"))
      .withSeparators(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withObjectEmptySeparator("")
          .withArrayEmptySeparator(""));

  /** Replaces the spec's {@code wasi_functions} with {@code functions} (kept sorted). */
  static void setFunctions(Path spec, Collection<String> functions) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(spec));
    ArrayNode a = root.putArray("wasi_functions");
    functions.stream().sorted().distinct().forEach(a::add);
    write(spec, root);
  }

  static void write(Path spec, ObjectNode root) throws IOException {
    Files.writeString(spec, JSON.writer(PRINTER).writeValueAsString(root) + "\n");
  }
}
