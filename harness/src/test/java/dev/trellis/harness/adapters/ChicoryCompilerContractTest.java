package dev.trellis.harness.adapters;

class ChicoryCompilerContractTest extends RuntimeContract {
  @Override
  protected String runtimeId() {
    return "chicory-compiler";
  }
}
