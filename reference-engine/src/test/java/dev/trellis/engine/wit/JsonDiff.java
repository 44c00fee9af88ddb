package dev.trellis.engine.wit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.TreeSet;

/** Compares two JSON trees field by field; reports the first difference with its path. */
final class JsonDiff {
  private JsonDiff() {}

  /** Null when equal, else {@code path: what differs}. */
  static String diff(JsonNode ours, JsonNode expected) {
    return diff(ours, expected, "$");
  }

  private static String diff(JsonNode a, JsonNode b, String path) {
    if (a.equals(b)) {
      return null;
    }
    if (a.isObject() && b.isObject()) {
      TreeSet<String> keys = new TreeSet<>();
      a.fieldNames().forEachRemaining(keys::add);
      b.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        if (!a.has(k)) {
          return path + "." + k + ": missing, expected " + brief(b.get(k));
        }
        if (!b.has(k)) {
          return path + "." + k + ": unexpected " + brief(a.get(k));
        }
        String d = diff(a.get(k), b.get(k), path + "." + k);
        if (d != null) {
          return d;
        }
      }
    }
    if (a.isArray() && b.isArray()) {
      for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
        String d = diff(a.get(i), b.get(i), path + "[" + i + "]");
        if (d != null) {
          return d;
        }
      }
      return path + ": " + a.size() + " elements, expected " + b.size();
    }
    return path + ": " + brief(a) + ", expected " + brief(b);
  }

  private static String brief(JsonNode n) {
    String s = n.toString();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
