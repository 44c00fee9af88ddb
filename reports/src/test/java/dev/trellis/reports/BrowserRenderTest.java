package dev.trellis.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
  static Browser browser() {
    if ("1".equals(System.getenv("TRELLIS_SKIP_BROWSER"))) {
      Assumptions.abort("TRELLIS_SKIP_BROWSER=1: the headless Chromium check of index.html is skipped");
    }
    return Browser.find().orElseGet(() -> fail("no chromium found: install Debian's chromium (.ci/run does), set "
        + "TRELLIS_CHROMIUM, or set TRELLIS_SKIP_BROWSER=1 to skip this check"));
  }

  @Test
  void everyChartIsDecodedInHeadlessChromium(@TempDir Path tmp) throws Exception {
    Browser browser = browser();
    Report.Output o = Report.write(ReportTest.sampleInput(), tmp.resolve("out"));
    assertThat(o.figures()).hasSizeGreaterThanOrEqualTo(6);

    List<Browser.Image> images = browser.images(o.html(), tmp.resolve("work"));
    assertThat(images).hasSize(o.figures().size());
    for (int i = 0; i < o.figures().size(); i++) {
      Figure f = o.figures().get(i);
      BufferedImage png = ImageIO.read(new ByteArrayInputStream(f.png()));
      Browser.Image img = images.get(i);
      assertThat(img.alt()).isEqualTo(f.title());
      assertThat(img.decoded()).as(f.title()).isTrue();
      assertThat(img.width()).as("decoded width of %s", f.title()).isEqualTo(png.getWidth());
      assertThat(img.height()).as("decoded height of %s", f.title()).isEqualTo(png.getHeight());
    }

    // The probe notices an image that does not decode.
    Path broken = tmp.resolve("broken.html");
    Files.writeString(broken, "<!DOCTYPE html><html><body><img alt=\"x\" src=\"data:image/png;base64,iVBORw0KGgoAAAAN\">"
        + "<img alt=\"y\" src=\"data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(o.figures().getFirst().png())
        + "\"></body></html>");
    List<Browser.Image> control = browser.images(broken, tmp.resolve("work"));
    assertThat(control).extracting(Browser.Image::decoded).containsExactly(false, true);

    // And the real page, screenshotted: a rendered page, not a blank one.
    Path shot = tmp.resolve("screenshot.png");
    browser.screenshot(o.html(), shot, 1280, 2400, tmp.resolve("work"));
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
}
