package dev.trellis.engine.wasi;

import dev.trellis.engine.error.LinkException;
import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.link.Component;
import dev.trellis.engine.link.InstancePre;
import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Serves a {@code wasi:http/proxy} component: a real HTTP/1.1 server ({@link Http1Server}: a
 * virtual thread per connection, keep-alive, chunked and fixed-length bodies) on the address
 * given, calling the component's {@code wasi:http/incoming-handler.handle} for each request in a
 * fresh instance made from one {@link InstancePre} (imports resolved and type-checked once), under
 * the grants of one {@link WasiCtx}. At most {@code threads} requests are handled at once; each
 * instance is dropped, with everything its guest held, when its request is done.
 */
public final class WasiHttpServer implements AutoCloseable {
  private final InstancePre<WasiState> pre;
  private final String handlerExport;
  private final WasiCtx ctx;
  private final Http1Server server;
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicInteger live = new AtomicInteger();
  private final Consumer<String> log;

  private WasiHttpServer(InstancePre<WasiState> pre, String handlerExport, WasiCtx ctx, InetSocketAddress address,
      int threads, Consumer<String> log) throws IOException {
    this.pre = pre;
    this.handlerExport = handlerExport;
    this.ctx = ctx;
    this.log = log;
    this.server = new Http1Server(address, threads, this::handle);
  }

  /**
   * Links {@code component} with the WASI host and starts serving it on {@code address} (port 0:
   * any free port). Throws {@link LinkException} if it is not a {@code wasi:http/proxy}
   * component or imports what the host lacks; {@link UncheckedIOException} if the address cannot
   * be bound.
   */
  public static WasiHttpServer start(Component component, WasiCtx ctx, InetSocketAddress address) {
    return start(component, ctx, address, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), m -> { });
  }

  /**
   * As {@link #start(Component, WasiCtx, InetSocketAddress)}, handling at most {@code threads}
   * requests at once, and telling {@code log} about guests that fail.
   */
  public static WasiHttpServer start(Component component, WasiCtx ctx, InetSocketAddress address, int threads,
      Consumer<String> log) {
    String export = handlerExport(component);
    if (export == null) {
      throw new LinkException("the component exports no wasi:http/incoming-handler@0.2.x instance: it is not a wasi:http proxy");
    }
    Linker<WasiState> linker = new Linker<>(component.engine());
    Wasi.addToLinker(linker);
    InstancePre<WasiState> pre = linker.instantiatePre(component);
    try {
      return new WasiHttpServer(pre, export, ctx, address, threads, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve on " + address + ": " + e.getMessage(), e);
    }
  }

  /** The name of the component's {@code wasi:http/incoming-handler@0.2.x} export, or null. */
  public static String handlerExport(Component component) {
    for (String n : component.type().exports().keySet()) {
      if (n.startsWith("wasi:http/incoming-handler@0.2.")) {
        return n;
      }
    }
    return null;
  }

  /** Where it listens. */
  public InetSocketAddress address() {
    return server.address();
  }

  public URI uri() {
    InetSocketAddress a = address();
    String host = a.getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
  }

  /** Requests answered so far (including 500s for guests that failed). */
  public long requestsServed() {
    return served.get();
  }

  /** Requests whose guest trapped or never responded. */
  public long requestsFailed() {
    return failed.get();
  }

  /** Instances alive now (each lives for one request). */
  public int liveInstances() {
    return live.get();
  }

  private void handle(Http1Server.Exchange ex) {
    HttpServerCall call = new HttpServerCall(ex);
    String problem = null;
    WasiState state = new WasiState(ctx);
    state.waker.beforeWait = () -> {
      Runnable r = call.beforeBlocking;
      if (r != null) {
        r.run();
      }
    };
    live.incrementAndGet();
    try {
      Store<WasiState> store = new Store<>(pre.component().engine(), state);
      Limits.apply(store, ctx.limits);
      HttpIncomingHandler.handle(pre.instantiate(store), handlerExport, state, call);
    } catch (TrapException t) {
      problem = "the component trapped: " + t.getMessage();
    } catch (RuntimeException e) {
      problem = "the component failed: " + e;
    } finally {
      if (problem != null || !call.responded()) {
        failed.incrementAndGet();
        log.accept(problem != null ? problem : "the component did not set a response");
      }
      call.afterGuest(problem);
      state.close();
      call.release();
      live.decrementAndGet();
      served.incrementAndGet();
    }
  }

  /** Stops listening and closes every connection. */
  @Override
  public void close() {
    server.close();
  }
}
