package dev.trellis.harness.adapters;

class WorkerdContractTest extends RuntimeContract {
  @Override
  protected String runtimeId() {
    return "workerd";
  }

  /** Values cross the JS API as Numbers, whose NaN payloads are implementation-defined. */
  @Override
  protected boolean preservesNanPayloads() {
    return false;
  }
}
