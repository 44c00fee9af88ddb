package dev.trellis.cli;

import dev.trellis.engine.error.WitException;
import dev.trellis.engine.wit.Wit;
import dev.trellis.engine.wit.WitJson;
import dev.trellis.engine.wit.WitPrinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trellis wit}: read WIT (a file, a directory with deps/, or an encoded package) and print it. */
@Command(
    name = "wit",
    header = "Parse and resolve WIT and print it back, as WIT or as wit-parser's resolve JSON.",
    mixinStandardHelpOptions = true,
    description = {
      "Parse and resolve WIT, then print it back as WIT, or as the",
      "resolved model in wit-parser's JSON shape with --json.",
      "INPUT is a .wit file; a directory (its *.wit files form one",
      "package, deps/ holds its dependencies); or a .wasm/.wat: an",
      "encoded WIT package, a component (its world is printed), or a",
      "core module with component-type sections. Errors name the",
      "file, line and column."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed", "2:usage error, unreadable input, or WIT that does not parse or resolve"})
final class WitCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "INPUT", description = "FILE.wit, a directory, FILE.wasm or FILE.wat.")
  Path input;

  @Option(names = "--json", description = "Print the resolved model (all packages) as JSON instead of WIT.")
  boolean json;

  @Option(names = "--all", description = "Also print the packages INPUT depends on, as nested packages.")
  boolean all;

  @Option(names = "--features", split = ",", paramLabel = "NAME",
      description = "Keep @unstable items of these features (comma-separated).")
  List<String> features = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    if (!Files.exists(input)) {
      throw new Main.UserError("no such file or directory: " + input);
    }
    Set<String> feats = new LinkedHashSet<>(features);
    Wit.Parsed parsed;
    try {
      parsed = Wit.parse(input, feats);
    } catch (WitException e) {
      // one line: file:line:col: what is wrong (the first line of the reason)
      String where = e.file() == null ? "" : e.line() > 0 ? e.file() + ":" + e.line() + ":" + e.column() + ": "
          : e.file() + ": ";
      throw new Main.UserError(where + e.reason().lines().findFirst().orElse(e.reason()), Main.USAGE);
    }
    String text;
    if (json) {
      text = WitJson.toJsonString(parsed.resolve());
    } else if (all) {
      text = WitPrinter.printAll(parsed.resolve(), parsed.mainPackage());
    } else {
      text = WitPrinter.print(parsed.resolve(), parsed.mainPackage(), parsed.packages());
    }
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}
