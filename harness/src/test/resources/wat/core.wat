(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "mix") (param i64 f32 f64) (result f64 i64 f32) (local.get 2) (local.get 0) (local.get 1))
  (func (export "trap") unreachable)
  (func $rec (export "recurse") (call $rec))
  (func (export "loop") (loop $l (br $l)))
)
