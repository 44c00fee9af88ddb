package dev.trellis.harness.adapters;

import dev.trellis.harness.spi.HttpService;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeFailure.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Serving a {@code wasi:http} component with a runtime's own command line ({@code wasmtime
 * serve}, {@code spin up}, {@code jco serve}): the component is written to a temporary
 * directory, the command started with the address it must listen on, and the service is
 * ready once that address accepts connections. Closing kills the process tree.
 */
public final class CliServer {
  private CliServer() {}

  /** Builds the command line that serves {@code component} on {@code host}:{@code port}. */
  @FunctionalInterface
  public interface Command {
    List<String> build(Path component, String host, int port);
  }

  /** {@code host:port}, with brackets around an IPv6 host. */
  public static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * Starts the command and waits until it listens. Port 0 in {@code address} picks a free
   * port.
   */
  public static HttpService start(byte[] component, InetSocketAddress address, Duration startTimeout, Command command) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("trellis-serve-");
      Path wasm = dir.resolve("component.wasm");
      Files.write(wasm, component);
      // The literal address, so the runtime binds exactly what was asked (not "localhost").
      String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
      int port = address.getPort() == 0 ? freePort(address.getAddress()) : address.getPort();
      String hostPort = hostPort(host, port);
      List<String> cmd = command.build(wasm, host, port);
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.directory(dir.toFile());
      pb.redirectErrorStream(true);
      Path log = dir.resolve("server.log");
      pb.redirectOutput(log.toFile());
      Process p = pb.start();
      HttpWait.untilListening(p, host, port, startTimeout, log);
      URI uri = URI.create("http://" + hostPort + "/");
      Path finalDir = dir;
      return new HttpService() {
        @Override
        public URI uri() {
          return uri;
        }

        @Override
        public void close() {
          Processes.kill(p);
          deleteTree(finalDir);
        }
      };
    } catch (IOException e) {
      deleteTree(dir);
      throw new RuntimeFailure(Kind.ERROR, "starting a server: " + e.getMessage(), e);
    } catch (RuntimeFailure f) {
      deleteTree(dir);
      throw f;
    }
  }

  public static int freePort(InetAddress address) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(address == null ? InetAddress.getLoopbackAddress() : address, 0));
      return s.getLocalPort();
    }
  }

  public static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory
    }
  }
}
