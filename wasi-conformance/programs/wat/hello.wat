;; The smallest WASI 0.2 command there is, with no preview1 adapter: wasi:cli/stdout's
;; output-stream and one blocking-write-and-flush, then run returns ok.
(component
  (import "wasi:io/error@0.2.12" (instance $error
    (export "error" (type (sub resource)))))
  (alias export $error "error" (type $io-error))
  (import "wasi:io/streams@0.2.12" (instance $streams
    (alias outer 1 $io-error (type $e))
    (export "error" (type $err (eq $e)))
    (export "output-stream" (type $os (sub resource)))
    (type $stream-error' (variant (case "last-operation-failed" (own $err)) (case "closed")))
    (export "stream-error" (type $stream-error (eq $stream-error')))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $stream-error)))))))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:cli/stdout@0.2.12" (instance $stdout
    (alias outer 1 $output-stream (type $o))
    (export "output-stream" (type $os (eq $o)))
    (export "get-stdout" (func (result (own $os))))))
  (alias export $stdout "get-stdout" (func $get-stdout))
  (alias export $streams "[method]output-stream.blocking-write-and-flush" (func $bwf))

  (core module $Mem (memory (export "mem") 1))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "mem" (core memory $m))
  (core func $get-stdout-lowered (canon lower (func $get-stdout)))
  (core func $bwf-lowered (canon lower (func $bwf) (memory $m)))

  (core module $Main
    (import "mem" "mem" (memory 1))
    (import "wasi" "get-stdout" (func $get-stdout (result i32)))
    (import "wasi" "blocking-write-and-flush" (func $bwf (param i32 i32 i32 i32)))
    (data (i32.const 16) "hello from a WAT component\n")
    (func (export "run") (result i32)
      (call $bwf (call $get-stdout) (i32.const 16) (i32.const 27) (i32.const 64))
      ;; result<_, stream-error>: 0 is ok, and run returns ok (0) then
      (i32.load8_u (i32.const 64))))
  (core instance $main (instantiate $Main
    (with "mem" (instance $mem))
    (with "wasi" (instance
      (export "get-stdout" (func $get-stdout-lowered))
      (export "blocking-write-and-flush" (func $bwf-lowered))))))
  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.12" (instance $run-instance)))
