;; INPUT: truncated
;; RUN: adapt % -o %tmp/out.wasm
;; RUN: check %
(module
  (import "wasi:cli/stdout@0.2.0" "get-stdout" (func (result i32)))
  (memory (export "memory") 1)
  (func (export "f") (drop (call 0))))
