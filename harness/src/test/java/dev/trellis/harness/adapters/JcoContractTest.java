package dev.trellis.harness.adapters;

class JcoContractTest extends RuntimeContract {
  @Override
  protected String runtimeId() {
    return "jco";
  }
}
