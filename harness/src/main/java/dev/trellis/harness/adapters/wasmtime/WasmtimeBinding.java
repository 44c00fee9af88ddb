package dev.trellis.harness.adapters.wasmtime;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Functions of Wasmtime 49's C API bound through the FFM API from one library: the adapter
 * ({@link WasmtimeNative}) and the benchmarks' driver each bind the functions they call on top
 * of this, which finds the symbols and reads Wasmtime's errors.
 */
public abstract class WasmtimeBinding {
  /** {@code wasm_byte_vec_t} / {@code wasm_name_t}: {size_t size; char *data}. */
  static final long BYTE_VEC = 16;

  final Path path;
  private final SymbolLookup lookup;
  private final Linker linker = Linker.nativeLinker();

  final MethodHandle errorMessage;
  final MethodHandle errorDelete;
  final MethodHandle byteVecDelete;

  protected WasmtimeBinding(Path library) {
    this.path = library;
    this.lookup = SymbolLookup.libraryLookup(library, Arena.global());
    errorMessage = proc("wasmtime_error_message", ADDRESS, ADDRESS);
    errorDelete = proc("wasmtime_error_delete", ADDRESS);
    byteVecDelete = proc("wasm_byte_vec_delete", ADDRESS);
  }

  /** The function {@code name}, returning {@code result}. */
  protected final MethodHandle fn(String name, MemoryLayout result, MemoryLayout... args) {
    return linker.downcallHandle(symbol(name), FunctionDescriptor.of(result, args));
  }

  /** The function {@code name}, returning nothing. */
  protected final MethodHandle proc(String name, MemoryLayout... args) {
    return linker.downcallHandle(symbol(name), FunctionDescriptor.ofVoid(args));
  }

  private MemorySegment symbol(String name) {
    return lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError(
        "symbol " + name + " not found in " + path + " (Trellis binds Wasmtime 49's C API)"));
  }

  /** Reads and frees a {@code wasmtime_error_t}, returning its message ({@code null} stays null). */
  public final String takeError(MemorySegment error) {
    if (error.equals(MemorySegment.NULL)) {
      return null;
    }
    try (Arena a = Arena.ofConfined()) {
      MemorySegment name = a.allocate(BYTE_VEC, 8);
      errorMessage.invokeExact(error, name);
      String msg = readName(name);
      byteVecDelete.invokeExact(name);
      return msg;
    } catch (Throwable t) {
      throw rethrow(t);
    } finally {
      deleteError(error);
    }
  }

  final void deleteError(MemorySegment error) {
    try {
      errorDelete.invokeExact(error);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** A {@code wasm_name_t} (size, data) read as UTF-8. */
  static String readName(MemorySegment name) {
    long size = name.get(JAVA_LONG, 0);
    MemorySegment data = name.get(ADDRESS, 8);
    if (size == 0 || data.equals(MemorySegment.NULL)) {
      return "";
    }
    byte[] bytes = data.reinterpret(size).toArray(JAVA_BYTE);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Throws what a downcall threw: unchecked as it is, anything else wrapped. */
  public static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }
}
