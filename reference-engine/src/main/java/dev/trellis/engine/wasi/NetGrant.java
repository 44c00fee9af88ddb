package dev.trellis.engine.wasi;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * One network grant: the addresses in {@code network/prefix} on ports {@code low..high}, for
 * binding (local addresses) and connecting or sending (remote addresses). Parsed from
 * {@code *}, {@code ADDR}, {@code ADDR/PREFIX}, {@code ADDR:PORT}, {@code ADDR:LOW-HIGH},
 * {@code [V6ADDR]:PORT} or {@code HOST[:PORT]} (a host name grants the addresses it resolves to
 * when the grant is made).
 */
record NetGrant(byte[] network, int prefix, int low, int high) {

  /** Everything. */
  static final NetGrant ALL = new NetGrant(null, 0, 0, 65535);

  boolean allows(InetSocketAddress a) {
    int port = a.getPort();
    if (port < low || port > high) {
      return false;
    }
    if (network == null) {
      return true;
    }
    byte[] addr = a.getAddress().getAddress();
    if (addr.length != network.length) {
      return false;
    }
    int bits = prefix;
    for (int i = 0; i < addr.length && bits > 0; i++, bits -= 8) {
      int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if ((addr[i] & mask) != (network[i] & mask)) {
        return false;
      }
    }
    return true;
  }

  static boolean allowed(List<NetGrant> grants, InetSocketAddress a) {
    for (NetGrant g : grants) {
      if (g.allows(a)) {
        return true;
      }
    }
    return false;
  }

  static List<NetGrant> parse(String spec) {
    String s = spec.trim();
    if (s.equals("*")) {
      return List.of(ALL);
    }
    int low = 0;
    int high = 65535;
    String host;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("bad network grant `" + spec + "`: missing ]");
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (rest.startsWith("/")) {
        int colon = rest.indexOf(':');
        host += colon < 0 ? rest : rest.substring(0, colon);
        rest = colon < 0 ? "" : rest.substring(colon);
      }
      if (rest.startsWith(":")) {
        int[] r = ports(rest.substring(1), spec);
        low = r[0];
        high = r[1];
      } else if (!rest.isEmpty()) {
        throw new IllegalArgumentException("bad network grant `" + spec + "`");
      }
    } else {
      int colon = s.lastIndexOf(':');
      if (colon >= 0 && s.indexOf(':') == colon) {
        int[] r = ports(s.substring(colon + 1), spec);
        low = r[0];
        high = r[1];
        host = s.substring(0, colon);
      } else {
        host = s;
      }
    }
    int prefix = -1;
    int slash = host.indexOf('/');
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(host.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad network grant `" + spec + "`: bad prefix length");
      }
      host = host.substring(0, slash);
    }
    if (host.equals("*")) {
      return List.of(new NetGrant(null, 0, low, high));
    }
    InetAddress[] addrs;
    try {
      addrs = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad network grant `" + spec + "`: unknown host " + host);
    }
    List<NetGrant> out = new ArrayList<>();
    for (InetAddress a : addrs) {
      byte[] b = a.getAddress();
      int p = prefix < 0 ? b.length * 8 : prefix;
      if (p > b.length * 8) {
        throw new IllegalArgumentException("bad network grant `" + spec + "`: prefix longer than the address");
      }
      out.add(new NetGrant(b, p, low, high));
    }
    return out;
  }

  private static int[] ports(String p, String spec) {
    try {
      int dash = p.indexOf('-');
      int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
      int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1));
      if (lo < 0 || hi > 65535 || lo > hi) {
        throw new NumberFormatException();
      }
      return new int[] {lo, hi};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad network grant `" + spec + "`: bad port or port range");
    }
  }
}
