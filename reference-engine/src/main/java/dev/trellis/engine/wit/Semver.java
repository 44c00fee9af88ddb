package dev.trellis.engine.wit;

import java.math.BigInteger;

/** Semantic versions (semver.org 2.0): validation and precedence, for package versions and gates. */
final class Semver {
  private Semver() {}

  /** Null when {@code text} is a valid semver, else what is wrong with it. */
  static String validate(String text) {
    String core = text;
    int plus = core.indexOf('+');
    String build = null;
    if (plus >= 0) {
      build = core.substring(plus + 1);
      core = core.substring(0, plus);
    }
    int dash = core.indexOf('-');
    String pre = null;
    if (dash >= 0) {
      pre = core.substring(dash + 1);
      core = core.substring(0, dash);
    }
    String[] nums = core.split("\\.", -1);
    if (nums.length != 3) {
      return "invalid version `" + text + "`: expected major.minor.patch";
    }
    for (String n : nums) {
      if (n.isEmpty() || !n.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return "invalid version `" + text + "`: expected a number, found `" + n + "`";
      }
      if (n.length() > 1 && n.charAt(0) == '0') {
        return "invalid version `" + text + "`: invalid leading zero in `" + n + "`";
      }
    }
    if (pre != null) {
      for (String p : pre.split("\\.", -1)) {
        if (p.isEmpty()) {
          return "invalid version `" + text + "`: empty pre-release identifier";
        }
        if (p.chars().allMatch(c -> c >= '0' && c <= '9') && p.length() > 1 && p.charAt(0) == '0') {
          return "invalid version `" + text + "`: invalid leading zero in pre-release identifier";
        }
      }
    }
    if (build != null) {
      for (String p : build.split("\\.", -1)) {
        if (p.isEmpty()) {
          return "invalid version `" + text + "`: empty build metadata";
        }
      }
    }
    return null;
  }

  /** Semver precedence (build metadata ignored), then textual order of build metadata. */
  static int compare(String a, String b) {
    String[] pa = split(a);
    String[] pb = split(b);
    String[] na = pa[0].split("\\.");
    String[] nb = pb[0].split("\\.");
    for (int i = 0; i < 3; i++) {
      int c = new BigInteger(na[i]).compareTo(new BigInteger(nb[i]));
      if (c != 0) {
        return c;
      }
    }
    int c = comparePre(pa[1], pb[1]);
    if (c != 0) {
      return c;
    }
    return pa[2].compareTo(pb[2]);
  }

  private static String[] split(String v) {
    String build = "";
    int plus = v.indexOf('+');
    if (plus >= 0) {
      build = v.substring(plus + 1);
      v = v.substring(0, plus);
    }
    String pre = null;
    int dash = v.indexOf('-');
    if (dash >= 0) {
      pre = v.substring(dash + 1);
      v = v.substring(0, dash);
    }
    return new String[] {v, pre, build};
  }

  private static int comparePre(String a, String b) {
    if (a == null && b == null) {
      return 0;
    }
    if (a == null) {
      return 1;
    }
    if (b == null) {
      return -1;
    }
    String[] xa = a.split("\\.");
    String[] xb = b.split("\\.");
    for (int i = 0; i < Math.min(xa.length, xb.length); i++) {
      boolean da = xa[i].chars().allMatch(Character::isDigit);
      boolean db = xb[i].chars().allMatch(Character::isDigit);
      int c;
      if (da && db) {
        c = new BigInteger(xa[i]).compareTo(new BigInteger(xb[i]));
      } else if (da) {
        c = -1;
      } else if (db) {
        c = 1;
      } else {
        c = xa[i].compareTo(xb[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(xa.length, xb.length);
  }
}
