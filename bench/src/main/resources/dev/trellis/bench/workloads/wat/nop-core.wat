;; nop.wat's core module on its own: the same memory and function, for core-only runtimes and
;; for the component/core ratio.
(module
  (memory (export "memory") 1)
  (func (export "nop")))
