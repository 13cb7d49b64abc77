//! Test helpers: modules laid out as wasm-ld lays them out, and a small
//! adapter whose output is short enough to read.
#![allow(dead_code)]

/// `wasm` laid out as wasm-ld lays code out: every function index padded
/// to five bytes.
pub fn pad_calls(wasm: &[u8]) -> Vec<u8> {
    wasi_backport::pad_function_indices(wasm).unwrap()
}

/// An adapter in miniature, with the shape of the real one: it exports
/// WASIp2 functions and `_start`, imports preview1 and the program's
/// `cabi_realloc`, run, memory and stack pointer, and has a state global.
pub const SMALL_ADAPTER: &str = r#"
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "__main_module__" "wasi:cli/run#run" (func $run (result i32)))
  (import "__main_module__" "cabi_realloc" (func $realloc (param i32 i32 i32 i32) (result i32)))
  (import "__main_module__" "memory" (memory 0))
  (import "__main_module__" "__stack_pointer" (global $sp (mut i32)))
  (global $state (mut i32) (i32.const 0))
  (func $_start (export "_start") (call $proc_exit (call $run)))
  (func $get_stdout (export "wasi:cli/stdout#get-stdout") (result i32) (i32.const 1))
  (func $write (export "wasi:io/streams#[method]output-stream.blocking-write-and-flush") (param i32 i32 i32 i32)
    (global.set $sp (i32.sub (global.get $sp) (i32.const 16)))
    (i32.store (global.get $sp) (local.get 1))
    (i32.store offset=4 (global.get $sp) (local.get 2))
    (drop (call $fd_write (local.get 0) (global.get $sp) (i32.const 1) (global.get $sp)))
    (global.set $sp (i32.add (global.get $sp) (i32.const 16))))
  (func $get_arguments (export "wasi:cli/environment#get-arguments") (param i32)
    (drop (call $args_sizes_get (local.get 0) (i32.add (local.get 0) (i32.const 4))))
    (global.set $state (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 8)))))
"#;

/// `wasm` as text: what golden files hold.
pub fn print(wasm: &[u8]) -> String {
    wasmprinter::print_bytes(wasm).unwrap()
}
