package dev.trellis.cli;

import dev.trellis.engine.wasi.WasiCtx;
import dev.trellis.engine.wasi.WasiCtxBuilder;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The WASI grants of {@code trellis run} and {@code trellis serve}, spelled as Wasmtime's flags
 * where the meaning is the same. Nothing is granted unless a flag says so.
 */
final class WasiOptions {
  @Option(names = "--dir", paramLabel = "HOST[::GUEST]",
      description = "Preopen host directory HOST as GUEST (default: the same path), read-write.")
  List<String> dirs = new ArrayList<>();

  @Option(names = "--ro-dir", paramLabel = "HOST[::GUEST]",
      description = "Preopen host directory HOST as GUEST, read-only: the guest can read but change nothing.")
  List<String> roDirs = new ArrayList<>();

  @Option(names = "--env", paramLabel = "NAME[=VALUE]",
      description = "Set an environment variable for the guest; without =VALUE, pass the host's value of NAME.")
  List<String> env = new ArrayList<>();

  @Option(names = "--inherit-env", description = "Pass the host's whole environment to the guest.")
  boolean inheritEnv;

  @Option(names = "--allow-net", paramLabel = "ADDR", arity = "0..1", fallbackValue = "*", split = ",",
      description = {"Allow TCP/UDP to these addresses (bind, connect, send): ADDR, ADDR/PREFIX, ADDR:PORT,",
          "ADDR:LOW-HIGH, [V6]:PORT, HOST[:PORT], or * (the default when no list is given, with name lookup)."})
  List<String> allowNet = new ArrayList<>();

  @Option(names = "--allow-ip-name-lookup", description = "Allow wasi:sockets/ip-name-lookup.")
  boolean nameLookup;

  @Option(names = "--allow-http", paramLabel = "AUTHORITY", arity = "0..1", fallbackValue = "*", split = ",",
      description = {"Allow outgoing wasi:http requests to these authorities: host, host:port, *.domain,",
          "optionally with http:// or https://, or * (the default when no list is given)."})
  List<String> allowHttp = new ArrayList<>();

  @Option(names = "--max-memory-size", paramLabel = "BYTES",
      description = "Cap each linear memory of the guest at BYTES (Wasmtime's -W max-memory-size).")
  Long maxMemory;

  @Option(names = "--max-table-elements", paramLabel = "N",
      description = "Cap each table of the guest at N entries (Wasmtime's -W max-table-elements).")
  Long maxTable;

  /** A builder with every grant these options make (the caller adds args and stdio). */
  WasiCtxBuilder builder() {
    WasiCtxBuilder b = WasiCtx.builder();
    if (inheritEnv) {
      b.inheritEnv();
    }
    for (String e : env) {
      int eq = e.indexOf('=');
      if (eq < 0) {
        String v = System.getenv(e);
        if (v != null) {
          b.env(e, v);
        }
      } else {
        b.env(e.substring(0, eq), e.substring(eq + 1));
      }
    }
    preopen(b, dirs, WasiCtx.Perms.READ_WRITE, "--dir");
    preopen(b, roDirs, WasiCtx.Perms.READ_ONLY, "--ro-dir");
    for (String n : allowNet) {
      if (n.equals("*")) {
        b.inheritNetwork();
      } else {
        try {
          b.allowNetwork(n);
        } catch (IllegalArgumentException e) {
          throw new Main.UserError("--allow-net: " + e.getMessage());
        }
      }
    }
    if (nameLookup) {
      b.allowIpNameLookup(true);
    }
    allowHttp.forEach(b::allowHttp);
    if (maxMemory != null || maxTable != null) {
      b.memoryLimits(maxMemory == null ? 0 : maxMemory, maxTable == null ? 0 : maxTable);
    }
    return b;
  }

  private static void preopen(WasiCtxBuilder b, List<String> specs, WasiCtx.Perms perms, String flag) {
    for (String d : specs) {
      int sep = d.indexOf("::");
      String host = sep < 0 ? d : d.substring(0, sep);
      String guest = sep < 0 ? d : d.substring(sep + 2);
      try {
        b.preopenedDir(Path.of(host), guest, perms);
      } catch (UncheckedIOException | IllegalArgumentException e) {
        throw new Main.UserError(flag + ": " + e.getMessage());
      }
    }
  }
}
