package dev.trellis.cli;

import dev.trellis.bench.BenchRun;
import dev.trellis.bench.Profile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trellis bench}: cold start, density and throughput, side by side across runtimes. */
@Command(
    name = "bench",
    header = "Benchmark the runtimes side by side: JMH phases, calls, instantiation, compute, heap, HTTP.",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the runtimes phase by phase: JMH benchmarks of the in-process engines (decode,",
      "validate, compile, instantiate warm and cold, calls, Canonical ABI throughput next to",
      "System.arraycopy), density of idle instances, runtimes outside this JVM through the SPI,",
      "wasi:http requests/s against a plain JDK server, and process runtimes timed from outside.",
      "Every workload's result is checked on every runtime before it is timed.",
      "Writes OUT/results.json (Measurement records and the machine fingerprint), OUT/jmh.json",
      "(JMH's JSON), OUT/jmh.log and OUT/summary.txt, and prints progress and the ratios.",
      "Profiles: smoke (plumbing only, seconds), quick (what nightly runs, under ten minutes on",
      "two cores), full (every workload and size, three forks)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:measured, every check passed", "1:a check or a measurement failed (see the summary)",
        "2:usage error, unknown or missing runtime"})
final class BenchCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--runtime", split = ",", paramLabel = "ID",
      description = "Runtimes to measure (default: every runtime found; see `trellis runtimes`).")
  List<String> runtimes = new ArrayList<>();

  @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "quick",
      description = "smoke, quick or full (default: ${DEFAULT-VALUE}).")
  String profile;

  @Option(names = "--only", split = ",", paramLabel = "SECTION",
      description = "Run only these sections: jmh, paired, density, spi, http, process (default: all).")
  List<String> only = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where the results go.")
  Path out;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Profile p;
    try {
      p = Profile.parse(profile);
    } catch (IllegalArgumentException e) {
      throw new Main.UserError("--profile: " + e.getMessage());
    }
    Set<BenchRun.Section> sections = EnumSet.noneOf(BenchRun.Section.class);
    for (String s : only) {
      sections.add(switch (s) {
        case "jmh" -> BenchRun.Section.JMH;
        case "paired" -> BenchRun.Section.PAIRED;
        case "density" -> BenchRun.Section.DENSITY;
        case "spi" -> BenchRun.Section.SPI;
        case "http" -> BenchRun.Section.HTTP;
        case "process" -> BenchRun.Section.PROCESS;
        default -> throw new Main.UserError("--only: unknown section '" + s
            + "' (jmh, paired, density, spi, http, process)");
      });
    }
    java.io.PrintWriter progress = spec.commandLine().getOut();
    BenchRun.Result r;
    try {
      r = BenchRun.run(new BenchRun.Options(p, runtimes, out, sections, progress));
    } catch (IllegalArgumentException e) {
      throw new Main.UserError(e.getMessage());
    }
    return r.failures().isEmpty() ? Main.OK : Main.FAILURES;
  }
}
