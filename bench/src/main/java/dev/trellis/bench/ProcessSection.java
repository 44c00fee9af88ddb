package dev.trellis.bench;

import dev.trellis.bench.workloads.KernelChecks;
import dev.trellis.bench.workloads.Workloads;
import dev.trellis.harness.adapters.CliServer;
import dev.trellis.harness.results.Machine;
import dev.trellis.harness.results.Measurement;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.HttpService;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.Wasm;
import dev.trellis.harness.spi.WasiCommand;
import dev.trellis.harness.spi.WasiResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runtimes that are processes, timed from outside as a user would see them: the kernels'
 * WASI command run to completion ({@code jco}, Wasmtime's CLI), a {@code wasi:http} server
 * started until it answers its first request ({@code jco serve}, {@code wasmtime serve},
 * {@code spin up}), workerd started until its first call returns, and the reference engine's
 * own CLI in a new JVM ({@code trellis run}, {@code trellis serve}). Every target runs once per round, the
 * targets interleaved so drifting machine load spreads over all of them; the first rounds
 * warm the file cache and are not kept. Each run's output is checked.
 */
final class ProcessSection {
  private ProcessSection() {}

  /** One thing to time: returns null when the run was right, else what was wrong. */
  record Target(String runtime, String workload, String how, Run run) {}

  @FunctionalInterface
  interface Run {
    String once() throws Exception;
  }

  static final int COMMAND_N = 4096;

  /** The targets for the opened runtimes (and the trellis CLI when {@code cliJava} is given). */
  static List<Target> targets(List<Runtime> runtimes, List<String> trellisCli, Path scratch)
      throws IOException, InterruptedException {
    List<Target> targets = new ArrayList<>();
    Wasm command = Wasm.of("kernels.command.wasm", Workloads.KERNELS_COMMAND.componentBytes());
    String expected = "sha256 " + COMMAND_N + " " + KernelChecks.expected("sha256", COMMAND_N) + "\n";
    Wasm hello = Wasm.of("hello-http.wasm", Workloads.HELLO_HTTP.componentBytes());
    Wasm nopCore = Wasm.of("nop.core.wasm", Workloads.NOP.coreBytes());
    for (Runtime rt : runtimes) {
      boolean process = isProcessRuntime(rt.id());
      if (process && rt.supports(Feature.WASI_COMMAND)) {
        targets.add(new Target(rt.id(), "kernels-command", "run", () -> {
          WasiResult r = rt.runCommand(command, WasiCommand.of("sha256", Integer.toString(COMMAND_N))
              .withTimeout(Duration.ofSeconds(60)));
          return r.exitCode() == 0 && r.stdoutText().equals(expected) ? null
              : "exit " + r.exitCode() + ", stdout " + r.stdoutText().strip() + " " + r.stderrText().strip();
        }));
      }
      if (process && rt.supports(Feature.WASI_HTTP)) {
        targets.add(new Target(rt.id(), "hello-http", "serve", () -> {
          try (HttpService s = rt.serveHttp(hello, new InetSocketAddress("127.0.0.1", 0))) {
            return firstResponse(s.uri(), null);
          }
        }));
      }
      if (rt.id().equals("workerd") && !rt.supports(Feature.WASI_HTTP) && WorkerdHttp.binary().isPresent()) {
        // workerd serving the component, transpiled once beforehand (as a deployment would be)
        Path worker = WorkerdHttp.prepare(Workloads.HELLO_HTTP.componentBytes(), scratch.resolve("workerd-hello"));
        targets.add(new Target(rt.id(), "hello-http", "serve", () -> {
          try (WorkerdHttp s = WorkerdHttp.start(worker)) {
            return firstResponse(s.uri(), s.process());
          }
        }));
      }
      if (rt.id().equals("workerd") && rt.supports(Feature.CORE_MODULE)) {
        targets.add(new Target(rt.id(), "nop", "start+call", () -> {
          try (Loaded l = rt.load(nopCore); Instance i = rt.instantiate(l)) {
            return i.invoke("nop", List.of()).isEmpty() ? null : "nop returned something";
          }
        }));
      }
    }
    if (trellisCli != null) {
      // the reference engine as users start it: a new JVM running `trellis run` / `trellis serve`
      Path commandFile = scratch.resolve("kernels.command.wasm");
      Files.write(commandFile, Workloads.KERNELS_COMMAND.componentBytes());
      Path helloFile = scratch.resolve("hello-http.wasm");
      Files.write(helloFile, Workloads.HELLO_HTTP.componentBytes());
      targets.add(new Target("trellis", "kernels-command", "run", () -> {
        List<String> cmd = new ArrayList<>(trellisCli);
        cmd.addAll(List.of("run", commandFile.toString(), "sha256", Integer.toString(COMMAND_N)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return "timed out";
        }
        String text = new String(out, StandardCharsets.UTF_8);
        return p.exitValue() == 0 && text.equals(expected) ? null : "exit " + p.exitValue() + ": " + text.strip();
      }));
      targets.add(new Target("trellis", "hello-http", "serve", () -> {
        int port = CliServer.freePort(java.net.InetAddress.getLoopbackAddress());
        List<String> cmd = new ArrayList<>(trellisCli);
        cmd.addAll(List.of("serve", helloFile.toString(), "--addr", "127.0.0.1:" + port));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        try {
          return firstResponse(java.net.URI.create("http://127.0.0.1:" + port + "/"), p);
        } finally {
          p.destroy();
          if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        }
      }));
    }
    return targets;
  }

  /** Out-of-process runtimes: their startup is a process's. */
  static boolean isProcessRuntime(String id) {
    return switch (id) {
      case "jco", "workerd", "wasmtime-cli", "spin" -> true;
      default -> false;
    };
  }

  /** Polls until the server answers (checked), or its process exits, or 30 s pass. */
  private static String firstResponse(java.net.URI uri, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        return HttpLoad.check(uri);
      } catch (IOException e) {
        last = e.toString();
        if (p != null && !p.isAlive()) {
          return "the server exited (" + p.exitValue() + ")";
        }
        Thread.sleep(2);
      }
    }
    return last;
  }

  /** Runs the targets interleaved; one measurement per target of the measured rounds' wall times. */
  static List<Measurement> run(List<Target> targets, int warmup, int runs, Machine machine, SpiSection.Log log,
      List<String> failures) {
    Map<Target, List<Double>> times = new LinkedHashMap<>();
    List<Target> live = new ArrayList<>(targets);
    for (int round = 0; round < warmup + runs; round++) {
      for (Target t : List.copyOf(live)) {
        long t0 = System.nanoTime();
        String wrong;
        try {
          wrong = t.run().once();
        } catch (Exception e) {
          wrong = SpiSection.oneLine(e);
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        if (wrong != null) {
          failures.add(t.runtime() + " " + t.workload() + " (" + t.how() + "): " + wrong);
          log.line(t.runtime() + " " + t.how() + " " + t.workload() + ": FAILED " + wrong);
          live.remove(t);
          times.remove(t);
          continue;
        }
        if (round >= warmup) {
          times.computeIfAbsent(t, k -> new ArrayList<>()).add(ms);
        }
      }
    }
    List<Measurement> out = new ArrayList<>();
    for (var e : times.entrySet()) {
      Target t = e.getKey();
      out.add(new Measurement(t.runtime(), t.workload(), "startup", "wall", "ms", Map.of("how", t.how()), e.getValue(),
          machine));
      log.line(t.runtime() + " " + t.how() + " " + t.workload() + ": " + Fmt.num(SpiSection.median(e.getValue()))
          + " ms median of " + e.getValue().size() + " runs (from outside)");
    }
    return out;
  }
}
