package dev.trellis.engine.wasi;

import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Val;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code wasi:cli}: {@code environment}, {@code exit}, {@code stdin}/{@code stdout}/{@code stderr}
 * and the {@code terminal-*} interfaces. ({@code run} is the guest's export; see
 * {@link WasiCommandRunner}.)
 */
final class CliHost {
  private CliHost() {}

  /** The host object behind a {@code terminal-input} or {@code terminal-output}. */
  record Terminal(String name) {}

  static <T> void environment(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:cli/environment")
        .func("get-environment", (s, a) -> {
          List<Val> out = new ArrayList<>(s.ctx.env.size());
          for (Map.Entry<String, String> e : s.ctx.env) {
            out.add(V.tuple(V.str(e.getKey()), V.str(e.getValue())));
          }
          return V.list(out);
        })
        .func("get-arguments", (s, a) -> V.list(s.ctx.args.stream().map(V::str).toList()))
        .func("initial-cwd", (s, a) -> V.NONE)
        .done();
  }

  static <T> void exit(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:cli/exit")
        .func("exit", (s, a) -> {
          boolean ok = a[0] instanceof Val.ResultOf r && r.isOk();
          throw exit(s, ok ? 0 : 1);
        })
        .func("exit-with-code", (s, a) -> {
          throw exit(s, V.u8(a[0]));
        })
        .done();
  }

  private static TrapException exit(WasiState s, int code) {
    s.exitCode = code;
    return new TrapException(TrapKind.EXIT, "exit status " + code);
  }

  static <T> void stdio(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:cli/stdin")
        .func("get-stdin", (s, a) -> V.own(WasiTypes.INPUT_STREAM, s.table.push(new Streams.SharedInput(s.stdin()))))
        .done();
    new HostIface<>(l, view, "wasi:cli/stdout")
        .func("get-stdout", (s, a) -> V.own(WasiTypes.OUTPUT_STREAM, s.table.push(s.stdout())))
        .done();
    new HostIface<>(l, view, "wasi:cli/stderr")
        .func("get-stderr", (s, a) -> V.own(WasiTypes.OUTPUT_STREAM, s.table.push(s.stderr())))
        .done();
  }

  static <T> void terminal(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:cli/terminal-input").done();
    new HostIface<>(l, view, "wasi:cli/terminal-output").done();
    new HostIface<>(l, view, "wasi:cli/terminal-stdin")
        .func("get-terminal-stdin", (s, a) -> s.ctx.stdinInherited && tty()
            ? V.some(V.own(WasiTypes.TERMINAL_INPUT, s.table.push(new Terminal("stdin")))) : V.NONE)
        .done();
    new HostIface<>(l, view, "wasi:cli/terminal-stdout")
        .func("get-terminal-stdout", (s, a) -> s.ctx.stdoutTerminal
            ? V.some(V.own(WasiTypes.TERMINAL_OUTPUT, s.table.push(new Terminal("stdout")))) : V.NONE)
        .done();
    new HostIface<>(l, view, "wasi:cli/terminal-stderr")
        .func("get-terminal-stderr", (s, a) -> s.ctx.stderrTerminal
            ? V.some(V.own(WasiTypes.TERMINAL_OUTPUT, s.table.push(new Terminal("stderr")))) : V.NONE)
        .done();
  }

  private static boolean tty() {
    return System.console() != null && System.console().isTerminal();
  }
}
