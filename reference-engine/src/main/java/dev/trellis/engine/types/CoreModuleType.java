package dev.trellis.engine.types;

import dev.trellis.engine.binary.CoreCompType;
import dev.trellis.engine.binary.CoreExternType;
import java.util.List;

/**
 * A core module type: its imports ({@code module}, {@code name}) and exports, each with a
 * resolved core extern type.
 */
public record CoreModuleType(List<Import> imports, List<Export> exports) implements CoreType {
  public CoreModuleType {
    imports = List.copyOf(imports);
    exports = List.copyOf(exports);
  }

  public record Import(String module, String name, CoreExtern type) {}

  public record Export(String name, CoreExtern type) {}

  /** A core extern type with function types resolved (no indices). */
  public sealed interface CoreExtern {}

  public record CoreFunc(CoreCompType.Func type) implements CoreExtern {}

  public record CoreTable(CoreExternType.Table type) implements CoreExtern {}

  public record CoreMemory(CoreExternType.Memory type) implements CoreExtern {}

  public record CoreGlobal(CoreExternType.Global type) implements CoreExtern {}

  public record CoreTag(CoreCompType.Func type) implements CoreExtern {}
}
