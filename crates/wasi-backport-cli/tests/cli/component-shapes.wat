;; A component with two modules that each own a memory: not cargo's shape,
;; and the error names what was found.
;; RUN: adapt % -o %tmp/out.wasm
;; RUN: imports %
(component
  (core module $a (memory 1))
  (core module $b (memory 1) (func (export "f"))))
