package dev.trellis.engine.validate;

import dev.trellis.engine.binary.CanonOpt;

/**
 * The resolved {@code canonopt}s of a canonical definition (CanonicalABI.md#canonical-abi-options),
 * after validation: indices are core indices of the enclosing component; absent options are
 * null (or false), and {@code stringEncoding} defaults to utf8.
 *
 * @param memory the {@code (memory m)} core memory index, or null
 * @param memory64 whether that memory is 64-bit, i.e. pointers are {@code i64} (🐘)
 * @param realloc the {@code (realloc f)} core function index, or null
 * @param postReturn the {@code (post-return f)} core function index, or null
 * @param async the {@code async} option (🔀)
 * @param callback the {@code (callback f)} core function index (🔀), or null
 * @param coreType the {@code (core-type t)} core type index (GC ABI), or null
 * @param gc the {@code gc} option (GC ABI)
 */
public record CanonOptions(
    CanonOpt.StringEncoding stringEncoding,
    Integer memory,
    boolean memory64,
    Integer realloc,
    Integer postReturn,
    boolean async,
    Integer callback,
    Integer coreType,
    boolean gc) {

  /** No options: utf8, no memory. */
  public static final CanonOptions NONE =
      new CanonOptions(CanonOpt.StringEncoding.UTF8, null, false, null, null, false, null, null, false);

  /** The core type of pointers and lengths under these options: {@code i64} with a 64-bit memory. */
  public boolean pointersAre64() {
    return memory64;
  }
}
