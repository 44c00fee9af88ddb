package dev.trellis.engine.wasi;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;

/** A {@code wasi:filesystem} {@code error-code}, returned to the guest as {@code err(code)}; never a trap. */
final class FsError extends RuntimeException {
  final String code;

  FsError(String code) {
    super(code, null, false, false);
    this.code = code;
  }

  FsError(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  static FsError of(Exception e) {
    return new FsError(code(e), e.getMessage() == null ? code(e) : e.getMessage());
  }

  /** The error code of a Java I/O failure, from its type or (for the generic kind) the OS's reason. */
  static String code(Exception e) {
    return switch (e) {
      case NoSuchFileException x -> "no-entry";
      case FileAlreadyExistsException x -> "exist";
      case DirectoryNotEmptyException x -> "not-empty";
      case NotDirectoryException x -> "not-directory";
      case AccessDeniedException x -> "access";
      case FileSystemLoopException x -> "loop";
      case NotLinkException x -> "invalid";
      case AtomicMoveNotSupportedException x -> "cross-device";
      case FileSystemException x -> reason(x.getReason());
      case InvalidPathException x -> "invalid";
      case ClosedChannelException x -> "bad-descriptor";
      case NonReadableChannelException x -> "bad-descriptor";
      case NonWritableChannelException x -> "bad-descriptor";
      case IOException x -> reason(x.getMessage());
      default -> "io";
    };
  }

  private static String reason(String r) {
    if (r == null) {
      return "io";
    }
    return switch (r) {
      case "Is a directory" -> "is-directory";
      case "Not a directory" -> "not-directory";
      case "Too many levels of symbolic links", "Too many symbolic links encountered" -> "loop";
      case "File name too long" -> "name-too-long";
      case "No space left on device" -> "insufficient-space";
      case "Read-only file system" -> "read-only";
      case "Invalid argument" -> "invalid";
      case "Operation not permitted" -> "not-permitted";
      case "Invalid cross-device link" -> "cross-device";
      case "Directory not empty" -> "not-empty";
      case "File exists" -> "exist";
      case "No such file or directory" -> "no-entry";
      case "Permission denied" -> "access";
      case "Text file busy" -> "text-file-busy";
      case "Device or resource busy" -> "busy";
      case "File too large" -> "file-too-large";
      case "Disk quota exceeded" -> "quota";
      case "Too many links" -> "too-many-links";
      case "Bad file descriptor" -> "bad-descriptor";
      case "Illegal seek" -> "invalid-seek";
      case "Broken pipe" -> "pipe";
      case "Value too large for defined data type" -> "overflow";
      case "No such device" -> "no-device";
      case "No such device or address" -> "no-such-device";
      case "Operation not supported" -> "unsupported";
      case "Too many open files", "Too many open files in system" -> "insufficient-memory";
      default -> "io";
    };
  }
}
