package dev.trellis.engine.wasi;

import dev.trellis.engine.runtime.Val;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** {@code wasi:sockets/network} addresses to and from Java's. */
final class SocketAddrs {
  private SocketAddrs() {}

  static InetSocketAddress socketAddress(Val v) {
    String c = V.caseOf(v);
    Val r = V.payload(v);
    int port = V.u16(V.field(r, "port"));
    List<Val> a = V.tupleElems(V.field(r, "address"));
    try {
      if (c.equals("ipv4")) {
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
          b[i] = (byte) V.u8(a.get(i));
        }
        return new InetSocketAddress(InetAddress.getByAddress(b), port);
      }
      byte[] b = new byte[16];
      for (int i = 0; i < 8; i++) {
        int x = V.u16(a.get(i));
        b[2 * i] = (byte) (x >> 8);
        b[2 * i + 1] = (byte) x;
      }
      int scope = (int) V.u32(V.field(r, "scope-id"));
      // Inet6Address.getByAddress keeps the bytes as given (no IPv4-mapped folding)
      return new InetSocketAddress(Inet6Address.getByAddress(null, b, scope), port);
    } catch (UnknownHostException e) {
      throw new NetError("invalid-argument");
    }
  }

  static Val socketAddress(InetSocketAddress s) {
    InetAddress a = s.getAddress();
    if (a instanceof Inet4Address) {
      return V.variant("ipv4", V.record("port", V.u16(s.getPort()), "address", ipv4(a.getAddress())));
    }
    Inet6Address a6 = (Inet6Address) a;
    return V.variant("ipv6", V.record("port", V.u16(s.getPort()), "flow-info", V.u32(0),
        "address", ipv6(a6.getAddress()), "scope-id", V.u32(a6.getScopeId())));
  }

  static Val ipAddress(InetAddress a) {
    return a instanceof Inet4Address ? V.variant("ipv4", ipv4(a.getAddress())) : V.variant("ipv6", ipv6(a.getAddress()));
  }

  private static Val ipv4(byte[] b) {
    return V.tuple(V.u8(b[0]), V.u8(b[1]), V.u8(b[2]), V.u8(b[3]));
  }

  private static Val ipv6(byte[] b) {
    List<Val> parts = new ArrayList<>(8);
    for (int i = 0; i < 8; i++) {
      parts.add(V.u16(((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff)));
    }
    return new Val.TupleOf(parts);
  }

  static boolean isV6(InetSocketAddress a) {
    return a.getAddress() instanceof Inet6Address;
  }

  /** An IPv6 address of the form {@code ::ffff:a.b.c.d}. */
  static boolean isV4Mapped(InetAddress a) {
    if (!(a instanceof Inet6Address)) {
      return false;
    }
    byte[] b = a.getAddress();
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  /** The checks of {@code start-connect} and {@code send} on a remote address. */
  static void checkRemote(InetSocketAddress a, boolean v6Socket) {
    InetAddress ip = a.getAddress();
    if (isV6(a) != v6Socket || isV4Mapped(ip) || ip.isAnyLocalAddress() || ip.isMulticastAddress()
        || a.getPort() == 0 || (ip instanceof Inet4Address && ip.getAddress()[0] == (byte) 255 && isBroadcast(ip))) {
      throw new NetError("invalid-argument");
    }
  }

  private static boolean isBroadcast(InetAddress ip) {
    for (byte x : ip.getAddress()) {
      if (x != (byte) 255) {
        return false;
      }
    }
    return true;
  }

  /** The checks of {@code start-bind} on a local address. */
  static void checkLocal(InetSocketAddress a, boolean v6Socket) {
    if (isV6(a) != v6Socket || isV4Mapped(a.getAddress()) || a.getAddress().isMulticastAddress()) {
      throw new NetError("invalid-argument");
    }
  }
}
