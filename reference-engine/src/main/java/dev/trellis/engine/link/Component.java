package dev.trellis.engine.link;

import dev.trellis.engine.binary.Canon;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.binary.Wasm;
import dev.trellis.engine.core.CoreModule;
import dev.trellis.engine.error.MalformedException;
import dev.trellis.engine.runtime.Engine;
import dev.trellis.engine.types.ComponentType;
import dev.trellis.engine.validate.CanonInfo;
import dev.trellis.engine.validate.ComponentInfo;
import dev.trellis.engine.validate.Validator;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A component compiled for an {@link Engine}: validated once, every embedded core module parsed
 * (and, with the compiler backend, compiled to JVM classes) once, and every {@code canon lift} /
 * {@code canon lower} signature laid out once. Instantiating it (through a {@link Linker}) reuses
 * all of that.
 */
public final class Component {
  private final Engine engine;
  private final ComponentInfo info;
  private final Map<Section.CoreModule, CoreModule> modules = new IdentityHashMap<>();
  private final Map<Section.NestedComponent, Component> nested = new IdentityHashMap<>();
  private final Map<CanonInfo, FuncPlan> plans = new IdentityHashMap<>();

  private Component(Engine engine, ComponentInfo info) {
    this.engine = engine;
    this.info = info;
    for (Section s : info.component().sections()) {
      switch (s) {
        case Section.CoreModule m -> modules.put(m, CoreModule.compile(m.module().unsafeArray(),
            engine.config().coreBackend(), engine.config().compileCache()));
        case Section.NestedComponent n -> {
          ComponentInfo ni = info.nested(n);
          if (ni != null) {
            nested.put(n, new Component(engine, ni));
          }
        }
        default -> {}
      }
    }
    for (CanonInfo c : info.canons()) {
      if ((c.canon() instanceof Canon.Lift || c.canon() instanceof Canon.Lower) && c.funcType() != null) {
        plans.put(c, FuncPlan.of(c.funcType()));
      }
    }
  }

  /** Decodes, validates (under the engine's feature profile) and compiles a component binary. */
  public static Component fromBinary(Engine engine, byte[] bytes) {
    if (Wasm.isCoreModule(bytes)) {
      throw new MalformedException(0, "expected a component, found a core module");
    }
    return fromInfo(engine, Validator.validate(ComponentDecoder.decode(bytes), engine.config().features()));
  }

  /** Compiles an already validated component. */
  public static Component fromInfo(Engine engine, ComponentInfo info) {
    return new Component(engine, info);
  }

  public Engine engine() {
    return engine;
  }

  public ComponentInfo info() {
    return info;
  }

  /** The component's type: what it imports and exports. */
  public ComponentType type() {
    return info.type();
  }

  CoreModule module(Section.CoreModule s) {
    return modules.get(s);
  }

  Component nested(Section.NestedComponent s) {
    return nested.get(s);
  }

  FuncPlan plan(CanonInfo c) {
    return plans.get(c);
  }
}
