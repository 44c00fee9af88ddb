package dev.trellis.harness.adapters;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.trellis.harness.adapters.CoreValues.CoreType;
import dev.trellis.harness.spi.RuntimeFailure;
import java.util.List;
import java.util.Optional;

/**
 * Signatures of a core module's exported functions, read with Chicory's parser, for adapters
 * whose runtime does not say which core type a JavaScript number stands for.
 */
public final class CoreTypes {
  private CoreTypes() {}

  public record Signature(List<CoreType> params, List<CoreType> results) {}

  /** The signature of export {@code name}, or empty when there is no such exported function. */
  public static Optional<Signature> exportedFunc(byte[] module, String name) {
    WasmModule m;
    try {
      m = Parser.parse(module);
    } catch (RuntimeException e) {
      throw RuntimeFailure.unsupported("cannot read the module's export types: " + e.getMessage());
    }
    for (int i = 0; i < m.exportSection().exportCount(); i++) {
      Export e = m.exportSection().getExport(i);
      if (e.name().equals(name) && e.exportType() == ExternalType.FUNCTION) {
        return Optional.of(signature(m, e.index()));
      }
    }
    return Optional.empty();
  }

  private static Signature signature(WasmModule m, int funcIdx) {
    List<FunctionImport> imports = m.importSection().stream()
        .filter(FunctionImport.class::isInstance).map(FunctionImport.class::cast).toList();
    FunctionType t = funcIdx < imports.size()
        ? m.typeSection().getType(imports.get(funcIdx).typeIndex())
        : m.functionSection().getFunctionType(funcIdx - imports.size(), m.typeSection());
    return new Signature(t.params().stream().map(CoreTypes::coreType).toList(),
        t.returns().stream().map(CoreTypes::coreType).toList());
  }

  public static CoreType coreType(ValType t) {
    if (t.equals(ValType.I32)) {
      return CoreType.I32;
    } else if (t.equals(ValType.I64)) {
      return CoreType.I64;
    } else if (t.equals(ValType.F32)) {
      return CoreType.F32;
    } else if (t.equals(ValType.F64)) {
      return CoreType.F64;
    }
    throw RuntimeFailure.unsupported("core value type " + t + " cannot cross the harness");
  }
}
