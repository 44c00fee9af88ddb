package dev.trellis.engine.link;

/**
 * Version matching of interface names (Explainer.md#-canonical-interface-name): two versions
 * are compatible when their canonical versions agree — the major version when it is above 0,
 * else {@code 0.minor} when minor is above 0, else the whole {@code 0.0.patch}. So a host
 * providing {@code wasi:http/types@0.2.12} satisfies imports of {@code @0.2.0} through
 * {@code @0.2.12} (and, as the spec allows, later 0.2 patches, subject to type checking).
 */
final class SemVer implements Comparable<SemVer> {
  final long major;
  final long minor;
  final long patch;
  final String pre;

  private SemVer(long major, long minor, long patch, String pre) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.pre = pre;
  }

  /** Parses {@code MAJOR.MINOR.PATCH[-pre][+build]}, or returns null. */
  static SemVer parse(String s) {
    int plus = s.indexOf('+');
    if (plus >= 0) {
      s = s.substring(0, plus);
    }
    String pre = "";
    int dash = s.indexOf('-');
    if (dash >= 0) {
      pre = s.substring(dash + 1);
      s = s.substring(0, dash);
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      return new SemVer(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]), pre);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whether {@code this} and {@code o} share a canonical version. */
  boolean compatible(SemVer o) {
    if (!pre.isEmpty() || !o.pre.isEmpty()) {
      return equals(o);
    }
    if (major != o.major) {
      return false;
    }
    if (major > 0) {
      return true;
    }
    if (minor != o.minor) {
      return false;
    }
    return minor > 0 || patch == o.patch;
  }

  @Override
  public int compareTo(SemVer o) {
    int c = Long.compare(major, o.major);
    if (c == 0) {
      c = Long.compare(minor, o.minor);
    }
    if (c == 0) {
      c = Long.compare(patch, o.patch);
    }
    if (c == 0) {
      c = pre.isEmpty() ? (o.pre.isEmpty() ? 0 : 1) : (o.pre.isEmpty() ? -1 : pre.compareTo(o.pre));
    }
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SemVer v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(major * 31 * 31 + minor * 31 + patch) ^ pre.hashCode();
  }

  /** Splits {@code ns:pkg/iface@1.2.3} into the name before {@code @} and its version; null version if none. */
  static String[] split(String name) {
    int at = name.lastIndexOf('@');
    if (at < 0) {
      return new String[] {name, null};
    }
    return new String[] {name.substring(0, at), name.substring(at + 1)};
  }
}
