;; Malformed bytes: truncations anywhere, sections and counts that lie,
;; custom sections (the name section above all) that hold garbage. Each is
;; an `error:` naming the file and the problem, exit 2, no output; `check`
;; and `imports` say the same.
;; CUT: cut4.wasm: 4
;; RUN: adapt %tmp/cut4.wasm -o %tmp/out.wasm
;; CUT: cut9.wasm: 9
;; RUN: adapt %tmp/cut9.wasm -o %tmp/out.wasm
;; CUT: cut33.wasm: 33
;; RUN: check %tmp/cut33.wasm
;; CUT: cut-1.wasm: -1
;; RUN: adapt %tmp/cut-1.wasm -o %tmp/out.wasm
;; CUT: cut-40.wasm: -40
;; RUN: imports %tmp/cut-40.wasm
;; RUN: check --write-lock %tmp/lock %tmp/cut-40.wasm
;; BYTES: bad-version.wasm: 0061736d 02000000
;; RUN: adapt %tmp/bad-version.wasm -o %tmp/out.wasm
;; CUT: empty.wasm: 0
;; RUN: adapt %tmp/empty.wasm -o %tmp/out.wasm
;; A section longer than the file, one shorter than its contents.
;; BYTES: long-section.wasm: 0061736d 01000000 01 10 00
;; RUN: adapt %tmp/long-section.wasm -o %tmp/out.wasm
;; BYTES: short-section.wasm: 0061736d 01000000 01 01 01 60 00 00
;; RUN: adapt %tmp/short-section.wasm -o %tmp/out.wasm
;; Counts that lie: 5 types in a section of one; 4 billion types; functions
;; without bodies; a LEB128 too long.
;; BYTES: count5.wasm: 0061736d 01000000 01 04 05 60 00 00
;; RUN: adapt %tmp/count5.wasm -o %tmp/out.wasm
;; BYTES: count-huge.wasm: 0061736d 01000000 01 05 ffffffff0f
;; RUN: check %tmp/count-huge.wasm
;; BYTES: no-code.wasm: 0061736d 01000000 01 04 01 60 00 00 03 02 01 00
;; RUN: adapt %tmp/no-code.wasm -o %tmp/out.wasm
;; BYTES: long-leb.wasm: 0061736d 01000000 01 80 80 80 80 80 00
;; RUN: adapt %tmp/long-leb.wasm -o %tmp/out.wasm
;; An unknown section id; a type section twice.
;; BYTES: unknown-section.wasm: 0061736d 01000000 7f 00
;; RUN: adapt %tmp/unknown-section.wasm -o %tmp/out.wasm
;; BYTES: twice.wasm: 0061736d 01000000 01 01 00 01 01 00
;; RUN: imports %tmp/twice.wasm
;; A custom section whose name is longer than the section.
;; BYTES: custom-name.wasm: 0061736d 01000000 00 03 10 61 62
;; RUN: adapt %tmp/custom-name.wasm -o %tmp/out.wasm
;; A name section of garbage, or cut short, in a module that needs the
;; adapter (its names are remapped) and in one that does not.
;; WAT: name-garbage.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (global (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))) (@custom "name" "\01\ff\ff\ff\ff\0f\00"))
;; RUN: adapt %tmp/name-garbage.wasm -o %tmp/out.wasm
;; RUN: imports %tmp/name-garbage.wasm
;; WAT: name-cut.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (global (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))) (@custom "name" "\01\05\02\00"))
;; RUN: adapt %tmp/name-cut.wasm -o %tmp/out.wasm
;; WAT: name-global-garbage.wasm: (module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1) (global (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func (export "f") (call 0 (i32.const 0))) (@custom "name" "\07\04\09\00\ff\61"))
;; RUN: adapt %tmp/name-global-garbage.wasm -o %tmp/out.wasm
;; WAT: p1-name-garbage.wasm: (module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32))) (@custom "name" "\01\ff\ff\ff\ff\0f\00"))
;; RUN: adapt %tmp/p1-name-garbage.wasm -o %tmp/out.wasm
;; RUN: check %tmp/p1-name-garbage.wasm
;; An object file's sections.
;; WAT: object.wasm: (module (@custom "linking" "\02"))
;; RUN: adapt %tmp/object.wasm -o %tmp/out.wasm
;; A start section calling WASI before anything else: valid, adapted.
;; WAT: start.wasm: (module (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $out (result i32))) (memory (export "memory") 1) (global (mut i32) (i32.const 65536)) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)) (func $init (drop (call $out))) (start $init))
;; RUN: adapt %tmp/start.wasm -o %tmp/start.p1.wasm
;; RUN: check %tmp/start.p1.wasm
(module
  (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $stdout (result i32)))
  (import "wasi:io/streams@0.2.4" "[method]output-stream.blocking-write-and-flush" (func $write (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "wasi:cli/run@0.2.0#run") (result i32)
    (call $write (call $stdout) (i32.const 0) (i32.const 3) (i32.const 64))
    (i32.const 0))
  (data (i32.const 0) "hi\n"))
