package dev.trellis.engine.text;

import dev.trellis.engine.binary.Bytes;

/**
 * A module or component form of a WAST script, kept unassembled so that assembling it (which
 * may fail, as {@code assert_malformed} expects) is the runner's step, reported per directive.
 * {@code ComponentWat.assemble(WastModule, ...)} turns any of them into bytes.
 */
public sealed interface WastModule {
  /** Where the form starts. */
  Pos pos();

  /** True for a component, false for a core module. */
  boolean component();

  /** The script-level name ({@code $id} without the {@code $}), or null. */
  String id();

  /**
   * True for {@code (component definition ...)} (and {@code (module definition ...)}): the form
   * is compiled and named but not instantiated until a {@code (component instance ...)}.
   */
  boolean definition();

  /**
   * A text form {@code (component definition? $id? field*)} or {@code (module ...)}, given to
   * the component or core text assembler as it stands.
   */
  record Text(SExpr.SList form, boolean component, String id, boolean definition) implements WastModule {
    @Override
    public Pos pos() {
      return form.pos();
    }
  }

  /** {@code (component $id? binary "..."*)}: the concatenated bytes. */
  record Binary(Bytes bytes, boolean component, String id, boolean definition, Pos pos) implements WastModule {}

  /**
   * {@code (component $id? quote "..."*)}: the concatenated strings (joined by a space) are the
   * text of the form's body, parsed only when assembled.
   */
  record Quote(String source, boolean component, String id, boolean definition, Pos pos) implements WastModule {}
}
