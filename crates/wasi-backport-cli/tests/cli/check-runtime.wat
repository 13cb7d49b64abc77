;; The gate against runtime profiles: proc_raise is preview1 but neither
;; WAMR nor Node provides it; SIMD is a feature WAMR's build lacks.
;; RUN: check %
;; RUN: check --runtime wamr %
;; RUN: check --runtime node --format json %
;; RUN: check --runtime wasmtime %
;; RUN: check --runtime no-such-runtime %
;; WRITE: tiny.profile: name tiny
;; WRITE: tiny.profile: function fd_write my board's firmware, wasi.c
;; WRITE: tiny.profile: feature simd my board's firmware, build flags
;; RUN: check --runtime %tmp/tiny.profile %
;; WRITE: broken.profile: name broken
;; WRITE: broken.profile: function fd_write
;; RUN: check --runtime %tmp/broken.profile %
(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_raise" (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (i32x4.extract_lane 0 (i32x4.splat (i32.const 1))))))
