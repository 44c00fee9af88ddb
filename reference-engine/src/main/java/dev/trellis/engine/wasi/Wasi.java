package dev.trellis.engine.wasi;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/**
 * The WASI 0.2 host: adds every interface of WASI 0.2.12 to a {@link Linker} — {@code wasi:io},
 * {@code wasi:clocks}, {@code wasi:random}, {@code wasi:filesystem}, {@code wasi:sockets},
 * {@code wasi:cli} and {@code wasi:http} (types and outgoing-handler) — typed against the
 * resolved WIT, so a guest importing any 0.2.x version of them links (semver-compatible) and a
 * mismatched import fails at link time. What a guest may actually do comes from the
 * {@link WasiCtx} of its store's {@link WasiState}.
 *
 * <pre>{@code
 * Linker<WasiState> linker = new Linker<>(engine);
 * Wasi.addToLinker(linker);
 * InstancePre<WasiState> pre = linker.instantiatePre(component);
 * WasiCtx ctx = WasiCtx.builder().arg("prog").inheritStdio().build();
 * try (WasiState state = new WasiState(ctx)) {
 *   Instance i = pre.instantiate(new Store<>(engine, state));
 *   ...
 * }
 * }</pre>
 */
public final class Wasi {
  private Wasi() {}

  /** The WASI release the host implements. */
  public static final String VERSION = WasiWit.VERSION;

  /** Adds WASI to a linker whose store data is the {@link WasiState}. */
  public static void addToLinker(Linker<WasiState> linker) {
    addToLinker(linker, s -> s);
  }

  /** Adds WASI to a linker; {@code view} finds the {@link WasiState} in the store's data. */
  public static <T> void addToLinker(Linker<T> linker, Function<T, WasiState> view) {
    IoHost.error(linker, view);
    IoHost.poll(linker, view);
    IoHost.streams(linker, view);
    ClocksHost.monotonic(linker, view);
    ClocksHost.wall(linker, view);
    ClocksHost.timezone(linker, view);
    RandomHost.random(linker, view);
    RandomHost.insecure(linker, view);
    RandomHost.insecureSeed(linker, view);
    CliHost.environment(linker, view);
    CliHost.exit(linker, view);
    CliHost.stdio(linker, view);
    CliHost.terminal(linker, view);
    FilesystemHost.types(linker, view);
    FilesystemHost.preopens(linker, view);
    SocketsHost.define(linker, view);
    HttpHost.define(linker, view);
  }
}
