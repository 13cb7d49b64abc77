;; `link` (here with a linker that leaves its output as it is) adapts the
;; linked module in place, through a symlink to its target; when adapting
;; fails it removes the module the link points to, not the link.
;; ENV: WASI_BACKPORT_LINKER=true
;; SYMLINK: linked.wasm -> input.wasm
;; RUN: link -- -o %tmp/linked.wasm
;; STAT: linked.wasm
;; RUN: check %
;; WRITE: text.wasm: not a module
;; SYMLINK: bad.wasm -> text.wasm
;; RUN: link -- -o %tmp/bad.wasm
;; STAT: bad.wasm
;; STAT: text.wasm
(module
  (import "wasi:cli/stdout@0.2.4" "get-stdout" (func $stdout (result i32)))
  (import "wasi:io/streams@0.2.4" "[method]output-stream.blocking-write-and-flush" (func $write (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "_start")
    (call $write (call $stdout) (i32.const 0) (i32.const 0) (i32.const 64))))
