package dev.trellis.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.harness.results.ResultsJson;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a report in headless Chromium (Debian's {@code chromium}, or {@code TRELLIS_CHROMIUM})
 * with networking, sync and updates off and a fresh profile: which chart images decoded, and
 * a screenshot. Used by the tests and by {@code nightly --screenshot}.
 */
public final class Browser {
  private final String binary;

  private Browser(String binary) {
    this.binary = binary;
  }

  /** The browser: {@code TRELLIS_CHROMIUM}, else chromium / chromium-browser / google-chrome on PATH. */
  public static Optional<Browser> find() {
    String configured = System.getenv("TRELLIS_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(new Browser(configured));
    }
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(new Browser(p.toString()));
        }
      }
    }
    return Optional.empty();
  }

  public String binary() {
    return binary;
  }

  /** One image of the page as the browser loaded it. */
  public record Image(String alt, int width, int height, boolean complete) {
    public boolean decoded() {
      return complete && width > 0 && height > 0;
    }
  }

  /**
   * Loads {@code html} and returns every image in document order with its decoded size. A
   * copy of the page with a small script that records those sizes once everything loaded is
   * written to {@code work}; the page itself is not changed.
   */
  public List<Image> images(Path html, Path work) throws IOException, InterruptedException {
    String page = Files.readString(html);
    String probe = page.replace("</body>", """
        <script>window.addEventListener('load', () => {
          const r = [...document.images].map(i => ({alt: i.alt, w: i.naturalWidth, h: i.naturalHeight, complete: i.complete}));
          document.body.setAttribute('data-probe', JSON.stringify(r));
        });</script></body>""");
    Files.createDirectories(work);
    Path probeFile = work.resolve("probe-" + html.getFileName());
    Files.writeString(probeFile, probe);
    String dom = run(work, "--dump-dom", probeFile.toUri().toString());
    Matcher m = Pattern.compile("data-probe=\"([^\"]*)\"").matcher(dom);
    if (!m.find()) {
      throw new IOException("the page did not finish loading in " + binary + " (no probe result in the DOM)");
    }
    JsonNode list = ResultsJson.mapper().readTree(m.group(1).replace("&quot;", "\"").replace("&lt;", "<")
        .replace("&gt;", ">").replace("&amp;", "&"));
    List<Image> out = new ArrayList<>();
    for (JsonNode n : list) {
      out.add(new Image(n.path("alt").asText(), n.path("w").asInt(), n.path("h").asInt(), n.path("complete").asBoolean()));
    }
    return out;
  }

  /** Screenshots {@code html} into {@code png} at the given window size. */
  public void screenshot(Path html, Path png, int width, int height, Path work) throws IOException, InterruptedException {
    Files.createDirectories(work);
    run(work, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, html.toUri().toString());
    if (!Files.isRegularFile(png)) {
      throw new IOException(binary + " wrote no screenshot");
    }
  }

  private String run(Path work, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-extensions", "--virtual-time-budget=10000",
        "--user-data-dir=" + Files.createTempDirectory(work, "chromium-profile")));
    cmd.addAll(List.of(args));
    Path err = Files.createTempFile(work, "chromium", ".log");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(binary + " did not finish in 120 s");
    }
    if (p.exitValue() != 0) {
      String log = Files.readString(err);
      throw new IOException(binary + " exited " + p.exitValue() + ": " + log.substring(Math.max(0, log.length() - 500)).strip());
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
