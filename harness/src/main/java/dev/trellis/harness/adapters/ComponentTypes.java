package dev.trellis.harness.adapters;

import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.error.TrellisException;
import dev.trellis.engine.types.ExternType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.InstanceType;
import dev.trellis.engine.validate.Features;
import dev.trellis.engine.validate.Validator;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeFailure.Kind;
import dev.trellis.harness.spi.Wasm;
import java.util.List;
import java.util.Map;

/**
 * The types of a component's exported functions, for adapters whose runtime hands back
 * values without their types (JavaScript values through jco). Resolved by the reference
 * engine's decoder and validator from the component's own type information, every feature
 * enabled (the runtime under test decides what it accepts; this only reads types).
 */
public final class ComponentTypes {
  private ComponentTypes() {}

  /** The component's exports, resolved. */
  public static Map<String, ExternType> exports(Wasm component) {
    try {
      return Validator.validate(ComponentDecoder.decode(component.bytes()), Features.ALL).type().exports();
    } catch (TrellisException e) {
      throw new RuntimeFailure(Kind.UNSUPPORTED,
          "the reference validator cannot read this component's export types: " + e.getMessage(), e);
    }
  }

  /**
   * The type of the function exported at {@code path} (an export name, then names within
   * exported instances).
   */
  public static FuncType exportedFunc(Wasm component, List<String> path) {
    return exportedFunc(exports(component), path);
  }

  public static FuncType exportedFunc(Map<String, ExternType> exports, List<String> path) {
    Map<String, ExternType> scope = exports;
    for (int i = 0; i < path.size(); i++) {
      ExternType t = scope.get(path.get(i));
      boolean last = i == path.size() - 1;
      switch (t) {
        case null -> throw new RuntimeFailure(Kind.ERROR, "no export named " + String.join("#", path.subList(0, i + 1)));
        case ExternType.FuncExtern(FuncType f) when last -> {
          return f;
        }
        case ExternType.InstanceExtern(InstanceType it) when !last -> scope = it.exports();
        default -> throw new RuntimeFailure(Kind.ERROR, "export " + String.join("#", path.subList(0, i + 1))
            + (last ? " is not a function" : " is not an instance"));
      }
    }
    throw new RuntimeFailure(Kind.ERROR, "empty export path");
  }
}
