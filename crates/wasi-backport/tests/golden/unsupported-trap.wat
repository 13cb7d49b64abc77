;; padded
;; unsupported=trap
;; Unsupported imports become stubs after the adapter's functions; two
;; versions of one import share the adapter function.
(module $net
  (import "wasi:sockets/tcp-create-socket@0.2.0" "create-tcp-socket" (func $tcp (param i32 i32)))
  (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $s0 (result i32)))
  (import "wasi:cli/stdout@0.2.3" "get-stdout" (func $s3 (result i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func (export "f") (result i32) (call $tcp (i32.const 0) (i32.const 64)) (i32.add (call $s0) (call $s3)))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)))
