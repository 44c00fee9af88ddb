package dev.trellis.harness.adapters;

import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeFailure.Kind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Waiting for a server process to listen, failing with its log if it dies or takes too long. */
public final class HttpWait {
  private HttpWait() {}

  public static void untilListening(Process p, String host, int port, Duration timeout, Path log) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 200);
        return;
      } catch (IOException notYet) {
        // keep waiting
      }
      if (!p.isAlive()) {
        throw new RuntimeFailure(Kind.CRASHED, "server exited with code " + p.exitValue() + " before listening on "
            + host + ":" + port, read(log), null);
      }
      if (System.nanoTime() > deadline) {
        Processes.kill(p);
        throw new RuntimeFailure(Kind.TIMEOUT, "server did not listen on " + host + ":" + port + " within " + timeout,
            read(log), null);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        Processes.kill(p);
        throw new RuntimeFailure(Kind.ERROR, "interrupted", e);
      }
    }
  }

  private static String read(Path log) {
    try {
      return log != null && Files.exists(log) ? Files.readString(log) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
