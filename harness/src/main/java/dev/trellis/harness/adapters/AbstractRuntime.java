package dev.trellis.harness.adapters;

import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Runtime;
import java.util.Set;

/**
 * What every adapter's runtime says about itself: its provider's id, its version, how it runs
 * and its features, fixed when it is opened.
 */
public abstract class AbstractRuntime implements Runtime {
  private final String id;
  private final String version;
  private final String detail;
  private final Set<Feature> features;

  protected AbstractRuntime(String id, String version, String detail, Set<Feature> features) {
    this.id = id;
    this.version = version;
    this.detail = detail;
    this.features = features;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String version() {
    return version;
  }

  @Override
  public final String detail() {
    return detail;
  }

  @Override
  public final Set<Feature> features() {
    return features;
  }
}
