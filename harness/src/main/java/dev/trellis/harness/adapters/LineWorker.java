package dev.trellis.harness.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeFailure.Kind;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A long-lived worker process spoken to in JSON lines over a Unix domain socket, so the
 * process's own stdout and stderr (a guest's output) never mix with the protocol. One request
 * at a time; each has a deadline, after which the worker is killed and the request fails with
 * {@code TIMEOUT}. A worker that dies fails the request with {@code CRASHED} (its stderr tail
 * attached); the next request starts a fresh one, and {@link #generation()} tells callers
 * their handles are gone.
 */
public final class LineWorker implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TAIL = 8192;

  private final String name;
  private final Function<Path, List<String>> command;
  private final Duration startTimeout;
  private Process process;
  private SocketChannel channel;
  private BufferedReader in;
  private Writer out;
  private Path socketDir;
  private final ByteArrayOutputStream stderrTail = new ByteArrayOutputStream();
  private BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
  private long nextId;
  private int generation;
  private static final Object EOF = new Object();

  /** {@code command} builds the command line from the socket path the worker must connect to. */
  public LineWorker(String name, Function<Path, List<String>> command, Duration startTimeout) {
    this.name = name;
    this.command = command;
    this.startTimeout = startTimeout;
  }

  /** Increases every time a new worker process starts. */
  public synchronized int generation() {
    return generation;
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  private void start() {
    try {
      socketDir = Files.createTempDirectory("trellis-" + name + "-");
      Path sock = socketDir.resolve("s");
      try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
        server.bind(UnixDomainSocketAddress.of(sock));
        ProcessBuilder pb = new ProcessBuilder(command.apply(sock));
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        process = pb.start();
        process.getOutputStream().close();
        drainTo(process.getInputStream(), null);
        drainTo(process.getErrorStream(), stderrTail);
        server.configureBlocking(false);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        SocketChannel ch = null;
        while (ch == null) {
          ch = server.accept();
          if (ch == null) {
            if (!process.isAlive()) {
              throw new RuntimeFailure(Kind.CRASHED, name + " worker exited at start (code " + process.exitValue() + ")",
                  tail(), null);
            }
            if (System.nanoTime() > deadline) {
              throw new RuntimeFailure(Kind.TIMEOUT, name + " worker did not connect within " + startTimeout, tail(), null);
            }
            Thread.sleep(5);
          }
        }
        ch.configureBlocking(true);
        channel = ch;
      }
      in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
      out = new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8);
      generation++;
      BufferedReader reader = in;
      BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
      responses = queue;
      Thread.ofVirtual().name(name + "-reader").start(() -> {
        try {
          String line;
          while ((line = reader.readLine()) != null) {
            queue.put(line);
          }
        } catch (IOException | InterruptedException ignored) {
          // the worker went away; EOF below
        }
        queue.add(EOF);
      });
    } catch (IOException e) {
      stop();
      throw new RuntimeFailure(Kind.UNSUPPORTED, "cannot start the " + name + " worker: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      stop();
      Thread.currentThread().interrupt();
      throw new RuntimeFailure(Kind.ERROR, "interrupted starting the " + name + " worker", e);
    } catch (RuntimeFailure f) {
      stop();
      throw f;
    }
  }

  private void drainTo(InputStream s, ByteArrayOutputStream tail) {
    Thread.ofPlatform().daemon(true).name("line-worker-drain").start(() -> {
      byte[] buf = new byte[4096];
      try (s) {
        int n;
        while ((n = s.read(buf)) > 0) {
          if (tail != null) {
            synchronized (tail) {
              tail.write(buf, 0, n);
              if (tail.size() > 4 * TAIL) {
                byte[] all = tail.toByteArray();
                tail.reset();
                tail.write(all, all.length - TAIL, TAIL);
              }
            }
          }
        }
      } catch (IOException ignored) {
        // process gone
      }
    });
  }

  /** The last few KiB the worker wrote to stderr. */
  public String tail() {
    synchronized (stderrTail) {
      byte[] all = stderrTail.toByteArray();
      int from = Math.max(0, all.length - TAIL);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends {@code request} (an {@code id} is added) and waits for its response. Starts the
   * worker if needed.
   */
  public synchronized JsonNode call(ObjectNode request, Duration timeout) {
    if (process == null || !process.isAlive()) {
      stop();
      start();
    }
    long id = ++nextId;
    request.put("id", id);
    try {
      out.write(JSON.writeValueAsString(request));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      String t = tail();
      stop();
      throw new RuntimeFailure(Kind.CRASHED, name + " worker is gone: " + e.getMessage(), t, e);
    }
    while (true) {
      Object r;
      try {
        r = responses.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop();
        throw new RuntimeFailure(Kind.ERROR, "interrupted waiting for the " + name + " worker", e);
      }
      if (r == null) {
        String t = tail();
        stop();
        throw new RuntimeFailure(Kind.TIMEOUT, name + " did not answer within " + timeout + " (worker killed)", t, null);
      }
      if (r == EOF) {
        waitBriefly();
        String t = tail();
        String code = process != null && !process.isAlive() ? " (exit code " + process.exitValue() + ")" : "";
        stop();
        throw new RuntimeFailure(Kind.CRASHED, name + " worker died" + code, t, null);
      }
      JsonNode node;
      try {
        node = JSON.readTree((String) r);
      } catch (IOException e) {
        String t = tail();
        stop();
        throw new RuntimeFailure(Kind.CRASHED, name + " worker answered garbage: " + abbreviate((String) r), t, e);
      }
      if (node.path("id").asLong(-1) == id) {
        return node;
      }
      // A response to an earlier, abandoned request: skip it.
    }
  }

  private void waitBriefly() {
    if (process != null) {
      try {
        process.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  private synchronized void stop() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing
      }
      channel = null;
    }
    if (process != null) {
      Processes.kill(process);
      process = null;
    }
    if (socketDir != null) {
      try (var s = Files.walk(socketDir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // temp
      }
      socketDir = null;
    }
  }

  @Override
  public synchronized void close() {
    stop();
  }
}
