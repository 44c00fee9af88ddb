package dev.trellis.harness.adapters;

class TrellisCompilerContractTest extends RuntimeContract {
  @Override
  protected String runtimeId() {
    return "trellis-compiler";
  }
}
