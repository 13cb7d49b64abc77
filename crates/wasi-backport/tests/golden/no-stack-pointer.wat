;; padded
;; A name section that calls an immutable global `__stack_pointer`: refused,
;; naming the global.
(module
  (import "wasi:io/streams@0.2.0" "[method]output-stream.blocking-write-and-flush" (func $w (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer i32 (i32.const 65536))
  (func (export "f") (call $w (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0)))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)))
