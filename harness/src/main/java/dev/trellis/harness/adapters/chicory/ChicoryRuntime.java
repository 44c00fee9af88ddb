package dev.trellis.harness.adapters.chicory;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.trellis.engine.runtime.Val;
import dev.trellis.harness.adapters.AbstractRuntime;
import dev.trellis.harness.adapters.CoreTypes;
import dev.trellis.harness.adapters.CoreValues;
import dev.trellis.harness.adapters.CoreValues.CoreType;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeFailure.Kind;
import dev.trellis.harness.spi.Wasm;
import java.util.ArrayList;
import java.util.List;

/** Chicory in-process: core modules only, on its interpreter or its runtime compiler. */
final class ChicoryRuntime extends AbstractRuntime {
  private final boolean compiler;

  ChicoryRuntime(String id, boolean compiler, String version) {
    super(id, version, compiler ? "in-process, runtime compiler (JVM bytecode)" : "in-process, interpreter",
        ChicoryProvider.FEATURES);
    this.compiler = compiler;
  }

  private record ChicoryLoaded(Wasm wasm, WasmModule module) implements Loaded {}

  @Override
  public Loaded load(Wasm wasm) {
    switch (wasm.kind()) {
      case COMPONENT -> throw RuntimeFailure.unsupported(id() + " runs core modules only, not components");
      case UNKNOWN, CORE_MODULE -> {}
    }
    try {
      return new ChicoryLoaded(wasm, Parser.parse(wasm.bytes()));
    } catch (MalformedException e) {
      throw new RuntimeFailure(Kind.MALFORMED, e.getMessage(), e);
    } catch (InvalidException e) {
      throw new RuntimeFailure(Kind.INVALID, e.getMessage(), e);
    } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new RuntimeFailure(Kind.MALFORMED, String.valueOf(e.getMessage()), e);
    }
  }

  @Override
  public dev.trellis.harness.spi.Instance instantiate(Loaded loaded) {
    if (!(loaded instanceof ChicoryLoaded(Wasm wasm, WasmModule module))) {
      throw new IllegalArgumentException("not loaded by " + id() + ": " + loaded);
    }
    Instance.Builder b = Instance.builder(module);
    if (compiler) {
      b.withMachineFactory(MachineFactoryCompiler::compile);
    }
    try {
      Instance instance = b.build();
      return (export, args) -> invoke(instance, export, args);
    } catch (UnlinkableException e) {
      throw new RuntimeFailure(Kind.UNLINKABLE, e.getMessage(), e);
    } catch (InvalidException e) {
      throw new RuntimeFailure(Kind.INVALID, e.getMessage(), e);
    } catch (UninstantiableException e) {
      throw new RuntimeFailure(Kind.TRAP, e.getMessage(), e);
    } catch (RuntimeException | StackOverflowError e) {
      throw execution(e);
    }
  }

  private List<Val> invoke(Instance instance, String export, List<Val> args) {
    FunctionType type;
    ExportFunction f;
    try {
      type = instance.exportType(export);
      f = instance.export(export);
    } catch (RuntimeException e) {
      throw new RuntimeFailure(Kind.ERROR, "no exported function " + export + ": " + e.getMessage(), e);
    }
    List<CoreType> params = type.params().stream().map(CoreTypes::coreType).toList();
    List<CoreType> results = type.returns().stream().map(CoreTypes::coreType).toList();
    CoreValues.checkArity(export, params.size(), args.size());
    long[] raw = new long[args.size()];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = CoreValues.toBits(args.get(i), params.get(i));
    }
    long[] out;
    try {
      out = f.apply(raw);
    } catch (RuntimeException | StackOverflowError e) {
      throw execution(e);
    }
    List<Val> vals = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      vals.add(CoreValues.fromBits(out[i], results.get(i)));
    }
    return vals;
  }

  private static RuntimeFailure execution(Throwable e) {
    if (e instanceof RuntimeFailure rf) {
      return rf;
    }
    if (e instanceof StackOverflowError) {
      return new RuntimeFailure(Kind.EXHAUSTED, "call stack exhausted", e);
    }
    String msg = String.valueOf(e.getMessage());
    if (msg.contains("call stack exhausted")) {
      return new RuntimeFailure(Kind.EXHAUSTED, msg, e);
    }
    if (e instanceof ChicoryException) {
      return new RuntimeFailure(Kind.TRAP, msg, e);
    }
    return new RuntimeFailure(Kind.ERROR, e.toString(), e);
  }

  @Override
  public void close() {}
}
