package dev.trellis.engine.validate;

import dev.trellis.engine.binary.CoreCompType;
import dev.trellis.engine.binary.CoreExternType;
import dev.trellis.engine.binary.CoreValType;
import dev.trellis.engine.types.BorrowType;
import dev.trellis.engine.types.ComponentType;
import dev.trellis.engine.types.CoreModuleType;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Type equality and subtyping (Explainer.md#type-checking): structural everywhere except
 * resources, which are equal only when they are the same (canonical) resource type; module,
 * component and instance types are in a subtype relation that lets the subtype import less
 * and export more. Abstract resources bound by the expected type are first inferred from the
 * actual type, by position.
 */
final class Subtyping {
  private Subtyping() {}

  /**
   * Checks {@code actual <: expected} where {@code expected} may mention the abstract resources
   * {@code bound} (which it introduces itself): each is first bound to the resource found at
   * the same place in {@code actual}. Returns the mapping found.
   */
  static Map<ResourceType, ResourceType> check(ExternType actual, ExternType expected, List<ResourceType> bound)
      throws Mismatch {
    Map<ResourceType, ResourceType> mapping = new HashMap<>();
    if (!bound.isEmpty()) {
      infer(expected, actual, new HashSet<>(bound), mapping);
    }
    ExternType exp = mapping.isEmpty() ? expected : Remap.substitute(mapping).extern(expected);
    extern(actual, exp);
    return mapping;
  }

  /** Binds the resources of {@code bound} found in {@code expected} to those at the same place in {@code actual}. */
  static void infer(ExternType expected, ExternType actual, Set<ResourceType> bound, Map<ResourceType, ResourceType> mapping) {
    infer(expected, actual, bound, mapping, null);
  }

  /**
   * Like {@link #infer(ExternType, ExternType, Set, Map)}, also recording in {@code identities}
   * which type node of {@code actual} each type export of {@code expected} stands for, so that
   * a substitution can replace "the import" by "the type supplied" (Binary.md#instance-definitions).
   */
  static void infer(ExternType expected, ExternType actual, Set<ResourceType> bound, Map<ResourceType, ResourceType> mapping,
      Map<Object, Object> identities) {
    switch (expected) {
      case ExternType.TypeExtern(Type e) -> {
        if (!(actual instanceof ExternType.TypeExtern(Type a))) {
          return;
        }
        if (e instanceof ResourceType r && bound.contains(r) && !mapping.containsKey(r) && a instanceof ResourceType ar) {
          mapping.put(r.canonical(), ar);
        }
        if (identities != null && !(e instanceof PrimType) && e.getClass() == a.getClass()) {
          identities.putIfAbsent(e, a);
        }
      }
      case ExternType.InstanceExtern(InstanceType e) -> {
        if (actual instanceof ExternType.InstanceExtern(InstanceType a)) {
          for (var ex : e.exports().entrySet()) {
            ExternType ax = a.exports().get(ex.getKey());
            if (ax != null) {
              infer(ex.getValue(), ax, bound, mapping, identities);
            }
          }
        }
      }
      default -> {}
    }
  }

  static String kind(ExternType e) {
    return switch (e) {
      case ExternType.CoreModuleExtern m -> "module";
      case ExternType.FuncExtern f -> "func";
      case ExternType.ValueExtern v -> "value";
      case ExternType.TypeExtern t -> "type";
      case ExternType.ComponentExtern c -> "component";
      case ExternType.InstanceExtern i -> "instance";
    };
  }

  /** {@code a <: b} for extern types whose resources are all concrete (or shared). */
  static void extern(ExternType a, ExternType b) throws Mismatch {
    switch (b) {
      case ExternType.CoreModuleExtern(CoreModuleType bm) -> {
        if (!(a instanceof ExternType.CoreModuleExtern(CoreModuleType am))) {
          throw new Mismatch("expected module, found " + kind(a));
        }
        module(am, bm);
      }
      case ExternType.FuncExtern(FuncType bf) -> {
        if (!(a instanceof ExternType.FuncExtern(FuncType af))) {
          throw new Mismatch("expected func, found " + kind(a));
        }
        func(af, bf);
      }
      case ExternType.ValueExtern(ValType bv) -> {
        if (!(a instanceof ExternType.ValueExtern(ValType av))) {
          throw new Mismatch("expected value, found " + kind(a));
        }
        val(av, bv);
      }
      case ExternType.TypeExtern(Type bt) -> {
        if (!(a instanceof ExternType.TypeExtern(Type at))) {
          throw new Mismatch("expected type, found " + kind(a));
        }
        type(at, bt);
      }
      case ExternType.ComponentExtern(ComponentType bc) -> {
        if (!(a instanceof ExternType.ComponentExtern(ComponentType ac))) {
          throw new Mismatch("expected component, found " + kind(a));
        }
        component(ac, bc);
      }
      case ExternType.InstanceExtern(InstanceType bi) -> {
        if (!(a instanceof ExternType.InstanceExtern(InstanceType ai))) {
          throw new Mismatch("expected instance, found " + kind(a));
        }
        instance(ai, bi);
      }
    }
  }

  /** Types named by {@code (type (eq t))} bounds: equal, or mutual subtypes for component/instance types. */
  static void type(Type a, Type b) throws Mismatch {
    if (b instanceof ResourceType br) {
      if (a instanceof ResourceType ar) {
        if (!ar.equals(br)) {
          throw new Mismatch("resource types are not the same (" + ar + " vs. " + br + ")");
        }
        return;
      }
      throw new Mismatch("expected resource, found " + (a instanceof ValType ? "defined type" : describe(a)));
    }
    if (a instanceof ResourceType) {
      throw new Mismatch("expected " + (b instanceof ValType ? "defined type" : describe(b)) + ", found resource");
    }
    switch (b) {
      case ValType bv -> {
        if (!(a instanceof ValType av)) {
          throw new Mismatch("expected defined type, found " + describe(a));
        }
        val(av, bv);
      }
      case FuncType bf -> {
        if (!(a instanceof FuncType af)) {
          throw new Mismatch("expected func, found " + describe(a));
        }
        func(af, bf);
      }
      case ComponentType bc -> {
        if (!(a instanceof ComponentType ac)) {
          throw new Mismatch("expected component, found " + describe(a));
        }
        component(ac, bc);
        component(bc, ac);
      }
      case InstanceType bi -> {
        if (!(a instanceof InstanceType ai)) {
          throw new Mismatch("expected instance, found " + describe(a));
        }
        instance(ai, bi);
        instance(bi, ai);
      }
      case ResourceType r -> throw new AssertionError();
    }
  }

  static String describe(Type t) {
    return switch (t) {
      case PrimType p -> "primitive `" + p.text() + "`";
      case ValType v -> "defined type";
      case FuncType f -> "func";
      case ComponentType c -> "component";
      case InstanceType i -> "instance";
      case ResourceType r -> "resource";
    };
  }

  static void func(FuncType a, FuncType b) throws Mismatch {
    if (a.async() != b.async()) {
      throw new Mismatch(b.async() ? "expected async function, found sync function" : "expected sync function, found async function");
    }
    if (a.params().size() != b.params().size()) {
      throw new Mismatch("expected " + b.params().size() + " parameters, found " + a.params().size());
    }
    for (int i = 0; i < a.params().size(); i++) {
      FuncType.Param ap = a.params().get(i);
      FuncType.Param bp = b.params().get(i);
      if (!ap.name().equals(bp.name())) {
        throw new Mismatch("expected parameter named `" + bp.name() + "`, found `" + ap.name() + "`");
      }
      try {
        val(ap.type(), bp.type());
      } catch (Mismatch m) {
        throw new Mismatch("type mismatch in function parameter `" + ap.name() + "`: " + m.getMessage());
      }
    }
    if ((a.result() == null) != (b.result() == null)) {
      throw new Mismatch(b.result() == null
          ? "the expected function type has no result but this one has one (expected a result, found none)"
          : "expected a result, found none");
    }
    if (a.result() != null) {
      try {
        val(a.result(), b.result());
      } catch (Mismatch m) {
        throw new Mismatch("type mismatch with result type: " + m.getMessage());
      }
    }
  }

  static String valKind(ValType t) {
    return switch (t) {
      case PrimType p -> p.text();
      case RecordType r -> "record";
      case VariantType v -> "variant";
      case ListType l -> l.isFixed() ? "fixed-length list" : "list";
      case TupleType t2 -> "tuple";
      case FlagsType f -> "flags";
      case EnumType e -> "enum";
      case OptionType o -> "option";
      case ResultType r -> "result";
      case OwnType o -> "own";
      case BorrowType b -> "borrow";
      case StreamType s -> "stream";
      case FutureType f -> "future";
      case MapType m -> "map";
    };
  }

  /** Value types have no subtyping: this is equality, with a message saying where it fails. */
  static void val(ValType a, ValType b) throws Mismatch {
    if (a == b) {
      return;
    }
    if (a == null || b == null) {
      throw new Mismatch(b == null ? "expected no type, found " + valKind(a) : "expected " + valKind(b) + ", found none");
    }
    switch (b) {
      case PrimType bp -> {
        if (!(a instanceof PrimType ap)) {
          boolean nominal = a instanceof RecordType || a instanceof VariantType || a instanceof EnumType
              || a instanceof FlagsType;
          throw new Mismatch("expected " + (nominal ? "primitive" : bp.text()) + ", found " + valKind(a)
              + (nominal ? " (expected `" + bp.text() + "`)" : ""));
        }
        if (ap != bp) {
          throw new Mismatch("expected primitive `" + bp.text() + "` found primitive `" + ap.text() + "`");
        }
      }
      case RecordType br -> {
        if (!(a instanceof RecordType ar)) {
          throw new Mismatch("expected record, found " + valKind(a));
        }
        if (ar.fields().size() != br.fields().size()) {
          throw new Mismatch("expected " + br.fields().size() + " fields, found " + ar.fields().size());
        }
        for (int i = 0; i < ar.fields().size(); i++) {
          var af = ar.fields().get(i);
          var bf = br.fields().get(i);
          if (!af.label().equals(bf.label())) {
            throw new Mismatch("expected field name `" + bf.label() + "`, found `" + af.label() + "`");
          }
          try {
            val(af.type(), bf.type());
          } catch (Mismatch m) {
            throw new Mismatch("type mismatch in record field `" + af.label() + "`: " + m.getMessage());
          }
        }
      }
      case VariantType bv -> {
        if (!(a instanceof VariantType av)) {
          throw new Mismatch("expected variant, found " + valKind(a));
        }
        if (av.cases().size() != bv.cases().size()) {
          throw new Mismatch("expected " + bv.cases().size() + " cases, found " + av.cases().size());
        }
        for (int i = 0; i < av.cases().size(); i++) {
          var ac = av.cases().get(i);
          var bc = bv.cases().get(i);
          if (!ac.label().equals(bc.label())) {
            throw new Mismatch("expected case named `" + bc.label() + "`, found `" + ac.label() + "`");
          }
          if (bc.type() == null && ac.type() != null) {
            throw new Mismatch("expected case `" + ac.label() + "` to have no type");
          }
          if (bc.type() != null && ac.type() == null) {
            throw new Mismatch("expected case `" + ac.label() + "` to have a type, found none");
          }
          if (bc.type() != null) {
            try {
              val(ac.type(), bc.type());
            } catch (Mismatch m) {
              throw new Mismatch("type mismatch in variant case `" + ac.label() + "`: " + m.getMessage());
            }
          }
        }
      }
      case ListType bl -> {
        if (!(a instanceof ListType al) || al.fixedLength() != bl.fixedLength()) {
          throw new Mismatch("expected " + valKind(b) + ", found " + valKind(a));
        }
        val(al.element(), bl.element());
      }
      case TupleType bt -> {
        if (!(a instanceof TupleType at)) {
          throw new Mismatch("expected tuple, found " + valKind(a));
        }
        if (at.types().size() != bt.types().size()) {
          throw new Mismatch("expected " + bt.types().size() + " types, found " + at.types().size());
        }
        for (int i = 0; i < at.types().size(); i++) {
          try {
            val(at.types().get(i), bt.types().get(i));
          } catch (Mismatch m) {
            throw new Mismatch("type mismatch in tuple field " + i + ": " + m.getMessage());
          }
        }
      }
      case FlagsType bf -> {
        if (!(a instanceof FlagsType af)) {
          throw new Mismatch("expected flags, found " + valKind(a));
        }
        if (!af.labels().equals(bf.labels())) {
          throw new Mismatch("mismatch in flags elements");
        }
      }
      case EnumType be -> {
        if (!(a instanceof EnumType ae)) {
          throw new Mismatch("expected enum, found " + valKind(a));
        }
        if (!ae.labels().equals(be.labels())) {
          throw new Mismatch("mismatch in enum elements");
        }
      }
      case OptionType bo -> {
        if (!(a instanceof OptionType ao)) {
          throw new Mismatch("expected option, found " + valKind(a));
        }
        val(ao.type(), bo.type());
      }
      case ResultType br -> {
        if (!(a instanceof ResultType ar)) {
          throw new Mismatch("expected result, found " + valKind(a));
        }
        if (br.ok() == null && ar.ok() != null) {
          throw new Mismatch("expected ok type to not be present");
        }
        if (br.ok() != null && ar.ok() == null) {
          throw new Mismatch("expected ok type, but found none");
        }
        if (br.ok() != null) {
          try {
            val(ar.ok(), br.ok());
          } catch (Mismatch m) {
            throw new Mismatch("type mismatch in ok variant: " + m.getMessage());
          }
        }
        if (br.error() == null && ar.error() != null) {
          throw new Mismatch("expected err type to not be present");
        }
        if (br.error() != null && ar.error() == null) {
          throw new Mismatch("expected err type, but found none");
        }
        if (br.error() != null) {
          try {
            val(ar.error(), br.error());
          } catch (Mismatch m) {
            throw new Mismatch("type mismatch in err variant: " + m.getMessage());
          }
        }
      }
      case OwnType bo -> {
        if (!(a instanceof OwnType ao)) {
          throw new Mismatch("expected own, found " + valKind(a));
        }
        if (!ao.resource().equals(bo.resource())) {
          throw new Mismatch("resource types are not the same (" + ao.resource() + " vs. " + bo.resource() + ")");
        }
      }
      case BorrowType bb -> {
        if (!(a instanceof BorrowType ab)) {
          throw new Mismatch("expected borrow, found " + valKind(a));
        }
        if (!ab.resource().equals(bb.resource())) {
          throw new Mismatch("resource types are not the same (" + ab.resource() + " vs. " + bb.resource() + ")");
        }
      }
      case StreamType bs -> {
        if (!(a instanceof StreamType as)) {
          throw new Mismatch("expected stream, found " + valKind(a));
        }
        val(as.element(), bs.element());
      }
      case FutureType bf -> {
        if (!(a instanceof FutureType af)) {
          throw new Mismatch("expected future, found " + valKind(a));
        }
        val(af.element(), bf.element());
      }
      case MapType bm -> {
        if (!(a instanceof MapType am)) {
          throw new Mismatch("expected map, found " + valKind(a));
        }
        val(am.key(), bm.key());
        val(am.value(), bm.value());
      }
    }
  }

  /** Instance subtyping: every export of {@code b} is an export of {@code a} with a subtype. */
  static void instance(InstanceType a, InstanceType b) throws Mismatch {
    Map<ResourceType, ResourceType> mapping = new HashMap<>();
    if (!b.definedResources().isEmpty()) {
      infer(new ExternType.InstanceExtern(b), new ExternType.InstanceExtern(a), new HashSet<>(b.definedResources()), mapping);
    }
    Remap sub = mapping.isEmpty() ? null : Remap.substitute(mapping);
    for (var e : b.exports().entrySet()) {
      ExternType ae = a.exports().get(e.getKey());
      if (ae == null) {
        throw new Mismatch("missing expected export `" + e.getKey() + "`");
      }
      ExternType be = sub == null ? e.getValue() : sub.extern(e.getValue());
      try {
        extern(ae, be);
      } catch (Mismatch m) {
        throw new Mismatch("type mismatch in instance export `" + e.getKey() + "`: " + m.getMessage());
      }
    }
  }

  /**
   * Component subtyping: {@code a} may import less (each of its imports is one of {@code b}'s,
   * contravariantly) and export more (each export of {@code b} is one of {@code a}'s).
   */
  static void component(ComponentType a, ComponentType b) throws Mismatch {
    // a's resource parameters are bound by what b's imports provide
    Map<ResourceType, ResourceType> aMap = new HashMap<>();
    Set<ResourceType> aBound = new HashSet<>(a.importedResources());
    for (var e : a.imports().entrySet()) {
      ExternType bi = b.imports().get(e.getKey());
      if (bi == null) {
        throw new Mismatch("missing expected import `" + e.getKey() + "`");
      }
      if (!aBound.isEmpty()) {
        infer(e.getValue(), bi, aBound, aMap);
      }
    }
    Remap aSub = aMap.isEmpty() ? null : Remap.substitute(aMap);
    for (var e : a.imports().entrySet()) {
      ExternType ai = aSub == null ? e.getValue() : aSub.extern(e.getValue());
      try {
        extern(b.imports().get(e.getKey()), ai);
      } catch (Mismatch m) {
        throw new Mismatch("type mismatch in import `" + e.getKey() + "`: " + m.getMessage());
      }
    }
    // b's existential exports are bound by what a exports
    Map<ResourceType, ResourceType> bMap = new HashMap<>();
    Set<ResourceType> bBound = new HashSet<>(b.definedResources());
    for (var e : b.exports().entrySet()) {
      ExternType ae = a.exports().get(e.getKey());
      if (ae == null) {
        throw new Mismatch("missing expected export `" + e.getKey() + "`");
      }
      if (!bBound.isEmpty()) {
        infer(e.getValue(), aSub == null ? ae : aSub.extern(ae), bBound, bMap);
      }
    }
    Remap bSub = bMap.isEmpty() ? null : Remap.substitute(bMap);
    for (var e : b.exports().entrySet()) {
      ExternType ae = a.exports().get(e.getKey());
      ExternType ax = aSub == null ? ae : aSub.extern(ae);
      ExternType bx = bSub == null ? e.getValue() : bSub.extern(e.getValue());
      try {
        extern(ax, bx);
      } catch (Mismatch m) {
        throw new Mismatch("type mismatch in export `" + e.getKey() + "`: " + m.getMessage());
      }
    }
  }

  // ---- core ----

  /** Core module subtyping: {@code a} imports a subset of {@code b}'s imports and exports a superset. */
  static void module(CoreModuleType a, CoreModuleType b) throws Mismatch {
    for (CoreModuleType.Import ai : a.imports()) {
      CoreModuleType.Import bi = null;
      for (CoreModuleType.Import x : b.imports()) {
        if (x.module().equals(ai.module()) && x.name().equals(ai.name())) {
          bi = x;
          break;
        }
      }
      if (bi == null) {
        throw new Mismatch("missing expected import `" + ai.module() + "::" + ai.name() + "`");
      }
      try {
        coreExtern(bi.type(), ai.type());
      } catch (Mismatch m) {
        throw new Mismatch("type mismatch in import `" + ai.module() + "::" + ai.name() + "`: " + m.getMessage());
      }
    }
    for (CoreModuleType.Export be : b.exports()) {
      CoreModuleType.Export ae = null;
      for (CoreModuleType.Export x : a.exports()) {
        if (x.name().equals(be.name())) {
          ae = x;
          break;
        }
      }
      if (ae == null) {
        throw new Mismatch("missing expected export `" + be.name() + "`");
      }
      try {
        coreExtern(ae.type(), be.type());
      } catch (Mismatch m) {
        throw new Mismatch("type mismatch in export `" + be.name() + "`: " + m.getMessage());
      }
    }
  }

  static String coreKind(CoreModuleType.CoreExtern e) {
    return switch (e) {
      case CoreModuleType.CoreFunc f -> "func";
      case CoreModuleType.CoreTable t -> "table";
      case CoreModuleType.CoreMemory m -> "memory";
      case CoreModuleType.CoreGlobal g -> "global";
      case CoreModuleType.CoreTag t -> "tag";
    };
  }

  /** Core extern type matching (import matching of the core spec): {@code a <: b}. */
  static void coreExtern(CoreModuleType.CoreExtern a, CoreModuleType.CoreExtern b) throws Mismatch {
    if (!coreKind(a).equals(coreKind(b))) {
      throw new Mismatch("expected " + coreKind(b) + ", found " + coreKind(a));
    }
    switch (b) {
      case CoreModuleType.CoreFunc(CoreCompType.Func bf) -> {
        CoreCompType.Func af = ((CoreModuleType.CoreFunc) a).type();
        if (!CoreTypeKeys.current().matches(af, bf)) {
          throw new Mismatch("expected: " + coreFunc(bf) + "\nfound: " + coreFunc(af));
        }
      }
      case CoreModuleType.CoreTag(CoreCompType.Func bf) -> {
        CoreCompType.Func af = ((CoreModuleType.CoreTag) a).type();
        CoreTypeKeys keys = CoreTypeKeys.current();
        if (!(keys.matches(af, bf) && keys.matches(bf, af))) {
          throw new Mismatch("expected: " + coreFunc(bf) + "\nfound: " + coreFunc(af));
        }
      }
      case CoreModuleType.CoreGlobal(CoreExternType.Global bg) -> {
        CoreExternType.Global ag = ((CoreModuleType.CoreGlobal) a).type();
        if (ag.mutable() != bg.mutable()) {
          throw new Mismatch("global types differ in mutability");
        }
        if (ag.shared() != bg.shared()) {
          throw new Mismatch("global types differ in the shared flag");
        }
        if (bg.mutable() ? !ag.type().equals(bg.type()) : !valMatches(ag.type(), bg.type())) {
          throw new Mismatch("expected global type " + coreVal(bg.type()) + ", found " + coreVal(ag.type()));
        }
      }
      case CoreModuleType.CoreTable(CoreExternType.Table bt) -> {
        CoreExternType.Table at = ((CoreModuleType.CoreTable) a).type();
        if (!at.element().equals(bt.element())) {
          throw new Mismatch("expected table element type " + coreVal(bt.element()) + ", found " + coreVal(at.element()));
        }
        if (at.limits().is64() != bt.limits().is64()) {
          throw new Mismatch("mismatch in index type used for tables");
        }
        if (at.limits().shared() != bt.limits().shared()) {
          throw new Mismatch("mismatch in the shared flag for tables");
        }
        if (!limitsMatch(at.limits(), bt.limits())) {
          throw new Mismatch("mismatch in table limits");
        }
      }
      case CoreModuleType.CoreMemory(CoreExternType.Memory bm) -> {
        CoreExternType.Memory am = ((CoreModuleType.CoreMemory) a).type();
        if (am.limits().is64() != bm.limits().is64()) {
          throw new Mismatch("mismatch in index type used for memories");
        }
        if (am.limits().shared() != bm.limits().shared()) {
          throw new Mismatch("mismatch in the shared flag for memories");
        }
        if (!Objects.equals(pageSize(am.limits()), pageSize(bm.limits()))) {
          throw new Mismatch("mismatch in page size for memories");
        }
        if (!limitsMatch(am.limits(), bm.limits())) {
          throw new Mismatch("mismatch in memory limits");
        }
      }
    }
  }

  private static int pageSize(CoreExternType.Limits l) {
    return l.pageSizeLog2() == null ? 16 : l.pageSizeLog2();
  }

  static boolean limitsMatch(CoreExternType.Limits a, CoreExternType.Limits b) {
    if (Long.compareUnsigned(a.min(), b.min()) < 0) {
      return false;
    }
    if (b.max() == null) {
      return true;
    }
    return a.max() != null && Long.compareUnsigned(a.max(), b.max()) <= 0;
  }

  /** Core value type matching without a type context: abstract reference subtyping only. */
  static boolean valMatches(CoreValType a, CoreValType b) {
    if (a.equals(b)) {
      return true;
    }
    if (a instanceof CoreValType.Ref ar && b instanceof CoreValType.Ref br) {
      if (ar.nullable() && !br.nullable()) {
        return false;
      }
      if (ar.isConcrete() || br.isConcrete()) {
        return ar.isConcrete() && br.isConcrete() && ar.typeIndex() == br.typeIndex();
      }
      return heapSub(ar.heap(), br.heap());
    }
    return false;
  }

  private static boolean heapSub(int a, int b) {
    if (a == b) {
      return true;
    }
    return switch (b) {
      case CoreValType.Ref.ANY -> a == CoreValType.Ref.EQ || a == CoreValType.Ref.I31 || a == CoreValType.Ref.STRUCT
          || a == CoreValType.Ref.ARRAY || a == CoreValType.Ref.NONE;
      case CoreValType.Ref.EQ -> a == CoreValType.Ref.I31 || a == CoreValType.Ref.STRUCT || a == CoreValType.Ref.ARRAY
          || a == CoreValType.Ref.NONE;
      case CoreValType.Ref.I31, CoreValType.Ref.STRUCT, CoreValType.Ref.ARRAY -> a == CoreValType.Ref.NONE;
      case CoreValType.Ref.FUNC -> a == CoreValType.Ref.NOFUNC;
      case CoreValType.Ref.EXTERN -> a == CoreValType.Ref.NOEXTERN;
      case CoreValType.Ref.EXN -> a == CoreValType.Ref.NOEXN;
      default -> false;
    };
  }

  static String coreFunc(CoreCompType.Func f) {
    StringBuilder sb = new StringBuilder("(func");
    if (!f.params().isEmpty()) {
      sb.append(" (param");
      for (CoreValType v : f.params()) {
        sb.append(' ').append(coreVal(v));
      }
      sb.append(')');
    }
    if (!f.results().isEmpty()) {
      sb.append(" (result");
      for (CoreValType v : f.results()) {
        sb.append(' ').append(coreVal(v));
      }
      sb.append(')');
    }
    return sb.append(')').toString();
  }

  static String coreVal(CoreValType v) {
    return switch (v) {
      case CoreValType.Num n -> n.text();
      case CoreValType.Ref r -> {
        if (r.isConcrete()) {
          yield "(ref " + (r.nullable() ? "null " : "") + r.typeIndex() + ")";
        }
        String h = CoreValType.Ref.heapName(r.heap());
        if (h == null) {
          h = "0x" + Integer.toHexString(r.heap());
        }
        yield r.nullable() ? h + "ref" : "(ref " + h + ")";
      }
    };
  }

  static List<ResourceType> none() {
    return List.of();
  }
}
