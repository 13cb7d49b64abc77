;; WAMR's socket extension in the gate: its functions are in the preview1
;; namespace but not in the witx. `check --runtime wamr` accepts them with
;; their exact signatures (sock_open, sock_set_recv_timeout) and refuses a
;; wrong one (sock_bind) and one WAMR's profile leaves out (sock_close,
;; always ENOSYS); preview1, wasmtime and Node report them as outside
;; preview1. The lock records them. `imports` passes them through only for a
;; runtime that has them.
;; RUN: check %
;; RUN: check --runtime wamr %
;; RUN: check --runtime wasmtime %
;; RUN: check --runtime node --format json %
;; RUN: check --write-lock %tmp/imports.lock %
;; CAT: imports.lock
;; RUN: imports %
;; RUN: imports --runtime wamr %
;; RUN: adapt --runtime wamr % -o %tmp/out.wasm
;; Profiles that declare extension functions: with the right signature (a
;; board with sockets), with a wrong one, without one, and a witx function
;; with a signature other than the witx's.
;; WRITE: board.profile: name board
;; WRITE: board.profile: function sock_open (i32,i32,i32,i32)->(i32) firmware wasi.c:10
;; WRITE: board.profile: function sock_set_recv_timeout (i32,i64)->(i32) firmware wasi.c:11
;; WRITE: board.profile: function fd_write (i32,i32,i32,i32)->(i32) firmware wasi.c:12
;; RUN: check --runtime %tmp/board.profile %
;; WRITE: wasmedge.profile: name wasmedge
;; WRITE: wasmedge.profile: function sock_open (i32,i32,i32)->(i32) WasmEdge wasimodule.cpp
;; RUN: check --runtime %tmp/wasmedge.profile %
;; WRITE: unsigned.profile: name unsigned
;; WRITE: unsigned.profile: function sock_open firmware wasi.c:10
;; RUN: check --runtime %tmp/unsigned.profile %
;; WRITE: witx.profile: name witx
;; WRITE: witx.profile: function fd_write (i32,i32,i32)->(i32) firmware wasi.c:12
;; RUN: check --runtime %tmp/witx.profile %
;; WRITE: garbled.profile: name garbled
;; WRITE: garbled.profile: function sock_open (i32,u8)->(i32) firmware wasi.c:10
;; RUN: check --runtime %tmp/garbled.profile %
;; WRITE: nosource.profile: name nosource
;; WRITE: nosource.profile: function sock_open (i32,i32,i32,i32)->(i32)
;; RUN: check --runtime %tmp/nosource.profile %
(module
  (import "wasi_snapshot_preview1" "sock_open" (func (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_set_recv_timeout" (func (param i32 i64) (result i32)))
  (import "wasi_snapshot_preview1" "sock_bind" (func (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_close" (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")))
