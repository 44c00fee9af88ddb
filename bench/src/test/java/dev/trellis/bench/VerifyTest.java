package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.bench.engines.ChicoryDriver;
import dev.trellis.bench.engines.EngineDriver;
import dev.trellis.bench.engines.TrellisDriver;
import dev.trellis.bench.workloads.Workload;
import dev.trellis.bench.workloads.Workloads;
import dev.trellis.engine.runtime.Val;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A workload that computes the wrong thing is refused before it is timed. */
class VerifyTest {
  private static Workload withWrongResult(Workload w) {
    return new Workload(w.name(), w.description(), w.component(), w.core(), w.export(), w.componentArgs(),
        List.of(new Val.U32(12345)), w.coreArgs(), List.of(new Val.S32(12345)), w.uses());
  }

  @Test
  void rightResultsPassOnEveryInProcessDriverThatRunsThem() {
    for (EngineDriver d : List.of(TrellisDriver.interpreter(), new ChicoryDriver("chicory-compiler", true))) {
      try (d) {
        for (Workload w : List.of(Workloads.NOP, Workloads.ADD, Workloads.MIX, Workloads.MATRIX)) {
          Object inst = d.instantiate(d.compile(d.compileInput(d.bytes(w))));
          Verify.results(d.runtime(), w, d.components(), d.caller(inst, w));
        }
      }
    }
  }

  @Test
  void aWrongResultIsAFailureNotATime() {
    Workload wrong = withWrongResult(Workloads.ADD);
    try (EngineDriver d = TrellisDriver.interpreter()) {
      Object inst = d.instantiate(d.compile(d.compileInput(wrong.componentBytes())));
      assertThatThrownBy(() -> Verify.results("trellis", wrong, true, d.caller(inst, wrong)))
          .isInstanceOf(Verify.WrongResult.class).hasMessageContaining("returned [42]").hasMessageContaining("12345");
    }
  }

  @Test
  void theCallBenchSetupRunsTheCheck() {
    CallBench b = new CallBench();
    b.runtime = "chicory";
    b.form = "core";
    b.workload = "add";
    b.setup();
    assertThat(b.call()).isInstanceOf(long[].class);
    assertThat(((long[]) b.call())[0]).isEqualTo(42);
    b.tearDown();
    b.runtime = "trellis";
    b.form = "core"; // the reference engine has no core-form driver: setup says so
    org.assertj.core.api.Assertions.assertThatThrownBy(b::setup).isInstanceOf(IllegalArgumentException.class);
  }
}
