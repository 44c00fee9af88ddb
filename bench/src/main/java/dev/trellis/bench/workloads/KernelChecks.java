package dev.trellis.bench.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The compute kernels' expected checksums, computed independently in Java: sha-256 by the
 * JDK's {@link MessageDigest}, the JSON document parsed by Jackson, the lines searched by
 * {@link java.util.regex}, the matrix product by plain loops. Only the deterministic inputs
 * (the document text, the generated lines, the matrices) are generated the same way as in the
 * C sources ({@code workloads/c/*.c}); the work itself is done by other code, so a kernel
 * that computes wrongly on some runtime fails its check.
 */
public final class KernelChecks {
  private KernelChecks() {}

  /** The checksum {@code kernel} returns for {@code n}, as an unsigned 32-bit value. */
  public static long expected(String kernel, int n) {
    return switch (kernel) {
      case "sha256" -> sha256(n);
      case "json" -> json(n);
      case "regex" -> regex(n);
      case "matrix" -> matrix(n);
      default -> throw new IllegalArgumentException("no kernel " + kernel);
    };
  }

  static long sha256(int n) {
    byte[] data = new byte[n];
    for (int i = 0; i < n; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(data);
      return ((d[0] & 0xffL) << 24) | ((d[1] & 0xffL) << 16) | ((d[2] & 0xffL) << 8) | (d[3] & 0xffL);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The document json.c generates for {@code n} items (at most 2048). */
  public static String jsonDocument(int n) {
    n = Math.min(n, 2048);
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("\n  {\"id\": ").append(i).append(", \"name\": \"item-").append(i)
          .append("\", \"tags\": [\"alpha\", \"b\\\"eta\", \"gam\\nma\", \"caf\\u00e9\"], \"score\": ")
          .append((int) (((long) i * 7919) % 1000) - 500)
          .append(", \"ok\": ").append(i % 3 == 0 ? "true" : "false")
          .append(", \"nested\": {\"depth\": [1, [2, [3, null]]]}}");
    }
    return sb.append("\n]\n").toString();
  }

  private static final class JsonTally {
    long ints;
    int strings;
    int bytes;
    int trues;
    int nulls;

    void string(String s) {
      strings++;
      bytes += s.getBytes(StandardCharsets.UTF_8).length;
    }

    void walk(JsonNode node) {
      switch (node.getNodeType()) {
        case OBJECT -> {
          for (Map.Entry<String, JsonNode> e : node.properties()) {
            string(e.getKey());
            walk(e.getValue());
          }
        }
        case ARRAY -> node.forEach(this::walk);
        case STRING -> string(node.textValue());
        case NUMBER -> ints += node.longValue();
        case BOOLEAN -> trues += node.booleanValue() ? 1 : 0;
        case NULL -> nulls++;
        default -> throw new IllegalStateException("unexpected JSON node " + node.getNodeType());
      }
    }
  }

  static long json(int n) {
    try {
      JsonTally t = new JsonTally();
      t.walk(new ObjectMapper().readTree(jsonDocument(n)));
      return (t.ints * 31 + t.strings * 7L + t.bytes * 3L + t.trues * 5L + t.nulls * 11L) & 0xffff_ffffL;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The six patterns of regex.c, in java.util.regex syntax (the same meaning for a search). */
  static final String[] PATTERNS = {
    "[a-z]+@[a-z]+\\.com", "\\d\\d\\d-\\d\\d\\d\\d", "^[a-f][a-z]*a", "q.*x.*z", "ab?c+", "[^a-z ]"};

  /** The lines regex.c generates, from the same generator. */
  public static String[] regexLines(int n) {
    int[] seed = {12345};
    String[] lines = new String[n];
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder();
      int words = 3 + r(seed) % 6;
      for (int w = 0; w < words; w++) {
        if (w > 0) {
          sb.append(' ');
        }
        int k = r(seed) % 10;
        if (k == 0) {
          word(sb, 3 + r(seed) % 6, seed);
          sb.append('@');
          word(sb, 3 + r(seed) % 4, seed);
          sb.append((r(seed) & 1) != 0 ? ".com" : ".org");
        } else if (k == 1) {
          for (int d = 0; d < 3; d++) {
            sb.append((char) ('0' + r(seed) % 10));
          }
          sb.append('-');
          for (int d = 0; d < 4; d++) {
            sb.append((char) ('0' + r(seed) % 10));
          }
        } else {
          word(sb, 1 + r(seed) % 9, seed);
        }
      }
      lines[i] = sb.toString();
    }
    return lines;
  }

  /** The LCG of kernel.h, top 16 bits. */
  private static int r(int[] seed) {
    seed[0] = seed[0] * 1664525 + 1013904223;
    return seed[0] >>> 16;
  }

  private static void word(StringBuilder sb, int len, int[] seed) {
    for (int i = 0; i < len; i++) {
      sb.append((char) ('a' + r(seed) % 26));
    }
  }

  static long regex(int n) {
    String[] lines = regexLines(n);
    int cs = 0;
    for (String p : PATTERNS) {
      Pattern pattern = Pattern.compile(p);
      int count = 0;
      for (String line : lines) {
        if (pattern.matcher(line).find()) {
          count++;
        }
      }
      cs = cs * 31 + count;
    }
    return cs & 0xffff_ffffL;
  }

  static long matrix(int n) {
    n = Math.min(n, 128);
    double[] a = new double[n * n];
    double[] b = new double[n * n];
    double[] c = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i * n + j] = ((i * 7 + j * 3) % 17) / 8.0 - 1.0;
        b[i * n + j] = ((i * 5 + j * 11) % 13) / 4.0 - 1.5;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        for (int j = 0; j < n; j++) {
          c[i * n + j] += a[i * n + k] * b[k * n + j];
        }
      }
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        sum += c[i * n + j] * (i + 1);
      }
    }
    return ((long) (sum * 32.0)) & 0xffff_ffffL;
  }
}
