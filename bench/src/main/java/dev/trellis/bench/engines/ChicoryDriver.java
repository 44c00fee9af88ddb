package dev.trellis.bench.engines;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.trellis.bench.workloads.Workload;
import dev.trellis.engine.runtime.Val;
import dev.trellis.harness.adapters.CoreTypes;
import dev.trellis.harness.adapters.CoreValues;
import dev.trellis.harness.adapters.CoreValues.CoreType;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Chicory 1.7.5 on its own, core modules: decode is {@link Parser} without validation,
 * validate is the parser with it (Chicory's validator is not public: the phase includes
 * decoding), compile is {@link MachineFactoryCompiler} (compiler only; the interpreter has
 * no compile phase), instantiate is {@link Instance.Builder#build()} from the parsed module.
 */
public final class ChicoryDriver implements EngineDriver {
  private final String runtime;
  private final boolean compiler;

  public ChicoryDriver(String runtime, boolean compiler) {
    this.runtime = runtime;
    this.compiler = compiler;
  }

  /** What instantiate starts from: the parsed module and, for the compiler, its machine factory. */
  record Compiled(WasmModule module, Function<Instance, Machine> factory) {}

  @Override
  public String runtime() {
    return runtime;
  }

  @Override
  public boolean components() {
    return false;
  }


  @Override
  public String note(Phase p) {
    return p == Phase.VALIDATE ? "includes decoding (Chicory validates while parsing)" : null;
  }

  @Override
  public Object decode(byte[] bytes) {
    return Parser.builder().withValidation(false).build().parse(() -> new ByteArrayInputStream(bytes));
  }

  /** Chicory validates while it parses: the validate phase starts from the bytes. */
  @Override
  public Object validateInput(byte[] bytes) {
    return bytes;
  }

  @Override
  public Object validate(Object bytes) {
    return Parser.parse((byte[]) bytes);
  }

  @Override
  public Object compile(Object module) {
    WasmModule m = (WasmModule) module;
    return new Compiled(m, compiler ? MachineFactoryCompiler.compile(m) : null);
  }

  @Override
  public Object compileInput(byte[] bytes) {
    return Parser.parse(bytes);
  }

  @Override
  public Object instantiate(Object compiled) {
    Compiled c = (Compiled) compiled;
    Instance.Builder b = Instance.builder(c.module());
    if (c.factory() != null) {
      b.withMachineFactory(c.factory());
    }
    return b.build();
  }

  @Override
  public Caller caller(Object instance, Workload w) {
    Instance inst = (Instance) instance;
    ExportFunction f = inst.export(w.export());
    var type = inst.exportType(w.export());
    List<CoreType> params = type.params().stream().map(CoreTypes::coreType).toList();
    List<CoreType> results = type.returns().stream().map(CoreTypes::coreType).toList();
    long[] args = new long[params.size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = CoreValues.toBits(w.coreArgs().get(i), params.get(i));
    }
    return new Caller() {
      @Override
      public Object call() {
        return f.apply(args);
      }

      @Override
      public List<Val> results() {
        long[] r = f.apply(args);
        List<Val> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
          out.add(CoreValues.fromBits(r[i], results.get(i)));
        }
        return out;
      }
    };
  }
}
