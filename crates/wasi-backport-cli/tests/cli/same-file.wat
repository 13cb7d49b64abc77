;; `check --write-lock` refuses to overwrite the module it checks or the
;; runtime profile it reads, however the path is spelled (the same path,
;; `./`, a hard link, a symlink either way). `adapt X -o X` is allowed:
;; X is replaced atomically once the adapted module is complete.
;; RUN: check --write-lock % %
;; RUN: check --write-lock %tmp/./input.wasm %
;; HARDLINK: hard.wasm -> input.wasm
;; RUN: check --write-lock %tmp/hard.wasm %
;; SYMLINK: sym.wasm -> input.wasm
;; RUN: check --write-lock %tmp/sym.wasm %
;; RUN: check --write-lock % %tmp/sym.wasm
;; WRITE: board.profile: name board
;; WRITE: board.profile: function fd_write my board's firmware, wasi.c
;; RUN: check --runtime %tmp/board.profile --write-lock %tmp/board.profile %
;; RUN: check --write-lock %tmp/imports.lock %
;; CAT: imports.lock
;; RUN: adapt % -o %
;; RUN: check %
(module
  (import "wasi:cli/stdout@0.2.4" "get-stdout" (func $stdout (result i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "_start") (drop (call $stdout))))
