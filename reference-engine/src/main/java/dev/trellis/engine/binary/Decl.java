package dev.trellis.engine.binary;

/**
 * {@code componentdecl} / {@code instancedecl}: the declarators of component and instance
 * types (Binary.md#type-definitions). Instance types never hold an {@link ImportDecl}.
 */
public sealed interface Decl {
  int offset();

  /** {@code 0x00 t:<core:type>}. */
  record CoreTypeDecl(CoreDefType type, int offset) implements Decl {}

  /** {@code 0x01 t:<type>}. */
  record TypeDecl(DefType type, int offset) implements Decl {}

  /** {@code 0x02 a:<alias>}. */
  record AliasDecl(Alias alias) implements Decl {
    @Override
    public int offset() {
      return alias.offset();
    }
  }

  /** {@code 0x03 id:<importdecl>} (component types only). */
  record ImportDecl(ExternName name, ExternDesc desc, int offset) implements Decl {}

  /** {@code 0x04 ed:<exportdecl>}. */
  record ExportDecl(ExternName name, ExternDesc desc, int offset) implements Decl {}
}
