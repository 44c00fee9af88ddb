package dev.trellis.engine.abi;

import dev.trellis.engine.binary.CanonOpt.StringEncoding;
import dev.trellis.engine.runtime.Val;

/**
 * The encoding hints of strings lifted during one component-to-component call. The spec's
 * lifted string is a tuple {@code (str, encoding, tagged_code_units)} whose last two parts
 * steer {@code store_string}'s allocation strategy (and so the {@code realloc} calls a guest
 * sees). Values cross the engine as {@link Val.Str}, so the hints travel beside them here,
 * keyed by identity, from the lifting to the lowering side of the same call.
 */
public final class StringHints {
  private Val.Str[] keys = new Val.Str[4];
  private StringEncoding[] encodings = new StringEncoding[4];
  private long[] units = new long[4];
  private int size;

  void put(Val.Str s, StringEncoding enc, long taggedCodeUnits) {
    if (size == keys.length) {
      keys = java.util.Arrays.copyOf(keys, size * 2);
      encodings = java.util.Arrays.copyOf(encodings, size * 2);
      units = java.util.Arrays.copyOf(units, size * 2);
    }
    keys[size] = s;
    encodings[size] = enc;
    units[size] = taggedCodeUnits;
    size++;
  }

  /** The index of {@code s}'s hint, or -1 when it was not lifted in this call. */
  int find(Val.Str s) {
    for (int i = size - 1; i >= 0; i--) {
      if (keys[i] == s) {
        return i;
      }
    }
    return -1;
  }

  StringEncoding encoding(int i) {
    return encodings[i];
  }

  long taggedCodeUnits(int i) {
    return units[i];
  }
}
