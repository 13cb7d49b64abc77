(module
  ;; A minimal WASIp2 program for `--bench exports`: it calls the WASI
  ;; functions of the operation named by its argument 200,000 times (20,000
  ;; for an upper-case letter), with
  ;; nothing of std or wasi-libc in between, so that adapted, the time over
  ;; the wasip1 twin (p1.wat) is the adapter's own.
  (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $get_stdout (result i32)))
  (import "wasi:cli/stdin@0.2.0" "get-stdin" (func $get_stdin (result i32)))
  (import "wasi:io/streams@0.2.0" "[method]input-stream.blocking-read" (func $read (param i32 i64 i32)))
  (import "wasi:io/streams@0.2.0" "[method]output-stream.check-write" (func $check (param i32 i32)))
  (import "wasi:io/streams@0.2.0" "[method]output-stream.write" (func $write (param i32 i32 i32 i32)))
  (import "wasi:io/streams@0.2.0" "[method]output-stream.blocking-flush" (func $flush (param i32 i32)))
  (import "wasi:clocks/monotonic-clock@0.2.0" "now" (func $mono (result i64)))
  (import "wasi:clocks/wall-clock@0.2.0" "now" (func $wall (param i32)))
  (import "wasi:cli/environment@0.2.0" "get-arguments" (func $args (param i32)))
  (import "wasi:filesystem/preopens@0.2.0" "get-directories" (func $dirs (param i32)))
  (import "wasi:filesystem/types@0.2.0" "[method]descriptor.open-at"
    (func $open_at (param i32 i32 i32 i32 i32 i32 i32)))
  (import "wasi:filesystem/types@0.2.0" "[resource-drop]descriptor" (func $drop_descriptor (param i32)))
  (memory (export "memory") 2)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (global $heap (mut i32) (i32.const 8192))
  (func $cabi_realloc (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
    (global.set $heap (i32.add (local.get $p) (local.get 3)))
    (local.get $p))
  (func (export "wasi:cli/run@0.2.0#run") (result i32) (local $s i32) (local $i i32) (local $op i32) (local $acc i64) (local $dir i32) (local $n i32) (local $in i32)
    ;; the operation: the first byte of the first argument after argv[0]
    (call $args (i32.const 512))
    (local.set $op (i32.load8_u (i32.load (i32.add (i32.load (i32.const 512)) (i32.const 8)))))
    ;; an upper-case letter runs a tenth of the calls (for slow hosts)
    (local.set $n (i32.const 200000))
    (if (i32.lt_u (local.get $op) (i32.const 97))
      (then (local.set $n (i32.const 20000)) (local.set $op (i32.add (local.get $op) (i32.const 32)))))
    (local.set $s (call $get_stdout))
    (local.set $in (call $get_stdin))
    (loop $l
      (if (i32.eq (local.get $op) (i32.const 119)) ;; 'w'
        (then
          (call $check (local.get $s) (i32.const 256))
          (call $write (local.get $s) (i32.const 1024) (i32.const 64) (i32.const 256))
          (call $flush (local.get $s) (i32.const 256))))
      (if (i32.eq (local.get $op) (i32.const 107)) ;; 'k'
        (then (call $check (local.get $s) (i32.const 256))))
      (if (i32.eq (local.get $op) (i32.const 102)) ;; 'f'
        (then (call $flush (local.get $s) (i32.const 256))))
      (if (i32.eq (local.get $op) (i32.const 120)) ;; 'x'
        (then (call $write (local.get $s) (i32.const 1024) (i32.const 64) (i32.const 256))))
      (if (i32.eq (local.get $op) (i32.const 111)) ;; 'o': open "f.txt" for reading, and close it
        (then
          (if (i32.eqz (local.get $dir))
            (then (call $dirs (i32.const 384)) (local.set $dir (i32.load (i32.load (i32.const 384))))))
          (call $open_at (local.get $dir) (i32.const 0) (i32.const 1100) (i32.const 5) (i32.const 0) (i32.const 1) (i32.const 256))
          (if (i32.load8_u (i32.const 256)) (then unreachable))
          (call $drop_descriptor (i32.load (i32.const 260)))))
      (if (i32.eq (local.get $op) (i32.const 105)) ;; 'i': 4 KiB from stdin (/dev/zero), the list freed
        (then
          (call $read (local.get $in) (i64.const 4096) (i32.const 256))
          (if (i32.load8_u (i32.const 256)) (then unreachable))
          (global.set $heap (i32.const 8192))))
      (if (i32.eq (local.get $op) (i32.const 109)) ;; 'm'
        (then (local.set $acc (i64.add (local.get $acc) (call $mono)))))
      (if (i32.eq (local.get $op) (i32.const 99)) ;; 'c': wall clock
        (then (call $wall (i32.const 256)) (local.set $acc (i64.add (local.get $acc) (i64.load (i32.const 256))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i32.wrap_i64 (i64.and (local.get $acc) (i64.const 0))))
  (data (i32.const 1024) "0123456789012345678901234567890123456789012345678901234567890123")
  (data (i32.const 1100) "f.txt"))
