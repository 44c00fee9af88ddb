package dev.trellis.harness.adapters.wasmtime;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Wasmtime's C API ({@code wasm.h}, {@code wasmtime.h}, {@code wasmtime/component/*.h},
 * {@code wasi.h}; Wasmtime 49) bound through the FFM API. Only the functions the adapter
 * calls are bound. Struct layouts follow the headers for x86-64/aarch64 (LP64):
 * {@code size_t} and pointers are 8 bytes.
 */
final class WasmtimeNative extends WasmtimeBinding {
  // Layouts (bytes) of the C structs the adapter reads or writes.
  /** {@code wasmtime_val_t}: uint8 kind; union (24 bytes, 8-aligned) at offset 8. */
  static final long CORE_VAL = 32;
  /** {@code wasmtime_extern_t}: uint8 kind; union at 8; {@code wasmtime_func_t} is its first 16 bytes. */
  static final long EXTERN = 32;
  /** {@code wasmtime_instance_t}: {uint64 store_id; size_t index}. */
  static final long INSTANCE = 16;
  /** {@code wasmtime_component_instance_t}: {uint64 store_id; uint32 index}. */
  static final long COMPONENT_INSTANCE = 16;
  /** {@code wasmtime_component_func_t}: opaque, 32 bytes. */
  static final long COMPONENT_FUNC = 32;
  /** {@code wasmtime_component_val_t}: uint8 kind; union (24 bytes) at 8. */
  static final long COMPONENT_VAL = 32;
  /** {@code wasmtime_component_valrecord_entry_t}: wasm_name_t name; wasmtime_component_val_t val. */
  static final long RECORD_ENTRY = BYTE_VEC + COMPONENT_VAL;
  static final long VAL_PAYLOAD = 8;
  /** {@code wasmtime_component_valtype_t}: uint8 kind; union of pointers at 8. */
  static final long COMPONENT_VALTYPE = 16;

  // wasm.h value kinds, and wasmtime_valkind_t.
  static final int WASM_I32 = 0;
  static final int WASM_I64 = 1;
  static final int WASM_F32 = 2;
  static final int WASM_F64 = 3;

  // wasmtime_component_valkind_t (wasmtime/component/val.h).
  static final int C_BOOL = 0;
  static final int C_S8 = 1;
  static final int C_U8 = 2;
  static final int C_S16 = 3;
  static final int C_U16 = 4;
  static final int C_S32 = 5;
  static final int C_U32 = 6;
  static final int C_S64 = 7;
  static final int C_U64 = 8;
  static final int C_F32 = 9;
  static final int C_F64 = 10;
  static final int C_CHAR = 11;
  static final int C_STRING = 12;
  static final int C_LIST = 13;
  static final int C_RECORD = 14;
  static final int C_TUPLE = 15;
  static final int C_VARIANT = 16;
  static final int C_ENUM = 17;
  static final int C_OPTION = 18;
  static final int C_RESULT = 19;
  static final int C_FLAGS = 20;
  static final int C_RESOURCE = 21;


  // wasm.h / wasmtime.h: engine, config, store
  final MethodHandle configNew;
  final MethodHandle configComponentModel;
  final MethodHandle configComponentModelAsync;
  final MethodHandle configComponentModelAsyncBuiltins;
  final MethodHandle configComponentModelAsyncStackful;
  final MethodHandle configComponentModelMap;
  final MethodHandle configComponentModelImplements;
  final MethodHandle configConcurrencySupport;
  final MethodHandle configEpochInterruption;
  final MethodHandle engineNewWithConfig;
  final MethodHandle engineDelete;
  final MethodHandle engineIncrementEpoch;
  final MethodHandle storeNew;
  final MethodHandle storeContext;
  final MethodHandle storeDelete;
  final MethodHandle contextSetEpochDeadline;
  final MethodHandle contextSetWasi;

  // errors and traps
  final MethodHandle errorExitStatus;
  final MethodHandle byteVecNew;
  final MethodHandle trapMessage;
  final MethodHandle trapDelete;

  // core modules
  final MethodHandle moduleNew;
  final MethodHandle moduleDelete;
  final MethodHandle linkerNew;
  final MethodHandle linkerDelete;
  final MethodHandle linkerInstantiate;
  final MethodHandle instanceExportGet;
  final MethodHandle externDelete;
  final MethodHandle funcType;
  final MethodHandle functypeParams;
  final MethodHandle functypeResults;
  final MethodHandle functypeDelete;
  final MethodHandle valtypeKind;
  final MethodHandle funcCall;

  // components
  final MethodHandle componentNew;
  final MethodHandle componentDelete;
  final MethodHandle componentType;
  final MethodHandle componentTypeDelete;
  final MethodHandle componentTypeExportCount;
  final MethodHandle componentTypeExportNth;
  final MethodHandle componentExternDelete;
  final MethodHandle componentLinkerNew;
  final MethodHandle componentLinkerDelete;
  final MethodHandle componentLinkerAddWasip2;
  final MethodHandle componentInstanceGetExportIndex;
  final MethodHandle componentExportIndexDelete;
  final MethodHandle componentInstanceGetFunc;
  final MethodHandle componentFuncCallAsync;
  final MethodHandle componentLinkerInstantiateAsync;
  final MethodHandle callFuturePoll;
  final MethodHandle callFutureDelete;
  final MethodHandle componentValDelete;
  final MethodHandle componentFuncType;
  final MethodHandle componentFuncTypeDelete;
  final MethodHandle componentFuncTypeParamCount;
  final MethodHandle componentFuncTypeResult;
  final MethodHandle componentValtypeDelete;

  // wasi.h
  final MethodHandle wasiConfigNew;
  final MethodHandle wasiConfigDelete;
  final MethodHandle wasiConfigSetArgv;
  final MethodHandle wasiConfigSetEnv;
  final MethodHandle wasiConfigSetStdinBytes;
  final MethodHandle wasiConfigSetStdoutFile;
  final MethodHandle wasiConfigSetStderrFile;
  final MethodHandle wasiConfigPreopenDir;
  final MethodHandle wasiConfigInheritNetwork;
  final MethodHandle wasiConfigAllowIpNameLookup;
  final MethodHandle componentLinkerAddWasiHttp;
  final MethodHandle contextSetWasiHttp;

  WasmtimeNative(Path library) {
    super(library);

    configNew = fn("wasm_config_new", ADDRESS);
    configComponentModel = proc("wasmtime_config_wasm_component_model_set", ADDRESS, JAVA_BOOLEAN);
    configComponentModelAsync = proc("wasmtime_config_wasm_component_model_async_set", ADDRESS, JAVA_BOOLEAN);
    configComponentModelAsyncBuiltins = proc("wasmtime_config_wasm_component_model_more_async_builtins_set", ADDRESS, JAVA_BOOLEAN);
    configComponentModelAsyncStackful = proc("wasmtime_config_wasm_component_model_async_stackful_set", ADDRESS, JAVA_BOOLEAN);
    configComponentModelMap = proc("wasmtime_config_wasm_component_model_map_set", ADDRESS, JAVA_BOOLEAN);
    configComponentModelImplements = proc("wasmtime_config_wasm_component_model_implements_set", ADDRESS, JAVA_BOOLEAN);
    configConcurrencySupport = proc("wasmtime_config_concurrency_support_set", ADDRESS, JAVA_BOOLEAN);
    configEpochInterruption = proc("wasmtime_config_epoch_interruption_set", ADDRESS, JAVA_BOOLEAN);
    engineNewWithConfig = fn("wasm_engine_new_with_config", ADDRESS, ADDRESS);
    engineDelete = proc("wasm_engine_delete", ADDRESS);
    engineIncrementEpoch = proc("wasmtime_engine_increment_epoch", ADDRESS);
    storeNew = fn("wasmtime_store_new", ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    storeContext = fn("wasmtime_store_context", ADDRESS, ADDRESS);
    storeDelete = proc("wasmtime_store_delete", ADDRESS);
    contextSetEpochDeadline = proc("wasmtime_context_set_epoch_deadline", ADDRESS, JAVA_LONG);
    contextSetWasi = fn("wasmtime_context_set_wasi", ADDRESS, ADDRESS, ADDRESS);

    errorExitStatus = fn("wasmtime_error_exit_status", JAVA_BOOLEAN, ADDRESS, ADDRESS);
    byteVecNew = proc("wasm_byte_vec_new", ADDRESS, JAVA_LONG, ADDRESS);
    trapMessage = proc("wasm_trap_message", ADDRESS, ADDRESS);
    trapDelete = proc("wasm_trap_delete", ADDRESS);

    moduleNew = fn("wasmtime_module_new", ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
    moduleDelete = proc("wasmtime_module_delete", ADDRESS);
    linkerNew = fn("wasmtime_linker_new", ADDRESS, ADDRESS);
    linkerDelete = proc("wasmtime_linker_delete", ADDRESS);
    linkerInstantiate = fn("wasmtime_linker_instantiate", ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    instanceExportGet = fn("wasmtime_instance_export_get", JAVA_BOOLEAN, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
    externDelete = proc("wasmtime_extern_delete", ADDRESS);
    funcType = fn("wasmtime_func_type", ADDRESS, ADDRESS, ADDRESS);
    functypeParams = fn("wasm_functype_params", ADDRESS, ADDRESS);
    functypeResults = fn("wasm_functype_results", ADDRESS, ADDRESS);
    functypeDelete = proc("wasm_functype_delete", ADDRESS);
    valtypeKind = fn("wasm_valtype_kind", JAVA_BYTE, ADDRESS);
    funcCall = fn("wasmtime_func_call", ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS);

    componentNew = fn("wasmtime_component_new", ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
    componentDelete = proc("wasmtime_component_delete", ADDRESS);
    componentType = fn("wasmtime_component_type", ADDRESS, ADDRESS);
    componentTypeDelete = proc("wasmtime_component_type_delete", ADDRESS);
    componentTypeExportCount = fn("wasmtime_component_type_export_count", JAVA_LONG, ADDRESS, ADDRESS);
    componentTypeExportNth = fn("wasmtime_component_type_export_nth", JAVA_BOOLEAN, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS);
    componentExternDelete = proc("wasmtime_component_extern_delete", ADDRESS);
    componentLinkerNew = fn("wasmtime_component_linker_new", ADDRESS, ADDRESS);
    componentLinkerDelete = proc("wasmtime_component_linker_delete", ADDRESS);
    componentLinkerAddWasip2 = fn("wasmtime_component_linker_add_wasip2", ADDRESS, ADDRESS);
    componentInstanceGetExportIndex = fn("wasmtime_component_instance_get_export_index", ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
    componentExportIndexDelete = proc("wasmtime_component_export_index_delete", ADDRESS);
    componentInstanceGetFunc = fn("wasmtime_component_instance_get_func", JAVA_BOOLEAN, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    componentFuncCallAsync = fn("wasmtime_component_func_call_async", ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS,
        JAVA_LONG, ADDRESS);
    componentLinkerInstantiateAsync = fn("wasmtime_component_linker_instantiate_async", ADDRESS, ADDRESS, ADDRESS, ADDRESS,
        ADDRESS, ADDRESS);
    callFuturePoll = fn("wasmtime_call_future_poll", JAVA_BOOLEAN, ADDRESS);
    callFutureDelete = proc("wasmtime_call_future_delete", ADDRESS);
    componentValDelete = proc("wasmtime_component_val_delete", ADDRESS);
    componentFuncType = fn("wasmtime_component_func_type", ADDRESS, ADDRESS, ADDRESS);
    componentFuncTypeDelete = proc("wasmtime_component_func_type_delete", ADDRESS);
    componentFuncTypeParamCount = fn("wasmtime_component_func_type_param_count", JAVA_LONG, ADDRESS);
    componentFuncTypeResult = fn("wasmtime_component_func_type_result", JAVA_BOOLEAN, ADDRESS, ADDRESS);
    componentValtypeDelete = proc("wasmtime_component_valtype_delete", ADDRESS);

    wasiConfigNew = fn("wasi_config_new", ADDRESS);
    wasiConfigDelete = proc("wasi_config_delete", ADDRESS);
    wasiConfigSetArgv = fn("wasi_config_set_argv", JAVA_BOOLEAN, ADDRESS, JAVA_LONG, ADDRESS);
    wasiConfigSetEnv = fn("wasi_config_set_env", JAVA_BOOLEAN, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS);
    wasiConfigSetStdinBytes = proc("wasi_config_set_stdin_bytes", ADDRESS, ADDRESS);
    wasiConfigSetStdoutFile = fn("wasi_config_set_stdout_file", JAVA_BOOLEAN, ADDRESS, ADDRESS);
    wasiConfigSetStderrFile = fn("wasi_config_set_stderr_file", JAVA_BOOLEAN, ADDRESS, ADDRESS);
    wasiConfigPreopenDir = fn("wasi_config_preopen_dir", JAVA_BOOLEAN, ADDRESS, ADDRESS, ADDRESS, JAVA_BOOLEAN);
    wasiConfigInheritNetwork = proc("wasi_config_inherit_network", ADDRESS);
    wasiConfigAllowIpNameLookup = proc("wasi_config_allow_ip_name_lookup", ADDRESS, JAVA_BOOLEAN);
    componentLinkerAddWasiHttp = fn("wasmtime_component_linker_add_wasi_http", ADDRESS, ADDRESS);
    contextSetWasiHttp = proc("wasmtime_context_set_wasi_http", ADDRESS);
  }

  // ---- helpers over the bound functions -------------------------------------------------

  /**
   * Drives a {@code wasmtime_call_future_t} to completion and frees it; returns the error the
   * call reported through {@code errorOut} (or NULL). Wasmtime's async entry points are used for
   * every component call: calling an async-lifted export through the synchronous API makes
   * Wasmtime 49 panic, which would abort the JVM.
   */
  MemorySegment await(MemorySegment future, MemorySegment errorOut) {
    try {
      if (!future.equals(MemorySegment.NULL)) {
        try {
          while (!(boolean) callFuturePoll.invokeExact(future)) {
            Thread.onSpinWait();
          }
        } finally {
          callFutureDelete.invokeExact(future);
        }
      }
      return errorOut.get(ADDRESS, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** The exit status an error carries when the guest called {@code wasi:cli/exit}, else null. */
  Integer exitStatus(MemorySegment error) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment status = a.allocate(4, 4);
      boolean has = (boolean) errorExitStatus.invokeExact(error, status);
      return has ? status.get(java.lang.foreign.ValueLayout.JAVA_INT, 0) : null;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Reads and frees a {@code wasm_trap_t}. */
  String takeTrap(MemorySegment trap) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment msg = a.allocate(BYTE_VEC, 8);
      trapMessage.invokeExact(trap, msg);
      String s = readName(msg);
      byteVecDelete.invokeExact(msg);
      trapDelete.invokeExact(trap);
      // wasm_message_t includes the terminating NUL.
      return s.endsWith("\0") ? s.substring(0, s.length() - 1) : s;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Writes a {@code wasm_name_t} pointing at a UTF-8 copy of {@code s} in {@code arena}. */
  static void writeName(MemorySegment at, long offset, String s, Arena arena) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    MemorySegment data = bytes.length == 0 ? MemorySegment.NULL : arena.allocate(bytes.length, 1);
    if (bytes.length > 0) {
      MemorySegment.copy(bytes, 0, data, JAVA_BYTE, 0, bytes.length);
    }
    at.set(JAVA_LONG, offset, bytes.length);
    at.set(ADDRESS, offset + 8, data);
  }

  static MemorySegment bytes(Arena arena, byte[] b) {
    MemorySegment seg = arena.allocate(Math.max(1, b.length), 1);
    MemorySegment.copy(b, 0, seg, JAVA_BYTE, 0, b.length);
    return seg;
  }
}
