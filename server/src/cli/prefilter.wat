;; A SIMD search for the places where one of the prefilter's words may start (server/src/cli/bytePrefilter.ts).
;; Each byte is folded with OR 0x20 (ASCII letters to lower case); four consecutive bytes are looked up
;; by nibble in eight tables, one bit per bucket of words (the Teddy technique): a position where all
;; four lookups share a bit is a candidate, which the caller checks exactly. The first candidate at
;; or after `from` is returned, or -1.
(module
  (memory (export "memory") 1)
  ;; Offsets 0..127: eight 16-byte tables (low / high nibble for each of the 4 positions).
  ;; The text starts at 128, followed by at least 32 zero bytes.
  (func (export "find") (param $from i32) (param $end i32) (result i32)
    (local $i i32) (local $m v128) (local $v v128) (local $mask i32)
    (local.set $i (local.get $from))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        ;; position 0
        (local.set $v (v128.or (v128.load offset=128 (local.get $i)) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))
        (local.set $m (v128.and
          (i8x16.swizzle (v128.load offset=0 (i32.const 0)) (v128.and (local.get $v) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
          (i8x16.swizzle (v128.load offset=16 (i32.const 0)) (i8x16.shr_u (local.get $v) (i32.const 4)))))
        ;; position 1
        (local.set $v (v128.or (v128.load offset=129 (local.get $i)) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))
        (local.set $m (v128.and (local.get $m) (v128.and
          (i8x16.swizzle (v128.load offset=32 (i32.const 0)) (v128.and (local.get $v) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
          (i8x16.swizzle (v128.load offset=48 (i32.const 0)) (i8x16.shr_u (local.get $v) (i32.const 4))))))
        ;; position 2
        (local.set $v (v128.or (v128.load offset=130 (local.get $i)) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))
        (local.set $m (v128.and (local.get $m) (v128.and
          (i8x16.swizzle (v128.load offset=64 (i32.const 0)) (v128.and (local.get $v) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
          (i8x16.swizzle (v128.load offset=80 (i32.const 0)) (i8x16.shr_u (local.get $v) (i32.const 4))))))
        ;; position 3
        (local.set $v (v128.or (v128.load offset=131 (local.get $i)) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))
        (local.set $m (v128.and (local.get $m) (v128.and
          (i8x16.swizzle (v128.load offset=96 (i32.const 0)) (v128.and (local.get $v) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
          (i8x16.swizzle (v128.load offset=112 (i32.const 0)) (i8x16.shr_u (local.get $v) (i32.const 4))))))
        (if (v128.any_true (local.get $m))
          (then
            (local.set $mask (i8x16.bitmask (i8x16.ne (local.get $m) (v128.const i64x2 0 0))))
            (return (i32.add (local.get $i) (i32.ctz (local.get $mask))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (i32.const -1)))
