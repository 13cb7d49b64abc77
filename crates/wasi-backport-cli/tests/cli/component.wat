;; A component with no core module at all; `check` wants the adapted module.
;; RUN: adapt % -o %tmp/out.wasm
;; RUN: check %
(component)
