;; `adapt --runtime` (and `imports`, `coverage`, and the linker's
;; `--wasi-backport-runtime=`) take the names and profile files `check
;; --runtime` takes. The output is gated against the runtime: what it lacks
;; is an `error:` naming each import and feature, exit 2 (as `link` fails
;; the build), and nothing is written. A preview1 import of the program that
;; the runtime lacks is refused before adapting, with its callers.
;; RUN: adapt --runtime wamr % -o %tmp/wamr.wasm
;; RUN: check --runtime wamr %tmp/wamr.wasm
;; RUN: adapt --runtime node % -o %tmp/node.wasm
;; RUN: adapt --runtime %tmp/missing.profile % -o %tmp/out.wasm
;; RUN: adapt --runtime mystery % -o %tmp/out.wasm
;; WRITE: noname.profile: function fd_write my board's manual
;; RUN: adapt --runtime %tmp/noname.profile % -o %tmp/out.wasm
;; A board whose firmware has fd_write only: the program's own random_get
;; is refused; with random_get, what the adapter needs (functions and
;; features) and the SIMD of another program are.
;; WRITE: tiny.profile: name tiny
;; WRITE: tiny.profile: function fd_write my board's firmware, wasi.c
;; WRITE: tiny.profile: feature mutable-global my board's firmware
;; RUN: imports --runtime %tmp/tiny.profile %
;; RUN: adapt --runtime %tmp/tiny.profile % -o %tmp/out.wasm
;; WRITE: simdless.profile: name simdless
;; WRITE: simdless.profile: function fd_write my board's firmware, wasi.c
;; WRITE: simdless.profile: function random_get my board's firmware, wasi.c
;; WRITE: simdless.profile: feature mutable-global my board's firmware
;; RUN: adapt --runtime %tmp/simdless.profile % -o %tmp/out.wasm
;; WAT: simd.wasm: (module (memory (export "memory") 1) (func (export "_start") (drop (i32x4.extract_lane 0 (i32x4.splat (i32.const 1))))))
;; RUN: adapt --runtime wamr %tmp/simd.wasm -o %tmp/out.wasm
;; RUN: adapt --runtime wasmtime %tmp/simd.wasm -o %tmp/out.wasm
;; RUN: imports --runtime mystery %
;; RUN: coverage --runtime mystery
;; RUN: coverage --runtime %tmp/noname.profile
;; ENV: WASI_BACKPORT_LINKER=true
;; CUT: linked.wasm: 999999999
;; RUN: link -- --wasi-backport-runtime=%tmp/tiny.profile -o %tmp/linked.wasm
;; STAT: linked.wasm
;; CUT: linked.wasm: 999999999
;; RUN: link -- --wasi-backport-runtime=wamr -o %tmp/linked.wasm
;; RUN: check --runtime wamr %tmp/linked.wasm
(module
  (import "wasi:cli/stdout@0.2.4" "get-stdout" (func $stdout (result i32)))
  (import "wasi:io/streams@0.2.4" "[method]output-stream.blocking-write-and-flush" (func $write (param i32 i32 i32 i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func $greet (export "_start")
    (drop (call $random (i32.const 0) (i32.const 4)))
    (call $write (call $stdout) (i32.const 0) (i32.const 0) (i32.const 64))))
