;; RUN: adapt % -o %tmp/out.wasm
(module
  (import "wasi:teleport/beam@0.2.0" "beam-up" (func (param i32)))
  (import "wasi:io/streams@0.2.0" "[method]output-stream.frobnicate" (func (param i32)))
  (import "wasi:io/poll@0.3.0" "poll" (func (param i32 i32 i32)))
  (import "wasi:io/poll" "poll" (func (param i32 i32 i32)))
  (memory (export "memory") 1))
