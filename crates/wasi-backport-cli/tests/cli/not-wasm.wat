;; INPUT: text
;; RUN: adapt % -o %tmp/out.wasm
;; RUN: check %
(module)
