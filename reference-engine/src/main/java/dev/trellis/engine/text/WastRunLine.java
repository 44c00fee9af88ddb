package dev.trellis.engine.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code ;; RUN:} (or {@code ;; RUN[label]:}, {@code ;; FAIL:}) line of a wasm-tools test file:
 * the tool it runs, the environment it sets and the features it names with {@code -f} /
 * {@code --features}, e.g.
 * {@code ;; RUN: WAST_STRICT_COMPONENT_INDICES=0 wast --assert default % -f cm-async,gc}.
 *
 * @param line the 1-based line of the comment
 * @param label the bracketed label ({@code lenient} in {@code RUN[lenient]}), or null
 * @param expectFailure true for {@code FAIL:} lines: the tool must fail
 * @param env the {@code NAME=value} assignments before the tool
 * @param tool the tool, e.g. {@code wast}, {@code parse}
 * @param features the feature names as written (a leading {@code -} disables one)
 */
public record WastRunLine(int line, String label, boolean expectFailure, Map<String, String> env, String tool,
    List<String> features) {

  public WastRunLine {
    env = Map.copyOf(env);
    features = List.copyOf(features);
  }

  /** The environment variable wasm-tools reads to accept the legacy component index syntax. */
  public static final String STRICT_INDICES = "WAST_STRICT_COMPONENT_INDICES";

  /** A run line for a file that has none: the {@code wast} tool with the given features. */
  public static WastRunLine defaults(List<String> features) {
    return new WastRunLine(0, null, false, Map.of(), "wast", features);
  }

  /**
   * Whether component references must be written in the strict syntax (the default; {@code
   * WAST_STRICT_COMPONENT_INDICES=0} relaxes it).
   */
  public boolean strictIndices() {
    return !"0".equals(env.get(STRICT_INDICES));
  }

  /** Reads every {@code RUN}/{@code FAIL} line in the leading comment lines of {@code src}. */
  public static List<WastRunLine> parseAll(String src) {
    List<WastRunLine> out = new ArrayList<>();
    String[] lines = src.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String l = lines[n].strip();
      if (!l.startsWith(";;")) {
        if (l.isEmpty()) {
          continue;
        }
        break;
      }
      WastRunLine r = parse(l.substring(2).strip(), n + 1);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  /** Parses the text after {@code ;;}, or returns null if it is not a run line. */
  static WastRunLine parse(String text, int line) {
    boolean fail;
    String rest;
    String label = null;
    if (text.startsWith("RUN")) {
      fail = false;
      rest = text.substring(3);
    } else if (text.startsWith("FAIL")) {
      fail = true;
      rest = text.substring(4);
    } else {
      return null;
    }
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        return null;
      }
      label = rest.substring(1, close);
      rest = rest.substring(close + 1);
    }
    if (!rest.startsWith(":")) {
      return null;
    }
    String[] words = rest.substring(1).strip().split("\\s+");
    Map<String, String> env = new LinkedHashMap<>();
    int w = 0;
    while (w < words.length && words[w].matches("[A-Z_][A-Z0-9_]*=.*")) {
      int eq = words[w].indexOf('=');
      env.put(words[w].substring(0, eq), words[w].substring(eq + 1));
      w++;
    }
    if (w >= words.length) {
      return null;
    }
    String tool = words[w++];
    List<String> features = new ArrayList<>();
    for (; w < words.length; w++) {
      String word = words[w];
      String value = null;
      if ((word.equals("-f") || word.equals("--features")) && w + 1 < words.length) {
        value = words[++w];
      } else if (word.startsWith("--features=")) {
        value = word.substring("--features=".length());
      } else if (word.startsWith("-f") && word.length() > 2 && !word.startsWith("--")) {
        value = word.substring(2);
      }
      if (value != null) {
        for (String f : value.split(",")) {
          if (!f.isBlank()) {
            features.add(f.strip());
          }
        }
      }
    }
    return new WastRunLine(line, label, fail, env, tool, features);
  }
}
