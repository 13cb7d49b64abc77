;; Unusual function types. A `shared` function type (shared-everything
;; threads) on a WASI import or on the run export is refused with the reason,
;; by every command that reads imports (it used to panic). A WASI import
;; whose type comes through a GC rec group or a non-final subtype is valid and
;; adapted, and the output validates. An export `cabi_realloc` that is a
;; global is not taken for a function.
;; WAT: shared-import.wasm: (module (type $s (shared (func (param i32)))) (import "wasi:cli/exit@0.2.0" "exit" (func (type $s))) (memory (export "memory") 1) (global (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)))
;; RUN: adapt %tmp/shared-import.wasm -o %tmp/out.wasm
;; RUN: check %tmp/shared-import.wasm
;; RUN: imports %tmp/shared-import.wasm
;; RUN: check --write-lock %tmp/lock %tmp/shared-import.wasm
;; CAT: lock
;; WAT: shared-p1.wasm: (module (type $s (shared (func (param i32)))) (import "wasi_snapshot_preview1" "proc_exit" (func (type $s))))
;; RUN: check %tmp/shared-p1.wasm
;; RUN: adapt %tmp/shared-p1.wasm -o %tmp/out.wasm
;; WAT: shared-run.wasm: (module (type $s (shared (func (result i32)))) (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32))) (memory (export "memory") 1) (global (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "wasi:cli/run@0.2.0#run") (type $s) (i32.const 0)) (func (export "f") (call $exit (i32.const 0))))
;; RUN: adapt %tmp/shared-run.wasm -o %tmp/out.wasm
;; RUN: check %tmp/shared-run.wasm
;; RUN: imports %tmp/shared-run.wasm
;; WAT: rec.wasm: (module (rec (type $exit (func (param i32))) (type $pair (struct (field i32)))) (import "wasi:cli/exit@0.2.0" "exit" (func $exit (type $exit))) (memory (export "memory") 1) (global (mut i32) (i32.const 65536)) (table 1 funcref) (elem (i32.const 0) $exit) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call $exit (i32.const 0)) (call_indirect (type $exit) (i32.const 1) (i32.const 0)) (drop (ref.func $exit))))
;; RUN: imports %tmp/rec.wasm
;; RUN: adapt %tmp/rec.wasm -o %tmp/rec.p1.wasm
;; RUN: check %tmp/rec.p1.wasm
;; WAT: sub.wasm: (module (type $exit (sub (func (param i32)))) (import "wasi:cli/exit@0.2.0" "exit" (func $exit (type $exit))) (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $out (result i32))) (memory (export "memory") 1) (global (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (elem declare func $exit) (func (export "f") (result (ref $exit)) (drop (call $out)) (call $exit (i32.const 0)) (ref.func $exit)))
;; RUN: imports %tmp/sub.wasm
;; RUN: adapt %tmp/sub.wasm -o %tmp/sub.p1.wasm
;; RUN: check %tmp/sub.p1.wasm
;; WAT: realloc-global.wasm: (module (import "wasi:cli/environment@0.2.0" "get-arguments" (func $args (param i32))) (memory (export "memory") 1) (global (mut i32) (i32.const 65536)) (global $g i32 (i32.const 0)) (func $f (param i32 i32 i32 i32) (result i32) (i32.const 8)) (export "cabi_realloc" (global $g)) (func (export "f") (call $args (i32.const 0))))
;; RUN: adapt %tmp/realloc-global.wasm -o %tmp/out.wasm
(module)
