;; A component where a core module is expected.
;; RUN: adapt % -o %tmp/out.wasm
;; RUN: check %
(component)
