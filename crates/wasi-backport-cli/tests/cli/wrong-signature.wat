;; RUN: adapt % -o %tmp/out.wasm
;; RUN: check %
(module
  (import "wasi:cli/stdout@0.2.0" "get-stdout" (func (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_teleport" (func (param i32) (result i32)))
  (memory (export "memory") 1))
