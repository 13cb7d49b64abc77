;; padded
;; A command as wasm-ld writes it: two WASIp2 imports replaced by adapter
;; functions, a preview1 import kept, the adapter's new preview1 imports after
;; it, `_start` added; the program's types, globals and table unchanged.
(module $hello
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $get_stdout (result i32)))
  (import "wasi:io/streams@0.2.4" "[method]output-stream.blocking-write-and-flush" (func $write (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (table 1 funcref)
  (elem (i32.const 0) $main)
  (func $main (local $stream i32)
    (local.set $stream (call $get_stdout))
    (call $write (local.get $stream) (i32.const 0) (i32.const 6) (i32.const 64)))
  (func $cabi_realloc (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "wasi:cli/run@0.2.0#run") (result i32) (call $main) (i32.const 0))
  (data (i32.const 0) "hello\n"))
