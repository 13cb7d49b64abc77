;; padded
;; unsupported=trap
;; wasi-libc's wrappers: functions whose whole body hands their parameters to
;; a replaced import. Their calls (`call`, `return_call`) go straight to the
;; replacement, adapter function or stub; `ref.func`, the table and the export
;; still name the wrapper, which stays. A wrapper that reorders, adds or keeps
;; anything, forwards to a kept import, or has a type from a rec group is
;; called as before.
(module $forwarders
  (rec (type $odd (func (result i32))) (type $pair (func)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $get_stdout (result i32)))
  (import "wasi:io/streams@0.2.4" "[method]output-stream.blocking-write-and-flush" (func $write (param i32 i32 i32 i32)))
  (import "wasi:sockets/tcp-create-socket@0.2.0" "create-tcp-socket" (func $tcp (param i32 i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (table 1 funcref)
  (elem (i32.const 0) $stdout_wrapper)
  (func $stdout_wrapper (export "stdout_wrapper") (result i32) call $get_stdout)
  (func $write_wrapper (param i32 i32 i32 i32) local.get 0 local.get 1 local.get 2 local.get 3 call $write)
  (func $tcp_wrapper (param i32 i32) local.get 0 local.get 1 call $tcp)
  (func $swapped (param i32 i32 i32 i32) local.get 1 local.get 0 local.get 2 local.get 3 call $write)
  (func $with_local (result i32) (local i32) call $get_stdout)
  (func $more (result i32) call $get_stdout nop)
  (func $to_preview1 (param i32 i32 i32 i32) (result i32)
    local.get 0 local.get 1 local.get 2 local.get 3 call $fd_write)
  (func $odd_wrapper (type $odd) call $get_stdout)
  (func $main (local $stream i32)
    (local.set $stream (call $stdout_wrapper))
    (call $write_wrapper (local.get $stream) (i32.const 0) (i32.const 6) (i32.const 64))
    (call $swapped (local.get $stream) (i32.const 0) (i32.const 6) (i32.const 64))
    (drop (call $with_local))
    (drop (call $more))
    (drop (call $odd_wrapper))
    (drop (call $to_preview1 (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0)))
    (call $tcp_wrapper (i32.const 0) (i32.const 64))
    (drop (ref.func $stdout_wrapper)))
  (func $tail (result i32) (return_call $stdout_wrapper))
  (func $cabi_realloc (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "wasi:cli/run@0.2.0#run") (result i32) (call $main) (drop (call $tail)) (i32.const 0))
  (data (i32.const 0) "hello\n"))
