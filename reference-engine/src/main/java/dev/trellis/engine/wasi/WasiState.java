package dev.trellis.engine.wasi;

import java.util.OptionalInt;

/**
 * The WASI state of one store: the resources its guest holds (streams, files, sockets, HTTP
 * messages), under the grants of its {@link WasiCtx}. Make one per store, e.g.
 * {@code new Store<>(engine, new WasiState(ctx))}, and {@link #close()} it when the instance is
 * done to release whatever the guest left open.
 */
public final class WasiState implements AutoCloseable {
  final WasiCtx ctx;
  final ResourceTable table = new ResourceTable();
  final Waker waker = new Waker();
  private HostInputStream stdin;
  private HostOutputStream stdout;
  private HostOutputStream stderr;
  Integer exitCode;

  public WasiState(WasiCtx ctx) {
    this.ctx = ctx;
  }

  public WasiCtx ctx() {
    return ctx;
  }

  /** The status the guest passed to {@code wasi:cli/exit}, if it called it. */
  public OptionalInt exitCode() {
    return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
  }

  /** How many WASI resources the guest holds now. */
  public int liveResources() {
    return table.size();
  }

  HostInputStream stdin() {
    if (stdin == null) {
      stdin = Streams.stdin(ctx);
    }
    return stdin;
  }

  HostOutputStream stdout() {
    if (stdout == null) {
      stdout = new Streams.JavaOutput(ctx.stdout);
    }
    return stdout;
  }

  HostOutputStream stderr() {
    if (stderr == null) {
      stderr = new Streams.JavaOutput(ctx.stderr);
    }
    return stderr;
  }

  /** Releases every resource the guest still holds. */
  @Override
  public void close() {
    table.closeAll();
    if (stdin != null) {
      stdin.close();
    }
    waker.close();
  }
}
