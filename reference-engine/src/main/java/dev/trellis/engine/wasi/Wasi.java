package dev.trellis.engine.wasi;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/**
 * The WASI 0.2 host: adds every interface of WASI 0.2.12 to a {@link Linker} — {@code wasi:io},
 * {@code wasi:clocks}, {@code wasi:random}, {@code wasi:filesystem}, {@code wasi:sockets},
 * {@code wasi:cli} and {@code wasi:http} (types and outgoing-handler) — one class per interface
 * ({@code IoStreams}, {@code FilesystemTypes}, {@code SocketsTcp}, …), each typed against the
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
    IoError.define(linker, view);
    IoPoll.define(linker, view);
    IoStreams.define(linker, view);
    ClocksMonotonicClock.define(linker, view);
    ClocksWallClock.define(linker, view);
    ClocksTimezone.define(linker, view);
    RandomRandom.define(linker, view);
    RandomInsecure.define(linker, view);
    RandomInsecureSeed.define(linker, view);
    CliEnvironment.define(linker, view);
    CliExit.define(linker, view);
    CliStdin.define(linker, view);
    CliStdout.define(linker, view);
    CliStderr.define(linker, view);
    CliTerminalInput.define(linker, view);
    CliTerminalOutput.define(linker, view);
    CliTerminalStdin.define(linker, view);
    CliTerminalStdout.define(linker, view);
    CliTerminalStderr.define(linker, view);
    FilesystemTypes.define(linker, view);
    FilesystemPreopens.define(linker, view);
    SocketsNetwork.define(linker, view);
    SocketsInstanceNetwork.define(linker, view);
    SocketsTcpCreateSocket.define(linker, view);
    SocketsTcp.define(linker, view);
    SocketsUdpCreateSocket.define(linker, view);
    SocketsUdp.define(linker, view);
    SocketsIpNameLookup.define(linker, view);
    HttpTypes.define(linker, view);
    HttpOutgoingHandler.define(linker, view);
  }
}
