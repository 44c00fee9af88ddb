package dev.trellis.engine.binary;

import java.util.List;

/**
 * {@code core:deftype} (Binary.md#type-definitions): a core type as a component may define
 * it — a (GC) rec group, a single sub type, or a module type.
 */
public sealed interface CoreDefType {

  /** {@code 0x4e vec(subtype)}: an explicit rec group (WebAssembly 3.0). */
  record RecGroup(List<CoreSubType> types) implements CoreDefType {
    public RecGroup {
      types = List.copyOf(types);
    }
  }

  /** A single sub type, i.e. a rec group of one written without {@code 0x4e}. */
  record Sub(CoreSubType type) implements CoreDefType {}

  /** {@code core:moduletype ::= 0x50 md*:vec(<core:moduledecl>)}. */
  record ModuleType(List<ModuleDecl> decls) implements CoreDefType {
    public ModuleType {
      decls = List.copyOf(decls);
    }
  }

  /** {@code core:moduledecl}. */
  sealed interface ModuleDecl {
    int offset();
  }

  /** {@code 0x00 i:<core:import>}. */
  record ImportDecl(String module, String name, CoreExternType type, int offset) implements ModuleDecl {}

  /** {@code 0x01 t:<core:type>}. */
  record TypeDecl(CoreDefType type, int offset) implements ModuleDecl {}

  /** {@code 0x02 a:<core:alias>}: {@code 0x10 0x01 ct idx}, an outer alias of a core type. */
  record OuterAliasDecl(int count, int index, int offset) implements ModuleDecl {}

  /** {@code 0x03 e:<core:exportdecl>}. */
  record ExportDecl(String name, CoreExternType type, int offset) implements ModuleDecl {}
}
