package dev.trellis.wasiconformance;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One test of a WASI suite: its id (the spec's path under the suite root, without
 * {@code .json}), the feature area it belongs to (a column of the conformance matrix), its
 * spec, where the spec lives (directories in {@code dirs} are relative to it), and the program.
 */
public record WasiCase(String suite, String id, String area, Path specFile, WasiSpec spec, Program program) {

  public WasiCase {
    Objects.requireNonNull(suite);
    Objects.requireNonNull(id);
    Objects.requireNonNull(area);
    Objects.requireNonNull(spec);
    Objects.requireNonNull(program);
  }

  /** The directory {@code dirs} entries are relative to. */
  public Path specDir() {
    return specFile.getParent();
  }

  /** The program a case runs and how it becomes a component. */
  public sealed interface Program {
    /** Where it is (a source or a binary), for messages. */
    Path path();

    /** A component binary: one of our C programs built by {@code scripts/build-wasi-suite}, or a committed one. */
    record Component(Path path) implements Program {}

    /** Component text that Trellis's own {@code ComponentWat} assembles. */
    record Wat(Path path) implements Program {}

    /** A wasip1 core module (wasi-testsuite's {@code wasm32-wasip1}): adapted with the preview1 command adapter. */
    record Preview1(Path path) implements Program {}

    /** A WASI 0.3 component (wasi-testsuite's {@code wasm32-wasip3}): needs a runtime that declares 0.3. */
    record Preview3(Path path) implements Program {}

    /** A test whose spec this runner cannot read ({@code path} is the spec): reported unsupported. */
    record Unreadable(Path path, String reason) implements Program {}
  }
}
