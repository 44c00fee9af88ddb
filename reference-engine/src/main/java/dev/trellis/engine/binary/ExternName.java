package dev.trellis.engine.binary;

import java.util.List;

/**
 * {@code nameattributes} (Binary.md#import-and-export-definitions): an {@code externname} with
 * its attributes. {@code form} is the leading byte (0x00, 0x01 or 0x02) so that encoding
 * reproduces the input; only form 0x02 carries attributes.
 */
public record ExternName(String name, int form, List<Attribute> attributes) {
  public ExternName {
    attributes = List.copyOf(attributes);
  }

  /** A plain name in the common 0x00 form. */
  public static ExternName of(String name) {
    return new ExternName(name, 0x00, List.of());
  }

  /** {@code attribute}. */
  public sealed interface Attribute {}

  /** {@code 0x00 in:<interfacename>}: {@code (implements "in")} 🏷️. */
  public record Implements(String interfaceName) implements Attribute {}

  /** {@code 0x01 vs:<semversuffix>}: {@code (versionsuffix "vs")} 🔗. */
  public record VersionSuffix(String suffix) implements Attribute {}

  /** {@code 0x02 n:<name>}: {@code (external-id n)} 🏷️. */
  public record ExternalId(String id) implements Attribute {}
}
