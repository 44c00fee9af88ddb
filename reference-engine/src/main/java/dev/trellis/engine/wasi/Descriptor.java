package dev.trellis.engine.wasi;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The host side of a {@code wasi:filesystem} descriptor: a file or directory inside one preopened
 * directory (its {@code root}), named by the components of its path from that root, which are
 * never symbolic links. Every path a guest gives is resolved here, component by component,
 * relative to a directory descriptor: absolute paths, {@code ..} above the base directory and
 * symbolic links that lead out of it (or to absolute targets) fail with {@code not-permitted},
 * so nothing outside the preopen is ever reached.
 */
final class Descriptor implements AutoCloseable {
  static final int MAX_SYMLINKS = 40;

  final WasiCtx.Preopen root;
  final List<String> rel;
  final Path host;
  final boolean directory;
  final Set<String> flags;
  final FileChannel channel; // null for directories (and files opened for neither reading nor writing)

  Descriptor(WasiCtx.Preopen root, List<String> rel, boolean directory, Set<String> flags, FileChannel channel) {
    this.root = root;
    this.rel = List.copyOf(rel);
    this.host = hostPath(root, rel);
    this.directory = directory;
    this.flags = Set.copyOf(flags);
    this.channel = channel;
  }

  static Path hostPath(WasiCtx.Preopen root, List<String> rel) {
    Path p = root.hostPath();
    for (String c : rel) {
      p = p.resolve(c);
    }
    return p;
  }

  boolean can(String flag) {
    return flags.contains(flag);
  }

  /** What a path resolved to: the components from the root, and the host path. */
  record Resolved(List<String> rel, Path host, boolean mustBeDirectory) {}

  /**
   * Resolves {@code path} relative to this directory. Symbolic links in the middle are always
   * followed (within the sandbox); the last component is followed only if {@code followLast}.
   */
  Resolved resolve(String path, boolean followLast) {
    if (!directory) {
      throw new FsError("not-directory");
    }
    if (path.isEmpty()) {
      throw new FsError("no-entry");
    }
    if (path.indexOf('\0') >= 0) {
      throw new FsError("invalid");
    }
    if (path.startsWith("/")) {
      throw new FsError("not-permitted", "absolute path " + path);
    }
    boolean mustBeDir = path.endsWith("/");
    Deque<String> todo = new ArrayDeque<>(split(path));
    List<String> cur = new ArrayList<>(rel);
    int floor = rel.size();
    int links = 0;
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (cur.size() <= floor) {
          throw new FsError("not-permitted", path + " leads outside its directory");
        }
        cur.remove(cur.size() - 1);
        continue;
      }
      boolean last = todo.stream().allMatch(x -> x.isEmpty() || x.equals("."));
      Path p = hostPath(root, cur).resolve(c);
      if ((!last || followLast || mustBeDir) && Files.isSymbolicLink(p)) {
        if (++links > MAX_SYMLINKS) {
          throw new FsError("loop");
        }
        String target;
        try {
          target = Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
          throw FsError.of(e);
        }
        if (target.startsWith("/")) {
          throw new FsError("not-permitted", "symbolic link " + c + " points to an absolute path");
        }
        List<String> t = split(target);
        for (int i = t.size() - 1; i >= 0; i--) {
          todo.addFirst(t.get(i));
        }
        if (target.endsWith("/")) {
          mustBeDir = mustBeDir || last;
        }
        continue;
      }
      if (!last && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        // as in POSIX, every component before the last must be a directory that exists
        throw new FsError(Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? "not-directory" : "no-entry");
      }
      cur.add(c);
    }
    return new Resolved(cur, hostPath(root, cur), mustBeDir);
  }

  private static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        out.add(path.substring(start, i));
        start = i + 1;
      }
    }
    return out;
  }

  static boolean isDirectory(Path p) {
    return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }
}
