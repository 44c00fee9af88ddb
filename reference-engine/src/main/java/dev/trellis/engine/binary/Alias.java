package dev.trellis.engine.binary;

/** {@code alias} (Binary.md#alias-definitions): a new index in {@code sort}'s space. */
public record Alias(Sort sort, Target target, int offset) {

  public sealed interface Target {}

  /** {@code s 0x00 i n}: {@code (alias export i n (s))}. */
  public record Export(int instance, String name) implements Target {}

  /** {@code s 0x01 i n}: {@code (alias core export i n (s))}. */
  public record CoreExport(int instance, String name) implements Target {}

  /** {@code s 0x02 ct idx}: {@code (alias outer ct idx (s))}. */
  public record Outer(int count, int index) implements Target {}
}
