package dev.trellis.fuzz;

import dev.trellis.engine.runtime.Val;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Regression cases: a disagreement as a {@code .wast} script the spec runner replays
 * ({@code trellis wast --runtime ID FILE}) — the component, and one {@code assert_return} per
 * call asserting that the arguments come back — under comments saying how it was found and
 * what each runtime did.
 */
public final class Regressions {
  private Regressions() {}

  /** Where the module keeps them, relative to the repository root. */
  public static final String DIRECTORY = "canonical-abi-fuzz/src/test/resources/regressions";

  /** The script of {@code o}: {@code origin} says how it was found (seed, command). */
  public static String script(Differential.Outcome o, String origin) {
    StringBuilder sb = new StringBuilder();
    sb.append(";; Canonical ABI differential regression (canonical-abi-fuzz).\n");
    sb.append(";; ").append(origin).append('\n');
    return body(o, sb);
  }

  /** One script holding several cases, each component followed by its assertions. */
  public static String script(List<Differential.Outcome> os, String origin) {
    StringBuilder sb = new StringBuilder();
    sb.append(";; Canonical ABI differential regressions (canonical-abi-fuzz).\n");
    sb.append(";; ").append(origin).append('\n');
    for (Differential.Outcome o : os) {
      sb.append('\n');
      body(o, sb);
    }
    return sb.toString();
  }

  private static String body(Differential.Outcome o, StringBuilder sb) {
    EchoCase c = o.echoCase();
    sb.append(";; ").append(c.describe()).append('\n');
    for (Differential.Problem p : o.problems()) {
      sb.append(";;   ").append(oneLine(p.toString())).append('\n');
    }
    sb.append(c.corruption() == null ? ";; Every runtime must hand the arguments back (NaNs as any NaN).\n"
        : ";; Every runtime must trap, or return the value as the spec lifts the corrupted word.\n");
    sb.append(o.text());
    for (List<Val> args : c.calls()) {
      Corruption.Expectation e = c.expectation(args);
      sb.append(e.trap() ? "(assert_trap (invoke " : "(assert_return (invoke ")
          .append(ComponentText.quote(EchoComponent.RUN));
      for (Val a : args) {
        sb.append("\n  ").append(ComponentText.constant(a));
      }
      sb.append(")\n  ").append(e.trap() ? ComponentText.quote(e.why()) : ComponentText.constant(e.value()))
          .append(")\n");
    }
    return sb.toString();
  }

  /**
   * Writes the script of {@code o} into {@code dir} under a name made of the first problem's
   * runtime and kind and a hash of the script; returns the file (an existing identical one is
   * left as is).
   */
  public static Path write(Path dir, Differential.Outcome o, String origin) throws IOException {
    String body = script(o, origin);
    Differential.Problem first = o.problems().getFirst();
    String name = first.runtime() + "-" + slug(first.kind()) + "-" + hash(o.text() + o.echoCase().calls()) + ".wast";
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    if (!Files.exists(file)) {
      Files.writeString(file, body, StandardCharsets.UTF_8);
    }
    return file;
  }

  /** Writes the script of {@code o} as {@code dir/name} (replacing it). */
  public static Path write(Path dir, String name, Differential.Outcome o, String origin) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.writeString(file, script(o, origin), StandardCharsets.UTF_8);
    return file;
  }

  private static String slug(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String oneLine(String s) {
    String t = s.replace('\n', ' ').replace('\r', ' ');
    return t.length() > 300 ? t.substring(0, 297) + "..." : t;
  }
}
