package dev.trellis.cli;

import dev.trellis.engine.text.ComponentWat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trellis parse}: component (or core module) text to its binary. */
@Command(
    name = "parse",
    header = "Assemble component (or core module) text to its binary.",
    mixinStandardHelpOptions = true,
    description = {
      "Assemble a WebAssembly text file to its binary: a component in the component text "
          + "format (wasm-tools' syntax, Explainer.md), with its core modules, or a core module. "
          + "Errors name the file, line and column."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:assembled", "2:usage error, unreadable file, or text that does not parse"})
final class ParseCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE.wat", description = "The text file.")
  Path input;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE.wasm",
      description = "Where to write the binary (default: FILE.wasm beside the input).")
  Path output;

  @Option(names = "--lenient", description = "Accept the legacy reference syntax in canonical options, "
      + "destructors and thread built-ins, e.g. (memory $i \"mem\"), as wasm-tools does with "
      + "WAST_STRICT_COMPONENT_INDICES=0.")
  boolean lenient;

  @Override
  public Integer call() throws IOException {
    String src = Inputs.text(input, Inputs.bytes(input));
    byte[] bytes = ComponentWat.assemble(src, input.toString(), lenient ? ComponentWat.Options.LENIENT : ComponentWat.Options.DEFAULT);
    Path out = output != null ? output : defaultOutput(input);
    Files.write(out, bytes);
    return Main.OK;
  }

  static Path defaultOutput(Path in) {
    String n = in.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return in.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + ".wasm");
  }
}
