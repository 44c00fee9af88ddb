package dev.trellis.engine.abi;

import dev.trellis.engine.binary.CanonOpt.StringEncoding;

/**
 * {@code CanonicalOptions} (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#canonical-abi-options">CanonicalABI.md#canonical-abi-options</a>),
 * resolved for one instance: the memory and functions are the instance's own. Absent options
 * are null ({@code stringEncoding} defaults to UTF-8).
 */
public record CanonicalOptions(StringEncoding stringEncoding, AbiMemory memory, CoreFunction realloc,
    CoreFunction postReturn, boolean async, CoreFunction callback) {

  public CanonicalOptions {
    if (stringEncoding == null) {
      stringEncoding = StringEncoding.UTF8;
    }
  }

  /** No options: UTF-8, no memory, no functions (scalar-only signatures, destructors). */
  public static final CanonicalOptions NONE = new CanonicalOptions(null, null, null, null, false, null);

  public static CanonicalOptions of(StringEncoding enc, AbiMemory memory, CoreFunction realloc) {
    return new CanonicalOptions(enc, memory, realloc, null, false, null);
  }
}
