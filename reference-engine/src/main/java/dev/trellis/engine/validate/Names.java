package dev.trellis.engine.validate;

import java.util.Locale;

/**
 * The lexical rules for names (Explainer.md#import-and-export-definitions): kebab-case
 * labels, plain names with {@code [constructor]}/{@code [method]}/{@code [static]}
 * annotations, interface names with (🔗 canonical) versions and 🪺 nested namespaces, valid
 * semver, and the canonicalization behind strong uniqueness (Explainer.md#name-uniqueness).
 *
 * <p>For compatibility with components produced by existing tools, the dependency, URL and
 * integrity name forms of earlier versions of the explainer ({@code unlocked-dep=<…>},
 * {@code locked-dep=<…>}, {@code url=<…>}, {@code integrity=<…>}) are accepted as well, as
 * wasm-tools still does.
 */
final class Names {
  private Names() {}

  enum Kind { LABEL, CONSTRUCTOR, METHOD, STATIC, INTERFACE, LEGACY }

  /**
   * A parsed extern name. {@code resource} is the resource label of an annotated name,
   * {@code item} the method/static name; {@code canonVersion} is true when an interface name's
   * version is a {@code canonversion} (or absent).
   */
  record Parsed(String name, Kind kind, String resource, String item, boolean hasVersion, boolean canonVersion, String version) {
    /** The canonical form under which strongly-unique names must differ. */
    String uniquenessKey() {
      String lower = name.toLowerCase(Locale.ROOT);
      return switch (kind) {
        case METHOD, STATIC -> {
          String r = resource.toLowerCase(Locale.ROOT);
          String i = item.toLowerCase(Locale.ROOT);
          yield r.equals(i) ? r : r + "." + i;
        }
        case LEGACY -> name;
        default -> lower;
      };
    }
  }

  /** {@code label ::= first-fragment ('-' fragment)*}. */
  static boolean isLabel(String s) {
    if (s.isEmpty()) {
      return false;
    }
    String[] frags = s.split("-", -1);
    for (int i = 0; i < frags.length; i++) {
      String f = frags[i];
      if (f.isEmpty()) {
        return false;
      }
      boolean lower = true;
      boolean upper = true;
      for (int j = 0; j < f.length(); j++) {
        char c = f.charAt(j);
        boolean digit = c >= '0' && c <= '9';
        if (!(digit || (c >= 'a' && c <= 'z'))) {
          lower = false;
        }
        if (!(digit || (c >= 'A' && c <= 'Z'))) {
          upper = false;
        }
      }
      if (!lower && !upper) {
        return false;
      }
      if (i == 0) {
        char c = f.charAt(0);
        if (c >= '0' && c <= '9') {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code words ::= first-word ('-' word)*}: a lowercase label. */
  static boolean isWords(String s) {
    if (!isLabel(s)) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return false;
      }
    }
    return true;
  }

  static void requireLabel(String s, String what) throws Mismatch {
    if (!isLabel(s)) {
      throw new Mismatch((what == null ? "" : what + " ") + "`" + s + "` is not in kebab case (not a valid extern name)");
    }
  }

  /** Parses and checks an extern name under {@code features}. */
  static Parsed parse(String name, Features features) throws Mismatch {
    if (name.startsWith("[")) {
      return annotated(name);
    }
    int eq = name.indexOf('=');
    if (eq > 0 && (name.indexOf(':') < 0 || name.indexOf(':') > eq || name.startsWith("unlocked-dep=") || name.startsWith("locked-dep="))) {
      return legacy(name, features);
    }
    if (name.indexOf(':') >= 0) {
      return interfaceName(name, features);
    }
    if (!isLabel(name)) {
      throw new Mismatch("`" + name + "` is not in kebab case (`" + name + "` is not a valid extern name)");
    }
    return new Parsed(name, Kind.LABEL, null, null, false, true, null);
  }

  private static Parsed annotated(String name) throws Mismatch {
    if (name.startsWith("[constructor]")) {
      String r = name.substring("[constructor]".length());
      requireLabel(r, null);
      return new Parsed(name, Kind.CONSTRUCTOR, r, null, false, true, null);
    }
    Kind kind;
    String rest;
    if (name.startsWith("[method]")) {
      kind = Kind.METHOD;
      rest = name.substring("[method]".length());
    } else if (name.startsWith("[static]")) {
      kind = Kind.STATIC;
      rest = name.substring("[static]".length());
    } else {
      throw new Mismatch("`" + name + "` is not in kebab case: unknown annotation (not a valid extern name)");
    }
    int dot = rest.indexOf('.');
    if (dot < 0) {
      throw new Mismatch("`" + name + "` is not a valid extern name: failed to find `.` character");
    }
    String r = rest.substring(0, dot);
    String item = rest.substring(dot + 1);
    requireLabel(r, null);
    requireLabel(item, null);
    return new Parsed(name, kind, r, item, false, true, null);
  }

  private static void requireWords(String s, String whole) throws Mismatch {
    if (isWords(s)) {
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z' && isLabel(s)) {
        throw new Mismatch("`" + whole + "` is not a valid extern name: character `" + c
            + "` is not lowercase in package name/namespace");
      }
    }
    throw new Mismatch("`" + s + "` is not in kebab case (`" + whole + "` is not a valid extern name)");
  }

  /** {@code interfacename ::= namespace+ words projection+ interfaceversion?}. */
  private static Parsed interfaceName(String name, Features features) throws Mismatch {
    String body = name;
    String version = null;
    int at = name.indexOf('@');
    if (at >= 0) {
      body = name.substring(0, at);
      version = name.substring(at + 1);
    }
    int slash = body.indexOf('/');
    String pkgPath = slash < 0 ? body : body.substring(0, slash);
    String[] segs = pkgPath.split(":", -1);
    for (String seg : segs) {
      requireWords(seg, name);
    }
    if (segs.length > 2 && !features.has(Feature.CM_NESTED_NAMES)) {
      throw new Mismatch("`" + name + "` is not a valid extern name: expected `/` after package name");
    }
    if (slash < 0) {
      throw new Mismatch("`" + name + "` is not a valid extern name: expected `/` after package name");
    }
    String[] projections = body.substring(slash + 1).split("/", -1);
    for (String p : projections) {
      if (!isLabel(p)) {
        throw new Mismatch("`" + p + "` is not in kebab case (`" + name + "` is not a valid extern name)");
      }
    }
    if (projections.length > 1 && !features.has(Feature.CM_NESTED_NAMES)) {
      throw new Mismatch("`" + name + "` is not a valid extern name: trailing characters found: `"
          + body.substring(slash + 1 + projections[0].length()) + "`");
    }
    boolean canon = true;
    if (version != null) {
      if (features.has(Feature.CM_CANON_NAMES) && isCanonVersion(version)) {
        canon = true;
      } else {
        Semver.check(version);
        canon = isCanonVersion(version);
      }
    }
    return new Parsed(name, Kind.INTERFACE, null, null, version != null, canon, version);
  }

  /**
   * {@code canonversion ::= [1-9][0-9]* | '0.' [1-9][0-9]* | '0.0.' [1-9][0-9]* | '0.0.0'}:
   * a semver prefix that keeps exactly the compatibility-relevant part.
   */
  static boolean isCanonVersion(String v) {
    if (v.equals("0.0.0")) {
      return true;
    }
    String rest = v;
    if (rest.startsWith("0.0.")) {
      rest = rest.substring(4);
    } else if (rest.startsWith("0.")) {
      rest = rest.substring(2);
    }
    if (rest.isEmpty() || rest.charAt(0) < '1' || rest.charAt(0) > '9') {
      return false;
    }
    for (int i = 1; i < rest.length(); i++) {
      if (rest.charAt(i) < '0' || rest.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  // ---- legacy name forms ----

  private static Parsed legacy(String name, Features features) throws Mismatch {
    Cursor c = new Cursor(name);
    if (c.eat("unlocked-dep=")) {
      c.expect("<");
      c.pkgPath(features);
      if (c.eat("@")) {
        if (!c.eat("*")) {
          c.expect("{");
          String range = c.until('}');
          versionRange(range);
          c.expect("}");
        }
      }
      c.expect(">");
    } else if (c.eat("locked-dep=")) {
      c.expect("<");
      c.pkgPath(features);
      if (c.eat("@")) {
        String v = c.until('>');
        Semver.checkNamed(v);
      }
      c.expect(">");
      c.optionalIntegrity();
    } else if (c.eat("url=")) {
      c.expect("<");
      int close = name.indexOf('>', c.pos);
      if (close < 0) {
        throw new Mismatch("failed to find `>` in `" + name + "`");
      }
      String url = name.substring(c.pos, close);
      if (url.indexOf('<') >= 0) {
        throw new Mismatch("url cannot contain `<` in `" + name + "`");
      }
      c.pos = close + 1;
      c.optionalIntegrity();
    } else if (c.eat("integrity=")) {
      c.expect("<");
      String meta = c.until('>');
      c.expect(">");
      integrity(meta);
    } else {
      throw new Mismatch("`" + name + "` is not a valid extern name");
    }
    if (!c.atEnd()) {
      throw new Mismatch("trailing characters found: `" + name.substring(c.pos) + "`");
    }
    return new Parsed(name, Kind.LEGACY, null, null, false, true, null);
  }

  private static void versionRange(String range) throws Mismatch {
    String rest = range;
    if (rest.startsWith(">=")) {
      rest = rest.substring(2);
      int sp = rest.indexOf(' ');
      if (sp >= 0) {
        String lower = rest.substring(0, sp);
        Semver.checkNamed(lower);
        String upper = rest.substring(sp + 1);
        if (!upper.startsWith("<")) {
          throw new Mismatch("expected `<` at start of version range upper bound");
        }
        Semver.checkNamed(upper.substring(1));
      } else {
        Semver.checkNamed(rest);
      }
    } else if (rest.startsWith("<")) {
      Semver.checkNamed(rest.substring(1));
    } else {
      throw new Mismatch("expected `>=` or `<` at start of version range");
    }
  }

  static void integrity(String meta) throws Mismatch {
    String t = meta.strip();
    if (t.isEmpty()) {
      throw new Mismatch("integrity hash cannot be empty");
    }
    for (String part : t.split("\\s+")) {
      int dash = part.indexOf('-');
      if (dash < 0) {
        throw new Mismatch("expected `-` after hash algorithm");
      }
      String alg = part.substring(0, dash);
      if (!alg.equals("sha256") && !alg.equals("sha384") && !alg.equals("sha512")) {
        throw new Mismatch("unrecognized hash algorithm `" + alg + "`");
      }
      String hash = part.substring(dash + 1);
      int q = hash.indexOf('?');
      if (q >= 0) {
        hash = hash.substring(0, q);
      }
      if (!isBase64(hash)) {
        throw new Mismatch("`" + hash + "` is not valid base64");
      }
    }
  }

  private static boolean isBase64(String s) {
    int end = s.length();
    int pad = 0;
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
      pad++;
    }
    if (end == 0 || pad > 2) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static final class Cursor {
    final String s;
    int pos;

    Cursor(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    boolean eat(String t) {
      if (s.startsWith(t, pos)) {
        pos += t.length();
        return true;
      }
      return false;
    }

    void expect(String t) throws Mismatch {
      if (!eat(t)) {
        throw new Mismatch("expected `" + t + "` at `" + s.substring(Math.min(pos, s.length())) + "`");
      }
    }

    String until(char end) {
      int e = s.indexOf(end, pos);
      if (e < 0) {
        e = s.length();
      }
      String r = s.substring(pos, e);
      pos = e;
      return r;
    }

    /** {@code pkgpath ::= namespace words | namespace+ words projection* (🪺)}. */
    void pkgPath(Features features) throws Mismatch {
      int start = pos;
      int e = pos;
      while (e < s.length() && s.charAt(e) != '@' && s.charAt(e) != '>') {
        e++;
      }
      String path = s.substring(start, e);
      int slash = path.indexOf('/');
      String pkg = slash < 0 ? path : path.substring(0, slash);
      String[] segs = pkg.split(":", -1);
      if (segs.length < 2) {
        throw new Mismatch("`" + pkg + "` is not in kebab case");
      }
      for (String seg : segs) {
        if (!isWords(seg)) {
          throw new Mismatch("`" + seg + "` is not in kebab case");
        }
      }
      if (slash >= 0 || segs.length > 2) {
        if (!features.has(Feature.CM_NESTED_NAMES)) {
          throw new Mismatch("nested package paths require the component model nested names feature");
        }
        if (slash >= 0) {
          for (String p : path.substring(slash + 1).split("/", -1)) {
            if (!isLabel(p)) {
              throw new Mismatch("`" + p + "` is not in kebab case");
            }
          }
        }
      }
      pos = e;
    }

    void optionalIntegrity() throws Mismatch {
      if (eat(",")) {
        if (!eat("integrity=<")) {
          throw new Mismatch("expected `integrity=<`");
        }
        String meta = until('>');
        expect(">");
        integrity(meta);
      }
    }
  }

  /** Semantic Versioning 2.0.0 (https://semver.org), with messages in the style of common semver parsers. */
  static final class Semver {
    private Semver() {}

    static void checkNamed(String v) throws Mismatch {
      try {
        check(v);
      } catch (Mismatch m) {
        throw new Mismatch("`" + v + "` is not a valid semver: " + m.getMessage());
      }
    }

    static boolean isValid(String v) {
      try {
        check(v);
        return true;
      } catch (Mismatch m) {
        return false;
      }
    }

    static void check(String v) throws Mismatch {
      if (v.isEmpty()) {
        throw new Mismatch("empty string, expected a semver version");
      }
      int[] pos = {0};
      number(v, pos, "major");
      dot(v, pos);
      number(v, pos, "minor");
      dot(v, pos);
      number(v, pos, "patch");
      if (pos[0] < v.length() && v.charAt(pos[0]) == '-') {
        pos[0]++;
        identifiers(v, pos, true);
      }
      if (pos[0] < v.length() && v.charAt(pos[0]) == '+') {
        pos[0]++;
        identifiers(v, pos, false);
      }
      if (pos[0] < v.length()) {
        throw new Mismatch("unexpected character '" + v.charAt(pos[0]) + "' after patch version number");
      }
    }

    private static void number(String v, int[] pos, String what) throws Mismatch {
      int start = pos[0];
      if (start >= v.length()) {
        throw new Mismatch("unexpected end of input while parsing " + what + " version number");
      }
      while (pos[0] < v.length() && Character.isDigit(v.charAt(pos[0])) && v.charAt(pos[0]) < 128) {
        pos[0]++;
      }
      if (pos[0] == start) {
        throw new Mismatch("unexpected character '" + v.charAt(start) + "' while parsing " + what + " version number");
      }
      if (pos[0] - start > 1 && v.charAt(start) == '0') {
        throw new Mismatch("invalid leading zero in " + what + " version number");
      }
    }

    private static void dot(String v, int[] pos) throws Mismatch {
      if (pos[0] >= v.length()) {
        throw new Mismatch("unexpected end of input while parsing version number");
      }
      if (v.charAt(pos[0]) != '.') {
        throw new Mismatch("unexpected character '" + v.charAt(pos[0]) + "' after version number");
      }
      pos[0]++;
    }

    private static void identifiers(String v, int[] pos, boolean pre) throws Mismatch {
      while (true) {
        int start = pos[0];
        while (pos[0] < v.length()) {
          char c = v.charAt(pos[0]);
          if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-') {
            pos[0]++;
          } else {
            break;
          }
        }
        if (pos[0] == start) {
          throw new Mismatch("empty identifier segment in " + (pre ? "pre-release" : "build metadata"));
        }
        String id = v.substring(start, pos[0]);
        if (pre && id.length() > 1 && id.charAt(0) == '0' && id.chars().allMatch(Character::isDigit)) {
          throw new Mismatch("invalid leading zero in pre-release identifier");
        }
        if (pos[0] < v.length() && v.charAt(pos[0]) == '.') {
          pos[0]++;
          continue;
        }
        if (pos[0] < v.length() && pre && v.charAt(pos[0]) == '+') {
          return;
        }
        return;
      }
    }
  }
}
