;; The smallest useful component: one core module with one 64 KiB page of linear memory and a
;; function that does nothing, lifted as `nop: func()`. The call and instantiate benchmarks'
;; floor, and the density workload (idle instances of it).
(component
  (core module $M
    (memory (export "memory") 1)
    (func (export "nop")))
  (core instance $m (instantiate $M))
  (func (export "nop") (canon lift (core func $m "nop")))
)
