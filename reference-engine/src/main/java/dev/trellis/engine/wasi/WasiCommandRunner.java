package dev.trellis.engine.wasi;

import dev.trellis.engine.error.LinkException;
import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.link.Component;
import dev.trellis.engine.link.InstancePre;
import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Store;

/**
 * Runs {@code wasi:cli/command} components: links the component with the WASI host once, then
 * runs it any number of times, each run in a fresh store under its own {@link WasiCtx}. The
 * exit code is what {@code wasi:cli/exit} was given, else 0 when {@code run} returns {@code ok}
 * and 1 when it returns {@code err}. A trap is thrown as {@link TrapException}.
 */
public final class WasiCommandRunner {
  private final InstancePre<WasiState> pre;
  private final String runExport;

  private WasiCommandRunner(InstancePre<WasiState> pre, String runExport) {
    this.pre = pre;
    this.runExport = runExport;
  }

  /**
   * Links {@code component} with the WASI host. Throws {@link LinkException} if it imports
   * something the host lacks or exports no {@code wasi:cli/run}.
   */
  public static WasiCommandRunner of(Component component) {
    String run = runExport(component);
    if (run == null) {
      throw new LinkException("the component exports no wasi:cli/run@0.2.x instance: it is not a WASI command");
    }
    Linker<WasiState> linker = new Linker<>(component.engine());
    Wasi.addToLinker(linker);
    return new WasiCommandRunner(linker.instantiatePre(component), run);
  }

  /** The name of the component's {@code wasi:cli/run@0.2.x} export, or null. */
  public static String runExport(Component component) {
    for (String n : component.type().exports().keySet()) {
      if (n.startsWith("wasi:cli/run@0.2.")) {
        return n;
      }
    }
    return null;
  }

  /** Runs the command once; returns its exit code. */
  public int run(WasiCtx ctx) {
    try (WasiState state = new WasiState(ctx)) {
      Store<WasiState> store = new Store<>(pre.component().engine(), state);
      Limits.apply(store, ctx.limits);
      try {
        return CliRun.run(pre.instantiate(store), runExport);
      } catch (TrapException t) {
        if (t.kind() == TrapKind.EXIT && state.exitCode != null) {
          return state.exitCode;
        }
        throw t;
      }
    }
  }
}
