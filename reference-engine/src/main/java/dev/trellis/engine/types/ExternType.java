package dev.trellis.engine.types;

/** What an import or export provides, resolved (Explainer.md#import-and-export-definitions). */
public sealed interface ExternType {

  record CoreModuleExtern(CoreModuleType type) implements ExternType {}

  record FuncExtern(FuncType type) implements ExternType {}

  record ValueExtern(ValType type) implements ExternType {}

  /** A type import/export: {@code (eq t)} carries the type, {@code (sub resource)} a fresh {@link ResourceType}. */
  record TypeExtern(Type type) implements ExternType {}

  record ComponentExtern(ComponentType type) implements ExternType {}

  record InstanceExtern(InstanceType type) implements ExternType {}
}
