// What the programs linked as reactors with their own _start (`// build: -mexec-model=reactor`:
// http-get.c, sockets.c) share: the import attribute of their hand-written Canonical ABI
// bindings, and the memory the host lowers lists into.
#ifndef TRELLIS_REACTOR_H
#define TRELLIS_REACTOR_H

#include <stddef.h>
#include <stdlib.h>

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))

// A reactor, because a command's exports are wrapped to run the C destructors (flushing stdio,
// an import call) after each call, and cabi_realloc must not call imports (the Canonical ABI
// traps: may_leave is false).
__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  (void)align;
  return realloc(ptr, new_size ? new_size : 1);
}

#endif
