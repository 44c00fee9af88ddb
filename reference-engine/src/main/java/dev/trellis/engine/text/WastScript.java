package dev.trellis.engine.text;

import java.util.List;

/**
 * A parsed WAST script.
 *
 * @param file the name it was parsed under (for messages)
 * @param directives its top-level forms, in order
 * @param runLines its {@code ;; RUN:}/{@code ;; FAIL:} lines (wasm-tools files name the
 *     features each run needs there); empty when it has none
 */
public record WastScript(String file, List<WastDirective> directives, List<WastRunLine> runLines) {
  public WastScript {
    directives = List.copyOf(directives);
    runLines = List.copyOf(runLines);
  }

  /** The run lines that run the {@code wast} tool (the ones a script runner honours). */
  public List<WastRunLine> wastRuns() {
    return runLines.stream().filter(r -> r.tool().equals("wast") && !r.expectFailure()).toList();
  }
}
