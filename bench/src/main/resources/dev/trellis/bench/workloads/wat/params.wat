;; Scalar parameters and results through the Canonical ABI: `add` (two u32 in, one out) and
;; `mix` (eight parameters of eight types in, an f64 out: each is converted and summed).
(component
  (core module $M
    (memory (export "memory") 1)
    (func (export "add") (param i32 i32) (result i32)
      (i32.add (local.get 0) (local.get 1)))
    (func (export "mix") (param $a i32) (param $b i32) (param $c i32) (param $d i64)
        (param $e f32) (param $f f64) (param $g i32) (param $h i32) (result f64)
      (f64.add
        (f64.add
          (f64.add (f64.convert_i32_u (local.get $a)) (f64.convert_i32_s (local.get $b)))
          (f64.add (f64.convert_i32_u (local.get $c)) (f64.convert_i64_s (local.get $d))))
        (f64.add
          (f64.add (f64.promote_f32 (local.get $e)) (local.get $f))
          (f64.add (f64.convert_i32_u (local.get $g)) (f64.convert_i32_u (local.get $h)))))))
  (core instance $m (instantiate $M))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $m "add")))
  (func (export "mix") (param "a" u8) (param "b" s16) (param "c" u32) (param "d" s64)
      (param "e" f32) (param "f" f64) (param "g" bool) (param "h" char) (result f64)
    (canon lift (core func $m "mix")))
)
