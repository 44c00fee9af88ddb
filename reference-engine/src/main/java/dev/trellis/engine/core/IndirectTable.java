package dev.trellis.engine.core;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TypeSection;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A funcref table that makes {@code call_indirect} across module instances check types the way
 * the spec does.
 *
 * <p>Chicory 1.7.5 checks an indirect call's type index against the type section of the
 * module that <em>defined</em> the callee, not the caller's. When a table is shared (a shim
 * module calls through a table another module fills — the pattern toolchains emit for lowered
 * imports and for resource destructors), the indices of two unrelated type sections get
 * compared and valid calls trap. This table knows which module calls through it (found by
 * scanning the code for {@code call_indirect}); an entry of another instance is presented to it
 * as function 0 of a small trampoline instance whose type section is a copy of the caller's,
 * typed with the caller's own index of the callee's type. Chicory's check then compares the
 * caller's index with an index of the caller's section: the spec's check, including a trap
 * for a genuine mismatch. The trampoline forwards to the real function.
 */
final class IndirectTable extends TableInstance {
  private WasmModule caller;
  private byte[] callerTypes;
  private boolean ambiguous;
  private final Map<Instance, Map<Integer, Instance>> trampolines = new IdentityHashMap<>();

  private final int maxElements;

  IndirectTable(Table table, int initialRef) {
    this(table, initialRef, Integer.MAX_VALUE);
  }

  /** A table that never grows past {@code maxElements} entries (a store's limit). */
  IndirectTable(Table table, int initialRef, int maxElements) {
    super(table, initialRef);
    this.maxElements = maxElements;
  }

  @Override
  public int grow(int size, int value, Instance instance) {
    if (size < 0 || (long) size() + size > maxElements) {
      return -1;
    }
    return super.grow(size, value, instance);
  }

  /** Records that {@code module} (whose raw type section is {@code rawTypes}) calls indirectly through this table. */
  void registerCaller(WasmModule module, byte[] rawTypes) {
    if (caller == null) {
      caller = module;
      callerTypes = rawTypes;
    } else if (caller != module && !java.util.Arrays.equals(callerTypes, rawTypes)) {
      ambiguous = true; // callers with different type sections: leave Chicory's behaviour alone
    }
  }

  @Override
  public int ref(int index) {
    int r = super.ref(index);
    return translated(index, r) == null ? r : 0;
  }

  @Override
  public int requiredRef(int index) {
    int r = super.requiredRef(index);
    return translated(index, r) == null ? r : 0;
  }

  @Override
  public Instance instance(int index) {
    Instance i = super.instance(index);
    int r = super.ref(index);
    Instance t = translated(index, r);
    return t == null ? i : t;
  }

  /** The trampoline standing for entry {@code index} (holding {@code funcIdx}), or null to use the entry itself. */
  private Instance translated(int index, int funcIdx) {
    if (caller == null || ambiguous || funcIdx < 0) {
      return null;
    }
    Instance owner = super.instance(index);
    if (owner == null || owner.module() == caller) {
      return null;
    }
    return trampolines.computeIfAbsent(owner, k -> new HashMap<>()).computeIfAbsent(funcIdx, f -> trampoline(owner, f));
  }

  private Instance trampoline(Instance owner, int funcIdx) {
    int calleeType = owner.functionType(funcIdx);
    Prepared p = prepared(owner.module(), calleeType);
    if (p == null) {
      return null;
    }
    Machine target = new Machine(owner, funcIdx);
    return Instance.builder(p.module())
        .withImportValues(ImportValues.builder()
            .addFunction(new HostFunction("", "f", p.type(), (inst, args) -> target.call(args)))
            .build())
        .build();
  }

  /** A parsed trampoline module and the callee type it imports; the same for every instance. */
  private record Prepared(WasmModule module, FunctionType type) {}

  /**
   * Trampoline modules by caller module, callee module and callee type index. They depend on
   * the modules only, so a component instantiated again (a fresh instance per request) reuses
   * them instead of parsing them anew. Modules are compared by identity (WasmModule's own
   * equals and hashCode walk its whole code) and held weakly, so entries go with their component.
   */
  private static final ModuleCache<ModuleCache<Map<Integer, Optional<Prepared>>>> PREPARED = new ModuleCache<>();

  private Prepared prepared(WasmModule calleeModule, int calleeType) {
    ModuleCache<Map<Integer, Optional<Prepared>>> byCallee = PREPARED.get(caller, ModuleCache::new);
    Map<Integer, Optional<Prepared>> byType = byCallee.get(calleeModule, ConcurrentHashMap::new);
    return byType.computeIfAbsent(calleeType, t -> Optional.ofNullable(prepare(calleeModule, t))).orElse(null);
  }

  /** Values by module identity, the modules held weakly. */
  static final class ModuleCache<V> {
    private record Entry<V>(java.lang.ref.WeakReference<WasmModule> module, V value) {}

    private final Map<Integer, java.util.List<Entry<V>>> entries = new HashMap<>();

    synchronized V get(WasmModule m, java.util.function.Supplier<V> create) {
      java.util.List<Entry<V>> bucket = entries.computeIfAbsent(System.identityHashCode(m), k -> new java.util.ArrayList<>(1));
      for (Entry<V> e : bucket) {
        if (e.module().get() == m) {
          return e.value();
        }
      }
      bucket.removeIf(e -> e.module().get() == null);
      V v = create.get();
      bucket.add(new Entry<>(new java.lang.ref.WeakReference<>(m), v));
      return v;
    }
  }

  private Prepared prepare(WasmModule calleeModule, int calleeType) {
    TypeSection calleeTypes = calleeModule.typeSection();
    TypeSection callerSection = caller.typeSection();
    int k = -1;
    for (int i = 0; i < callerSection.subTypeCount() && k < 0; i++) {
      try {
        if (TypeSection.crossModuleCanonicallyEquivalent(callerSection, i, calleeTypes, calleeType)) {
          k = i;
        }
      } catch (RuntimeException e) {
        // not a function type, or one Chicory cannot compare: not a match
      }
    }
    byte[] types = callerTypes;
    FunctionType ft = calleeTypes.getType(calleeType);
    if (k < 0) {
      // No caller type matches, so every call must trap: type the trampoline with an appended
      // copy of the callee's type, which none of the caller's indices can equal.
      if (!simple(ft)) {
        return null;
      }
      k = callerSection.subTypeCount();
      types = appendType(callerTypes, ft);
    }
    return new Prepared(Parser.parse(trampolineModule(types, k)), ft);
  }

  private record Machine(Instance owner, int funcIdx) {
    long[] call(long[] args) {
      return owner.getMachine().call(funcIdx, args);
    }
  }

  private static boolean simple(FunctionType ft) {
    return ft.params().stream().allMatch(ValType::isNumeric) && ft.returns().stream().allMatch(ValType::isNumeric);
  }

  /** {@code (module (type …caller's types…) (import "" "f" (func (type k))) (export "f" (func 0)))}. */
  private static byte[] trampolineModule(byte[] rawTypes, int k) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    section(out, 1, rawTypes);
    ByteArrayOutputStream imp = new ByteArrayOutputStream();
    leb(imp, 1);
    name(imp, "");
    name(imp, "f");
    imp.write(0x00);
    leb(imp, k);
    section(out, 2, imp.toByteArray());
    ByteArrayOutputStream exp = new ByteArrayOutputStream();
    leb(exp, 1);
    name(exp, "f");
    exp.write(0x00);
    leb(exp, 0);
    section(out, 7, exp.toByteArray());
    return out.toByteArray();
  }

  /** The raw type section (count + entries) with one more plain function type appended. */
  private static byte[] appendType(byte[] raw, FunctionType ft) {
    int[] pos = {0};
    long count = readLeb(raw, pos);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    leb(out, count + 1);
    out.write(raw, pos[0], raw.length - pos[0]);
    out.write(0x60);
    leb(out, ft.params().size());
    for (ValType v : ft.params()) {
      valType(out, v);
    }
    leb(out, ft.returns().size());
    for (ValType v : ft.returns()) {
      valType(out, v);
    }
    return out.toByteArray();
  }

  private static void valType(ByteArrayOutputStream out, ValType v) {
    out.write(v.opcode());
  }

  static long readLeb(byte[] b, int[] pos) {
    long r = 0;
    int shift = 0;
    while (true) {
      int x = b[pos[0]++] & 0xff;
      r |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        return r;
      }
      shift += 7;
    }
  }

  static void leb(ByteArrayOutputStream out, long v) {
    do {
      int x = (int) (v & 0x7f);
      v >>>= 7;
      out.write(v != 0 ? x | 0x80 : x);
    } while (v != 0);
  }

  private static void name(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    leb(out, b.length);
    out.writeBytes(b);
  }

  private static void section(ByteArrayOutputStream out, int id, byte[] payload) {
    out.write(id);
    leb(out, payload.length);
    out.writeBytes(payload);
  }

  /** The payload of section {@code id} of a core module binary, or an empty type vector. */
  static byte[] rawSection(byte[] module, int id) {
    int[] pos = {8};
    while (pos[0] < module.length) {
      int sid = module[pos[0]++] & 0xff;
      int size = (int) readLeb(module, pos);
      if (sid == id) {
        return java.util.Arrays.copyOfRange(module, pos[0], pos[0] + size);
      }
      pos[0] += size;
    }
    return new byte[] {0};
  }
}
