;; Every kind of refusal, one per line, with module, name, core signature
;; and reason; the same as JSON.
;; RUN: check %
;; RUN: check --format json %
(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_open" (func (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_teleport" (func (param i32) (result i32)))
  (import "wasi:cli/stdout@0.2.0" "get-stdout" (func (result i32)))
  (import "env" "memory" (memory 1)))
