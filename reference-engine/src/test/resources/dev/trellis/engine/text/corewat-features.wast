;; Hand-written core modules for CoreWatDifferentialTest: the text-format features and
;; abbreviations the suites use little or not at all. Each form is assembled by CoreWat and by
;; wasm-tools (jco) and must give identical bytes (name section included).

;; ---- inline imports and exports of every kind, import order, export order
(module $inline
  (func $imp (import "m" "f") (param i32) (result i32))
  (table $timp (export "t0") (import "m" "t") 1 2 funcref)
  (memory $mimp (import "m" "mem") 1)
  (global $gimp (export "g0") (export "g1") (import "m" "g") (mut i64))
  (tag $eimp (import "m" "e") (param i32))
  (func $a (export "a") (export "a2") (param $x i32) (result i32) local.get $x)
  (export "b" (func $a))
  (table $t (export "t") 2 funcref)
  (memory $m (export "m") 1 2)
  (global $g (export "g") i32 (i32.const 7))
  (tag $e (export "e") (param f32 f64))
  (export "imp" (func $imp))
  (start $s)
  (func $s))

;; ---- implicit types: dedup against explicit types, order of creation, blocks, call_indirect
(module
  (func (param i32) (result i64) unreachable)
  (type $explicit (func (param i32) (result i64)))
  (type $later (func (param f32)))
  (func (param f32))
  (func (type $explicit) (param $p i32) (result i64) (local.get $p) (i64.extend_i32_u))
  (func (result i32 i32)
    (block (result i32 i32) (i32.const 1) (i32.const 2))
    (block (param i32 i32) (result i32 i32))
    (call_indirect (param f64) (result f64 f64) (f64.const 0) (i32.const 0))
    (if (param i32) (result i32 i32) (i32.const 1) (call_indirect (param i64) (i64.const 1) (i32.const 0)) (then (i32.const 2)) (else (i32.const 3))))
  (func (call_indirect (type $later) (f32.const 1) (i32.const 0)) (block (type $later) (f32.const 0)))
  (table 1 funcref)
  (tag (param i64 i64))
  (import "x" "y" (func (param i64 i64))))

;; ---- rec groups, sub types, struct field names, GC instructions in const exprs
(module
  (rec
    (type $node (sub (struct (field $val i32) (field $next (ref null $node)))))
    (type $leaf (sub final $node (struct (field $val i32) (field $next (ref null $node)) (field $extra f64)))))
  (type $pair (struct (field $l (mut i64)) (field $r (mut i64))))
  (type $bytes (array (mut i8)))
  (type $fns (array (ref null func)))
  (type $ft (sub (func (param (ref $node)) (result i32))))
  (global $n (ref $node) (struct.new $node (i32.const 1) (ref.null $node)))
  (global $arr (ref $bytes) (array.new_fixed $bytes 3 (i32.const 1) (i32.const 2) (i32.const 3)))
  (global $i31 (ref i31) (ref.i31 (i32.const 5)))
  (global $ext externref (extern.convert_any (ref.i31 (i32.const 5))))
  (func $get (type $ft) (struct.get $node $val (local.get 0)))
  (func (param $p (ref $pair)) (result i64)
    (struct.set $pair $r (local.get $p) (i64.const 3))
    (struct.get $pair $l (local.get $p)))
  (func (param anyref) (result i32)
    (block $l (result (ref $node))
      (br_on_cast $l anyref (ref $node) (local.get 0))
      (drop)
      (return (i32.const 0)))
    (ref.cast (ref $leaf))
    (ref.test (ref null $node))))

;; ---- exceptions: tags, throw, throw_ref, try_table with every catch kind, nested labels
(module
  (tag $e0)
  (tag $e1 (param i32))
  (func $f (result i32)
    (block $outer (result i32)
      (block $h (result exnref)
        (try_table $t (result i32) (catch $e1 $outer) (catch_ref $e0 $h) (catch_all_ref $h)
          (throw $e1 (i32.const 42)))
        (br $outer))
      (throw_ref)))
  (func (param exnref) (throw_ref (local.get 0)))
  (func
    try_table (catch_all 0)
      throw $e0
    end))

;; ---- plain block structure with labels on end/else, br_table, shadowing, numeric labels
(module
  (func (param i32) (result i32)
    block $a (result i32)
      block $b
        loop $a
          local.get 0
          br_table $a $b 0 1
        end $a
      end $b
      i32.const 1
      if $c (result i32)
        i32.const 2
      else $c
        i32.const 3
      end $c
    end
    return)
  (func (if (i32.const 0) (then (nop)))))

;; ---- memories: memory64, multi-memory, custom page sizes, inline data, data forms
(module
  (memory $m0 (data "hello" "\00\01\ff"))
  (memory $m1 i64 (pagesize 1) (data "abc"))
  (memory $m2 i64 1 10)
  (memory $m3 1 1 shared)
  (memory $m4 (pagesize 65536) 2)
  (data (memory $m2) (i64.const 0x1_0000_0000) "far")
  (data (memory 1) (offset (i64.const 1)) "x")
  (data $passive "p" (i8 1 -1 255) (i16 -2) (i32 0xdeadbeef) (i64 -1) (f32 1.5) (f64 -0.0))
  (data (i32.const 0))
  (func
    (drop (i64.load $m2 offset=0x1_0000_0000 align=8 (i64.const 0)))
    (i32.store8 $m1 (i64.const 1) (i32.const 2))
    (memory.init $m2 $passive (i64.const 0) (i32.const 0) (i32.const 1))
    (memory.copy $m1 $m2 (i64.const 0) (i64.const 0) (i64.const 0))
    (memory.fill $m2 (i64.const 0) (i32.const 0) (i64.const 1))
    (drop (memory.grow $m2 (i64.const 1)))
    (data.drop $passive)))

;; ---- tables and element segments in all binary forms
(module
  (type $v (func))
  (func $f0) (func $f1)
  (table $t0 4 funcref)
  (table $t1 i64 2 externref)
  (table $t2 funcref (elem $f0 $f1))
  (table $t3 (ref null $v) (elem $f1))
  (table $t4 i64 funcref (elem (ref.func $f0) (item ref.null func)))
  (table $t5 3 (ref null $v) (ref.func $f0))
  (elem (i32.const 0) $f0 $f1)
  (elem (table $t0) (offset (i32.const 1)) func $f1)
  (elem $p func $f0)
  (elem $pe funcref (ref.func $f0) (item (ref.null func)))
  (elem $pt (ref null $v) (item ref.func $f1))
  (elem declare func $f0 $f1)
  (elem declare funcref (ref.func $f1))
  (elem (table $t1) (i64.const 0) externref (ref.null extern))
  (elem (i32.const 2) funcref (ref.func $f1))
  (elem (table $t0) (i32.const 3) (ref null $v) (ref.func $f1))
  (func
    (table.init $t0 $p (i32.const 0) (i32.const 0) (i32.const 1))
    (table.copy $t0 $t2 (i32.const 0) (i32.const 0) (i32.const 1))
    (elem.drop $pe)
    (drop (table.grow $t1 (ref.null extern) (i64.const 1)))
    (table.fill $t1 (i64.const 0) (ref.null extern) (i64.const 1))
    (drop (table.size $t3))
    (call_indirect $t3 (type $v) (i32.const 0))
    (return_call_indirect $t0 (i32.const 0))))

;; ---- tail calls, typed function references, extended-const globals
(module
  (type $t (func (param i32) (result i32)))
  (global $base i32 (i32.const 16))
  (global $next i32 (i32.add (global.get $base) (i32.mul (i32.const 2) (i32.const 8))))
  (global $wide i64 (i64.sub (i64.const 1) (i64.const 2)))
  (global $fr (ref null $t) (ref.func $g))
  (elem declare func $g)
  (func $g (type $t) (return_call $g (local.get 0)))
  (func (param $r (ref null $t)) (result i32)
    (block $null
      (return_call_ref $t (i32.const 1) (br_on_null $null (local.get $r))))
    (call_ref $t (i32.const 2) (ref.as_non_null (local.get $r)))))

;; ---- numeric literals: hex floats, NaN payloads, underscores, limits of ranges
(module
  (func
    (drop (i32.const 0x7fff_ffff)) (drop (i32.const -0x8000_0000)) (drop (i32.const 4294967295))
    (drop (i64.const 18446744073709551615)) (drop (i64.const -0x8000_0000_0000_0000))
    (drop (f32.const 0x1.fffffep127)) (drop (f32.const -0x1p-149)) (drop (f32.const nan:0x7fffff))
    (drop (f32.const 0x1.00000100000000000001p0)) (drop (f32.const 1.000000059604644775390625))
    (drop (f64.const 0x1.fffffffffffffp1023)) (drop (f64.const 4.9e-324)) (drop (f64.const -nan:0xf_ffff_ffff_ffff))
    (drop (f64.const 1.7976931348623157e308)) (drop (f64.const 0.1)) (drop (f64.const 1e+10)) (drop (f64.const +inf))))

;; ---- SIMD in a function and a global
(module
  (memory 1)
  (global v128 (v128.const f32x4 1 2 3 4))
  (func (result v128)
    (drop (f64x2.splat (f64.const 1)))
    (v128.store64_lane 1 (i32.const 8) (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16))
    (drop (i32x4.extract_lane 3 (v128.const i32x4 1 2 3 4)))
    (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
      (v128.load offset=16 (i32.const 0))
      (v128.load8_lane 3 (i32.const 0) (v128.const i64x2 -1 1)))))

;; ---- relaxed SIMD
(module
  (func (result v128)
    (i16x8.relaxed_dot_i8x16_i7x16_s (v128.const i16x8 1 2 3 4 5 6 7 8) (v128.const i32x4 1 2 3 4))))

;; ---- atomics and threads
(module
  (memory 1 1 shared)
  (func (result i32)
    (atomic.fence)
    (drop (memory.atomic.notify offset=4 (i32.const 0) (i32.const 1)))
    (drop (memory.atomic.wait64 (i32.const 8) (i64.const 0) (i64.const -1)))
    (drop (i64.atomic.rmw32.cmpxchg_u offset=8 (i32.const 0) (i64.const 1) (i64.const 2)))
    (i32.atomic.rmw8.add_u (i32.const 0) (i32.const 1))))

;; ---- select, locals, identifiers with quotes and unicode
(module $"my module ☺"
  (func $"f with spaces" (param $"a b" i32) (param i64) (result i32)
    (local $"☺" f32) (local f64 f64) (local $r (ref null func))
    (select (local.get $"a b") (i32.const 1) (i32.eqz (local.get 0)))
    (select (result f32) (local.get $"☺") (f32.const 0) (i32.const 1)) (drop)
    (drop (select (result funcref) (local.get $r) (ref.null func) (i32.const 0)))))

;; ---- custom sections and annotations at every placement
(module
  (@custom "first" (before first) "1")
  (@custom "t" (after type) "2")
  (@custom "i" (before import) "3")
  (@custom "fn" (after func) "4")
  (@custom "data" (before data) "5")
  (@custom "code" (after code) "6")
  (@custom "last" "7")
  (@producers (language "wat" "1") (sdk "trellis" "0") (processed-by "a" "b") (language "x" "y"))
  (@dylink.0 (mem-info (memory 4 2) (table 1 0)) (needed "libc.so") (export-info "f" binding-weak 0x20) (export-info "g" tls) (import-info "env" "h" undefined))
  (type (func))
  (import "m" "f" (func (@name "imported") (type 0)))
  (func $f (@name "renamed") (type 0) (@metadata.code.branch_hint "\01") nop)
  (memory 1)
  (data "x"))

;; ---- @name annotations on every kind of named thing
(module $n (@name "the module")
  (type $t (@name "tt") (func (param i32)))
  (func $f (@name "ff") (param $p (@name "pp") i32) (local $x (@name "xx") i32)
    (block $b (@name "bb") (loop $l (@name "ll") (block (@name "anonymous"))))
    block $c (@name "cc") end)
  (global $g (@name "gg") i32 (i32.const 0))
  (elem $e (@name "ee") func)
  (data $d (@name "dd") "")
  (tag $tg (@name "tg"))
  (table $tb (@name "tb") 1 funcref)
  (memory $m (@name "mm") 1))

;; ---- module binary and quote
(module binary "\00asm" "\01\00\00\00" "\01\04\01\60\00\00")
