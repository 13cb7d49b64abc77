;; preview1 imports pass through, sharing the adapter's own; a non-WASI
;; import is refused unless allowed, and the gate then still reports it.
;; RUN: adapt % -o %tmp/out.wasm
;; RUN: adapt % -o %tmp/out.wasm --allow-import env
;; RUN: check %tmp/out.wasm
;; RUN: imports % --allow-import env
;; RUN: check %
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "host_hook" (func $hook))
  (import "wasi:cli/stdout@0.2.4" "get-stdout" (func $stdout (result i32)))
  (import "cm32p2|wasi:io/streams@0.2" "output-stream_drop" (func $drop (param i32)))
  (import "wasi:io/streams@0.2.12" "[method]output-stream.blocking-write-and-flush" (func $write (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "go")
    (call $write (call $stdout) (i32.const 0) (i32.const 0) (i32.const 64))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0)))
    (call $hook)))
