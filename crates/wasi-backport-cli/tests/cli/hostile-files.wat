;; Files that cannot be read or written, and lock and profile files that are
;; not what they claim: each an `error:` naming the file and the problem,
;; exit 2, nothing written, the input as it was.
;; Inputs: missing, a directory, a file used as a directory.
;; RUN: adapt %tmp/missing.wasm -o %tmp/out.wasm
;; RUN: adapt %tmp -o %tmp/out.wasm
;; RUN: check %/x.wasm
;; RUN: imports %tmp/missing.wasm
;; Outputs: in a missing directory, under a regular file, a directory, a
;; file in a read-only file system, a path ending in `..`.
;; RUN: adapt % -o %tmp/no/such/dir/out.wasm
;; RUN: adapt % -o %/out.wasm
;; RUN: adapt % -o %tmp/
;; RUN: adapt % -o /proc/version
;; RUN: adapt % -o %tmp/..
;; RUN: check --write-lock %tmp/no/such/dir/lock %
;; RUN: check --write-lock %tmp %
;; Lock files: missing, binary, a directory, a line with too many fields, an
;; unterminated quote, an unknown kind.
;; RUN: check --lock %tmp/none.lock %
;; RUN: check --lock % %
;; RUN: check --lock %tmp %
;; WRITE: extra.lock: import wasi_snapshot_preview1 fd_write (i32,i32,i32,i32)->(i32) extra
;; RUN: check --lock %tmp/extra.lock %
;; WRITE: quote.lock: import "wasi_snapshot_preview1 fd_write
;; RUN: check --lock %tmp/quote.lock %
;; WRITE: kind.lock: export memory
;; RUN: check --lock %tmp/kind.lock %
;; WRITE: escape.lock: import "a\u{d800}" b ()->()
;; RUN: check --lock %tmp/escape.lock %
;; Profiles: binary, a directory, a feature or function that does not
;; exist, no name.
;; RUN: check --runtime % %
;; RUN: check --runtime %tmp %
;; WRITE: feature.profile: name board
;; WRITE: feature.profile: feature warp-drive my board's manual
;; RUN: check --runtime %tmp/feature.profile %
;; WRITE: function.profile: name board
;; WRITE: function.profile: function fd_teleport my board's manual
;; RUN: check --runtime %tmp/function.profile %
;; WRITE: noname.profile: function fd_write my board's manual
;; RUN: check --runtime %tmp/noname.profile %
;; RUN: adapt % -o %tmp/out.wasm
;; `link`: a missing response file, no `-o`, an output that is a directory,
;; a profile that is not one.
;; ENV: WASI_BACKPORT_LINKER=true
;; RUN: link -- @%tmp/missing.rsp
;; RUN: link -- main.o
;; RUN: link -- -o %tmp
;; RUN: link -- --wasi-backport-runtime=%tmp/noname.profile -o %tmp/out.wasm
;; RUN: link -- --wasi-backport-runtime=nowhere -o %tmp/out.wasm
(module
  (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $stdout (result i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "f") (result i32) (call $stdout)))
