package dev.trellis.harness.adapters;

class ChicoryContractTest extends RuntimeContract {
  @Override
  protected String runtimeId() {
    return "chicory";
  }
}
