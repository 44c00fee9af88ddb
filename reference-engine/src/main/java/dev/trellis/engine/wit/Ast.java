package dev.trellis.engine.wit;

import java.util.List;

/** The syntax tree of WIT documents (WIT.md#top-level-items), before name resolution. */
final class Ast {
  private Ast() {}

  /** A global source range (see {@link SourceMap}). */
  record Span(int start, int end) {}

  record Id(String name, Span span) {}

  /** {@code package ns:name@version}: {@code span} covers the whole name. */
  record PackageId(WitLexer.Docs docs, String namespace, String name, String version, Span span) {
    Resolve.PackageName packageName() {
      return new Resolve.PackageName(namespace, name, version);
    }
  }

  /** A file: its optional {@code package} header and its items. */
  record PackageFile(PackageId packageId, List<Item> items) {}

  sealed interface Item {}

  record InterfaceDecl(WitLexer.Docs docs, List<Attribute> attributes, Id name, List<InterfaceItem> items)
      implements Item {}

  record WorldDecl(WitLexer.Docs docs, List<Attribute> attributes, Id name, List<WorldItem> items)
      implements Item {}

  /** Top-level {@code use path (as name)?;}. */
  record ToplevelUse(Span span, List<Attribute> attributes, UsePath item, Id as) implements Item {
    Id name() {
      return as != null ? as : item.name();
    }
  }

  /** A nested {@code package id { ... }} block. */
  record NestedPackage(PackageId packageId, List<Item> items, Span span) implements Item {}

  sealed interface UsePath {
    Id name();

    Span span();
  }

  /** A bare name in the current package (or file scope). */
  record LocalPath(Id name) implements UsePath {
    @Override
    public Span span() {
      return name.span();
    }
  }

  /** {@code ns:pkg/name@version}; {@code pkgSpan} covers {@code ns:pkg}. */
  record PackagePath(String namespace, String pkg, String version, Span pkgSpan, Id name) implements UsePath {
    Resolve.PackageName packageName() {
      return new Resolve.PackageName(namespace, pkg, version);
    }

    @Override
    public Span span() {
      return new Span(pkgSpan.start(), name.span().end());
    }
  }

  sealed interface InterfaceItem {}

  record Use(List<Attribute> attributes, UsePath from, List<UseName> names, Span span)
      implements InterfaceItem, WorldItem {}

  record UseName(Id name, Id as) {}

  record TypeDef(WitLexer.Docs docs, List<Attribute> attributes, Id name, Type type)
      implements InterfaceItem, WorldItem {}

  record NamedFunc(WitLexer.Docs docs, List<Attribute> attributes, Id name, Func func) implements InterfaceItem {}

  record Func(Span span, boolean async, List<Param> params, Type result) {}

  record Param(Id name, Type type) {}

  sealed interface WorldItem {}

  record Import(WitLexer.Docs docs, List<Attribute> attributes, ExternKind kind) implements WorldItem {}

  record Export(WitLexer.Docs docs, List<Attribute> attributes, ExternKind kind) implements WorldItem {}

  record Include(List<Attribute> attributes, UsePath from, List<IncludeName> names, Span span)
      implements WorldItem {}

  record IncludeName(Id name, Id as) {}

  /** What an import or export names. */
  sealed interface ExternKind {
    Span span();
  }

  /** {@code name: interface { ... }}. */
  record InlineInterface(Id name, List<InterfaceItem> items) implements ExternKind {
    @Override
    public Span span() {
      return name.span();
    }
  }

  /** {@code use-path}: an interface import by name. */
  record PathExtern(UsePath path) implements ExternKind {
    @Override
    public Span span() {
      return path.span();
    }
  }

  /** {@code name: func(...)}. */
  record FuncExtern(Id name, Func func) implements ExternKind {
    @Override
    public Span span() {
      return name.span();
    }
  }

  /** {@code name: use-path} 🏷️: a plain-named instance implementing a named interface. */
  record ImplementsExtern(Id name, UsePath path) implements ExternKind {
    @Override
    public Span span() {
      return name.span();
    }
  }

  sealed interface Attribute {
    Span span();
  }

  record Since(Span span, String version, Span versionSpan) implements Attribute {}

  record Unstable(Span span, Id feature) implements Attribute {}

  record Deprecated(Span span, String version, Span versionSpan) implements Attribute {}

  record ExternalId(Span span, String id) implements Attribute {}

  sealed interface Type {
    Span span();
  }

  record Prim(Span span, dev.trellis.engine.types.PrimType type) implements Type {}

  record Named(Id id) implements Type {
    @Override
    public Span span() {
      return id.span();
    }
  }

  record ListT(Span span, Type element) implements Type {}

  record FixedListT(Span span, Type element, int length) implements Type {}

  record MapT(Span span, Type key, Type value) implements Type {}

  record HandleT(Span span, boolean own, Id resource) implements Type {}

  record ResourceT(Span span, List<ResourceFunc> funcs) implements Type {}

  record RecordT(Span span, List<Field> fields) implements Type {}

  record Field(WitLexer.Docs docs, Id name, Type type) {}

  record FlagsT(Span span, List<Flag> flags) implements Type {}

  record Flag(WitLexer.Docs docs, Id name) {}

  record VariantT(Span span, List<Case> cases) implements Type {}

  record Case(WitLexer.Docs docs, Id name, Type type) {}

  record EnumT(Span span, List<EnumCase> cases) implements Type {}

  record EnumCase(WitLexer.Docs docs, Id name) {}

  record TupleT(Span span, List<Type> types) implements Type {}

  record OptionT(Span span, Type type) implements Type {}

  record ResultT(Span span, Type ok, Type err) implements Type {}

  record FutureT(Span span, Type type) implements Type {}

  record StreamT(Span span, Type type) implements Type {}

  enum ResourceFuncKind { METHOD, STATIC, CONSTRUCTOR }

  record ResourceFunc(ResourceFuncKind kind, NamedFunc func) {}
}
