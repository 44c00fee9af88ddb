package dev.trellis.cli;

import dev.trellis.engine.binary.Bytes;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.binary.Wasm;
import dev.trellis.engine.core.CoreModules;
import dev.trellis.engine.error.TrellisException;
import dev.trellis.engine.text.Printer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trellis print}: a component binary as component text that parses back to the same bytes. */
@Command(
    name = "print",
    header = "Print a component binary as component text that parses back to the same bytes.",
    mixinStandardHelpOptions = true,
    description = {
      "Print a component binary as component text (wasm-tools' syntax) that `trellis parse`",
      "turns back into the same bytes. Definitions carry their index as (;N;) comments;",
      "identifiers come from the component-name section. Core modules are printed as",
      "(core module binary ...), one string per core section, under comments listing their",
      "imports and exports."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed", "2:usage error, unreadable file, or not a well-formed component"})
final class PrintCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE.wasm", description = "The component binary.")
  Path input;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write the text here instead of standard output.")
  Path output;

  /** A core module's imports and exports for the comment above it; nothing if it does not parse. */
  static List<String> describeCoreModule(byte[] module) {
    try {
      return Printer.describe(CoreModules.inspect(Bytes.wrap(module), 0).type());
    } catch (TrellisException e) {
      return List.of("core module does not decode: " + e.reason());
    }
  }

  @Override
  public Integer call() throws IOException {
    byte[] bytes = Inputs.bytes(input);
    if (Wasm.kind(bytes) == Wasm.Kind.CORE_MODULE) {
      throw new Main.UserError(input + " is a core module, not a component; trellis print prints components");
    }
    Printer.Options options = Printer.Options.DEFAULT.withCoreModuleComments(PrintCommand::describeCoreModule);
    String text = Printer.print(Inputs.decoding(input, () -> ComponentDecoder.decode(bytes)), options);
    if (output == null) {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
    } else {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    }
    return Main.OK;
  }
}
