;; A WASIp2 function preview1 cannot provide: refused by default, naming the
;; function and who calls it; adapted under either alternative policy.
;; RUN: adapt % -o %tmp/out.wasm
;; RUN: adapt % -o %tmp/trap.wasm --unsupported=trap
;; RUN: check %tmp/trap.wasm
;; RUN: adapt % -o %tmp/err.wasm --unsupported=error-result
;; RUN: check %tmp/err.wasm
;; RUN: imports %
;; For a runtime with WAMR's socket extension, the adapter implements them
;; with it, and the output needs that runtime.
;; RUN: imports --runtime wamr %
;; RUN: adapt --runtime wamr % -o %tmp/wamr.wasm
;; RUN: check --runtime wamr %tmp/wamr.wasm
;; RUN: check %tmp/wamr.wasm
(module
  (import "wasi:sockets/tcp-create-socket@0.2.0" "create-tcp-socket" (func $create (param i32 i32)))
  (import "wasi:sockets/tcp@0.2.0" "[resource-drop]tcp-socket" (func $drop (param i32)))
  (import "wasi:sockets/instance-network@0.2.0" "instance-network" (func $net (result i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func $open_socket (export "open") (call $create (i32.const 0) (i32.const 16)))
  (func $close_socket (export "close") (call $drop (i32.const 1)))
  (func $network (export "net") (drop (call $net))))
