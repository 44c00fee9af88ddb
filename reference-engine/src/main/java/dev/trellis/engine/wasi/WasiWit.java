package dev.trellis.engine.wasi;

import dev.trellis.engine.wit.Resolve;
import dev.trellis.engine.wit.Wit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The WIT the host is typed against: the WASI 0.2.12 packages, resolved once per process. The
 * build puts them on the class path (from the WASI release beside the repository, as Wasmtime's
 * host carries the WIT it was generated from); {@code -Dtrellis.wasi.wit=DIR} or
 * {@code TRELLIS_WASI_WIT=DIR} (a directory of package directories) overrides them. The unstable
 * features of 0.2.12 ({@code clocks-timezone}, {@code network-error-code},
 * {@code informational-outbound-responses}) are included, so the host offers every function of
 * the release.
 */
final class WasiWit {
  private WasiWit() {}

  static final String VERSION = "0.2.12";
  static final Set<String> FEATURES = Set.of("clocks-timezone", "network-error-code", "informational-outbound-responses");
  private static final String RESOURCE = "wit/io/world.wit";

  private static volatile Resolve resolve;

  static Resolve resolve() {
    Resolve r = resolve;
    if (r == null) {
      synchronized (WasiWit.class) {
        r = resolve;
        if (r == null) {
          r = load();
          resolve = r;
        }
      }
    }
    return r;
  }

  private static Resolve load() {
    try {
      String dir = System.getProperty("trellis.wasi.wit");
      if (dir == null) {
        dir = System.getenv("TRELLIS_WASI_WIT");
      }
      if (dir != null) {
        return parse(Path.of(dir));
      }
      URL u = WasiWit.class.getResource(RESOURCE);
      if (u == null) {
        throw new IllegalStateException("the WASI " + VERSION + " WIT is not on the class path (the build copies it from "
            + "../shared/wit/wasi/" + VERSION + "); point -Dtrellis.wasi.wit or TRELLIS_WASI_WIT at it");
      }
      URI uri = u.toURI();
      if (uri.getScheme().equals("jar")) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        String s = uri.getSchemeSpecificPart();
        String inJar = s.substring(s.indexOf("!/") + 1);
        return parse(fs.getPath(inJar).getParent().getParent());
      }
      return parse(Path.of(uri).getParent().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the WASI WIT: " + e.getMessage(), e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Resolve parse(Path root) throws IOException {
    List<Path> packages;
    try (Stream<Path> s = Files.list(root)) {
      packages = s.filter(Files::isDirectory).sorted().toList();
    }
    if (packages.isEmpty()) {
      throw new IOException("no WIT packages in " + root);
    }
    return Wit.parseAll(packages, FEATURES).resolve();
  }

  static String iface(String pkgAndName) {
    return pkgAndName + "@" + VERSION;
  }
}
