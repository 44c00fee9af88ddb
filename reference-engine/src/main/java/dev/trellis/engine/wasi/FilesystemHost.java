package dev.trellis.engine.wasi;

import dev.trellis.engine.runtime.Val;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the {@code wasi:filesystem} hosts share. Filesystem access is capability-rooted: each
 * descriptor lives inside one preopened directory; paths resolve through {@link Descriptor#resolve}
 * so that nothing outside the preopen is reachable, and a read-only preopen's descriptors carry
 * neither {@code write} nor {@code mutate-directory}, so every change fails with {@code read-only}
 * (or {@code bad-descriptor} for writes through a descriptor not opened for writing).
 */
final class FilesystemHost {
  private FilesystemHost() {}

  static final long SECRET = new SecureRandom().nextLong();
  static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  static final LinkOption[] FOLLOW = {};

  // ------------------------------------------------------------------ helpers

  /** Runs a filesystem operation: its value as {@code ok}, an {@link FsError} as {@code err(error-code)}. */
  static Val fs(Supplier<Val> op) {
    try {
      return V.ok(op.get());
    } catch (FsError e) {
      return V.err(V.enumOf(e.code));
    } catch (SecurityException e) {
      return V.err(V.enumOf("access"));
    } catch (java.io.UncheckedIOException e) {
      return V.err(V.enumOf(FsError.code(e.getCause())));
    }
  }

  static Descriptor desc(WasiState s, Val v) {
    return s.table.get(V.rep(v), Descriptor.class);
  }

  static boolean follow(Val pathFlags) {
    return V.flags(pathFlags).contains("symlink-follow");
  }

  static void readable(Descriptor d) {
    if (d.directory) {
      throw new FsError("is-directory");
    }
    if (!d.can("read") || d.channel == null) {
      throw new FsError("bad-descriptor");
    }
  }

  static void writable(Descriptor d) {
    if (d.directory) {
      throw new FsError("is-directory");
    }
    if (!d.can("write") || d.channel == null) {
      throw new FsError("bad-descriptor");
    }
  }

  /** Changing a directory's entries needs {@code mutate-directory} on it. */
  static void mutable(Descriptor d) {
    if (!d.can("mutate-directory")) {
      throw new FsError("read-only");
    }
  }

  static void sync(Descriptor d, boolean metadata) {
    if (d.channel != null && d.can("write")) {
      try {
        d.channel.force(metadata);
      } catch (IOException e) {
        throw FsError.of(e);
      }
    }
  }

  static Val openAt(WasiState s, Descriptor d, Val pathFlags, String path, Val openFlags, Val descFlags) {
    List<String> of = V.flags(openFlags);
    Set<String> flags = new HashSet<>(V.flags(descFlags));
    boolean create = of.contains("create");
    boolean exclusive = of.contains("exclusive");
    boolean truncate = of.contains("truncate");
    boolean wantDir = of.contains("directory");
    boolean write = flags.contains("write");
    Descriptor.Resolved r = d.resolve(path, follow(pathFlags) && !(create && exclusive));
    if ((write || flags.contains("mutate-directory") || create || truncate) && !d.can("mutate-directory")) {
      throw new FsError("read-only");
    }
    Path p = r.host();
    boolean exists = Files.exists(p, NOFOLLOW);
    boolean symlink = exists && Files.isSymbolicLink(p);
    if (exists && create && exclusive) {
      throw new FsError("exist");
    }
    if (symlink) {
      // reached only without symlink-follow (or with create+exclusive, handled above)
      throw new FsError("loop", "the path names a symbolic link");
    }
    if (exists && Files.isDirectory(p, NOFOLLOW)) {
      if (write || truncate) {
        throw new FsError("is-directory");
      }
      return V.own(WasiTypes.DESCRIPTOR, s.table.push(new Descriptor(d.root, r.rel(), true, flags, null)));
    }
    if (wantDir || r.mustBeDirectory()) {
      throw new FsError(exists ? "not-directory" : create ? "invalid" : "no-entry");
    }
    flags.remove("mutate-directory");
    List<OpenOption> opts = new ArrayList<>();
    opts.add(LinkOption.NOFOLLOW_LINKS);
    boolean read = flags.contains("read") || !write;
    if (read) {
      opts.add(StandardOpenOption.READ);
    }
    if (write || truncate) {
      opts.add(StandardOpenOption.WRITE);
    }
    if (create) {
      opts.add(exclusive ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
      if (!write && !truncate) {
        opts.add(StandardOpenOption.WRITE); // create needs a writable open; the descriptor stays read-only
      }
    }
    if (truncate) {
      opts.add(StandardOpenOption.TRUNCATE_EXISTING);
    }
    if (flags.contains("data-integrity-sync")) {
      opts.add(StandardOpenOption.DSYNC);
    }
    if (flags.contains("file-integrity-sync")) {
      opts.add(StandardOpenOption.SYNC);
    }
    FileChannel ch;
    try {
      ch = FileChannel.open(p, opts.toArray(OpenOption[]::new));
    } catch (java.nio.file.AccessDeniedException e) {
      if (!flags.contains("read") && !write) {
        ch = null; // opened only to stat it
      } else {
        throw FsError.of(e);
      }
    } catch (IOException e) {
      throw FsError.of(e);
    } catch (UnsupportedOperationException e) {
      throw new FsError("unsupported");
    }
    return V.own(WasiTypes.DESCRIPTOR, s.table.push(new Descriptor(d.root, r.rel(), false, flags, ch)));
  }

  static Map<String, Object> attrs(Path p, boolean follow) {
    try {
      return Files.readAttributes(p, "unix:*", follow ? FOLLOW : NOFOLLOW);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      try {
        return Files.readAttributes(p, "*", follow ? FOLLOW : NOFOLLOW);
      } catch (IOException x) {
        throw FsError.of(x);
      }
    } catch (IOException e) {
      throw FsError.of(e);
    }
  }

  static String type(Map<String, Object> at) {
    if (Boolean.TRUE.equals(at.get("isDirectory"))) {
      return "directory";
    }
    if (Boolean.TRUE.equals(at.get("isSymbolicLink"))) {
      return "symbolic-link";
    }
    if (Boolean.TRUE.equals(at.get("isRegularFile"))) {
      return "regular-file";
    }
    if (at.get("mode") instanceof Integer mode) {
      return switch (mode & 0170000) {
        case 0060000 -> "block-device";
        case 0020000 -> "character-device";
        case 0010000 -> "fifo";
        case 0140000 -> "socket";
        default -> "unknown";
      };
    }
    return "unknown";
  }

  static Val stat(Path p, boolean follow) {
    Map<String, Object> at = attrs(p, follow);
    long nlink = at.get("nlink") instanceof Integer n ? n : 1;
    long size = at.get("size") instanceof Long l ? l : 0;
    return V.record(
        "type", V.enumOf(type(at)),
        "link-count", V.u64(nlink),
        "size", V.u64(size),
        "data-access-timestamp", time(at.get("lastAccessTime")),
        "data-modification-timestamp", time(at.get("lastModifiedTime")),
        "status-change-timestamp", time(at.get("ctime")));
  }

  static Val time(Object t) {
    if (!(t instanceof FileTime ft)) {
      return V.NONE;
    }
    Instant i = ft.toInstant();
    return V.some(ClocksHost.datetime(i));
  }

  static void setTimes(Path p, boolean follow, Val atime, Val mtime) {
    FileTime a = newTime(atime);
    FileTime m = newTime(mtime);
    try {
      Files.getFileAttributeView(p, BasicFileAttributeView.class, follow ? FOLLOW : NOFOLLOW).setTimes(m, a, null);
    } catch (IOException e) {
      throw FsError.of(e);
    }
  }

  static FileTime newTime(Val nt) {
    return switch (V.caseOf(nt)) {
      case "no-change" -> null;
      case "now" -> FileTime.from(Instant.now());
      default -> {
        Val dt = V.payload(nt);
        long secs = V.u64(V.field(dt, "seconds"));
        long nanos = V.u32(V.field(dt, "nanoseconds"));
        if (nanos >= 1_000_000_000L) {
          throw new FsError("invalid");
        }
        yield FileTime.from(Instant.ofEpochSecond(secs, nanos));
      }
    };
  }

  static Val hash(Path p, boolean follow) {
    Map<String, Object> at = attrs(p, follow);
    long h1 = SECRET;
    long h2 = ~SECRET;
    for (String k : new String[] {"dev", "ino", "size", "lastModifiedTime", "ctime"}) {
      Object v = at.get(k);
      long x = v instanceof FileTime ft ? ft.toInstant().getEpochSecond() * 1_000_000_000L + ft.toInstant().getNano()
          : v instanceof Number n ? n.longValue() : v == null ? 0 : v.hashCode();
      h1 = mix(h1 ^ x);
      h2 = mix(h2 + x * 0x9E3779B97F4A7C15L);
    }
    return V.record("lower", V.u64(h1), "upper", V.u64(h2));
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  // ------------------------------------------------------------------ streams and entries

  /** Reads a file from an offset, synchronously (files are always ready). */
  static final class FileInput extends HostInputStream {
    private final FileChannel ch;
    private long pos;

    FileInput(FileChannel ch, long pos) {
      this.ch = ch;
      this.pos = pos;
    }

    @Override
    byte[] read(int max) {
      if (max == 0) {
        return empty();
      }
      ByteBuffer b = ByteBuffer.allocate(max);
      try {
        int n = ch.read(b, pos);
        if (n < 0) {
          throw StreamError.Closed.INSTANCE;
        }
        pos += n;
        return n == max ? b.array() : java.util.Arrays.copyOf(b.array(), n);
      } catch (IOException e) {
        throw new StreamError.Failed(StreamError.IoError.filesystem(FsError.code(e), String.valueOf(e.getMessage())));
      }
    }

    @Override
    long skip(long n) {
      try {
        long size = ch.size();
        if (pos >= size && n > 0) {
          throw StreamError.Closed.INSTANCE;
        }
        long k = Math.min(n, Math.max(0, size - pos));
        pos += k;
        return k;
      } catch (IOException e) {
        throw new StreamError.Failed(StreamError.IoError.filesystem(FsError.code(e), String.valueOf(e.getMessage())));
      }
    }

    @Override
    long blockingSkip(Waker w, long n) {
      return skip(n);
    }

    @Override
    Pollable readiness() {
      return Pollable.READY;
    }
  }

  /** Writes a file at an offset, or at its end ({@code append}); synchronous. */
  static final class FileOutput extends HostOutputStream {
    private final FileChannel ch;
    private long pos;
    private final boolean append;

    FileOutput(FileChannel ch, long pos, boolean append) {
      this.ch = ch;
      this.pos = pos;
      this.append = append;
    }

    @Override
    long checkWrite() {
      if (!ch.isOpen()) {
        throw StreamError.Closed.INSTANCE;
      }
      return 1 << 20;
    }

    @Override
    void write(byte[] b) {
      try {
        ByteBuffer buf = ByteBuffer.wrap(b);
        long at = append ? ch.size() : pos;
        while (buf.hasRemaining()) {
          at += ch.write(buf, at);
        }
        pos = at;
      } catch (IOException e) {
        throw new StreamError.Failed(StreamError.IoError.filesystem(FsError.code(e), String.valueOf(e.getMessage())));
      }
    }

    @Override
    void flush() {
      if (!ch.isOpen()) {
        throw StreamError.Closed.INSTANCE;
      }
    }

    @Override
    Pollable readiness() {
      return Pollable.READY;
    }
  }

  /** A directory's entries, read lazily; {@code .} and {@code ..} are never listed. */
  static final class DirEntries implements AutoCloseable {
    private final DirectoryStream<Path> stream;
    private final Iterator<Path> it;

    DirEntries(Path dir) {
      try {
        stream = Files.newDirectoryStream(dir);
      } catch (IOException e) {
        throw FsError.of(e);
      }
      it = stream.iterator();
    }

    Val next() {
      try {
        if (!it.hasNext()) {
          return V.NONE;
        }
        Path p = it.next();
        String t;
        try {
          t = type(Files.readAttributes(p, "unix:mode,isDirectory,isSymbolicLink,isRegularFile", NOFOLLOW));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
          t = "unknown";
        }
        return V.some(V.record("type", V.enumOf(t), "name", V.str(p.getFileName().toString())));
      } catch (java.nio.file.DirectoryIteratorException e) {
        throw FsError.of(e.getCause());
      }
    }

    @Override
    public void close() {
      try {
        stream.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }
}
