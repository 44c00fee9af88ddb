package dev.trellis.harness.adapters.workerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.runtime.Val;
import dev.trellis.harness.TestTools;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.Runtimes;
import dev.trellis.harness.spi.Wasm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** workerd runs one process per loaded module; only a bounded number run at once. */
class WorkerdAdapterTest {
  @Test
  void keepsAtMostMaxRunningProcessesAndRestartsOnUse() {
    try (Runtime rt = Runtimes.discover().open("workerd")) {
      Wasm core = Wasm.of("core", TestTools.wat("core"));
      Loaded first = rt.load(core);
      Instance early = rt.instantiate(first);
      assertThat(early.invoke("add", List.of(new Val.S32(1), new Val.S32(2)))).containsExactly(new Val.S32(3));
      List<Loaded> more = new ArrayList<>();
      for (int i = 0; i < WorkerdRuntime.MAX_RUNNING; i++) {
        more.add(rt.load(core));
      }
      assertThat(ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("workerd")).count())
          .isLessThanOrEqualTo(WorkerdRuntime.MAX_RUNNING);
      // The first worker was stopped: its instance is gone, and says so ...
      assertThatThrownBy(() -> early.invoke("add", List.of(new Val.S32(1), new Val.S32(2))))
          .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.getMessage()).contains("stopped"));
      // ... but the loaded module starts again when used.
      Instance again = rt.instantiate(first);
      assertThat(again.invoke("add", List.of(new Val.S32(20), new Val.S32(22)))).containsExactly(new Val.S32(42));
      more.forEach(Loaded::close);
    }
    assertThat(ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("workerd")).count())
        .isZero();
  }
}
