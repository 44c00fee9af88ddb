package dev.trellis.engine.validate;

import dev.trellis.engine.binary.Alias;
import dev.trellis.engine.binary.CanonDef;
import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.CoreCompType;
import dev.trellis.engine.binary.CoreDefType;
import dev.trellis.engine.binary.CoreExternType;
import dev.trellis.engine.binary.CoreInstance;
import dev.trellis.engine.binary.CoreSubType;
import dev.trellis.engine.binary.CoreTypeDef;
import dev.trellis.engine.binary.CoreValType;
import dev.trellis.engine.binary.Decl;
import dev.trellis.engine.binary.DefType;
import dev.trellis.engine.binary.Export;
import dev.trellis.engine.binary.ExternDesc;
import dev.trellis.engine.binary.ExternName;
import dev.trellis.engine.binary.Import;
import dev.trellis.engine.binary.Instance;
import dev.trellis.engine.binary.PrimValType;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.binary.Sort;
import dev.trellis.engine.binary.SortIdx;
import dev.trellis.engine.binary.StartDef;
import dev.trellis.engine.binary.TypeDef;
import dev.trellis.engine.binary.ValTypeRef;
import dev.trellis.engine.binary.ValueDef;
import dev.trellis.engine.core.CoreModules;
import dev.trellis.engine.error.InvalidException;
import dev.trellis.engine.types.BorrowType;
import dev.trellis.engine.types.ComponentType;
import dev.trellis.engine.types.CoreInstanceType;
import dev.trellis.engine.types.CoreModuleType;
import dev.trellis.engine.types.CoreType;
import dev.trellis.engine.types.EnumType;
import dev.trellis.engine.types.ExternType;
import dev.trellis.engine.types.FlagsType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.FutureType;
import dev.trellis.engine.types.InstanceType;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.MapType;
import dev.trellis.engine.types.OptionType;
import dev.trellis.engine.types.OwnType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.RecordType;
import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.engine.types.StreamType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.Type;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One validation scope: a component definition, a component type or an instance type
 * (the three "scopes" outer aliases count through, Binary.md#alias-definitions). It holds the
 * 13 index spaces (Explainer.md#index-spaces) as they are built definition by definition,
 * and everything else the rules need: names seen, which types have external names, which
 * resources are defined here, whether values were consumed.
 */
final class Scope {
  enum Kind { COMPONENT, COMPONENT_TYPE, INSTANCE_TYPE }

  /** Implementation limits, matching common engines so that pathological inputs are rejected, not run. */
  static final int MAX_NESTING = 100;
  static final int MAX_INDEX_SPACE = 1_000_000;

  final Kind kind;
  final Scope parent;
  final Features features;
  final int depth;

  // index spaces
  final List<CoreCompType.Func> coreFuncs = new ArrayList<>();
  final List<CoreExternType.Table> coreTables = new ArrayList<>();
  final List<CoreExternType.Memory> coreMemories = new ArrayList<>();
  final List<CoreExternType.Global> coreGlobals = new ArrayList<>();
  final List<CoreCompType.Func> coreTags = new ArrayList<>();
  final List<CoreType> coreTypes = new ArrayList<>();
  final List<CoreModuleType> coreModules = new ArrayList<>();
  final List<CoreInstanceType> coreInstances = new ArrayList<>();
  final List<FuncType> funcs = new ArrayList<>();
  final List<ValType> values = new ArrayList<>();
  final List<Boolean> valueConsumed = new ArrayList<>();
  final List<Type> types = new ArrayList<>();
  final List<ComponentType> components = new ArrayList<>();
  final List<ComponentInfo> componentInfos = new ArrayList<>();
  final List<InstanceType> instances = new ArrayList<>();

  // imports and exports
  final Map<String, ExternType> imports = new LinkedHashMap<>();
  final Map<String, ExternType> exports = new LinkedHashMap<>();
  private final Map<String, String> importKeys = new HashMap<>();
  private final Map<String, String> exportKeys = new HashMap<>();
  /** Types (by identity) with an external name usable by imports / by exports. */
  final Set<Object> importNamed = TypeInfo.identitySet();
  final Set<Object> exportNamed = TypeInfo.identitySet();
  /** Resource types (by identity) named by a plain-named import / export, for the annotated-name rules. */
  private final Map<ResourceType, String> importResourceNames = new IdentityHashMap<>();
  private final Map<ResourceType, String> exportResourceNames = new IdentityHashMap<>();

  // resources
  final List<ResourceType> importedResources = new ArrayList<>();
  final List<ResourceType> definedResources = new ArrayList<>();
  final Map<ResourceType, ResourceInfo> localResources = new HashMap<>();
  final List<ResourceInfo> resourceInfos = new ArrayList<>();

  // definitions
  final List<CanonInfo> canons = new ArrayList<>();
  final Map<Section.NestedComponent, ComponentInfo> nested = new IdentityHashMap<>();
  boolean hasStart;
  CoreValType contextType;
  final Map<Object, Long> sizeMemo = new IdentityHashMap<>();

  Scope(Kind kind, Scope parent, Features features) {
    this.kind = kind;
    this.parent = parent;
    this.features = features;
    this.depth = parent == null ? 0 : parent.depth + 1;
  }

  static InvalidException invalid(long offset, String message) {
    return new InvalidException(offset, message);
  }

  boolean has(Feature f) {
    return features.has(f);
  }

  void require(Feature f, long offset, String what) {
    if (!features.has(f)) {
      throw invalid(offset, what + " requires the `" + f.wasmToolsName() + "` feature to be enabled");
    }
  }

  // =====================================================================================
  // Component definitions
  // =====================================================================================

  ComponentInfo validateComponent(Component c, long offset) {
    if (depth > MAX_NESTING) {
      throw invalid(offset, "nesting too deep: more than " + MAX_NESTING + " nested components or types");
    }
    for (Section s : c.sections()) {
      switch (s) {
        case Section.Custom x -> {}
        case Section.CoreModule m -> coreModule(m);
        case Section.CoreInstances ci -> {
          for (CoreInstance i : ci.items()) {
            coreInstance(i);
          }
        }
        case Section.CoreTypes ct -> {
          for (CoreTypeDef t : ct.items()) {
            coreTypeDef(t.type(), t.offset());
          }
        }
        case Section.NestedComponent n -> nestedComponent(n);
        case Section.Instances is -> {
          for (Instance i : is.items()) {
            instance(i);
          }
        }
        case Section.Aliases as -> {
          for (Alias a : as.items()) {
            alias(a, false);
          }
        }
        case Section.Types ts -> {
          for (TypeDef t : ts.items()) {
            addType(defType(t.type(), t.offset()), t.offset());
          }
        }
        case Section.Canons cs -> {
          for (CanonDef d : cs.items()) {
            new Canons(this).canon(d);
          }
        }
        case Section.Start st -> start(st.start(), st.offset());
        case Section.Imports is -> {
          for (Import i : is.items()) {
            importDecl(i.name(), i.desc(), i.offset());
          }
        }
        case Section.Exports es -> {
          for (Export e : es.items()) {
            export(e);
          }
        }
        case Section.Values vs -> {
          for (ValueDef v : vs.items()) {
            valueDef(v);
          }
        }
      }
    }
    for (int i = 0; i < valueConsumed.size(); i++) {
      if (!valueConsumed.get(i)) {
        throw invalid(offset, "value index " + i + " was not used as part of an instantiation, start function, or export");
      }
    }
    ComponentType type = componentTypeOfDefinition();
    return new ComponentInfo(c, type, features, coreFuncs, coreTables, coreMemories, coreGlobals, coreTags,
        coreTypes, coreModules, coreInstances, funcs, values, types, components, componentInfos, instances,
        resourceInfos, canons, nested);
  }

  /** The type of a component definition: exported resources not imported are existential. */
  private ComponentType componentTypeOfDefinition() {
    Set<ResourceType> imported = new HashSet<>(importedResources);
    List<ResourceType> defined = new ArrayList<>();
    Set<ResourceType> seen = new HashSet<>();
    for (ExternType e : exports.values()) {
      for (ResourceType r : TypeInfo.freeResources(e)) {
        if (!imported.contains(r) && seen.add(r)) {
          defined.add(r);
        }
      }
    }
    return new ComponentType(imports, exports, importedResources, defined);
  }

  private void checkSpace(int size, long offset, String what) {
    if (size >= MAX_INDEX_SPACE) {
      throw invalid(offset, what + " count exceeds limit of " + MAX_INDEX_SPACE);
    }
  }

  // ---- core modules ----

  private void coreModule(Section.CoreModule m) {
    CoreModules.Inspection ins = CoreModules.inspect(m.module(), m.offset());
    if (ins.usesTags() && !has(Feature.EXCEPTIONS)) {
      throw invalid(m.offset(), "exceptions proposal not enabled");
    }
    Set<String> seen = new HashSet<>();
    for (CoreModuleType.Import i : ins.type().imports()) {
      if (!seen.add(i.module() + "\u0000" + i.name())) {
        throw invalid(m.offset(), "duplicate import name `" + i.module() + ":" + i.name() + "`");
      }
    }
    CoreTypeKeys keys = CoreTypeKeys.current();
    for (var e : ins.typeIndexOf().entrySet()) {
      keys.bind(e.getKey(), ins.typeSpace(), e.getValue());
    }
    checkSpace(coreModules.size(), m.offset(), "modules");
    coreModules.add(ins.type());
  }

  // ---- core instances ----

  private void coreInstance(CoreInstance ci) {
    long off = ci.offset();
    switch (ci) {
      case CoreInstance.Instantiate in -> {
        CoreModuleType mt = get(coreModules, in.module(), Sort.CORE_MODULE, off);
        Map<String, CoreInstanceType> args = new LinkedHashMap<>();
        for (CoreInstance.Arg a : in.args()) {
          CoreInstanceType it = get(coreInstances, a.instance(), Sort.CORE_INSTANCE, off);
          if (args.put(a.name(), it) != null) {
            throw invalid(off, "duplicate module instantiation argument named `" + a.name() + "`");
          }
        }
        for (CoreModuleType.Import imp : mt.imports()) {
          CoreInstanceType arg = args.get(imp.module());
          if (arg == null) {
            throw invalid(off, "missing module instantiation argument named `" + imp.module() + "`");
          }
          CoreModuleType.CoreExtern actual = arg.exports().get(imp.name());
          if (actual == null) {
            throw invalid(off, "module instantiation argument `" + imp.module() + "` does not export an item named `"
                + imp.name() + "`");
          }
          try {
            Subtyping.coreExtern(actual, imp.type());
          } catch (Mismatch e) {
            throw invalid(off, "type mismatch for export `" + imp.name() + "` of module instantiation argument `"
                + imp.module() + "`: " + e.getMessage());
          }
        }
        Map<String, CoreModuleType.CoreExtern> ex = new LinkedHashMap<>();
        for (CoreModuleType.Export e : mt.exports()) {
          ex.put(e.name(), e.type());
        }
        addCoreInstance(new CoreInstanceType(ex), off);
      }
      case CoreInstance.FromExports fe -> {
        Map<String, CoreModuleType.CoreExtern> ex = new LinkedHashMap<>();
        for (CoreInstance.InlineExport e : fe.exports()) {
          CoreModuleType.CoreExtern t = switch (e.sort()) {
            case CORE_FUNC -> new CoreModuleType.CoreFunc(get(coreFuncs, e.index(), e.sort(), off));
            case CORE_TABLE -> new CoreModuleType.CoreTable(get(coreTables, e.index(), e.sort(), off));
            case CORE_MEMORY -> new CoreModuleType.CoreMemory(get(coreMemories, e.index(), e.sort(), off));
            case CORE_GLOBAL -> new CoreModuleType.CoreGlobal(get(coreGlobals, e.index(), e.sort(), off));
            case CORE_TAG -> {
              if (!has(Feature.EXCEPTIONS)) {
                throw invalid(off, "exceptions proposal not enabled");
              }
              yield new CoreModuleType.CoreTag(get(coreTags, e.index(), e.sort(), off));
            }
            default -> throw invalid(off, "a core instance cannot export a " + e.sort());
          };
          if (ex.put(e.name(), t) != null) {
            throw invalid(off, "export name `" + e.name() + "` already defined");
          }
        }
        addCoreInstance(new CoreInstanceType(ex), off);
      }
    }
  }

  private void addCoreInstance(CoreInstanceType t, long off) {
    checkSpace(coreInstances.size(), off, "core instances");
    coreInstances.add(t);
  }

  // ---- core types ----

  void coreTypeDef(CoreDefType d, long off) {
    switch (d) {
      case CoreDefType.ModuleType mt -> {
        checkSpace(coreTypes.size(), off, "core types");
        coreTypes.add(moduleType(mt, off));
      }
      case CoreDefType.Sub s -> {
        // a lone sub type is a rec group of one: it may refer to itself
        checkCoreSubType(s.type(), coreTypes.size() + 1, coreTypes, off);
        coreTypes.add(new CoreType.Sub(s.type(), coreTypes.size(), 1));
      }
      case CoreDefType.RecGroup g -> {
        if (!has(Feature.GC)) {
          throw invalid(off, "rec group usage requires `gc` proposal to be enabled");
        }
        int start = coreTypes.size();
        for (CoreSubType st : g.types()) {
          checkCoreSubType(st, start + g.types().size(), coreTypes, off);
        }
        for (CoreSubType st : g.types()) {
          coreTypes.add(new CoreType.Sub(st, start, g.types().size()));
        }
      }
    }
  }

  /** Checks a core sub type whose type references may go up to (excluding) {@code limit}. */
  private void checkCoreSubType(CoreSubType st, int limit, List<CoreType> space, long off) {
    if (!has(Feature.GC)) {
      if (!(st.comp() instanceof CoreCompType.Func) || st.form() == CoreSubType.Form.NON_FINAL || !st.supertypes().isEmpty()) {
        throw invalid(off, "gc proposal must be enabled to use struct, array or sub types");
      }
    }
    if (st.supertypes().size() > 1) {
      throw invalid(off, "a sub type may have at most one super type");
    }
    for (int sup : st.supertypes()) {
      if (sup < 0 || sup >= space.size()) {
        throw invalid(off, "unknown core type " + sup + ": type index out of bounds");
      }
      if (space.get(sup) instanceof CoreType.Sub s) {
        if (s.type().isFinal()) {
          throw invalid(off, "sub type cannot have a final super type");
        }
        if (!sameCompKind(s.type().comp(), st.comp())) {
          throw invalid(off, "sub type must match super type");
        }
      } else {
        throw invalid(off, "core type index " + sup + " is a module type");
      }
    }
    switch (st.comp()) {
      case CoreCompType.Func f -> {
        for (CoreValType v : f.params()) {
          checkCoreValType(v, limit, space, off);
        }
        for (CoreValType v : f.results()) {
          checkCoreValType(v, limit, space, off);
        }
      }
      case CoreCompType.Struct s -> {
        for (CoreCompType.FieldType ft : s.fields()) {
          checkField(ft, limit, space, off);
        }
      }
      case CoreCompType.Array a -> checkField(a.element(), limit, space, off);
    }
  }

  private void checkField(CoreCompType.FieldType ft, int limit, List<CoreType> space, long off) {
    if (ft.packed() == 0) {
      if (ft.type() == null) {
        throw invalid(off, "a field type must have a storage type");
      }
      checkCoreValType(ft.type(), limit, space, off);
    } else if (ft.packed() != 0x78 && ft.packed() != 0x77) {
      throw invalid(off, "invalid packed storage type 0x" + Integer.toHexString(ft.packed()));
    }
  }

  private static boolean sameCompKind(CoreCompType a, CoreCompType b) {
    return a.getClass() == b.getClass();
  }

  void checkCoreValType(CoreValType v, int limit, List<CoreType> space, long off) {
    if (v instanceof CoreValType.Ref r) {
      if (r.isConcrete()) {
        if (r.typeIndex() >= limit) {
          throw invalid(off, "unknown core type " + r.typeIndex() + ": type index out of bounds");
        }
        if (r.typeIndex() < space.size() && space.get(r.typeIndex()) instanceof CoreModuleType) {
          throw invalid(off, "core type index " + r.typeIndex() + " is a module type");
        }
        if (!has(Feature.GC)) {
          throw invalid(off, "concrete reference types require the `gc` feature (function-references)");
        }
      } else if (!has(Feature.GC)) {
        int h = r.heap();
        boolean basic = h == CoreValType.Ref.FUNC || h == CoreValType.Ref.EXTERN
            || ((h == CoreValType.Ref.EXN) && has(Feature.EXCEPTIONS));
        if (!basic || !r.nullable()) {
          throw invalid(off, "heap types other than funcref and externref require the `gc` feature");
        }
      }
    }
  }

  /** A core func type by core type index. */
  CoreCompType.Func coreFuncType(List<CoreType> space, int index, long off) {
    if (index < 0 || index >= space.size()) {
      throw invalid(off, "unknown core type " + index + ": type index out of bounds");
    }
    if (space.get(index) instanceof CoreType.Sub s && s.type().comp() instanceof CoreCompType.Func f) {
      CoreTypeKeys.current().bind(f, space, index);
      return f;
    }
    throw invalid(off, "core type index " + index + " is not a function type");
  }

  private CoreModuleType moduleType(CoreDefType.ModuleType mt, long off) {
    List<CoreType> local = new ArrayList<>();
    List<CoreModuleType.Import> imps = new ArrayList<>();
    List<CoreModuleType.Export> exps = new ArrayList<>();
    Set<String> impNames = new HashSet<>();
    Set<String> expNames = new HashSet<>();
    for (CoreDefType.ModuleDecl d : mt.decls()) {
      long o = d.offset() >= 0 ? d.offset() : off;
      switch (d) {
        case CoreDefType.ImportDecl i -> {
          if (!impNames.add(i.module() + "\u0000" + i.name())) {
            throw invalid(o, "duplicate import name `" + i.module() + ":" + i.name() + "`");
          }
          imps.add(new CoreModuleType.Import(i.module(), i.name(), coreExtern(i.type(), local, o)));
        }
        case CoreDefType.ExportDecl e -> {
          if (!expNames.add(e.name())) {
            throw invalid(o, "export name `" + e.name() + "` already defined");
          }
          exps.add(new CoreModuleType.Export(e.name(), coreExtern(e.type(), local, o)));
        }
        case CoreDefType.TypeDecl t -> {
          switch (t.type()) {
            case CoreDefType.ModuleType x -> throw invalid(o, "module types cannot be defined inside a module type");
            case CoreDefType.Sub s -> {
              checkCoreSubType(s.type(), local.size() + 1, local, o);
              local.add(new CoreType.Sub(s.type(), local.size(), 1));
            }
            case CoreDefType.RecGroup g -> {
              if (!has(Feature.GC)) {
                throw invalid(o, "rec group usage requires `gc` proposal to be enabled");
              }
              int start = local.size();
              for (CoreSubType st : g.types()) {
                checkCoreSubType(st, start + g.types().size(), local, o);
              }
              for (CoreSubType st : g.types()) {
                local.add(new CoreType.Sub(st, start, g.types().size()));
              }
            }
          }
        }
        case CoreDefType.OuterAliasDecl a -> {
          CoreType target;
          if (a.count() == 0) {
            if (a.index() < 0 || a.index() >= local.size()) {
              throw invalid(o, "unknown core type " + a.index() + ": type index out of bounds");
            }
            target = local.get(a.index());
          } else {
            Scope s = this;
            for (int k = 1; k < a.count(); k++) {
              s = s.parent;
              if (s == null) {
                throw invalid(o, "invalid outer alias count of " + a.count());
              }
            }
            target = get(s.coreTypes, a.index(), Sort.CORE_TYPE, o);
          }
          if (target instanceof CoreModuleType) {
            throw invalid(o, "cannot alias a module type inside a module type");
          }
          local.add(target);
        }
      }
    }
    return new CoreModuleType(imps, exps);
  }

  /** A core extern type as declared in a module type, its type indices into {@code space}. */
  CoreModuleType.CoreExtern coreExtern(CoreExternType t, List<CoreType> space, long off) {
    return switch (t) {
      case CoreExternType.Func f -> new CoreModuleType.CoreFunc(coreFuncType(space, f.type(), off));
      case CoreExternType.Table tb -> {
        checkCoreValType(tb.element(), space.size(), space, off);
        checkLimits(tb.limits(), false, off);
        yield new CoreModuleType.CoreTable(tb);
      }
      case CoreExternType.Memory m -> {
        checkLimits(m.limits(), true, off);
        yield new CoreModuleType.CoreMemory(m);
      }
      case CoreExternType.Global g -> {
        checkCoreValType(g.type(), space.size(), space, off);
        yield new CoreModuleType.CoreGlobal(g);
      }
      case CoreExternType.Tag tg -> {
        if (!has(Feature.EXCEPTIONS)) {
          throw invalid(off, "exceptions proposal not enabled");
        }
        CoreCompType.Func f = coreFuncType(space, tg.type(), off);
        if (!f.results().isEmpty()) {
          throw invalid(off, "tag types must have an empty result type");
        }
        yield new CoreModuleType.CoreTag(f);
      }
    };
  }

  private void checkLimits(CoreExternType.Limits l, boolean memory, long off) {
    if (l.is64() && !has(Feature.MEMORY64)) {
      throw invalid(off, "memory64 must be enabled for 64-bit " + (memory ? "memories" : "tables"));
    }
    if (l.shared() && !has(Feature.THREADS) && !has(Feature.SHARED_EVERYTHING_THREADS)) {
      throw invalid(off, "threads must be enabled for shared " + (memory ? "memories" : "tables"));
    }
    if (l.pageSizeLog2() != null) {
      if (!has(Feature.CUSTOM_PAGE_SIZES)) {
        throw invalid(off, "the custom page sizes proposal must be enabled to customize a memory's page size");
      }
      if (l.pageSizeLog2() != 0 && l.pageSizeLog2() != 16) {
        throw invalid(off, "invalid custom page size");
      }
    }
    if (l.max() != null && Long.compareUnsigned(l.min(), l.max()) > 0) {
      throw invalid(off, (memory ? "size minimum must not be greater than maximum" : "size minimum must not be greater than maximum"));
    }
    if (memory) {
      int log2 = l.pageSizeLog2() == null ? 16 : l.pageSizeLog2();
      long maxPages = l.is64() ? (1L << (64 - log2)) - 1 : (log2 == 16 ? 65536 : (1L << (32 - log2)));
      if (l.is64() && log2 == 16) {
        maxPages = 1L << 48;
      }
      if (Long.compareUnsigned(l.min(), maxPages) > 0 || (l.max() != null && Long.compareUnsigned(l.max(), maxPages) > 0)) {
        throw invalid(off, "memory size must be at most " + maxPages + " pages");
      }
      if (l.shared() && l.max() == null) {
        throw invalid(off, "shared memory must have maximum size");
      }
    } else if (!l.is64() && (Long.compareUnsigned(l.min(), 0xffffffffL) > 0
        || (l.max() != null && Long.compareUnsigned(l.max(), 0xffffffffL) > 0))) {
      throw invalid(off, "table size must be at most 2^32 - 1");
    }
  }

  // ---- nested components ----

  private void nestedComponent(Section.NestedComponent n) {
    Scope child = new Scope(Kind.COMPONENT, this, features);
    ComponentInfo info = child.validateComponent(n.component(), n.offset());
    nested.put(n, info);
    checkSpace(components.size(), n.offset(), "components");
    components.add(info.type());
    componentInfos.add(info);
  }

  // ---- instances ----

  private void instance(Instance inst) {
    long off = inst.offset();
    switch (inst) {
      case Instance.Instantiate in -> {
        ComponentType ct = get(components, in.component(), Sort.COMPONENT, off);
        Map<String, ExternType> args = new LinkedHashMap<>();
        Map<String, String> argKeys = new HashMap<>();
        for (Instance.Arg a : in.args()) {
          ExternType t = itemType(a.item(), off, true);
          String key = a.name().toLowerCase(Locale.ROOT);
          if (args.containsKey(a.name()) || argKeys.containsKey(key)) {
            throw invalid(off, "instantiation argument `" + a.name() + "` conflicts with previous argument `"
                + argKeys.getOrDefault(key, a.name()) + "`");
          }
          argKeys.put(key, a.name());
          args.put(a.name(), t);
        }
        addInstance(instantiate(ct, args, off), off);
      }
      case Instance.FromExports fe -> {
        Map<String, ExternType> ex = new LinkedHashMap<>();
        Map<String, String> keys = new HashMap<>();
        Map<ResourceType, String> resourceNames = new IdentityHashMap<>();
        for (Instance.InlineExport e : fe.exports()) {
          ExternType t = itemType(e.item(), off, true);
          Names.Parsed p = parseName(e.name(), off);
          if (p.kind() == Names.Kind.LEGACY) {
            throw invalid(off, "`" + e.name().name() + "` is not a valid export name");
          }
          String prev = keys.put(p.uniquenessKey(), e.name().name());
          if (prev != null) {
            throw invalid(off, "export name `" + e.name().name() + "` conflicts with previous name `" + prev + "`");
          }
          // a resource exported by a bag of exports gets a new name (an alias), so that the
          // instance's annotated functions must use that name (Binary.md#import-and-export-definitions);
          // other types keep their identity, so types referring to each other stay consistent
          if (t instanceof ExternType.TypeExtern(ResourceType r)) {
            t = new ExternType.TypeExtern(r.alias());
          }
          checkAttributes(e.name(), p, t, off);
          checkAnnotatedName(p, t, resourceNames, off);
          ex.put(e.name().name(), t);
        }
        addInstance(new InstanceType(ex), off);
      }
    }
  }

  void addInstance(InstanceType t, long off) {
    checkSpace(instances.size(), off, "instances");
    checkSize(t, off);
    instances.add(t);
  }

  private void checkSize(Type t, long off) {
    if (TypeInfo.size(t, sizeMemo) > TypeInfo.MAX_TYPE_SIZE) {
      throw invalid(off, "effective type size exceeds the limit of " + TypeInfo.MAX_TYPE_SIZE);
    }
  }

  private void checkSize(ExternType t, long off) {
    if (TypeInfo.size(t, sizeMemo) > TypeInfo.MAX_TYPE_SIZE) {
      throw invalid(off, "effective type size exceeds the limit of " + TypeInfo.MAX_TYPE_SIZE);
    }
  }

  /**
   * Instantiates component type {@code ct} with {@code args}: each import in order is matched
   * by name, its abstract resources bound to the argument's, and the argument checked to be a
   * subtype; the exports, with the bound and fresh existential resources substituted, are the
   * new instance's type (Binary.md#instance-definitions).
   */
  private InstanceType instantiate(ComponentType ct, Map<String, ExternType> args, long off) {
    Map<ResourceType, ResourceType> mapping = new HashMap<>();
    Map<Object, Object> identities = new IdentityHashMap<>();
    Set<ResourceType> bound = new HashSet<>(ct.importedResources());
    for (var imp : ct.imports().entrySet()) {
      ExternType arg = args.get(imp.getKey());
      if (arg == null) {
        throw invalid(off, "missing import named `" + imp.getKey() + "`");
      }
      Subtyping.infer(imp.getValue(), arg, bound, mapping, identities);
      ExternType expected = mapping.isEmpty() ? imp.getValue() : Remap.substitute(mapping).extern(imp.getValue());
      try {
        Subtyping.extern(arg, expected);
      } catch (Mismatch m) {
        throw invalid(off, "type mismatch for import `" + imp.getKey() + "`: " + m.getMessage());
      }
    }
    for (ResourceType r : ct.definedResources()) {
      mapping.put(r.canonical(), new ResourceType(r.name()));
    }
    Remap sub = Remap.substitute(mapping, identities);
    Map<String, ExternType> ex = new LinkedHashMap<>();
    for (var e : ct.exports().entrySet()) {
      ExternType t = sub.extern(e.getValue());
      ex.put(e.getKey(), t);
    }
    List<ResourceType> fresh = new ArrayList<>();
    for (ResourceType r : ct.definedResources()) {
      fresh.add(mapping.get(r));
    }
    return new InstanceType(ex, fresh);
  }

  /** The type of the item {@code si} names, for an instantiation argument or an export. */
  ExternType itemType(SortIdx si, long off, boolean consume) {
    return switch (si.sort()) {
      case CORE_MODULE -> new ExternType.CoreModuleExtern(get(coreModules, si.index(), si.sort(), off));
      case FUNC -> new ExternType.FuncExtern(get(funcs, si.index(), si.sort(), off));
      case VALUE -> {
        ValType v = get(values, si.index(), si.sort(), off);
        if (consume) {
          consumeValue(si.index(), off);
        }
        yield new ExternType.ValueExtern(v);
      }
      case TYPE -> new ExternType.TypeExtern(get(types, si.index(), si.sort(), off));
      case COMPONENT -> new ExternType.ComponentExtern(get(components, si.index(), si.sort(), off));
      case INSTANCE -> new ExternType.InstanceExtern(get(instances, si.index(), si.sort(), off));
      default -> throw invalid(off, "a " + si.sort() + " cannot be imported, exported or passed to an instantiation;"
          + " only core modules among the core sorts can");
    };
  }

  private void consumeValue(int index, long off) {
    if (valueConsumed.get(index)) {
      throw invalid(off, "value " + index + " cannot be used more than once (values are linear)");
    }
    valueConsumed.set(index, true);
  }

  // ---- aliases ----

  void alias(Alias a, boolean declarator) {
    long off = a.offset();
    switch (a.target()) {
      case Alias.Export ex -> {
        if (declarator && a.sort() != Sort.TYPE && a.sort() != Sort.INSTANCE) {
          throw invalid(off, "aliases in a component or instance type may only refer to types or instances, not "
              + a.sort());
        }
        if (a.sort().isCore() && a.sort() != Sort.CORE_MODULE) {
          throw invalid(off, "an export alias of a component instance cannot have a core sort other than core module");
        }
        InstanceType it = get(instances, ex.instance(), Sort.INSTANCE, off);
        ExternType t = it.exports().get(ex.name());
        if (t == null) {
          throw invalid(off, "instance " + ex.instance() + " has no export named `" + ex.name() + "`");
        }
        addAliased(a.sort(), t, ex.instance(), ex.name(), off);
      }
      case Alias.CoreExport ce -> {
        if (declarator) {
          throw invalid(off, "aliases in a component or instance type may only refer to types or instances");
        }
        CoreInstanceType it = get(coreInstances, ce.instance(), Sort.CORE_INSTANCE, off);
        CoreModuleType.CoreExtern t = it.exports().get(ce.name());
        if (t == null) {
          throw invalid(off, "core instance " + ce.instance() + " has no export named `" + ce.name() + "`");
        }
        String expected = switch (a.sort()) {
          case CORE_FUNC -> "func";
          case CORE_TABLE -> "table";
          case CORE_MEMORY -> "memory";
          case CORE_GLOBAL -> "global";
          case CORE_TAG -> {
            if (!has(Feature.EXCEPTIONS)) {
              throw invalid(off, "exceptions proposal not enabled");
            }
            yield "tag";
          }
          default -> throw invalid(off, "a core export alias must name a core func, table, memory, global or tag, not "
              + a.sort());
        };
        if (!Subtyping.coreKind(t).equals(expected)) {
          throw invalid(off, "export `" + ce.name() + "` for core instance " + ce.instance() + " is not a " + expected);
        }
        switch (t) {
          case CoreModuleType.CoreFunc f -> add(coreFuncs, f.type(), off, "core functions");
          case CoreModuleType.CoreTable tb -> add(coreTables, tb.type(), off, "tables");
          case CoreModuleType.CoreMemory m -> add(coreMemories, m.type(), off, "memories");
          case CoreModuleType.CoreGlobal g -> add(coreGlobals, g.type(), off, "globals");
          case CoreModuleType.CoreTag tg -> add(coreTags, tg.type(), off, "tags");
        }
      }
      case Alias.Outer o -> outerAlias(a.sort(), o, declarator, off);
    }
  }

  private <T> void add(List<T> space, T t, long off, String what) {
    checkSpace(space.size(), off, what);
    space.add(t);
  }

  private void addAliased(Sort sort, ExternType t, int instance, String name, long off) {
    switch (sort) {
      case FUNC -> {
        if (!(t instanceof ExternType.FuncExtern f)) {
          throw invalid(off, "export `" + name + "` for instance " + instance + " is not a func");
        }
        add(funcs, f.type(), off, "functions");
      }
      case VALUE -> {
        if (!(t instanceof ExternType.ValueExtern v)) {
          throw invalid(off, "export `" + name + "` for instance " + instance + " is not a value");
        }
        add(values, v.type(), off, "values");
        valueConsumed.add(false);
      }
      case TYPE -> {
        if (!(t instanceof ExternType.TypeExtern ty)) {
          throw invalid(off, "export `" + name + "` for instance " + instance + " is not a type");
        }
        add(types, ty.type(), off, "types");
      }
      case COMPONENT -> {
        if (!(t instanceof ExternType.ComponentExtern c)) {
          throw invalid(off, "export `" + name + "` for instance " + instance + " is not a component");
        }
        add(components, c.type(), off, "components");
        componentInfos.add(null);
      }
      case INSTANCE -> {
        if (!(t instanceof ExternType.InstanceExtern i)) {
          throw invalid(off, "export `" + name + "` for instance " + instance + " is not an instance");
        }
        add(instances, i.type(), off, "instances");
      }
      case CORE_MODULE -> {
        if (!(t instanceof ExternType.CoreModuleExtern m)) {
          throw invalid(off, "export `" + name + "` for instance " + instance + " is not a module");
        }
        add(coreModules, m.type(), off, "modules");
      }
      default -> throw invalid(off, "an export alias of a component instance cannot name a " + sort);
    }
  }

  private void outerAlias(Sort sort, Alias.Outer o, boolean declarator, long off) {
    if (declarator) {
      if (sort != Sort.TYPE && sort != Sort.CORE_TYPE) {
        throw invalid(off, "aliases in a component or instance type may only refer to types or instances (outer aliases: types only), not " + sort);
      }
    } else if (sort != Sort.TYPE && sort != Sort.CORE_TYPE && sort != Sort.CORE_MODULE && sort != Sort.COMPONENT) {
      throw invalid(off, "outer aliases may only refer to core modules, core types, components and types, not " + sort);
    }
    Scope target = this;
    boolean crossesComponent = false;
    for (int k = 0; k < o.count(); k++) {
      if (target.kind == Kind.COMPONENT) {
        crossesComponent = true;
      }
      target = target.parent;
      if (target == null) {
        throw invalid(off, "invalid outer alias count of " + Integer.toUnsignedString(o.count()));
      }
    }
    switch (sort) {
      case TYPE -> {
        Type t = get(target.types, o.index(), sort, off);
        if (crossesComponent && !TypeInfo.freeResources(t).isEmpty()) {
          throw invalid(off, "canonical outer alias of type " + o.index()
              + " transitively refers to resources not defined in the current component");
        }
        add(types, t, off, "types");
      }
      case CORE_TYPE -> add(coreTypes, get(target.coreTypes, o.index(), sort, off), off, "core types");
      case CORE_MODULE -> add(coreModules, get(target.coreModules, o.index(), sort, off), off, "modules");
      case COMPONENT -> {
        ComponentType ct = get(target.components, o.index(), sort, off);
        add(components, ct, off, "components");
        componentInfos.add(target.componentInfos.get(o.index()));
      }
      default -> throw new AssertionError(sort);
    }
  }

  // ---- types ----

  void addType(Type t, long off) {
    checkSpace(types.size(), off, "types");
    types.add(t);
  }

  /** Resolves a {@code deftype} in this scope. */
  Type defType(DefType d, long off) {
    Type t = switch (d) {
      case DefType.FuncDef f -> funcType(f, off);
      case DefType.ComponentDef c -> componentType(c, off);
      case DefType.InstanceDef i -> instanceType(i, off);
      case DefType.ResourceDef r -> resourceType(r, off);
      default -> defValType(d, off);
    };
    checkSize(t, off);
    return t;
  }

  private ResourceType resourceType(DefType.ResourceDef r, long off) {
    if (kind != Kind.COMPONENT) {
      throw invalid(off, "resources can only be defined within a concrete component");
    }
    if (r.rep() == CoreValType.Num.I64) {
      if (!has(Feature.CM64)) {
        throw invalid(off, "resources with `i64` require the `cm64` feature to be enabled");
      }
    } else if (r.rep() != CoreValType.Num.I32) {
      throw invalid(off, "resources can only be represented by `i32` or `i64`");
    }
    if (r.destructor() != null) {
      CoreCompType.Func f = get(coreFuncs, r.destructor(), Sort.CORE_FUNC, off);
      if (!f.equals(new CoreCompType.Func(List.of(r.rep()), List.of()))) {
        throw invalid(off, "wrong signature for a destructor: expected " + Subtyping.coreFunc(new CoreCompType.Func(List.of(r.rep()), List.of()))
            + ", found " + Subtyping.coreFunc(f));
      }
    }
    if (r.asyncCallback() != null) {
      require(Feature.CM_ASYNC, off, "an async resource destructor");
      CoreCompType.Func cb = get(coreFuncs, r.asyncCallback(), Sort.CORE_FUNC, off);
      CoreCompType.Func expected = new CoreCompType.Func(
          List.of(CoreValType.Num.I32, CoreValType.Num.I32, CoreValType.Num.I32), List.of(CoreValType.Num.I32));
      if (!cb.equals(expected)) {
        throw invalid(off, "wrong signature for a destructor callback");
      }
    }
    ResourceType rt = new ResourceType("resource" + types.size());
    ResourceInfo info = new ResourceInfo(rt, types.size(), r.rep(), r.destructor(), r.asyncCallback());
    localResources.put(rt, info);
    resourceInfos.add(info);
    return rt;
  }

  /** A value type reference: a primitive, or a type index that must name a value type. */
  ValType valType(ValTypeRef r, long off) {
    return switch (r) {
      case PrimValType p -> prim(p, off);
      case ValTypeRef.Index i -> {
        Type t = get(types, i.index(), Sort.TYPE, off);
        if (!(t instanceof ValType v)) {
          throw invalid(off, "type index " + i.index() + " is not a defined type");
        }
        yield v;
      }
    };
  }

  private PrimType prim(PrimValType p, long off) {
    if (p == PrimValType.ERROR_CONTEXT && !has(Feature.CM_ERROR_CONTEXT)) {
      throw invalid(off, "`error-context` requires the component model error-context feature (`cm-error-context`)");
    }
    return PrimType.valueOf(p.name());
  }

  /** Labels of a record/variant/flags/enum: kebab-case and strongly unique. */
  private void labels(List<String> labels, String what, String shortWhat, long off) {
    Map<String, String> seen = new HashMap<>();
    for (String l : labels) {
      if (l.isEmpty()) {
        throw invalid(off, what + " name cannot be empty");
      }
      if (!Names.isLabel(l)) {
        throw invalid(off, what + " name `" + l + "` is not in kebab case");
      }
      String prev = seen.put(l.toLowerCase(Locale.ROOT), l);
      if (prev != null) {
        throw invalid(off, what + " name `" + l + "` conflicts with previous " + shortWhat + " name `" + prev + "`");
      }
    }
  }

  private ValType defValType(DefType d, long off) {
    ValType t = switch (d) {
      case DefType.PrimitiveDef p -> prim(p.type(), off);
      case DefType.RecordDef r -> {
        if (r.fields().isEmpty()) {
          throw invalid(off, "record type must have at least one field");
        }
        labels(r.fields().stream().map(DefType.Field::label).toList(), "record field", "field", off);
        List<RecordType.Field> fs = new ArrayList<>();
        for (DefType.Field f : r.fields()) {
          fs.add(new RecordType.Field(f.label(), valType(f.type(), off)));
        }
        yield new RecordType(fs);
      }
      case DefType.VariantDef v -> {
        if (v.cases().isEmpty()) {
          throw invalid(off, "variant type must have at least one case");
        }
        if (Integer.toUnsignedLong(v.cases().size()) > 0xffffffffL) {
          throw invalid(off, "variant type has too many cases");
        }
        labels(v.cases().stream().map(DefType.Case::label).toList(), "variant case", "case", off);
        List<VariantType.Case> cs = new ArrayList<>();
        for (DefType.Case c : v.cases()) {
          cs.add(new VariantType.Case(c.label(), c.type() == null ? null : valType(c.type(), off)));
        }
        yield new VariantType(cs);
      }
      case DefType.ListDef l -> new ListType(valType(l.element(), off));
      case DefType.FixedListDef l -> {
        if (!has(Feature.CM_FIXED_LENGTH_LISTS)) {
          throw invalid(off, "Fixed size lists require the component model fixed size list feature");
        }
        if (l.length() == 0) {
          throw invalid(off, "Fixed-length lists must have more than zero elements");
        }
        if (l.length() > (1L << 30)) {
          throw invalid(off, "fixed-length list element count exceeds limit of " + (1L << 30));
        }
        yield new ListType(valType(l.element(), off), l.length());
      }
      case DefType.TupleDef t2 -> {
        if (t2.types().isEmpty()) {
          throw invalid(off, "tuple type must have at least one type");
        }
        List<ValType> ts = new ArrayList<>();
        for (ValTypeRef r : t2.types()) {
          ts.add(valType(r, off));
        }
        yield new TupleType(ts);
      }
      case DefType.FlagsDef f -> {
        if (f.labels().isEmpty()) {
          throw invalid(off, "flags must have at least one entry");
        }
        if (f.labels().size() > 32) {
          throw invalid(off, "cannot have more than 32 flags");
        }
        labels(f.labels(), "flag", "flag", off);
        yield new FlagsType(f.labels());
      }
      case DefType.EnumDef e -> {
        if (e.labels().isEmpty()) {
          throw invalid(off, "enum type must have at least one variant");
        }
        labels(e.labels(), "enum tag", "tag", off);
        yield new EnumType(e.labels());
      }
      case DefType.OptionDef o -> new OptionType(valType(o.type(), off));
      case DefType.ResultDef r -> new ResultType(
          r.ok() == null ? null : valType(r.ok(), off), r.error() == null ? null : valType(r.error(), off));
      case DefType.OwnDef o -> new OwnType(resourceAt(o.resource(), off));
      case DefType.BorrowDef b -> new BorrowType(resourceAt(b.resource(), off));
      case DefType.StreamDef s -> {
        require(Feature.CM_ASYNC, off, "`stream`");
        ValType e = s.element() == null ? null : valType(s.element(), off);
        if (e == PrimType.CHAR) {
          throw invalid(off, "`stream<char>` is not valid at this time, use `stream<u8>` with a defined by encoding instead for now");
        }
        if (Abi.containsBorrow(e)) {
          throw invalid(off, "a stream element type cannot contain a `borrow`");
        }
        yield new StreamType(e);
      }
      case DefType.FutureDef f -> {
        require(Feature.CM_ASYNC, off, "`future`");
        ValType e = f.element() == null ? null : valType(f.element(), off);
        if (Abi.containsBorrow(e)) {
          throw invalid(off, "a future payload type cannot contain a `borrow`");
        }
        yield new FutureType(e);
      }
      case DefType.MapDef m -> {
        if (!has(Feature.CM_MAP)) {
          throw invalid(off, "Maps require the component model map feature (`cm-map`)");
        }
        ValType k = valType(m.key(), off);
        if (!(k instanceof PrimType p) || p == PrimType.F32 || p == PrimType.F64 || p == PrimType.ERROR_CONTEXT) {
          throw invalid(off, "map key type must be a boolean, integer, char or string, found "
              + Subtyping.valKind(k));
        }
        yield new MapType(k, valType(m.value(), off));
      }
      default -> throw new AssertionError(d);
    };
    if (Abi.elemSize(t, true) >= Abi.MAX_TYPE_SIZE) {
      throw invalid(off, "value type exceeds maximum byte size: its canonical ABI element size is " + Abi.elemSize(t, true)
          + " bytes, at least the limit of 2^28");
    }
    return t;
  }

  private ResourceType resourceAt(int index, long off) {
    Type t = get(types, index, Sort.TYPE, off);
    if (!(t instanceof ResourceType r)) {
      throw invalid(off, "type index " + index + " is not a resource type");
    }
    return r;
  }

  FuncType funcType(DefType.FuncDef f, long off) {
    if (f.async()) {
      require(Feature.CM_ASYNC, off, "an async function type");
    }
    Map<String, String> seen = new HashMap<>();
    List<FuncType.Param> ps = new ArrayList<>();
    for (DefType.Param p : f.params()) {
      if (p.label().isEmpty()) {
        throw invalid(off, "function parameter name cannot be empty");
      }
      if (!Names.isLabel(p.label())) {
        throw invalid(off, "function parameter name `" + p.label() + "` is not in kebab case");
      }
      String prev = seen.put(p.label().toLowerCase(Locale.ROOT), p.label());
      if (prev != null) {
        throw invalid(off, "function parameter name `" + p.label() + "` conflicts with previous parameter name `" + prev + "`");
      }
      ps.add(new FuncType.Param(p.label(), valType(p.type(), off)));
    }
    ValType r = f.result() == null ? null : valType(f.result(), off);
    if (Abi.containsBorrow(r)) {
      throw invalid(off, "function result cannot contain a `borrow` type");
    }
    return new FuncType(f.async(), ps, r);
  }

  // ---- component and instance types ----

  private ComponentType componentType(DefType.ComponentDef c, long off) {
    Scope s = new Scope(Kind.COMPONENT_TYPE, this, features);
    if (s.depth > MAX_NESTING) {
      throw invalid(off, "nesting too deep: more than " + MAX_NESTING + " nested components or types");
    }
    for (Decl d : c.decls()) {
      s.decl(d, off);
    }
    return new ComponentType(s.imports, s.exports, s.importedResources, s.definedResources);
  }

  private InstanceType instanceType(DefType.InstanceDef i, long off) {
    Scope s = new Scope(Kind.INSTANCE_TYPE, this, features);
    if (s.depth > MAX_NESTING) {
      throw invalid(off, "nesting too deep: more than " + MAX_NESTING + " nested components or types");
    }
    for (Decl d : i.decls()) {
      if (d instanceof Decl.ImportDecl) {
        throw invalid(d.offset() >= 0 ? d.offset() : off, "instance types cannot contain imports");
      }
      s.decl(d, off);
    }
    return new InstanceType(s.exports, s.definedResources);
  }

  private void decl(Decl d, long outerOff) {
    long off = d.offset() >= 0 ? d.offset() : outerOff;
    switch (d) {
      case Decl.CoreTypeDecl c -> coreTypeDef(c.type(), off);
      case Decl.TypeDecl t -> addType(defType(t.type(), off), off);
      case Decl.AliasDecl a -> alias(a.alias(), true);
      case Decl.ImportDecl i -> importDecl(i.name(), i.desc(), off);
      case Decl.ExportDecl e -> exportDecl(e.name(), e.desc(), off);
    }
  }

  // ---- imports and exports ----

  /** An extern type as declared, with the abstract resources it introduces. */
  record Declared(ExternType type, List<ResourceType> introduced) {}

  /** Resolves an {@code externtype}; instance types are freshened, {@code (sub resource)} creates a resource. */
  Declared externDesc(ExternDesc desc, String name, long off) {
    return switch (desc) {
      case ExternDesc.CoreModule m -> {
        if (m.coreType() < 0 || m.coreType() >= coreTypes.size()) {
          throw invalid(off, "unknown core type " + m.coreType() + ": type index out of bounds");
        }
        if (!(coreTypes.get(m.coreType()) instanceof CoreModuleType mt)) {
          throw invalid(off, "core type index " + m.coreType() + " is not a module type");
        }
        yield new Declared(new ExternType.CoreModuleExtern(mt), List.of());
      }
      case ExternDesc.Func f -> {
        Type t = get(types, f.type(), Sort.TYPE, off);
        if (!(t instanceof FuncType ft)) {
          throw invalid(off, "type index " + f.type() + " is not a function type");
        }
        yield new Declared(new ExternType.FuncExtern(ft), List.of());
      }
      case ExternDesc.Value v -> {
        if (!has(Feature.CM_VALUES)) {
          throw invalid(off, "support for component model `value`s is not enabled");
        }
        ValType vt = switch (v.bound()) {
          case ExternDesc.ValueEq eq -> get(values, eq.value(), Sort.VALUE, off);
          case ExternDesc.ValueOf of -> valType(of.type(), off);
        };
        if (Abi.containsBorrow(vt)) {
          throw invalid(off, "a value imported or exported cannot contain a `borrow` type");
        }
        yield new Declared(new ExternType.ValueExtern(vt), List.of());
      }
      case ExternDesc.Type t -> switch (t.bound()) {
        case ExternDesc.Eq eq -> {
          Type target = get(types, eq.type(), Sort.TYPE, off);
          yield new Declared(new ExternType.TypeExtern(renamed(target)), List.of());
        }
        case ExternDesc.SubResource sr -> {
          ResourceType r = new ResourceType(name);
          yield new Declared(new ExternType.TypeExtern(r), List.of(r));
        }
      };
      case ExternDesc.Component c -> {
        Type t = get(types, c.type(), Sort.TYPE, off);
        if (!(t instanceof ComponentType ct)) {
          throw invalid(off, "type index " + c.type() + " is not a component type");
        }
        yield new Declared(new ExternType.ComponentExtern(ct), List.of());
      }
      case ExternDesc.Instance i -> {
        Type t = get(types, i.type(), Sort.TYPE, off);
        if (!(t instanceof InstanceType it)) {
          throw invalid(off, "type index " + i.type() + " is not an instance type");
        }
        Remap fresh = Remap.freshen(it.definedResources());
        InstanceType ft = fresh.instance(it);
        yield new Declared(new ExternType.InstanceExtern(ft), ft.definedResources());
      }
    };
  }

  Names.Parsed parseName(ExternName name, long off) {
    try {
      return Names.parse(name.name(), features);
    } catch (Mismatch m) {
      throw invalid(off, m.getMessage());
    }
  }

  /** 🏷️/🔗 attribute rules. */
  void checkAttributes(ExternName name, Names.Parsed parsed, ExternType type, long off) {
    boolean implementsSeen = false;
    boolean versionSeen = false;
    boolean idSeen = false;
    for (ExternName.Attribute a : name.attributes()) {
      switch (a) {
        case ExternName.Implements im -> {
          if (!has(Feature.CM_IMPLEMENTS)) {
            throw invalid(off, "the `implements` attribute requires the `cm-implements` feature");
          }
          if (implementsSeen) {
            throw invalid(off, "duplicate 'implements' option in name: the `implements` attribute cannot be used more than once");
          }
          implementsSeen = true;
          if (type != null && !(type instanceof ExternType.InstanceExtern)) {
            throw invalid(off, "only instances can have an `implements` attribute");
          }
          if (parsed.kind() != Names.Kind.LABEL) {
            throw invalid(off, "name `" + name.name() + "` is not valid with `implements`: it must be a plain name");
          }
          Names.Parsed target;
          try {
            target = Names.parse(im.interfaceName(), features);
          } catch (Mismatch m) {
            throw invalid(off, "`" + im.interfaceName() + "` is not a valid name for `implements`: " + m.getMessage());
          }
          if (target.kind() != Names.Kind.INTERFACE) {
            throw invalid(off, "`" + im.interfaceName() + "` is not a valid name for `implements`: it must be an interface name");
          }
        }
        case ExternName.VersionSuffix vs -> {
          if (!has(Feature.CM_CANON_NAMES)) {
            throw invalid(off, "the `versionsuffix` attribute requires the `cm-canon-names` feature");
          }
          if (versionSeen) {
            throw invalid(off, "the `versionsuffix` attribute cannot be used more than once");
          }
          versionSeen = true;
          if (type != null && !(type instanceof ExternType.InstanceExtern)) {
            throw invalid(off, "only instances can have a `versionsuffix` attribute");
          }
          if (parsed.kind() != Names.Kind.INTERFACE || !parsed.hasVersion() || !Names.isCanonVersion(parsed.version())
              || !Names.Semver.isValid(parsed.version() + vs.suffix())) {
            throw invalid(off, "invalid interface version: `" + (parsed.version() == null ? "" : parsed.version())
                + "` with version suffix `" + vs.suffix() + "` is not a valid semver");
          }
        }
        case ExternName.ExternalId id -> {
          if (!has(Feature.CM_IMPLEMENTS)) {
            throw invalid(off, "the `external-id` attribute requires the `cm-implements` feature");
          }
          if (idSeen) {
            throw invalid(off, "the `external-id` attribute cannot be used more than once");
          }
          idSeen = true;
        }
      }
    }
  }

  private void checkUnique(Map<String, String> keys, Names.Parsed p, String what, long off) {
    String prev = keys.get(p.uniquenessKey());
    if (prev != null) {
      throw invalid(off, what + " name `" + p.name() + "` conflicts with previous name `" + prev + "`");
    }
    keys.put(p.uniquenessKey(), p.name());
  }

  /** An import definition or declarator. */
  void importDecl(ExternName name, ExternDesc desc, long off) {
    if (kind == Kind.INSTANCE_TYPE) {
      throw invalid(off, "instance types cannot contain imports");
    }
    Declared d = externDesc(desc, name.name(), off);
    Names.Parsed p = parseName(name, off);
    checkAttributes(name, p, d.type(), off);
    checkUnique(importKeys, p, "import", off);
    checkAnnotatedName(p, d.type(), importResourceNames, off);
    checkSize(d.type(), off);
    if (!TypeInfo.namedExtern(d.type(), importNamed)) {
      throw invalid(off, Subtyping.kind(d.type()) + " not valid to be used as import");
    }
    TypeInfo.register(d.type(), importNamed);
    TypeInfo.register(d.type(), exportNamed);
    importedResources.addAll(d.introduced());
    imports.put(name.name(), d.type());
    addExternIndex(d.type(), off);
  }

  /** An export declarator in a component or instance type. */
  private void exportDecl(ExternName name, ExternDesc desc, long off) {
    Declared d = externDesc(desc, name.name(), off);
    Names.Parsed p = parseName(name, off);
    if (p.kind() == Names.Kind.LEGACY) {
      throw invalid(off, "`" + name.name() + "` is not a valid export name");
    }
    checkAttributes(name, p, d.type(), off);
    checkUnique(exportKeys, p, "export", off);
    checkAnnotatedName(p, d.type(), exportResourceNames, off);
    checkSize(d.type(), off);
    if (kind == Kind.COMPONENT_TYPE && !TypeInfo.namedExtern(d.type(), exportNamed)) {
      throw invalid(off, Subtyping.kind(d.type()) + " not valid to be used as export");
    }
    TypeInfo.register(d.type(), exportNamed);
    definedResources.addAll(d.introduced());
    exports.put(name.name(), d.type());
    addExternIndex(d.type(), off);
  }

  /** An export definition of a component. */
  private void export(Export e) {
    long off = e.offset();
    ExternType inferred = itemType(e.item(), off, true);
    if (inferred instanceof ExternType.ValueExtern(ValType v) && Abi.containsBorrow(v)) {
      throw invalid(off, "a value exported cannot contain a `borrow` type");
    }
    Names.Parsed p = parseName(e.name(), off);
    if (p.kind() == Names.Kind.LEGACY) {
      throw invalid(off, "`" + e.name().name() + "` is not a valid export name");
    }
    ExternType type;
    if (e.ascribed() != null) {
      Declared d = externDesc(e.ascribed(), e.name().name(), off);
      try {
        Subtyping.check(inferred, d.type(), d.introduced());
      } catch (Mismatch m) {
        throw invalid(off, "ascribed type of export is not compatible with item's type: " + m.getMessage());
      }
      type = d.type();
    } else {
      type = inferred;
    }
    checkAttributes(e.name(), p, type, off);
    checkUnique(exportKeys, p, "export", off);
    if (!TypeInfo.namedExtern(type, exportNamed)) {
      throw invalid(off, Subtyping.kind(type) + " not valid to be used as export");
    }
    // a type export introduces a new name: a new identity for the type (Explainer.md#external-
    // visibility-of-types: only the new index is named, not the one exported). An instance
    // export names the types its instance exports, as they are.
    if (type instanceof ExternType.TypeExtern(Type ty)) {
      type = new ExternType.TypeExtern(renamed(ty));
    }
    checkAnnotatedName(p, type, exportResourceNames, off);
    TypeInfo.register(type, exportNamed);
    exports.put(e.name().name(), type);
    addExternIndex(type, off, true);
  }

  /** A copy of {@code t} with a new identity (the node a new type index refers to). */
  static Type renamed(Type t) {
    Set<Object> one = TypeInfo.identitySet();
    one.add(t);
    return Remap.rename(one).type(t);
  }

  private void addExternIndex(ExternType t, long off) {
    addExternIndex(t, off, false);
  }

  /** Appends the index an import or export introduces to its sort's index space. */
  private void addExternIndex(ExternType t, long off, boolean fromExport) {
    switch (t) {
      case ExternType.CoreModuleExtern m -> add(coreModules, m.type(), off, "modules");
      case ExternType.FuncExtern f -> add(funcs, f.type(), off, "functions");
      case ExternType.ValueExtern v -> {
        add(values, v.type(), off, "values");
        // an imported value must be consumed; the index an export adds is not a new value
        valueConsumed.add(fromExport);
      }
      case ExternType.TypeExtern ty -> add(types, ty.type(), off, "types");
      case ExternType.ComponentExtern c -> {
        add(components, c.type(), off, "components");
        componentInfos.add(null);
      }
      case ExternType.InstanceExtern i -> add(instances, i.type(), off, "instances");
    }
  }

  /**
   * The rules for {@code [constructor]}, {@code [method]} and {@code [static]} names
   * (Binary.md#import-and-export-definitions): the function's resource must be the one a
   * preceding plain-named resource import (or export, respectively) of this scope introduced,
   * and that resource's name must be the annotation's. {@code resourceNames} maps each such
   * resource (by identity: the index the name introduced) to its name.
   */
  private void checkAnnotatedName(Names.Parsed p, ExternType t, Map<ResourceType, String> resourceNames, long off) {
    switch (p.kind()) {
      case LABEL -> {
        if (t instanceof ExternType.TypeExtern(ResourceType r)) {
          resourceNames.put(r, p.name());
        }
      }
      case CONSTRUCTOR, METHOD, STATIC -> {
        if (!(t instanceof ExternType.FuncExtern(FuncType f))) {
          throw invalid(off, "`" + p.name() + "` is not a func: annotated names may only be used for functions");
        }
        ResourceType used = switch (p.kind()) {
          case CONSTRUCTOR -> {
            if (f.async()) {
              throw invalid(off, "constructor function cannot be async");
            }
            if (f.result() == null) {
              throw invalid(off, "function should return one value: `(own $T)` or `(result (own $T))`");
            }
            if (f.result() instanceof OwnType(ResourceType x)) {
              yield x;
            }
            if (f.result() instanceof ResultType(OwnType(ResourceType x), ValType err)) {
              yield x;
            }
            throw invalid(off, "function should return `(own $T)` or `(result (own $T))`");
          }
          case METHOD -> {
            if (f.params().isEmpty()) {
              throw invalid(off, "function should have at least one argument");
            }
            FuncType.Param self = f.params().get(0);
            if (!self.name().equals("self")) {
              throw invalid(off, "function should have a first argument called `self`");
            }
            if (!(self.type() instanceof BorrowType(ResourceType x))) {
              throw invalid(off, "function should take a first argument of `(borrow $T)`");
            }
            yield x;
          }
          default -> {
            if (!resourceNames.values().stream().anyMatch(p.resource()::equals)) {
              throw invalid(off, "static resource name is not known in this context: `" + p.resource() + "`");
            }
            yield null;
          }
        };
        if (used != null) {
          String label = resourceNames.get(used);
          if (label == null) {
            throw invalid(off, "resource used in function does not have a name in this context (`" + p.name() + "`)");
          }
          if (!label.equals(p.resource())) {
            throw invalid(off, "import name `" + p.name() + "` is not valid: function does not match expected resource name `"
                + label + "`");
          }
        }
      }
      default -> {}
    }
  }

  // ---- start ----

  private void start(StartDef s, long off) {
    if (!has(Feature.CM_VALUES)) {
      throw invalid(off, "support for component model `value`s is not enabled");
    }
    if (hasStart) {
      throw invalid(off, "component cannot have more than one start function");
    }
    hasStart = true;
    FuncType f = get(funcs, s.func(), Sort.FUNC, off);
    if (f.params().size() != s.args().size()) {
      throw invalid(off, "component start function requires " + f.params().size() + " arguments but was given "
          + s.args().size());
    }
    for (int i = 0; i < s.args().size(); i++) {
      ValType v = get(values, s.args().get(i), Sort.VALUE, off);
      try {
        Subtyping.val(v, f.params().get(i).type());
      } catch (Mismatch m) {
        throw invalid(off, "type mismatch for component start function argument " + i + ": " + m.getMessage());
      }
      consumeValue(s.args().get(i), off);
    }
    if (Integer.toUnsignedLong(s.results()) != f.results().size()) {
      throw invalid(off, "component start function has a result count of " + Integer.toUnsignedLong(s.results())
          + " but the function type has a result count of " + f.results().size());
    }
    for (ValType r : f.results()) {
      add(values, r, off, "values");
      valueConsumed.add(false);
    }
  }

  // ---- values ----

  private void valueDef(ValueDef v) {
    long off = v.offset();
    if (!has(Feature.CM_VALUES)) {
      throw invalid(off, "support for component model `value`s is not enabled");
    }
    ValType t = valType(v.type(), off);
    try {
      Values.check(t, v.value().unsafeArray());
    } catch (Mismatch m) {
      throw invalid(off, "invalid value: " + m.getMessage());
    }
    add(values, t, off, "values");
    valueConsumed.add(false);
  }

  // ---- helpers ----

  /** {@code space[index]}, or an "index out of bounds" error naming the sort. */
  <T> T get(List<T> space, int index, Sort sort, long off) {
    if (index < 0 || index >= space.size()) {
      String[] n = nouns(sort);
      throw invalid(off, "unknown " + n[0] + " " + Integer.toUnsignedString(index) + ": " + n[1] + " index out of bounds");
    }
    return space.get(index);
  }

  static String[] nouns(Sort sort) {
    return switch (sort) {
      case CORE_FUNC -> new String[] {"core func", "function"};
      case CORE_TABLE -> new String[] {"table", "table"};
      case CORE_MEMORY -> new String[] {"memory", "memory"};
      case CORE_GLOBAL -> new String[] {"global", "global"};
      case CORE_TAG -> new String[] {"tag", "tag"};
      case CORE_TYPE -> new String[] {"core type", "type"};
      case CORE_MODULE -> new String[] {"module", "module"};
      case CORE_INSTANCE -> new String[] {"core instance", "instance"};
      case FUNC -> new String[] {"func", "function"};
      case VALUE -> new String[] {"value", "value"};
      case TYPE -> new String[] {"type", "type"};
      case COMPONENT -> new String[] {"component", "component"};
      case INSTANCE -> new String[] {"instance", "instance"};
    };
  }

  /** The nearest enclosing component definition (for rules scoped to "the current component"). */
  Scope componentScope() {
    Scope s = this;
    while (s.kind != Kind.COMPONENT) {
      s = s.parent;
    }
    return s;
  }
}
