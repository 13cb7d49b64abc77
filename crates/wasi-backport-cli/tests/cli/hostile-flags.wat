;; Flags that are wrong: every command says which, exit 2, nothing written.
;; RUN: adapt % -o %tmp/out.wasm --unsupported
;; RUN: adapt % -o %tmp/out.wasm --unsupported=
;; RUN: adapt % -o %tmp/out.wasm --allow-import
;; RUN: adapt % %tmp/out.wasm
;; RUN: adapt % -o %tmp/a.wasm -o %tmp/b.wasm
;; RUN: adapt % -o %tmp/out.wasm --runtime
;; RUN: check % --format
;; RUN: check % --runtime
;; RUN: check % --lock %tmp/a.lock --write-lock %tmp/b.lock
;; RUN: check % %
;; RUN: imports
;; RUN: imports % --unsupported=sometimes
;; RUN: coverage --format xml
;; RUN: link -- --wasi-backport-unsupported=never -o %tmp/out.wasm
;; RUN: link -- --wasi-backport-frobnicate -o %tmp/out.wasm
;; RUN: link -- --wasi-backport-runtime -o %tmp/out.wasm
(module
  (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $stdout (result i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "f") (result i32) (call $stdout)))
