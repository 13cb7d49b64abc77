;; The import lock: written, matched, and the drift from an older lock shown
;; as lines added and removed (text and JSON); a missing or bad lock is exit 2.
;; RUN: check --write-lock %tmp/imports.lock %
;; CAT: imports.lock
;; RUN: check --lock %tmp/imports.lock %
;; WRITE: old.lock: # an older build's lock
;; WRITE: old.lock: import wasi_snapshot_preview1 fd_write (i32,i32,i32,i32)->(i32)
;; WRITE: old.lock: import wasi_snapshot_preview1 fd_close (i32)->(i32)
;; WRITE: old.lock: feature sign-extension
;; RUN: check --lock %tmp/old.lock %
;; RUN: check --lock %tmp/old.lock --format json %
;; RUN: check --lock %tmp/missing.lock %
;; WRITE: bad.lock: import wasi_snapshot_preview1
;; RUN: check --lock %tmp/bad.lock %
;; RUN: check --lock %tmp/imports.lock --write-lock %tmp/x.lock %
(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 4))))
