package dev.trellis.harness.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GraalWasmContractTest extends RuntimeContract {
  @Override
  protected String runtimeId() {
    return "graalwasm";
  }

  /** On JDK 25 with the Graal compiler jar, the worker must really compile, and say so. */
  @Test
  void runsWithTheJitAndSaysSo() {
    assertThat(rt.detail()).startsWith("JIT: GraalVM");
  }
}
