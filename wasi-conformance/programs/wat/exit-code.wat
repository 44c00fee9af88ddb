;; wasi:cli/exit exit-with-code (0.2.12) with 42: the runtime reports exit code 42, and
;; nothing after the call runs.
(component
  (import "wasi:cli/exit@0.2.12" (instance $exit
    (export "exit-with-code" (func (param "status-code" u8)))))
  (alias export $exit "exit-with-code" (func $exit-with-code))
  (core func $exit-lowered (canon lower (func $exit-with-code)))
  (core module $Main
    (import "wasi" "exit-with-code" (func $exit (param i32)))
    (func (export "run") (result i32)
      (call $exit (i32.const 42))
      unreachable))
  (core instance $main (instantiate $Main
    (with "wasi" (instance (export "exit-with-code" (func $exit-lowered))))))
  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.12" (instance $run-instance)))
