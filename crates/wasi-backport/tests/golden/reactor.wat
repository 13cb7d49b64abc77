;; padded
;; A reactor: keeps `_initialize`, gets no `_start`; only the adapter
;; function it reaches comes along.
(module $lib
  (import "wasi:cli/environment@0.2.0" "get-arguments" (func $args (param i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func (export "_initialize"))
  (func (export "args") (param i32) (call $args (local.get 0)))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)))
