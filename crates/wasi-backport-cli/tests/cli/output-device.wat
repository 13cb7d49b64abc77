;; A character device (here a copy of /dev/null) named by `-o`,
;; `--write-lock` or `link`'s `-o` is written into, never replaced; `link`
;; does not remove it when adapting fails.
;; CHARDEV: null
;; RUN: adapt % -o %tmp/null
;; STAT: null
;; RUN: check --write-lock %tmp/null %
;; STAT: null
;; ENV: WASI_BACKPORT_LINKER=true
;; RUN: link -- -o %tmp/null
;; STAT: null
(module
  (import "wasi:cli/stdout@0.2.4" "get-stdout" (func $stdout (result i32)))
  (import "wasi:io/streams@0.2.4" "[method]output-stream.blocking-write-and-flush" (func $write (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "_start")
    (call $write (call $stdout) (i32.const 0) (i32.const 0) (i32.const 64))))
