package dev.trellis.engine.error;

/**
 * Why execution trapped. Core Wasm traps keep their spec names; the Component Model adds the
 * Canonical ABI's trap conditions (CanonicalABI.md), each named after the check that fails.
 */
public enum TrapKind {
  // Core WebAssembly
  UNREACHABLE("unreachable"),
  MEMORY_OUT_OF_BOUNDS("out of bounds memory access"),
  TABLE_OUT_OF_BOUNDS("out of bounds table access"),
  INDIRECT_CALL_TYPE_MISMATCH("indirect call type mismatch"),
  UNINITIALIZED_ELEMENT("uninitialized element"),
  INTEGER_DIVIDE_BY_ZERO("integer divide by zero"),
  INTEGER_OVERFLOW("integer overflow"),
  INVALID_CONVERSION_TO_INTEGER("invalid conversion to integer"),
  STACK_OVERFLOW("call stack exhausted"),
  NULL_REFERENCE("null reference"),
  UNCAUGHT_EXCEPTION("uncaught exception"),

  // Canonical ABI: values
  UNALIGNED_POINTER("unaligned pointer"),
  POINTER_OUT_OF_BOUNDS("pointer out of bounds of memory"),
  STRING_OUT_OF_BOUNDS("string pointer/length out of bounds of memory"),
  LIST_OUT_OF_BOUNDS("list pointer/length out of bounds of memory"),
  /** A string's bytes run past memory while transcoding between two components (Wasmtime's adapter wording). */
  STRING_CONTENT_OUT_OF_BOUNDS("string content out-of-bounds"),
  /** A list's bytes run past memory while copying between two components (Wasmtime's adapter wording). */
  LIST_CONTENT_OUT_OF_BOUNDS("list content out-of-bounds"),
  LIST_TOO_LONG("list byte length too long"),
  INVALID_UTF8("invalid utf-8"),
  INVALID_UTF16("invalid utf-16"),
  INVALID_CHAR("invalid `char` bit pattern"),
  INVALID_BOOL("invalid bool"),
  INVALID_DISCRIMINANT("invalid variant discriminant"),
  INVALID_FLAGS("invalid flags"),
  STRING_TOO_LONG("string content too long"),
  REALLOC_FAILED("realloc return value invalid"),
  REALLOC_OUT_OF_BOUNDS("realloc return: beyond end of memory"),
  REALLOC_UNALIGNED("realloc return: result not aligned"),

  // Canonical ABI: resources and handles
  INVALID_HANDLE("unknown handle index"),
  HANDLE_TYPE_MISMATCH("handle type mismatch"),
  HANDLE_LENT("cannot remove owned resource while borrowed"),
  BORROW_NOT_DROPPED("borrow handles still remain at the end of the call"),
  NOT_OWNER("not the owner of the resource"),
  HANDLE_TABLE_FULL("handle table full"),
  HANDLE_MOVED("resource handle already moved or dropped"),

  // Canonical ABI: task and instance state
  CANNOT_LEAVE("cannot leave component instance"),
  CANNOT_ENTER("cannot enter component instance"),
  POST_RETURN_TRAP("post-return"),
  INSTANCE_POISONED("component instance is poisoned after a trap"),
  ASYNC_UNSUPPORTED("async operation not supported"),
  /** A trap the Canonical ABI's pseudo-code raises without a more specific name (e.g. {@code task.return} twice). */
  CANON_ABI("canonical ABI trap"),

  // Host-imposed limits
  DEADLINE_EXCEEDED("deadline exceeded"),
  FUEL_EXHAUSTED("all fuel consumed"),
  MEMORY_LIMIT("memory limit exceeded"),
  HOST_ERROR("host function failed"),
  EXIT("exit");

  private final String message;

  TrapKind(String message) {
    this.message = message;
  }

  /** The spec's (or core Wasm's) wording, which `assert_trap` expectations quote. */
  public String message() {
    return message;
  }
}
