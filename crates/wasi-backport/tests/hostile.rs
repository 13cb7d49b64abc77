//! Hostile and unusual input through the library: no panic, the right kind
//! of error (`InvalidInput`, `Refused`, `Incompatible`; never `Internal`),
//! and outputs that validate and adapt again to themselves.
use wasi_backport::{adapt, check, classify_imports, Class, Error, Lock, Options, Profile, Unsupported};
use wasmparser::{Parser, Payload};

fn parse(wat: &str) -> Vec<u8> {
    wat::parse_str(wat).unwrap_or_else(|e| panic!("{e}\n{wat}"))
}

/// A module that needs adapter code, with `extra` added.
fn program(extra: &str) -> Vec<u8> {
    parse(&format!(
        r#"(module
          (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32)))
          (global $__stack_pointer (mut i32) (i32.const 65536))
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8))
          (func (export "f") (call $exit (i32.const 0)))
          {extra})"#
    ))
}

fn incompatible(wasm: &[u8], opts: &Options, wanted: &str) {
    match adapt(wasm, opts) {
        Err(Error::Incompatible(m)) => assert!(m.contains(wanted), "{m}"),
        other => panic!("expected Incompatible({wanted}), got {:?}", other.map(|_| ())),
    }
}

#[test]
fn shared_function_types_are_refused_not_a_panic() {
    let wasm = parse(
        r#"(module (type $s (shared (func (param i32))))
          (import "wasi:cli/exit@0.2.0" "exit" (func (type $s)))
          (import "wasi_snapshot_preview1" "proc_exit" (func (type $s)))
          (memory (export "memory") 1))"#,
    );
    match adapt(&wasm, &Options::default()) {
        Err(Error::Refused(list)) => {
            assert_eq!(list.len(), 2);
            assert!(list.iter().all(|r| r.reason.contains("shared") && r.signature == "shared(i32)->()"), "{list:?}");
        }
        other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
    }
    let classes = classify_imports(&wasm, &Options::default()).unwrap();
    assert!(classes.iter().all(|c| matches!(c.class, Class::Refused { .. })));
    let violations = check(&wasm, &Profile::default()).unwrap();
    assert_eq!(violations.len(), 2);
    assert!(Lock::of(&wasm).unwrap().to_string().contains("exit shared(i32)->()"));

    let run = parse(
        r#"(module (type $s (shared (func (result i32))))
          (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (global $__stack_pointer (mut i32) (i32.const 65536))
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8))
          (func (export "wasi:cli/run@0.2.0#run") (type $s) (i32.const 0))
          (func (export "f") (call $exit (i32.const 0))))"#,
    );
    incompatible(&run, &Options::default(), "shared function type");
}

#[test]
fn memory_the_adapter_cannot_share_is_refused_at_adapt_time() {
    let o = Options::default();
    incompatible(&program(r#"(memory 1) (memory (export "memory") 1)"#), &o, "memory 1 as `memory`");
    incompatible(&program("(memory 1) (memory 1)"), &o, "2 memories");
    incompatible(&program(r#"(memory (export "memory") 2 2)"#), &o, "maximum");
    incompatible(&program(r#"(memory (export "memory") 1 (pagesize 1))"#), &o, "custom page size");
    incompatible(&program(""), &o, "no memory");
    adapt(&program(r#"(memory (export "memory") 1) (memory 1)"#), &o).unwrap();
    adapt(&program(r#"(memory (export "memory") 1 65536)"#), &o).unwrap();
}

#[test]
fn error_result_stubs_need_a_32_bit_linear_memory() {
    let stub = |memory: &str| {
        parse(&format!(
            r#"(module (import "wasi:sockets/tcp-create-socket@0.2.0" "create-tcp-socket" (func $tcp (param i32 i32)))
              {memory} (func (export "f") (call $tcp (i32.const 0) (i32.const 64))))"#
        ))
    };
    let o = Options { unsupported: Unsupported::ErrorResult, ..Default::default() };
    incompatible(&stub(""), &o, "no memory");
    incompatible(&stub(r#"(memory (export "memory") i64 1)"#), &o, "memory64");
    incompatible(&stub(r#"(memory 1) (memory (export "memory") 1)"#), &o, "memory 1 as `memory`");
    // Trap stubs touch no memory; error stubs need no room to grow.
    adapt(&stub(""), &Options { unsupported: Unsupported::Trap, ..Default::default() }).unwrap();
    adapt(&stub(r#"(memory (export "memory") 1 1)"#), &o).unwrap();
}

#[test]
fn the_stack_pointer_is_certain_or_the_adapt_is_refused() {
    // No `$names`: no name section.
    let module = |globals: &str| {
        parse(&format!(
            r#"(module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1)
              {globals}
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8))
              (func (export "f") (call 0 (i32.const 0))))"#
        ))
    };
    let o = Options::default();
    adapt(&module("(global (mut i32) (i32.const 65536)) (global i32 (i32.const 8))"), &o).unwrap();
    for bad in [
        "(global (mut i32) (i32.const 0)) (global (mut i32) (i32.const 65536))",
        "(global (mut i32) (i32.const 65536)) (global (mut i32) (i32.const 0))",
        "(global (mut i32) (i32.const 65528))",
        "(global (mut i32) (i32.const 131072))",
        "(global $counter (mut i32) (i32.const 65536))",
        "",
    ] {
        incompatible(&module(bad), &o, "stack pointer");
    }
}

#[test]
fn a_global_exported_as_cabi_realloc_is_not_a_function() {
    let wasm = parse(
        r#"(module (import "wasi:cli/environment@0.2.0" "get-arguments" (func $args (param i32)))
          (memory (export "memory") 1)
          (global $__stack_pointer (mut i32) (i32.const 65536))
          (global $g i32 (i32.const 0))
          (func $f (param i32 i32 i32 i32) (result i32) (i32.const 8))
          (export "cabi_realloc" (global $g))
          (func (export "f") (call $args (i32.const 0))))"#,
    );
    incompatible(&wasm, &Options::default(), "does not export `cabi_realloc`");
}

/// The type index of each defined function.
fn function_types(wasm: &[u8]) -> Vec<u32> {
    let mut out = Vec::new();
    for p in Parser::new(0).parse_all(wasm) {
        if let Payload::FunctionSection(s) = p.unwrap() {
            out.extend(s.into_iter().map(|t| t.unwrap()));
        }
    }
    out
}

#[test]
fn imports_of_rec_group_and_subtype_types_are_adapted_with_their_type() {
    for ty in ["(rec (type $exit (func (param i32))) (type (struct)))", "(type $exit (sub (func (param i32))))"] {
        let wasm = parse(&format!(
            r#"(module {ty}
              (import "wasi:cli/exit@0.2.0" "exit" (func $exit (type $exit)))
              (memory (export "memory") 1)
              (global $__stack_pointer (mut i32) (i32.const 65536))
              (table 1 funcref) (elem (i32.const 0) $exit)
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8))
              (func (export "wasi:cli/run@0.2.0#run") (result i32)
                (drop (ref.cast (ref $exit) (ref.func $exit)))
                (call_indirect (type $exit) (i32.const 1) (i32.const 0))
                (i32.const 0)))"#
        ));
        let classes = classify_imports(&wasm, &Options::default()).unwrap();
        assert!(matches!(classes[0].class, Class::Adapted { .. }), "{:?}", classes[0].class);
        let out = adapt(&wasm, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
        wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all()).validate_all(&out.wasm).unwrap();
        // The replacement of `exit` has the import's own type (index 0), so
        // that `call_indirect (type $exit)` finds it at run time.
        assert!(function_types(&out.wasm).contains(&0), "{:?}", function_types(&out.wasm));
        assert_eq!(check(&out.wasm, &Profile::default()).unwrap(), vec![]);
    }
}

#[test]
fn adapting_an_adapted_module_changes_nothing() {
    let inputs = [
        // A command with local names on replaced imports.
        r#"(module
          (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $stdout (result i32)))
          (import "wasi:io/streams@0.2.4" "[method]output-stream.blocking-write-and-flush"
            (func $write (param $stream i32) (param $buf i32) (param $len i32) (param $ret i32)))
          (memory (export "memory") 1)
          (global $__stack_pointer (mut i32) (i32.const 65536))
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
          (func $main (export "wasi:cli/run@0.2.0#run") (result i32) (local $s i32)
            (local.set $s (call $stdout))
            (call $write (local.get $s) (i32.const 0) (i32.const 3) (i32.const 64))
            (i32.const 0)))"#,
        // Names by hand: local names of the replaced import 0, a global
        // name for global 5, which the module does not have.
        r#"(module (import "wasi:cli/exit@0.2.0" "exit" (func (param i32))) (memory (export "memory") 1)
          (global (mut i32) (i32.const 65536)) (global (mut i32) (i32.const 0))
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8))
          (func (export "f") (call 0 (i32.const 0)))
          (@custom "name" "\01\04\01\02\01f\02\09\01\00\01\00\04code\07\19\02\00\0f__stack_pointer\05\05ghost"))"#,
        // A reactor with stubs.
        r#"(module (import "wasi:sockets/tcp-create-socket@0.2.0" "create-tcp-socket" (func $tcp (param $family i32) (param $ret i32)))
          (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $out (result i32)))
          (memory (export "memory") 1)
          (global $__stack_pointer (mut i32) (i32.const 65536))
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8))
          (func (export "_initialize"))
          (func (export "f") (call $tcp (i32.const 0) (i32.const 64)) (drop (call $out))))"#,
    ];
    let o = Options { unsupported: Unsupported::ErrorResult, ..Default::default() };
    for wat in inputs {
        let once = adapt(&parse(wat), &o).unwrap_or_else(|e| panic!("{e}\n{wat}")).wasm;
        let twice = adapt(&once, &Options::default()).unwrap_or_else(|e| panic!("{e}\n{wat}")).wasm;
        assert_eq!(once, twice, "{wat}");
        assert_eq!(check(&twice, &Profile::default()).unwrap(), vec![]);
    }
}

#[test]
fn malformed_input_is_invalid_input() {
    let good = program(r#"(memory (export "memory") 1)"#);
    for len in [0, 4, 8 + 1, good.len() / 2, good.len() - 1] {
        let cut = &good[..len];
        for result in [adapt(cut, &Options::default()).map(|_| ()), check(cut, &Profile::default()).map(|_| ())] {
            assert!(matches!(result, Err(Error::InvalidInput(_))), "{len}: {result:?}");
        }
    }
    let garbage_names = program(r#"(memory (export "memory") 1) (@custom "name" "\01\ff\ff\ff\ff\0f\00")"#);
    assert!(matches!(adapt(&garbage_names, &Options::default()), Err(Error::InvalidInput(_))));
}
