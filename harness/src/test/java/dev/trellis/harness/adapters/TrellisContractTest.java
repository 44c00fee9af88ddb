package dev.trellis.harness.adapters;

class TrellisContractTest extends RuntimeContract {
  @Override
  protected String runtimeId() {
    return "trellis";
  }
}
