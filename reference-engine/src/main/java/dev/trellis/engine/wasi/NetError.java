package dev.trellis.engine.wasi;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;

/** A {@code wasi:sockets} {@code error-code}, returned to the guest as {@code err(code)}; never a trap. */
final class NetError extends RuntimeException {
  final String code;

  NetError(String code) {
    super(code, null, false, false);
    this.code = code;
  }

  NetError(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  static NetError of(Exception e) {
    return new NetError(code(e), e.getMessage() == null ? code(e) : e.getMessage());
  }

  static String code(Exception e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    return switch (e) {
      case BindException x -> m.contains("Cannot assign requested address") ? "address-not-bindable"
          : m.contains("Permission denied") ? "access-denied" : "address-in-use";
      case ConnectException x -> m.contains("timed out") ? "timeout"
          : m.contains("unreachable") ? "remote-unreachable" : "connection-refused";
      case NoRouteToHostException x -> "remote-unreachable";
      case PortUnreachableException x -> "connection-refused";
      case SocketTimeoutException x -> "timeout";
      case UnknownHostException x -> "name-unresolvable";
      case UnsupportedAddressTypeException x -> "invalid-argument";
      case UnresolvedAddressException x -> "invalid-argument";
      case AlreadyConnectedException x -> "invalid-state";
      case ConnectionPendingException x -> "concurrency-conflict";
      case ClosedChannelException x -> "invalid-state";
      case IOException x -> reason(m);
      default -> "unknown";
    };
  }

  private static String reason(String m) {
    if (m.contains("Connection reset") || m.contains("Broken pipe")) {
      return "connection-reset";
    }
    if (m.contains("Connection refused")) {
      return "connection-refused";
    }
    if (m.contains("Connection aborted") || m.contains("Software caused connection abort")) {
      return "connection-aborted";
    }
    if (m.contains("unreachable") || m.contains("No route to host")) {
      return "remote-unreachable";
    }
    if (m.contains("Message too long")) {
      return "datagram-too-large";
    }
    if (m.contains("Too many open files")) {
      return "new-socket-limit";
    }
    if (m.contains("Address already in use")) {
      return "address-in-use";
    }
    if (m.contains("Cannot assign requested address")) {
      return "address-not-bindable";
    }
    if (m.contains("Permission denied") || m.contains("Operation not permitted")) {
      return "access-denied";
    }
    if (m.contains("Invalid argument")) {
      return "invalid-argument";
    }
    if (m.contains("timed out")) {
      return "timeout";
    }
    return "unknown";
  }
}
