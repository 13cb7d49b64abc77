;; The output of `adapt` adapts again (to the same module: it imports only
;; preview1, which passes through) and passes the gate, whatever the input's
;; name section held: local names of replaced imports, global names of
;; globals the module does not have, stubs' names.
;; RUN: adapt % -o %tmp/once.wasm
;; RUN: adapt %tmp/once.wasm -o %tmp/twice.wasm
;; RUN: check --runtime wamr %tmp/twice.wasm
;; RUN: imports %tmp/twice.wasm
;; Names by hand: function 2 `f`, local 0 of the replaced import 0 `code`,
;; global 0 `__stack_pointer` and global 5 `ghost`.
;; WAT: names.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (global (mut i32) (i32.const 65536)) (global (mut i32) (i32.const 0)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))) (@custom "name" "\01\04\01\02\01f\02\09\01\00\01\00\04code\07\19\02\00\0f__stack_pointer\05\05ghost"))
;; RUN: adapt %tmp/names.wasm -o %tmp/names1.wasm
;; RUN: adapt %tmp/names1.wasm -o %tmp/names2.wasm
;; RUN: check %tmp/names2.wasm
;; Stubs, and a reactor.
;; WAT: stubs.wasm: (module (import "wasi:sockets/tcp-create-socket@0.2.0" "create-tcp-socket" (func $tcp (param $family i32) (param $ret i32))) (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $out (result i32))) (memory (export "memory") 1) (global $__stack_pointer (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "_initialize")) (func $f (export "f") (call $tcp (i32.const 0) (i32.const 64)) (drop (call $out))))
;; RUN: adapt %tmp/stubs.wasm -o %tmp/stubs1.wasm --unsupported=error-result
;; RUN: adapt %tmp/stubs1.wasm -o %tmp/stubs2.wasm
;; RUN: check %tmp/stubs2.wasm
(module
  (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $stdout (result i32)))
  (import "wasi:io/streams@0.2.4" "[method]output-stream.blocking-write-and-flush"
    (func $write (param $stream i32) (param $buf i32) (param $len i32) (param $ret i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func $main (export "wasi:cli/run@0.2.0#run") (result i32) (local $s i32)
    (local.set $s (call $stdout))
    (call $write (local.get $s) (i32.const 0) (i32.const 3) (i32.const 64))
    (i32.const 0))
  (data (i32.const 0) "hi\n"))
