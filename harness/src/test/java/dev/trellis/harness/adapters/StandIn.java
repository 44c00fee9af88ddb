package dev.trellis.harness.adapters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An executable standing in for a runtime CLI this machine cannot install (Spin, the Wasmtime
 * CLI): a shell script that implements the documented command line it is given and fails on
 * anything else, so the adapter's process plumbing (start, wait until listening, stop) runs
 * for real. It is not the runtime: what it serves is python3's http.server.
 */
public final class StandIn {
  private StandIn() {}

  public static Path script(Path dir, String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/usr/bin/env bash\nset -euo pipefail\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  /** Shell: serve {@code $dir} over HTTP on host {@code $1} port {@code $2}. */
  public static final String SERVE = """
      serve() { cd "$(mktemp -d)"; echo "stand-in ok" > index.html; exec python3 -m http.server "$2" --bind "$1"; }
      """;
}
