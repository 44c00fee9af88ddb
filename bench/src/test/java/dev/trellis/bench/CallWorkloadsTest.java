package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.core.CoreBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The benchmark's correctness check: both forms of every call do the same work and agree. */
class CallWorkloadsTest {
  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void componentAndCoreFormsAgree(CoreBackend backend) {
    CallWorkloads w = new CallWorkloads(backend);
    for (int i = 0; i < 3; i++) { // repeated: the allocator is reset between calls
      w.componentNop();
      w.coreNop();
      assertThat(w.componentEcho()).isEqualTo(CallWorkloads.TEXT).isEqualTo(w.coreEcho());
      w.componentCallsHostNop();
      w.coreCallsHostNop();
      assertThat(w.componentCallsHostEcho()).isEqualTo(22).isEqualTo(w.coreCallsHostEcho());
    }
  }
}
