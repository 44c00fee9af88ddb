package dev.trellis.engine.binary;

/** {@code core:externtype}: what a core import or export declares. */
public sealed interface CoreExternType {

  /** {@code 0x00 typeidx}. */
  record Func(int type) implements CoreExternType {}

  /** {@code 0x01 reftype limits}. */
  record Table(CoreValType.Ref element, Limits limits) implements CoreExternType {}

  /** {@code 0x02 limits}. */
  record Memory(Limits limits) implements CoreExternType {}

  /** {@code 0x03 valtype mut}. */
  record Global(CoreValType type, boolean mutable, boolean shared) implements CoreExternType {}

  /** {@code 0x04 0x00 typeidx}. */
  record Tag(int type) implements CoreExternType {}

  /**
   * Memory/table limits. {@code flags} is the raw flag byte (bit 0 has-max, bit 1 shared,
   * bit 2 64-bit, bit 3 custom page size) so encoding reproduces it; {@code max} is null when
   * absent and {@code pageSizeLog2} is null unless bit 3 is set.
   */
  record Limits(int flags, long min, Long max, Integer pageSizeLog2) {
    public boolean is64() {
      return (flags & 0x04) != 0;
    }

    public boolean shared() {
      return (flags & 0x02) != 0;
    }
  }
}
