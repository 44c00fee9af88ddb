package dev.trellis.engine.core;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.ImportTag;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import dev.trellis.engine.error.InvalidException;
import dev.trellis.engine.error.LinkException;
import dev.trellis.engine.error.MalformedException;
import dev.trellis.engine.error.TrellisException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A core module, parsed and (for {@link CoreBackend#COMPILER}) compiled once; instantiated any
 * number of times with {@link #instantiate}.
 */
public final class CoreModule {
  private final WasmModule module;
  private final CoreBackend backend;
  private final Function<Instance, Machine> machineFactory;
  /** The raw type section, for {@link IndirectTable}'s trampolines. */
  private final byte[] rawTypes;
  /** The tables this module's code calls indirectly through. */
  private final int[] indirectTables;

  private CoreModule(WasmModule module, CoreBackend backend, Function<Instance, Machine> machineFactory, byte[] rawTypes) {
    this.module = module;
    this.backend = backend;
    this.machineFactory = machineFactory;
    this.rawTypes = rawTypes;
    java.util.BitSet tables = new java.util.BitSet();
    for (var body : module.codeSection().functionBodies()) {
      for (var ins : body.instructions()) {
        var op = ins.opcode();
        if (op == com.dylibso.chicory.wasm.types.OpCode.CALL_INDIRECT
            || op == com.dylibso.chicory.wasm.types.OpCode.RETURN_CALL_INDIRECT) {
          tables.set((int) ins.operand(1));
        }
      }
    }
    this.indirectTables = tables.stream().toArray();
  }

  /** Parses (and with the compiler backend, compiles) a core module binary. */
  public static CoreModule compile(byte[] bytes, CoreBackend backend) {
    return compile(bytes, backend, null);
  }

  /**
   * As {@link #compile(byte[], CoreBackend)}; with the compiler backend, the JVM classes
   * compiled from the module are kept in {@code cacheDir} (null: none) and reused next time.
   */
  public static CoreModule compile(byte[] bytes, CoreBackend backend, java.nio.file.Path cacheDir) {
    WasmModule m;
    try {
      m = Parser.parse(bytes);
    } catch (com.dylibso.chicory.wasm.MalformedException e) {
      throw new MalformedException(0, "core module: " + e.getMessage(), e);
    } catch (com.dylibso.chicory.wasm.InvalidException e) {
      throw new InvalidException(-1, "core module: " + e.getMessage());
    } catch (ChicoryException e) {
      throw new InvalidException(-1, "core module: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new MalformedException(0, "core module: " + e, e);
    }
    Function<Instance, Machine> factory = null;
    if (backend == CoreBackend.COMPILER) {
      var builder = MachineFactoryCompiler.builder(m).withInterpreterFallback(InterpreterFallback.SILENT);
      if (cacheDir != null) {
        builder.withCache(new DirectoryCache(cacheDir));
      }
      factory = builder.compile();
    }
    return new CoreModule(m, backend, factory, IndirectTable.rawSection(bytes, 1));
  }

  public CoreBackend backend() {
    return backend;
  }

  /**
   * The signature of the exported function {@code name} as {@code [params, results]}, or null
   * if there is no such function or it takes or returns anything but numbers.
   */
  public dev.trellis.engine.abi.FlatType[][] exportSignature(String name) {
    var section = module.exportSection();
    for (int i = 0; i < section.exportCount(); i++) {
      var e = section.getExport(i);
      if (!e.name().equals(name) || e.exportType() != com.dylibso.chicory.wasm.types.ExternalType.FUNCTION) {
        continue;
      }
      int imported = module.importSection().count(com.dylibso.chicory.wasm.types.ExternalType.FUNCTION);
      int typeIdx;
      if (e.index() < imported) {
        int k = 0;
        typeIdx = -1;
        for (int j = 0; j < module.importSection().importCount(); j++) {
          if (module.importSection().getImport(j) instanceof FunctionImport fi && k++ == e.index()) {
            typeIdx = fi.typeIndex();
          }
        }
      } else {
        typeIdx = module.functionSection().getFunctionType(e.index() - imported);
      }
      FunctionType ft = module.typeSection().getType(typeIdx);
      var params = flat(ft.params());
      var results = flat(ft.returns());
      return params == null || results == null ? null : new dev.trellis.engine.abi.FlatType[][] {params, results};
    }
    return null;
  }

  private static dev.trellis.engine.abi.FlatType[] flat(List<com.dylibso.chicory.wasm.types.ValType> ts) {
    var out = new dev.trellis.engine.abi.FlatType[ts.size()];
    for (int i = 0; i < out.length; i++) {
      var t = ts.get(i);
      if (t.equals(com.dylibso.chicory.wasm.types.ValType.I32)) {
        out[i] = dev.trellis.engine.abi.FlatType.I32;
      } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.I64)) {
        out[i] = dev.trellis.engine.abi.FlatType.I64;
      } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.F32)) {
        out[i] = dev.trellis.engine.abi.FlatType.F32;
      } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.F64)) {
        out[i] = dev.trellis.engine.abi.FlatType.F64;
      } else {
        return null;
      }
    }
    return out;
  }

  /** The module's imports, as {@code (module, name)} pairs in order. */
  public List<String[]> imports() {
    List<String[]> out = new ArrayList<>();
    var s = module.importSection();
    for (int i = 0; i < s.importCount(); i++) {
      Import imp = s.getImport(i);
      out.add(new String[] {imp.module(), imp.name()});
    }
    return out;
  }

  /**
   * Instantiates the module, resolving each import {@code (module, name)} as
   * {@code args.resolve(module).export(name)}; runs the start function. {@code fuel} may be
   * null (no fuel accounting).
   */
  public CoreInstance instantiate(ImportResolver args, Fuel fuel) {
    return instantiate(args, fuel, Integer.MAX_VALUE);
  }

  /**
   * As {@link #instantiate(ImportResolver, Fuel)}, with every memory the module defines capped
   * at {@code maxMemoryPages} 64 KiB pages: {@code memory.grow} past it fails (returns -1), and a
   * memory whose initial size is already larger makes instantiation fail.
   */
  public CoreInstance instantiate(ImportResolver args, Fuel fuel, int maxMemoryPages) {
    return instantiate(args, fuel, maxMemoryPages, Integer.MAX_VALUE);
  }

  /**
   * As {@link #instantiate(ImportResolver, Fuel, int)}, with every table the module defines also
   * capped at {@code maxTableElements} entries: {@code table.grow} past it fails (returns -1), and
   * a table whose initial size is already larger makes instantiation fail.
   */
  public CoreInstance instantiate(ImportResolver args, Fuel fuel, int maxMemoryPages, int maxTableElements) {
    ImportValues.Builder iv = ImportValues.builder();
    var s = module.importSection();
    for (int i = 0; i < s.importCount(); i++) {
      Import imp = s.getImport(i);
      CoreExports from = args.resolve(imp.module());
      if (from == null) {
        throw new LinkException("core instantiation: missing import module `" + imp.module() + "`");
      }
      CoreExtern e = from.export(imp.name());
      if (e == null) {
        throw new LinkException("core instantiation: module `" + imp.module() + "` has no export `" + imp.name() + "`");
      }
      String mod = imp.module();
      String name = imp.name();
      switch (imp.importType()) {
        case FUNCTION -> {
          if (!(e instanceof CoreFunc f)) {
            throw mismatch(imp, e);
          }
          FunctionType ft = module.typeSection().getType(((FunctionImport) imp).typeIndex());
          iv.addFunction(new HostFunction(mod, name, ft, (inst, a) -> f.invoke(a)));
        }
        case MEMORY -> {
          if (!(e instanceof CoreMemory m)) {
            throw mismatch(imp, e);
          }
          iv.addMemory(new ImportMemory(mod, name, m.memory));
        }
        case TABLE -> {
          if (!(e instanceof CoreTable t)) {
            throw mismatch(imp, e);
          }
          iv.addTable(new ImportTable(mod, name, t.table));
        }
        case GLOBAL -> {
          if (!(e instanceof CoreGlobal g)) {
            throw mismatch(imp, e);
          }
          iv.addGlobal(new ImportGlobal(mod, name, g.global));
        }
        case TAG -> {
          if (!(e instanceof CoreTag t)) {
            throw mismatch(imp, e);
          }
          iv.addTag(new ImportTag(mod, name, t.tag));
        }
      }
    }
    // withStart(false): Chicory would otherwise call a `_start` export on instantiation (WASI
    // preview1's convention); in a component only the start section runs, and `_start` is just
    // an export. The start section still runs.
    Instance.Builder b = Instance.builder(module).withImportValues(iv.build())
        .withTableFactory((table, init) -> {
          if (table.limits().min() > maxTableElements) {
            throw new LinkException("table limit exceeded: the module's table starts at " + table.limits().min()
                + " elements, the store allows " + maxTableElements);
          }
          return new IndirectTable(table, init, maxTableElements);
        })
        .withStart(false);
    if (machineFactory != null) {
      b.withMachineFactory(machineFactory);
    }
    if (fuel != null && fuel.enabled()) {
      b.withUnsafeExecutionListener(fuel.listener());
    }
    // Non-shared memories are PagedMemory (a page table as long as the memory, not Chicory's
    // 128 KiB one sized for 32,767 pages); shared ones keep Chicory's implementations.
    b.withMemoryFactory(limits -> {
      if (limits.initialPages() > maxMemoryPages) {
        throw new LinkException("memory limit exceeded: the module's memory starts at " + limits.initialPages()
            + " pages, the store allows " + maxMemoryPages);
      }
      var capped = maxMemoryPages == Integer.MAX_VALUE ? limits : new com.dylibso.chicory.wasm.types.MemoryLimits(
          limits.initialPages(), Math.min(limits.maximumPages(), maxMemoryPages), limits.shared());
      if (!capped.shared()) {
        return new PagedMemory(capped);
      }
      return maxMemoryPages == Integer.MAX_VALUE ? new com.dylibso.chicory.runtime.ByteBufferMemory(capped)
          : new com.dylibso.chicory.runtime.ByteArrayMemory(capped);
    });
    try {
      Instance instance = b.build();
      for (int t : indirectTables) {
        if (instance.table(t) instanceof IndirectTable it) {
          it.registerCaller(module, rawTypes);
        }
      }
      return new CoreInstance(instance);
    } catch (UnlinkableException | UninstantiableException e) {
      throw new LinkException("core instantiation: " + e.getMessage(), e);
    } catch (TrellisException e) {
      throw e;
    } catch (Throwable t) {
      throw CoreTraps.map(t);
    }
  }

  private static LinkException mismatch(Import imp, CoreExtern e) {
    return new LinkException("core instantiation: import `" + imp.module() + "` `" + imp.name() + "` expects a "
        + imp.importType().name().toLowerCase(java.util.Locale.ROOT) + ", got " + e.getClass().getSimpleName());
  }

  /** Chicory's compiler cache over a directory: one file per key. Failures only lose the cache. */
  private record DirectoryCache(java.nio.file.Path dir) implements com.dylibso.chicory.compiler.Cache {
    private java.nio.file.Path file(String key) {
      return dir.resolve(key.replaceAll("[^A-Za-z0-9._-]", "_") + ".bin");
    }

    @Override
    public byte[] get(String key) {
      try {
        java.nio.file.Path f = file(key);
        return java.nio.file.Files.isRegularFile(f) ? java.nio.file.Files.readAllBytes(f) : null;
      } catch (java.io.IOException e) {
        return null;
      }
    }

    @Override
    public void putIfAbsent(String key, byte[] data) {
      try {
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Path f = file(key);
        if (!java.nio.file.Files.exists(f)) {
          java.nio.file.Path tmp = java.nio.file.Files.createTempFile(dir, "tmp", ".bin");
          java.nio.file.Files.write(tmp, data);
          java.nio.file.Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
      } catch (java.io.IOException e) {
        // a cache that cannot be written only costs a recompilation next time
      }
    }
  }

  /** Where a module's imports come from: the instance named by each import's module name. */
  @FunctionalInterface
  public interface ImportResolver {
    CoreExports resolve(String moduleName);
  }
}
