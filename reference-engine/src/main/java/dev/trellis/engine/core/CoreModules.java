package dev.trellis.engine.core;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.SubType;
import com.dylibso.chicory.wasm.types.TableImport;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.TagImport;
import com.dylibso.chicory.wasm.types.TypeSection;
import com.dylibso.chicory.wasm.types.ValType;
import dev.trellis.engine.binary.Bytes;
import dev.trellis.engine.binary.CoreCompType;
import dev.trellis.engine.binary.CoreExternType;
import dev.trellis.engine.binary.CoreValType;
import dev.trellis.engine.error.InvalidException;
import dev.trellis.engine.error.MalformedException;
import dev.trellis.engine.types.CoreModuleType;
import dev.trellis.engine.types.CoreType;
import dev.trellis.engine.binary.CoreSubType;
import java.util.ArrayList;
import java.util.List;

/**
 * Core module inspection for validation: parses and validates an embedded core module with
 * Chicory and reports its {@link CoreModuleType} (imports and exports with their resolved
 * types). The only code of the validator that touches Chicory.
 *
 * <p>Every failure is a {@link MalformedException} (the bytes are not a module) or an
 * {@link InvalidException} (a module that breaks a core validation rule), located at the
 * offset of the module's section in the component; nothing else escapes.
 */
public final class CoreModules {
  private CoreModules() {}

  /**
   * A validated module: its type; whether it uses tags; its type index space (each sub type
   * with its rec group) and, for each function type object in {@code type} (by identity),
   * its index in that space, so that GC types can be compared across modules.
   */
  public record Inspection(CoreModuleType type, boolean usesTags, List<CoreType> typeSpace,
      java.util.Map<Object, Integer> typeIndexOf) {}

  /**
   * Parses and validates {@code module} (a complete core module binary, preamble included),
   * returning its type. {@code offset} is where it starts in the outermost binary, for errors.
   */
  public static Inspection inspect(Bytes module, long offset) {
    WasmModule m;
    try {
      m = Parser.builder().withValidation(true).build().parse(() -> new java.io.ByteArrayInputStream(module.unsafeArray()));
    } catch (com.dylibso.chicory.wasm.MalformedException e) {
      throw new MalformedException(offset, "malformed core module: " + message(e));
    } catch (com.dylibso.chicory.wasm.InvalidException e) {
      throw new InvalidException(offset, "invalid core module: " + message(e));
    } catch (com.dylibso.chicory.wasm.UnlinkableException | com.dylibso.chicory.wasm.UninstantiableException e) {
      throw new InvalidException(offset, "invalid core module: " + message(e));
    } catch (com.dylibso.chicory.wasm.ChicoryException e) {
      throw new MalformedException(offset, "malformed core module: " + message(e));
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      throw new MalformedException(offset, "malformed core module: " + e);
    }
    try {
      return describe(m);
    } catch (RuntimeException e) {
      throw new MalformedException(offset, "malformed core module: " + e);
    }
  }

  private static String message(Throwable e) {
    String msg = e.getMessage();
    while (msg == null && e.getCause() != null) {
      e = e.getCause();
      msg = e.getMessage();
    }
    return msg == null ? e.getClass().getSimpleName() : msg;
  }

  private static Inspection describe(WasmModule m) {
    TypeSection types = m.typeSection();
    java.util.Map<Object, Integer> typeIndexOf = new java.util.IdentityHashMap<>();
    List<CoreModuleType.Import> imports = new ArrayList<>();
    List<CoreModuleType.CoreExtern> funcs = new ArrayList<>();
    List<CoreModuleType.CoreExtern> tables = new ArrayList<>();
    List<CoreModuleType.CoreExtern> memories = new ArrayList<>();
    List<CoreModuleType.CoreExtern> globals = new ArrayList<>();
    List<CoreModuleType.CoreExtern> tags = new ArrayList<>();
    boolean usesTags = false;
    for (int i = 0; i < m.importSection().importCount(); i++) {
      Import imp = m.importSection().getImport(i);
      CoreModuleType.CoreExtern t;
      switch (imp) {
        case FunctionImport f -> {
          t = new CoreModuleType.CoreFunc(funcType(types, f.typeIndex(), typeIndexOf));
          funcs.add(t);
        }
        case TableImport ti -> {
          t = new CoreModuleType.CoreTable(table(ti.entryType(), ti.limits()));
          tables.add(t);
        }
        case MemoryImport mi -> {
          t = new CoreModuleType.CoreMemory(memory(mi.limits()));
          memories.add(t);
        }
        case GlobalImport gi -> {
          t = new CoreModuleType.CoreGlobal(new CoreExternType.Global(valType(gi.type()), gi.mutabilityType() == MutabilityType.Var, false));
          globals.add(t);
        }
        case TagImport tg -> {
          t = new CoreModuleType.CoreTag(funcType(types, tg.tagType().typeIdx(), typeIndexOf));
          tags.add(t);
          usesTags = true;
        }
        default -> throw new IllegalStateException("unknown import kind " + imp);
      }
      imports.add(new CoreModuleType.Import(imp.module(), imp.name(), t));
    }
    for (int i = 0; i < m.functionSection().functionCount(); i++) {
      funcs.add(new CoreModuleType.CoreFunc(funcType(types, m.functionSection().getFunctionType(i), typeIndexOf)));
    }
    for (int i = 0; i < m.tableSection().tableCount(); i++) {
      var t = m.tableSection().getTable(i);
      tables.add(new CoreModuleType.CoreTable(table(t.elementType(), t.limits())));
    }
    if (m.memorySection().isPresent()) {
      var ms = m.memorySection().get();
      for (int i = 0; i < ms.memoryCount(); i++) {
        memories.add(new CoreModuleType.CoreMemory(memory(ms.getMemory(i).limits())));
      }
    }
    for (int i = 0; i < m.globalSection().globalCount(); i++) {
      var g = m.globalSection().getGlobal(i);
      globals.add(new CoreModuleType.CoreGlobal(new CoreExternType.Global(valType(g.valueType()), g.mutabilityType() == MutabilityType.Var, false)));
    }
    if (m.tagSection().isPresent()) {
      var ts = m.tagSection().get();
      for (int i = 0; i < ts.tagCount(); i++) {
        tags.add(new CoreModuleType.CoreTag(funcType(types, ts.getTag(i).typeIdx(), typeIndexOf)));
        usesTags = true;
      }
    }
    List<CoreModuleType.Export> exports = new ArrayList<>();
    for (int i = 0; i < m.exportSection().exportCount(); i++) {
      Export e = m.exportSection().getExport(i);
      CoreModuleType.CoreExtern t = switch (e.exportType()) {
        case FUNCTION -> funcs.get(e.index());
        case TABLE -> tables.get(e.index());
        case MEMORY -> memories.get(e.index());
        case GLOBAL -> globals.get(e.index());
        case TAG -> tags.get(e.index());
      };
      exports.add(new CoreModuleType.Export(e.name(), t));
    }
    return new Inspection(new CoreModuleType(imports, exports), usesTags, typeSpace(types), typeIndexOf);
  }

  /** The module's types as the AST models them, each with its rec group. */
  private static List<CoreType> typeSpace(TypeSection types) {
    List<CoreType> out = new ArrayList<>();
    int next = 0;
    for (int g = 0; g < types.typeCount(); g++) {
      int size = types.getRecType(g).subTypes().length;
      for (int k = 0; k < size; k++) {
        SubType st = types.getSubType(next + k);
        List<Integer> supers = new ArrayList<>();
        for (int x : st.typeIdx()) {
          supers.add(x);
        }
        CoreSubType.Form form = st.isFinal()
            ? (supers.isEmpty() ? CoreSubType.Form.PLAIN : CoreSubType.Form.FINAL) : CoreSubType.Form.NON_FINAL;
        out.add(new CoreType.Sub(new CoreSubType(form, supers, comp(st.compType())), next, size));
      }
      next += size;
    }
    return out;
  }

  private static CoreCompType comp(com.dylibso.chicory.wasm.types.CompType c) {
    if (c.funcType() != null) {
      return new CoreCompType.Func(c.funcType().params().stream().map(CoreModules::valType).toList(),
          c.funcType().returns().stream().map(CoreModules::valType).toList());
    }
    if (c.structType() != null) {
      List<CoreCompType.FieldType> fs = new ArrayList<>();
      for (var f : c.structType().fieldTypes()) {
        fs.add(field(f));
      }
      return new CoreCompType.Struct(fs);
    }
    return new CoreCompType.Array(field(c.arrayType().fieldType()));
  }

  private static CoreCompType.FieldType field(com.dylibso.chicory.wasm.types.FieldType f) {
    var st = f.storageType();
    boolean mutable = f.mut() == MutabilityType.Var;
    if (st.packedType() != null) {
      int packed = st.packedType() == com.dylibso.chicory.wasm.types.PackedType.I8 ? 0x78 : 0x77;
      return new CoreCompType.FieldType(CoreValType.Num.I32, packed, mutable);
    }
    return new CoreCompType.FieldType(valType(st.valType()), 0, mutable);
  }

  private static CoreCompType.Func funcType(TypeSection types, int index, java.util.Map<Object, Integer> typeIndexOf) {
    CoreCompType.Func f = funcType(types, index);
    typeIndexOf.put(f, index);
    return f;
  }

  private static CoreCompType.Func funcType(TypeSection types, int index) {
    SubType st = types.getSubType(index);
    FunctionType ft = st.compType().funcType();
    if (ft == null) {
      throw new IllegalStateException("type " + index + " is not a function type");
    }
    List<CoreValType> params = new ArrayList<>();
    for (ValType v : ft.params()) {
      params.add(valType(v));
    }
    List<CoreValType> results = new ArrayList<>();
    for (ValType v : ft.returns()) {
      results.add(valType(v));
    }
    return new CoreCompType.Func(params, results);
  }

  /** Chicory's value type as the AST's: numbers by opcode, references by heap type. */
  static CoreValType valType(ValType v) {
    if (v.isReference()) {
      int idx = v.typeIdx();
      boolean nullable = v.isNullable();
      if (idx < 0) {
        return CoreValType.Ref.abs(nullable, idx & 0x7f);
      }
      return CoreValType.Ref.concrete(nullable, idx);
    }
    return switch (v.opcode()) {
      case 0x7f -> CoreValType.Num.I32;
      case 0x7e -> CoreValType.Num.I64;
      case 0x7d -> CoreValType.Num.F32;
      case 0x7c -> CoreValType.Num.F64;
      case 0x7b -> CoreValType.Num.V128;
      default -> throw new IllegalStateException("unknown value type " + v);
    };
  }

  private static CoreExternType.Table table(ValType element, TableLimits limits) {
    CoreValType.Ref ref = (CoreValType.Ref) valType(element);
    boolean hasMax = limits.max() != TableLimits.LIMIT_MAX;
    int flags = (hasMax ? 1 : 0) | (limits.shared() ? 2 : 0);
    return new CoreExternType.Table(ref, new CoreExternType.Limits(flags, limits.min(), hasMax ? limits.max() : null, null));
  }

  private static CoreExternType.Memory memory(MemoryLimits limits) {
    boolean hasMax = limits.maximumPages() != MemoryLimits.MAX_PAGES;
    int flags = (hasMax ? 1 : 0) | (limits.shared() ? 2 : 0);
    return new CoreExternType.Memory(new CoreExternType.Limits(flags, limits.initialPages(), hasMax ? (long) limits.maximumPages() : null, null));
  }
}
