;; The hello wasi:http handler's core module, written against the Canonical ABI by hand (what
;; wit-bindgen would generate): every request gets 200 OK, content-type text/plain, and the
;; body "hello from trellis\n". scripts/build-workloads assembles it with our CoreWat, embeds
;; the world of hello-http.wit (`jco embed`) and makes the component (`jco new`).
(module
  (import "wasi:http/types@0.2.12" "[constructor]fields" (func $fields-new (result i32)))
  (import "wasi:http/types@0.2.12" "[method]fields.append"
    (func $fields-append (param i32 i32 i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.12" "[constructor]outgoing-response" (func $response-new (param i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]outgoing-response.body" (func $response-body (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[method]outgoing-body.write" (func $body-write (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[static]outgoing-body.finish" (func $body-finish (param i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.12" "[static]response-outparam.set"
    (func $outparam-set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.12" "[resource-drop]incoming-request" (func $drop-request (param i32)))
  (import "wasi:io/streams@0.2.12" "[method]output-stream.blocking-write-and-flush"
    (func $write-and-flush (param i32 i32 i32 i32)))
  (import "wasi:io/streams@0.2.12" "[resource-drop]output-stream" (func $drop-stream (param i32)))

  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 4096))
  ;; scratch: 64..79 return areas of body()/write()/write-and-flush, 128..191 finish()'s
  (data (i32.const 256) "hello from trellis\n")
  (data (i32.const 320) "content-type")
  (data (i32.const 336) "text/plain")

  ;; Only used if the host lowers an error-code's strings into us; a bump allocator will do.
  (func (export "cabi_realloc") (param $old i32) (param $osize i32) (param $align i32) (param $nsize i32) (result i32)
    (local $r i32)
    (local.set $r (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get $align))))
    (global.set $heap (i32.add (local.get $r) (local.get $nsize)))
    (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536))) (then unreachable))
    (local.get $r))

  (func (export "wasi:http/incoming-handler@0.2.12#handle") (param $request i32) (param $outparam i32)
    (local $headers i32) (local $response i32) (local $body i32) (local $stream i32)
    (call $drop-request (local.get $request))
    (local.set $headers (call $fields-new))
    ;; append(name: string, value: list<u8>) -> result<_, header-error>; the result goes to 96
    (call $fields-append (local.get $headers) (i32.const 320) (i32.const 12) (i32.const 336) (i32.const 10) (i32.const 96))
    (local.set $response (call $response-new (local.get $headers)))
    (call $response-body (local.get $response) (i32.const 64))
    (if (i32.load8_u (i32.const 64)) (then unreachable))
    (local.set $body (i32.load (i32.const 68)))
    (call $body-write (local.get $body) (i32.const 64))
    (if (i32.load8_u (i32.const 64)) (then unreachable))
    (local.set $stream (i32.load (i32.const 68)))
    (call $write-and-flush (local.get $stream) (i32.const 256) (i32.const 19) (i32.const 64))
    (if (i32.load8_u (i32.const 64)) (then unreachable))
    (call $drop-stream (local.get $stream))
    (call $body-finish (local.get $body) (i32.const 0) (i32.const 0) (i32.const 128))
    ;; set(outparam, ok(response))
    (call $outparam-set (local.get $outparam) (i32.const 0) (local.get $response)
      (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))
)
