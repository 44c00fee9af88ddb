package dev.trellis.engine.wasi;

import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Val;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code wasi:filesystem}: {@code types} and {@code preopens}, capability-rooted. Each
 * descriptor lives inside one preopened directory; paths resolve through {@link Descriptor#resolve}
 * so that nothing outside the preopen is reachable, and a read-only preopen's descriptors carry
 * neither {@code write} nor {@code mutate-directory}, so every change fails with {@code read-only}
 * (or {@code bad-descriptor} for writes through a descriptor not opened for writing).
 */
final class FilesystemHost {
  private FilesystemHost() {}

  private static final long SECRET = new SecureRandom().nextLong();
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final LinkOption[] FOLLOW = {};

  static <T> void preopens(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:filesystem/preopens")
        .func("get-directories", (s, a) -> {
          List<Val> out = new ArrayList<>();
          for (WasiCtx.Preopen p : s.ctx.preopens) {
            Set<String> flags = p.perms() == WasiCtx.Perms.READ_WRITE ? Set.of("read", "mutate-directory") : Set.of("read");
            Descriptor d = new Descriptor(p, List.of(), true, flags, null);
            out.add(V.tuple(V.own(WasiTypes.DESCRIPTOR, s.table.push(d)), V.str(p.guestPath())));
          }
          return V.list(out);
        })
        .done();
  }

  static <T> void types(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:filesystem/types")
        .func("[method]descriptor.read-via-stream", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          readable(d);
          return V.own(WasiTypes.INPUT_STREAM, s.table.push(new FileInput(d.channel, V.u64(a[1]))));
        }))
        .func("[method]descriptor.write-via-stream", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          writable(d);
          return V.own(WasiTypes.OUTPUT_STREAM, s.table.push(new FileOutput(d.channel, V.u64(a[1]), false)));
        }))
        .func("[method]descriptor.append-via-stream", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          writable(d);
          return V.own(WasiTypes.OUTPUT_STREAM, s.table.push(new FileOutput(d.channel, 0, true)));
        }))
        .func("[method]descriptor.advise", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          if (d.directory) {
            throw new FsError("bad-descriptor");
          }
          return null;
        }))
        .func("[method]descriptor.sync-data", (s, a) -> fs(() -> {
          sync(desc(s, a[0]), false);
          return null;
        }))
        .func("[method]descriptor.sync", (s, a) -> fs(() -> {
          sync(desc(s, a[0]), true);
          return null;
        }))
        .func("[method]descriptor.get-flags", (s, a) -> fs(() -> V.flags(new ArrayList<>(desc(s, a[0]).flags))))
        .func("[method]descriptor.get-type", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          return V.enumOf(d.directory ? "directory" : type(attrs(d.host, false)));
        }))
        .func("[method]descriptor.set-size", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          if (d.directory) {
            throw new FsError("is-directory");
          }
          writable(d);
          long size = V.u64(a[1]);
          if (size < 0) {
            throw new FsError("file-too-large");
          }
          try {
            long cur = d.channel.size();
            if (size < cur) {
              d.channel.truncate(size);
            } else if (size > cur) {
              d.channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
            }
          } catch (IOException e) {
            throw FsError.of(e);
          }
          return null;
        }))
        .func("[method]descriptor.set-times", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          if (d.directory ? !d.can("mutate-directory") : !d.can("write")) {
            throw new FsError(d.directory ? "read-only" : "bad-descriptor");
          }
          setTimes(d.host, false, a[1], a[2]);
          return null;
        }))
        .func("[method]descriptor.read", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          readable(d);
          int len = IoHost.len(V.u64(a[1]));
          long off = V.u64(a[2]);
          if (off < 0) {
            return V.tuple(V.bytes(new byte[0]), V.TRUE);
          }
          ByteBuffer buf = ByteBuffer.allocate(len);
          try {
            boolean eof = false;
            while (buf.hasRemaining()) {
              int n = d.channel.read(buf, off + buf.position());
              if (n < 0) {
                eof = true;
                break;
              }
              if (n == 0) {
                break;
              }
            }
            return V.tuple(V.bytes(buf.array(), 0, buf.position()), V.bool(eof));
          } catch (IOException e) {
            throw FsError.of(e);
          }
        }))
        .func("[method]descriptor.write", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          writable(d);
          ByteBuffer buf = ByteBuffer.wrap(V.bytes(a[1]));
          long off = V.u64(a[2]);
          if (off < 0) {
            throw new FsError("file-too-large");
          }
          try {
            while (buf.hasRemaining()) {
              d.channel.write(buf, off + buf.position());
            }
          } catch (IOException e) {
            throw FsError.of(e);
          }
          return V.u64(buf.position());
        }))
        .func("[method]descriptor.read-directory", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          if (!d.directory) {
            throw new FsError("not-directory");
          }
          return V.own(WasiTypes.DIRECTORY_ENTRY_STREAM, s.table.push(new DirEntries(d.host)));
        }))
        .func("[method]descriptor.create-directory-at", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          Descriptor.Resolved r = d.resolve(V.str(a[1]), false);
          mutable(d);
          try {
            Files.createDirectory(r.host());
          } catch (IOException e) {
            throw FsError.of(e);
          }
          return null;
        }))
        .func("[method]descriptor.stat", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          return stat(d.host, false);
        }))
        .func("[method]descriptor.stat-at", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          boolean follow = follow(a[1]);
          Descriptor.Resolved r = d.resolve(V.str(a[2]), follow);
          Val st = stat(r.host(), false);
          if (r.mustBeDirectory() && !Descriptor.isDirectory(r.host())) {
            throw new FsError("not-directory");
          }
          return st;
        }))
        .func("[method]descriptor.set-times-at", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          Descriptor.Resolved r = d.resolve(V.str(a[2]), follow(a[1]));
          mutable(d);
          setTimes(r.host(), false, a[3], a[4]);
          return null;
        }))
        .func("[method]descriptor.link-at", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          Descriptor.Resolved from = d.resolve(V.str(a[2]), follow(a[1]));
          Descriptor nd = desc(s, a[3]);
          Descriptor.Resolved to = nd.resolve(V.str(a[4]), false);
          mutable(nd);
          if (Files.isDirectory(from.host(), NOFOLLOW)) {
            throw new FsError("not-permitted", "cannot link a directory");
          }
          try {
            Files.createLink(to.host(), from.host());
          } catch (IOException e) {
            throw FsError.of(e);
          }
          return null;
        }))
        .func("[method]descriptor.open-at", (s, a) -> fs(() -> openAt(s, desc(s, a[0]), a[1], V.str(a[2]), a[3], a[4])))
        .func("[method]descriptor.readlink-at", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          Descriptor.Resolved r = d.resolve(V.str(a[1]), false);
          try {
            if (!Files.isSymbolicLink(r.host())) {
              if (!Files.exists(r.host(), NOFOLLOW)) {
                throw new NoSuchFileException(r.host().toString());
              }
              throw new FsError("invalid", "not a symbolic link");
            }
            String target = Files.readSymbolicLink(r.host()).toString();
            if (target.startsWith("/")) {
              throw new FsError("not-permitted", "the link points to an absolute path");
            }
            return V.str(target);
          } catch (IOException e) {
            throw FsError.of(e);
          }
        }))
        .func("[method]descriptor.remove-directory-at", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          Descriptor.Resolved r = d.resolve(V.str(a[1]), false);
          mutable(d);
          if (r.rel().size() <= d.rel.size()) {
            throw new FsError(r.rel().size() < d.rel.size() ? "not-permitted" : "invalid");
          }
          try {
            if (!Files.exists(r.host(), NOFOLLOW)) {
              throw new NoSuchFileException(r.host().toString());
            }
            if (!Files.isDirectory(r.host(), NOFOLLOW)) {
              throw new FsError("not-directory");
            }
            Files.delete(r.host());
          } catch (IOException e) {
            throw FsError.of(e);
          }
          return null;
        }))
        .func("[method]descriptor.rename-at", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          Descriptor.Resolved from = d.resolve(V.str(a[1]), false);
          Descriptor nd = desc(s, a[2]);
          Descriptor.Resolved to = nd.resolve(V.str(a[3]), false);
          mutable(d);
          mutable(nd);
          try {
            if (!Files.exists(from.host(), NOFOLLOW)) {
              throw new NoSuchFileException(from.host().toString());
            }
            Files.move(from.host(), to.host(), StandardCopyOption.ATOMIC_MOVE);
          } catch (IOException e) {
            throw FsError.of(e);
          }
          return null;
        }))
        .func("[method]descriptor.symlink-at", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          String target = V.str(a[1]);
          if (target.startsWith("/")) {
            throw new FsError("not-permitted", "absolute symbolic link target");
          }
          Descriptor.Resolved r = d.resolve(V.str(a[2]), false);
          mutable(d);
          try {
            Files.createSymbolicLink(r.host(), Path.of(target));
          } catch (IOException e) {
            throw FsError.of(e);
          } catch (java.nio.file.InvalidPathException e) {
            throw new FsError("invalid");
          }
          return null;
        }))
        .func("[method]descriptor.unlink-file-at", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          Descriptor.Resolved r = d.resolve(V.str(a[1]), false);
          mutable(d);
          try {
            if (Files.isDirectory(r.host(), NOFOLLOW)) {
              throw new FsError("is-directory");
            }
            if (r.mustBeDirectory()) {
              throw new FsError(Files.exists(r.host(), NOFOLLOW) ? "not-directory" : "no-entry");
            }
            Files.delete(r.host());
          } catch (IOException e) {
            throw FsError.of(e);
          }
          return null;
        }))
        .func("[method]descriptor.is-same-object", (s, a) -> {
          Descriptor d = desc(s, a[0]);
          Descriptor o = desc(s, a[1]);
          try {
            Object k1 = Files.readAttributes(d.host, BasicFileAttributes.class, NOFOLLOW).fileKey();
            Object k2 = Files.readAttributes(o.host, BasicFileAttributes.class, NOFOLLOW).fileKey();
            return V.bool(k1 != null ? k1.equals(k2) : d.host.equals(o.host));
          } catch (IOException e) {
            return V.FALSE;
          }
        })
        .func("[method]descriptor.metadata-hash", (s, a) -> fs(() -> hash(desc(s, a[0]).host, false)))
        .func("[method]descriptor.metadata-hash-at", (s, a) -> fs(() -> {
          Descriptor d = desc(s, a[0]);
          Descriptor.Resolved r = d.resolve(V.str(a[2]), follow(a[1]));
          return hash(r.host(), false);
        }))
        .func("[method]directory-entry-stream.read-directory-entry", (s, a) -> fs(() ->
            s.table.get(V.rep(a[0]), DirEntries.class).next()))
        .func("filesystem-error-code", (s, a) -> {
          StreamError.IoError e = s.table.get(V.rep(a[0]), StreamError.IoError.class);
          return e.filesystemCode() == null ? V.NONE : V.some(V.enumOf(e.filesystemCode()));
        })
        .done();
  }

  // ------------------------------------------------------------------ helpers

  /** Runs a filesystem operation: its value as {@code ok}, an {@link FsError} as {@code err(error-code)}. */
  private static Val fs(Supplier<Val> op) {
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

  private static Descriptor desc(WasiState s, Val v) {
    return s.table.get(V.rep(v), Descriptor.class);
  }

  private static boolean follow(Val pathFlags) {
    return V.flags(pathFlags).contains("symlink-follow");
  }

  private static void readable(Descriptor d) {
    if (d.directory) {
      throw new FsError("is-directory");
    }
    if (!d.can("read") || d.channel == null) {
      throw new FsError("bad-descriptor");
    }
  }

  private static void writable(Descriptor d) {
    if (d.directory) {
      throw new FsError("is-directory");
    }
    if (!d.can("write") || d.channel == null) {
      throw new FsError("bad-descriptor");
    }
  }

  /** Changing a directory's entries needs {@code mutate-directory} on it. */
  private static void mutable(Descriptor d) {
    if (!d.can("mutate-directory")) {
      throw new FsError("read-only");
    }
  }

  private static void sync(Descriptor d, boolean metadata) {
    if (d.channel != null && d.can("write")) {
      try {
        d.channel.force(metadata);
      } catch (IOException e) {
        throw FsError.of(e);
      }
    }
  }

  private static Val openAt(WasiState s, Descriptor d, Val pathFlags, String path, Val openFlags, Val descFlags) {
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

  private static Map<String, Object> attrs(Path p, boolean follow) {
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

  private static String type(Map<String, Object> at) {
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

  private static Val stat(Path p, boolean follow) {
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

  private static Val time(Object t) {
    if (!(t instanceof FileTime ft)) {
      return V.NONE;
    }
    Instant i = ft.toInstant();
    return V.some(ClocksHost.datetime(i));
  }

  private static void setTimes(Path p, boolean follow, Val atime, Val mtime) {
    FileTime a = newTime(atime);
    FileTime m = newTime(mtime);
    try {
      Files.getFileAttributeView(p, BasicFileAttributeView.class, follow ? FOLLOW : NOFOLLOW).setTimes(m, a, null);
    } catch (IOException e) {
      throw FsError.of(e);
    }
  }

  private static FileTime newTime(Val nt) {
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

  private static Val hash(Path p, boolean follow) {
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

  private static long mix(long z) {
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
