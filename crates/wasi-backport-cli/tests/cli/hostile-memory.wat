;; Memories the adapter cannot share. The adapter (and the stubs of
;; --unsupported=error-result, which write the error through a pointer) work
;; on memory 0, which must be the program's linear memory: the one exported
;; as `memory`. The adapter grows it for its state in 64 KiB pages, so a
;; memory with a maximum or a custom page size is refused when adapter code
;; is merged. Each refusal names the problem; valid shapes the adapter can
;; join are adapted.
;; WAT: two-mems.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32))) (global $__stack_pointer (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call $exit (i32.const 0))) (memory 1) (memory (export "memory") 1))
;; RUN: adapt %tmp/two-mems.wasm -o %tmp/out.wasm
;; WAT: two-mems-unexported.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32))) (global $__stack_pointer (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call $exit (i32.const 0))) (memory 1) (memory 1))
;; RUN: adapt %tmp/two-mems-unexported.wasm -o %tmp/out.wasm
;; WAT: two-mems-ok.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32))) (global $__stack_pointer (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call $exit (i32.const 0))) (memory (export "memory") 1) (memory 1))
;; RUN: adapt %tmp/two-mems-ok.wasm -o %tmp/two-mems-ok.p1.wasm
;; RUN: check %tmp/two-mems-ok.p1.wasm
;; WAT: memory64.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32))) (global $__stack_pointer (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call $exit (i32.const 0))) (memory (export "memory") i64 1))
;; RUN: adapt %tmp/memory64.wasm -o %tmp/out.wasm
;; WAT: fixed.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32))) (global $__stack_pointer (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call $exit (i32.const 0))) (memory (export "memory") 2 2))
;; RUN: adapt %tmp/fixed.wasm -o %tmp/out.wasm
;; WAT: capped.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32))) (global $__stack_pointer (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call $exit (i32.const 0))) (memory (export "memory") 1 100))
;; RUN: adapt %tmp/capped.wasm -o %tmp/out.wasm
;; WAT: shared.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32))) (global $__stack_pointer (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call $exit (i32.const 0))) (memory (export "memory") 1 16 shared))
;; RUN: adapt %tmp/shared.wasm -o %tmp/out.wasm
;; WAT: max-4g.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32))) (global $__stack_pointer (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call $exit (i32.const 0))) (memory (export "memory") 1 65536))
;; RUN: adapt %tmp/max-4g.wasm -o %tmp/max-4g.p1.wasm
;; WAT: page1.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32))) (global $__stack_pointer (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call $exit (i32.const 0))) (memory (export "memory") 65536 (pagesize 1)))
;; RUN: adapt %tmp/page1.wasm -o %tmp/out.wasm
;; WAT: no-memory.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32))) (global $__stack_pointer (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call $exit (i32.const 0))))
;; RUN: adapt %tmp/no-memory.wasm -o %tmp/out.wasm
;; WAT: imported-memory.wasm: (module (import "env" "memory" (memory 1)) (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32))) (global $__stack_pointer (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call $exit (i32.const 0))))
;; RUN: adapt %tmp/imported-memory.wasm -o %tmp/out.wasm
;; RUN: adapt %tmp/imported-memory.wasm -o %tmp/out.wasm --allow-import env
;; The error-result stubs need a 32-bit linear memory too; trap stubs need none.
;; WAT: stub-no-memory.wasm: (module (import "wasi:sockets/tcp-create-socket@0.2.0" "create-tcp-socket" (func $tcp (param i32 i32))) (func (export "f") (call $tcp (i32.const 0) (i32.const 64))))
;; RUN: adapt %tmp/stub-no-memory.wasm -o %tmp/out.wasm --unsupported=error-result
;; RUN: adapt %tmp/stub-no-memory.wasm -o %tmp/stub.p1.wasm --unsupported=trap
;; WAT: stub-memory64.wasm: (module (import "wasi:sockets/tcp-create-socket@0.2.0" "create-tcp-socket" (func $tcp (param i32 i32))) (func (export "f") (call $tcp (i32.const 0) (i32.const 64))) (memory (export "memory") i64 1))
;; RUN: adapt %tmp/stub-memory64.wasm -o %tmp/out.wasm --unsupported=error-result
;; WAT: stub-second.wasm: (module (import "wasi:sockets/tcp-create-socket@0.2.0" "create-tcp-socket" (func $tcp (param i32 i32))) (func (export "f") (call $tcp (i32.const 0) (i32.const 64))) (memory 1) (memory (export "memory") 1))
;; RUN: adapt %tmp/stub-second.wasm -o %tmp/out.wasm --unsupported=error-result
;; WAT: stub-fixed.wasm: (module (import "wasi:sockets/tcp-create-socket@0.2.0" "create-tcp-socket" (func $tcp (param i32 i32))) (func (export "f") (call $tcp (i32.const 0) (i32.const 64))) (memory (export "memory") 1 1))
;; RUN: adapt %tmp/stub-fixed.wasm -o %tmp/stub-fixed.p1.wasm --unsupported=error-result
;; RUN: check %tmp/stub-fixed.p1.wasm
;; A preview1-only module with any of these memories needs no adapter code.
;; WAT: p1-fixed.wasm: (module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32))) (memory 1) (memory (export "memory") i64 1 1))
;; RUN: adapt %tmp/p1-fixed.wasm -o %tmp/p1.wasm
;; RUN: check %tmp/p1.wasm
(module)
