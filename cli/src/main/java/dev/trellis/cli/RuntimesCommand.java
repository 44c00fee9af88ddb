package dev.trellis.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtimes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trellis runtimes}: which runtimes this machine has, their versions, and why one is missing. */
@Command(
    name = "runtimes",
    header = "List the runtimes Trellis can drive here, with versions, and why others are missing.",
    mixinStandardHelpOptions = true,
    description = {
      "List the WebAssembly runtimes Trellis can drive on this machine: each one found with its",
      "version and how it runs, each one missing with the reason."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed (and every --require'd runtime found)", "1:a --require'd runtime is missing",
        "2:usage error"})
final class RuntimesCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(names = "--require", split = ",", paramLabel = "ID",
      description = "Exit 1 unless these runtimes are all found (e.g. in CI).")
  List<String> require = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Runtimes runtimes = Runtimes.discover();
    for (String id : require) {
      if (runtimes.provider(id).isEmpty()) {
        throw new Main.UserError("unknown runtime '" + id + "'; known: " + String.join(", ", runtimes.ids()));
      }
    }
    List<Runtimes.Discovered> rows = runtimes.probeAll();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (Runtimes.Discovered d : rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("description", d.provider().description());
        m.put("features", d.provider().features().stream().map(Feature::id).toList());
        switch (d.probe()) {
          case Probe.Available(String version, String detail) -> {
            m.put("found", true);
            m.put("version", version);
            m.put("detail", detail);
          }
          case Probe.Missing(String reason) -> {
            m.put("found", false);
            m.put("reason", reason);
          }
        }
        list.add(m);
      }
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list));
    } else {
      int w = Math.max(8, rows.stream().mapToInt(r -> r.id().length()).max().orElse(8));
      int vw = Math.max(7, rows.stream().mapToInt(r -> r.probe() instanceof Probe.Available a ? a.version().length() : 0).max().orElse(7));
      out.printf("%-" + w + "s  %-7s  %-" + vw + "s  %s%n", "RUNTIME", "STATUS", "VERSION", "DETAILS");
      for (Runtimes.Discovered d : rows) {
        switch (d.probe()) {
          case Probe.Available(String version, String detail) ->
              out.printf("%-" + w + "s  %-7s  %-" + vw + "s  %s%n", d.id(), "found", version, detail);
          case Probe.Missing(String reason) ->
              out.printf("%-" + w + "s  %-7s  %-" + vw + "s  %s%n", d.id(), "missing", "-", reason);
        }
      }
    }
    out.flush();
    List<String> missing = rows.stream().filter(r -> require.contains(r.id()) && !r.probe().isAvailable()).map(Runtimes.Discovered::id).toList();
    if (!missing.isEmpty()) {
      spec.commandLine().getErr().println("trellis: required runtime(s) missing: " + String.join(", ", missing));
      return Main.FAILURES;
    }
    return Main.OK;
  }
}
