package dev.trellis.engine.core;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.Export;
import java.util.HashMap;
import java.util.Map;

/** An instance of a {@link CoreModule}; its exports keep their identity across lookups. */
public final class CoreInstance implements CoreExports {
  private final Instance instance;
  private final Map<String, CoreExtern> cache = new HashMap<>();

  CoreInstance(Instance instance) {
    this.instance = instance;
  }

  @Override
  public CoreExtern export(String name) {
    CoreExtern e = cache.get(name);
    if (e != null) {
      return e;
    }
    var section = instance.module().exportSection();
    for (int i = 0; i < section.exportCount(); i++) {
      Export x = section.getExport(i);
      if (!x.name().equals(name)) {
        continue;
      }
      e = switch (x.exportType()) {
        case FUNCTION -> new CoreFunc.Exported(instance, x.index());
        case MEMORY -> new CoreMemory(instance.memory(x.index()));
        case TABLE -> new CoreTable(instance.table(x.index()));
        case GLOBAL -> new CoreGlobal(instance.global(x.index()));
        case TAG -> new CoreTag(instance.tag(x.index()));
      };
      cache.put(name, e);
      return e;
    }
    return null;
  }
}
