package dev.trellis.engine.binary;

import java.util.List;

/**
 * A core {@code subtype}. {@code form} records how it was written, so it re-encodes the same:
 * {@link Form#PLAIN} a bare comptype (final, no supertypes), {@link Form#FINAL} {@code 0x4f
 * x* ct}, {@link Form#NON_FINAL} {@code 0x00 0x50 x* ct} at the top of a component core type
 * (plain {@code 0x50} inside a rec group). {@code shared} marks a shared composite type, encoded
 * {@code 0x65 ct} (shared-everything-threads: {@code (shared (func ...))}).
 */
public record CoreSubType(Form form, List<Integer> supertypes, CoreCompType comp, boolean shared) {
  public CoreSubType {
    supertypes = List.copyOf(supertypes);
  }

  /** An unshared sub type, the common case. */
  public CoreSubType(Form form, List<Integer> supertypes, CoreCompType comp) {
    this(form, supertypes, comp, false);
  }

  public enum Form { PLAIN, FINAL, NON_FINAL }

  public boolean isFinal() {
    return form != Form.NON_FINAL;
  }

  /** A plain core function type, the common case. */
  public static CoreSubType func(List<CoreValType> params, List<CoreValType> results) {
    return new CoreSubType(Form.PLAIN, List.of(), new CoreCompType.Func(params, results));
  }
}
