package dev.trellis.harness.adapters;

class WasmtimeContractTest extends RuntimeContract {
  @Override
  protected String runtimeId() {
    return "wasmtime";
  }
}
