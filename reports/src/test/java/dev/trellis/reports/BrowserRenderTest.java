package dev.trellis.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.harness.results.ResultsJson;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the generated {@code index.html} in headless Chromium (Debian {@code chromium}, which
 * {@code .ci/run} installs) with the network off, and checks that every chart image is there and
 * decoded at its real size, and that the screenshot shows a rendered page. Set
 * {@code TRELLIS_CHROMIUM} to another binary; {@code TRELLIS_SKIP_BROWSER=1} skips it, visibly.
 */
class BrowserRenderTest {
  @Test
  void everyChartIsDecodedInHeadlessChromium(@TempDir Path tmp) throws Exception {
    String chromium = chromium();
    Report.Output o = Report.write(ReportTest.sampleInput(), tmp.resolve("out"));
    assertThat(o.figures()).hasSizeGreaterThanOrEqualTo(6);

    // The probe is the report plus a script that records, once everything has loaded, each
    // image's decoded size into the DOM, which --dump-dom then prints.
    String html = Files.readString(o.html());
    // A deliberately broken image at the end shows the probe does notice an undecodable one.
    String probe = html.replace("</body>", """
        <img alt="broken on purpose" src="data:image/png;base64,iVBORw0KGgoAAAAN">
        <script>window.addEventListener('load', () => {
          const r = [...document.images].map(i => ({alt: i.alt, w: i.naturalWidth, h: i.naturalHeight, complete: i.complete}));
          document.body.setAttribute('data-probe', JSON.stringify(r));
        });</script></body>""");
    Path probeFile = o.dir().resolve("probe.html");
    Files.writeString(probeFile, probe);
    String dom = run(chromium, tmp, "--dump-dom", probeFile.toUri().toString());
    Matcher m = Pattern.compile("data-probe=\"([^\"]*)\"").matcher(dom);
    assertThat(m.find()).as("the probe ran in the page; dom starts: %s", dom.substring(0, Math.min(300, dom.length()))).isTrue();
    JsonNode images = ResultsJson.mapper().readTree(m.group(1).replace("&quot;", "\"").replace("&amp;", "&"));
    assertThat(images).hasSize(o.figures().size() + 1);
    assertThat(images.get(o.figures().size()).get("w").asInt()).as("the broken control image").isZero();
    for (int i = 0; i < o.figures().size(); i++) {
      Figure f = o.figures().get(i);
      BufferedImage png = ImageIO.read(new ByteArrayInputStream(f.png()));
      JsonNode img = images.get(i);
      assertThat(img.get("alt").asText()).isEqualTo(f.title());
      assertThat(img.get("complete").asBoolean()).as(f.title()).isTrue();
      assertThat(img.get("w").asInt()).as("decoded width of %s", f.title()).isEqualTo(png.getWidth());
      assertThat(img.get("h").asInt()).as("decoded height of %s", f.title()).isEqualTo(png.getHeight());
    }

    // And the real page, screenshotted: a rendered page, not a blank one.
    Path shot = tmp.resolve("screenshot.png");
    run(chromium, tmp, "--screenshot=" + shot, "--window-size=1280,2400", o.html().toUri().toString());
    BufferedImage img = ImageIO.read(shot.toFile());
    assertThat(img.getWidth()).isEqualTo(1280);
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        colours.add(img.getRGB(x, y));
      }
    }
    assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(50);
    Path keep = Path.of("target", "report-screenshot.png");
    Files.createDirectories(keep.getParent());
    Files.copy(shot, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static String run(String chromium, Path tmp, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-extensions", "--virtual-time-budget=10000",
        "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-profile")));
    cmd.addAll(List.of(args));
    Path err = Files.createTempFile(tmp, "chromium", ".err");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish in 120 s: " + cmd);
    }
    assertThat(p.exitValue()).as("chromium exit; stderr: %s", Files.readString(err)).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static String chromium() {
    if ("1".equals(System.getenv("TRELLIS_SKIP_BROWSER"))) {
      Assumptions.abort("TRELLIS_SKIP_BROWSER=1: the headless Chromium check of index.html is skipped");
    }
    String configured = System.getenv("TRELLIS_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    return fail("no chromium found: install Debian's chromium (.ci/run does), set TRELLIS_CHROMIUM, "
        + "or set TRELLIS_SKIP_BROWSER=1 to skip this check");
  }
}
