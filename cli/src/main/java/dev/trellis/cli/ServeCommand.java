package dev.trellis.cli;

import dev.trellis.engine.core.CoreBackend;
import dev.trellis.engine.error.LinkException;
import dev.trellis.engine.link.Component;
import dev.trellis.engine.text.ComponentWat;
import dev.trellis.engine.runtime.Engine;
import dev.trellis.engine.wasi.WasiHttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trellis serve}: serves a {@code wasi:http/proxy} component over HTTP/1.1 on the address
 * given, a fresh instance per request, as {@code wasmtime serve} does.
 */
@Command(
    name = "serve",
    header = "Serve a wasi:http proxy component over HTTP/1.1 on the reference engine.",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a wasi:http proxy component (one exporting wasi:http/incoming-handler) over HTTP/1.1,",
      "with a fresh instance for every request, as `wasmtime serve` does:",
      "  trellis serve hello.wasm --addr 127.0.0.1:8080",
      "Imports are resolved and type-checked once; each instance gets only what the flags grant",
      "(stdout and stderr are the server's). Stops on Ctrl-C, or after --requests N requests."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:served until stopped", "2:usage error, unreadable, invalid or unlinkable input, address in use"})
final class ServeCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "A component binary (.wasm) or component text (.wat).")
  Path file;

  @Option(names = "--addr", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:8080",
      description = "The socket address to listen on (default 0.0.0.0:8080; port 0: any free port).")
  String addr;

  @Option(names = "--threads", paramLabel = "N", description = "Requests served at once (default: 2 per core, at least 4).")
  Integer threads;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop a request's guest after this long, e.g. 500ms, 10s.")
  String timeout;

  @Option(names = "--requests", paramLabel = "N", hidden = true, description = "Stop after N requests (tests).")
  Long requests;

  @Mixin
  EngineOptions engineOptions = new EngineOptions();

  @Mixin
  WasiOptions wasi = new WasiOptions();

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    CoreBackend b = engineOptions.backend();
    InetSocketAddress address = address(addr);
    Engine engine = engineOptions.engine(b);
    byte[] bytes = Inputs.wasm(file, ComponentWat.Options.DEFAULT);
    Component component = Inputs.decoding(file, () -> Component.fromBinary(engine, bytes));
    var ctx = wasi.builder().stdout(System.out).stderr(System.err)
        .deadline(timeout == null ? null : RunCommand.duration(timeout)).build();
    int n = threads != null ? threads : Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    CountDownLatch stop = new CountDownLatch(1);
    WasiHttpServer server;
    try {
      server = WasiHttpServer.start(component, ctx, address, n, m -> {
        err.println("trellis serve: " + m);
        err.flush();
      });
    } catch (LinkException e) {
      throw new Main.UserError(e.getMessage());
    } catch (UncheckedIOException e) {
      throw new Main.UserError(e.getMessage());
    }
    Thread hook = new Thread(stop::countDown, "trellis-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    err.println("Serving HTTP on " + server.uri());
    err.flush();
    try {
      if (requests != null) {
        while (server.requestsServed() < requests) {
          Thread.sleep(20);
        }
      } else {
        stop.await();
      }
    } finally {
      server.close();
      err.println("trellis serve: served " + server.requestsServed() + " requests (" + server.requestsFailed()
          + " failed); " + server.liveInstances() + " instances live");
      err.flush();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException ignored) {
        // shutting down already
      }
    }
    return Main.OK;
  }

  static InetSocketAddress address(String s) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0) {
      throw new Main.UserError("--addr: expected HOST:PORT, got `" + s + "`");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new Main.UserError("--addr: bad port in `" + s + "`");
    }
    if (port < 0 || port > 65535) {
      throw new Main.UserError("--addr: port out of range in `" + s + "`");
    }
    InetSocketAddress a = new InetSocketAddress(host, port);
    if (a.isUnresolved()) {
      throw new Main.UserError("--addr: unknown host `" + host + "`");
    }
    return a;
  }
}
