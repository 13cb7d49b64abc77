;; Where `-o` and `--write-lock` write: into a FIFO, never replacing it (as
;; `cat > FIFO` would); through a symlink (dangling or not) to its target,
;; replaced atomically, the link staying a link; never onto a directory.
;; FIFO: out.fifo
;; RUN: adapt % -o %tmp/out.fifo
;; STAT: out.fifo
;; CAT: out.fifo
;; FIFO: lock.fifo
;; RUN: check --write-lock %tmp/lock.fifo %
;; STAT: lock.fifo
;; CAT: lock.fifo
;; WRITE: old.wasm: an older build
;; SYMLINK: out.wasm -> old.wasm
;; RUN: adapt % -o %tmp/out.wasm
;; STAT: out.wasm
;; CAT: old.wasm
;; RUN: check %tmp/old.wasm
;; WRITE: old.lock: an older lock
;; SYMLINK: imports.lock -> %tmp/old.lock
;; RUN: check --write-lock %tmp/imports.lock %
;; STAT: imports.lock
;; CAT: old.lock
;; SYMLINK: dangling.wasm -> new.wasm
;; RUN: adapt % -o %tmp/dangling.wasm
;; STAT: dangling.wasm
;; STAT: new.wasm
;; RUN: adapt % -o %tmp
(module
  (import "wasi:cli/stdout@0.2.4" "get-stdout" (func $stdout (result i32)))
  (import "wasi:io/streams@0.2.4" "[method]output-stream.blocking-write-and-flush" (func $write (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "_start")
    (call $write (call $stdout) (i32.const 0) (i32.const 0) (i32.const 64))))
