package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.FilesystemHost.*;

import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Val;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.function.Function;

/** The host of {@code wasi:filesystem/types}: descriptors inside preopens (see {@link Descriptor}), directory entry streams, and {@code filesystem-error-code}. */
final class FilesystemTypes {
  private FilesystemTypes() {}

static <T> void define(Linker<T> l, Function<T, WasiState> view) {
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
}
