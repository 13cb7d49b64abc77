;; Which global is the stack pointer the adapter shares. A name section that
;; calls one `__stack_pointer` says so (and is checked); without one, the
;; first global is taken only where wasm-ld's layout is beyond doubt (a
;; mutable i32, the only mutable global, initialised to a 16-byte-aligned
;; address within the initial memory). Anything else is refused: taking the
;; wrong global would corrupt memory at run time. (The globals here have no
;; `$names`, so the modules have no global names.)
;; WAT: stripped.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))) (global (mut i32) (i32.const 65536)) (global i32 (i32.const 1024)))
;; RUN: adapt %tmp/stripped.wasm -o %tmp/stripped.p1.wasm
;; RUN: check %tmp/stripped.p1.wasm
;; WAT: counter-first.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))) (global (mut i32) (i32.const 0)) (global (mut i32) (i32.const 65536)))
;; RUN: adapt %tmp/counter-first.wasm -o %tmp/out.wasm
;; WAT: two-mutable.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))) (global (mut i32) (i32.const 65536)) (global (mut i32) (i32.const 0)))
;; RUN: adapt %tmp/two-mutable.wasm -o %tmp/out.wasm
;; WAT: unaligned.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))) (global (mut i32) (i32.const 65535)))
;; RUN: adapt %tmp/unaligned.wasm -o %tmp/out.wasm
;; WAT: beyond-memory.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))) (global (mut i32) (i32.const 131072)))
;; RUN: adapt %tmp/beyond-memory.wasm -o %tmp/out.wasm
;; WAT: computed.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))) (global i32 (i32.const 0)) (global (mut i32) (global.get 0)))
;; RUN: adapt %tmp/computed.wasm -o %tmp/out.wasm
;; WAT: i64.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))) (global (mut i64) (i64.const 65536)))
;; RUN: adapt %tmp/i64.wasm -o %tmp/out.wasm
;; WAT: no-globals.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))))
;; RUN: adapt %tmp/no-globals.wasm -o %tmp/out.wasm
;; WAT: imported-global.wasm: (module (import "env" "sp" (global (mut i32))) (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))))
;; RUN: adapt %tmp/imported-global.wasm -o %tmp/out.wasm --allow-import env
;; A name section's word is taken, and checked.
;; WAT: named-second.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))) (global $counter (mut i32) (i32.const 0)) (global $__stack_pointer (mut i32) (i32.const 65536)))
;; RUN: adapt %tmp/named-second.wasm -o %tmp/named-second.p1.wasm
;; RUN: check %tmp/named-second.p1.wasm
;; WAT: named-other.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))) (global $counter (mut i32) (i32.const 65536)))
;; RUN: adapt %tmp/named-other.wasm -o %tmp/out.wasm
;; WAT: named-i64.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))) (global $__stack_pointer (mut i64) (i64.const 65536)))
;; RUN: adapt %tmp/named-i64.wasm -o %tmp/out.wasm
;; Global names (subsection 7) for global 9, which the module does not have.
;; WAT: named-missing.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))) (global (mut i32) (i32.const 65536)) (@custom "name" "\07\12\01\09\0f__stack_pointer"))
;; RUN: adapt %tmp/named-missing.wasm -o %tmp/out.wasm
;; Modules that need no adapter code need no stack pointer.
;; WAT: p1-odd-globals.wasm: (module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32))) (global (mut i64) (i64.const 1)) (global $__stack_pointer f32 (f32.const 0)))
;; RUN: adapt %tmp/p1-odd-globals.wasm -o %tmp/p1.wasm
(module)
