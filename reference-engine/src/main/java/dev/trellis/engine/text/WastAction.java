package dev.trellis.engine.text;

import dev.trellis.engine.runtime.Val;
import java.util.List;

/** An action of a WAST script: what {@code invoke} and the assertions about results run. */
public sealed interface WastAction {
  Pos pos();

  /** The named module/instance the action targets ({@code $id} without {@code $}), or null for the latest one. */
  String moduleId();

  /** The export the action uses. */
  String name();

  /**
   * {@code (invoke $id? "name" arg*)}. Core {@code i32.const}/{@code i64.const} arguments are
   * carried as {@link Val.S32}/{@link Val.S64} holding their bits; {@code f32}/{@code f64} as
   * {@link Val.F32}/{@link Val.F64} with NaN payloads preserved.
   */
  record Invoke(Pos pos, String moduleId, String name, List<Val> args) implements WastAction {
    public Invoke {
      args = List.copyOf(args);
    }
  }

  /** {@code (get $id? "name")}: read an exported global (core) or value. */
  record Get(Pos pos, String moduleId, String name) implements WastAction {}
}
