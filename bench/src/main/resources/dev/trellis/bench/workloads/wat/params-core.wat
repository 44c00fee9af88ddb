;; params.wat's core module on its own.
(module
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
