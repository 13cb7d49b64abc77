//! Properties of the merge that hold for any input: determinism, names and
//! custom sections kept, features kept (DWARF: tests/layout.rs), and the
//! committed adapter's invariants.
use wasi_backport::{adapt, check, Options, Profile, Unsupported};
use wasmparser::{KnownCustom, Name, Parser, Payload};

/// A program using a WASIp2 function, a preview1 one, a table with a
/// function reference, a start function, and names for everything.
const PROGRAM: &str = r#"
(module $prog
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $get_stdout (result i32)))
  (import "wasi:io/streams@0.2.4" "[method]output-stream.blocking-write-and-flush" (func $write (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (global $counter (mut i32) (i32.const 0))
  (table 2 funcref)
  (elem (i32.const 0) $hello $bump)
  (func $hello (export "hello") (local $stream i32)
    (local.set $stream (call $get_stdout))
    (call $write (local.get $stream) (i32.const 0) (i32.const 5) (i32.const 64))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0))))
  (func $bump (global.set $counter (i32.add (global.get $counter) (i32.const 1))))
  (func $cabi_realloc (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "wasi:cli/run@0.2.0#run") (result i32) (call_indirect (i32.const 0)) (i32.const 0))
  (start $bump)
  (@custom "my-section" (after code) "kept as it is")
  (@custom "component-type:dropped" "encoded world")
  (data (i32.const 0) "hello"))
"#;

fn parse(wat: &str) -> Vec<u8> {
    wat::parse_str(wat).unwrap()
}

fn function_names(wasm: &[u8]) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for p in Parser::new(0).parse_all(wasm) {
        if let Payload::CustomSection(c) = p.unwrap() {
            if let KnownCustom::Name(r) = c.as_known() {
                for sub in r {
                    if let Name::Function(map) = sub.unwrap() {
                        out.extend(map.into_iter().map(|n| n.unwrap()).map(|n| (n.index, n.name.to_string())));
                    }
                }
            }
        }
    }
    out
}

fn exports(wasm: &[u8]) -> Vec<String> {
    Parser::new(0)
        .parse_all(wasm)
        .filter_map(|p| match p.unwrap() {
            Payload::ExportSection(s) => Some(s.into_iter().map(|e| e.unwrap().name.to_string()).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect()
}

fn custom_names(wasm: &[u8]) -> Vec<String> {
    Parser::new(0)
        .parse_all(wasm)
        .filter_map(|p| match p.unwrap() {
            Payload::CustomSection(c) => Some(c.name().to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn output_is_deterministic() {
    let input = parse(PROGRAM);
    let a = adapt(&input, &Options::default()).unwrap().wasm;
    let b = adapt(&input, &Options::default()).unwrap().wasm;
    assert_eq!(a, b);
}

#[test]
fn output_passes_the_gate_and_exports_start() {
    let out = adapt(&parse(PROGRAM), &Options::default()).unwrap().wasm;
    assert_eq!(check(&out, &Profile::default()).unwrap(), vec![]);
    let exports = exports(&out);
    assert!(exports.contains(&"_start".to_string()), "{exports:?}");
    assert!(exports.contains(&"hello".to_string()));
}

#[test]
fn names_are_remapped_not_dropped() {
    let out = adapt(&parse(PROGRAM), &Options::default()).unwrap().wasm;
    let names = function_names(&out);
    let find = |n: &str| names.iter().find(|(_, name)| name == n).map(|(i, _)| *i);
    // fd_write stays the only program import kept; the two p2 imports go.
    assert_eq!(find("fd_write"), Some(0));
    assert_eq!(find("get_stdout"), None);
    let hello = find("hello").expect("program function name kept");
    let bump = find("bump").expect("program function name kept");
    assert_eq!(bump, hello + 1);
    assert!(names.iter().any(|(_, n)| n == "wasi:cli/stdout#get-stdout"), "{names:?}");
    // The name map is sorted by index, as the format requires.
    assert!(names.windows(2).all(|w| w[0].0 < w[1].0));
}

#[test]
fn custom_sections_kept_and_component_types_removed() {
    let out = adapt(&parse(PROGRAM), &Options::default()).unwrap().wasm;
    let customs = custom_names(&out);
    assert!(customs.contains(&"my-section".to_string()), "{customs:?}");
    assert!(customs.contains(&"name".to_string()));
    assert!(!customs.iter().any(|c| c.starts_with("component-type")), "{customs:?}");
}

#[test]
fn features_of_the_program_are_kept() {
    // SIMD, bulk memory, multi-value, tail calls, exceptions, and GC types
    // in the program; the adapter joins without disturbing them.
    let wat = r#"
    (module
      (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $s (result i32)))
      (type $pair (struct (field i32) (field i64)))
      (tag $oops (param i32))
      (memory (export "memory") 1)
      (global $__stack_pointer (mut i32) (i32.const 65536))
      (func $two (result i32 i32) (i32.const 1) (i32.const 2))
      (func $tail (result i32) (return_call $s))
      (func (export "f") (result i32)
        (drop (struct.new $pair (i32.const 1) (i64.const 2)))
        (drop (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4)))
        (memory.fill (i32.const 0) (i32.const 0) (i32.const 8))
        (drop (call $two)) (drop)
        (try_table (catch $oops 0) (throw $oops (i32.const 3)))
        (call $tail))
      (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)))
    "#;
    let out = adapt(&parse(wat), &Options::default());
    let out = out.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(check(&out.wasm, &Profile::default()).unwrap(), vec![]);
}

#[test]
fn memory64_is_refused_clearly() {
    let wat = r#"(module
      (import "wasi:cli/stdout@0.2.0" "get-stdout" (func (result i32)))
      (memory i64 1)
      (global $__stack_pointer (mut i32) (i32.const 0)))"#;
    let err = adapt(&parse(wat), &Options::default()).unwrap_err();
    assert!(matches!(err, wasi_backport::Error::Incompatible(_)), "{err}");
    assert!(err.to_string().contains("memory64"));
}

#[test]
fn unsupported_policies() {
    let wat = r#"(module
      (import "wasi:sockets/tcp-create-socket@0.2.0" "create-tcp-socket" (func $tcp (param i32 i32)))
      (memory (export "memory") 1)
      (func (export "f") (call $tcp (i32.const 0) (i32.const 64))))"#;
    let input = parse(wat);
    match adapt(&input, &Options::default()) {
        Err(wasi_backport::Error::Refused(list)) => {
            assert_eq!(list[0].name, "create-tcp-socket");
            assert!(list[0].reason.contains("socket"), "{}", list[0].reason);
        }
        other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
    }
    for policy in [Unsupported::Trap, Unsupported::ErrorResult] {
        let out = adapt(&input, &Options { unsupported: policy, ..Default::default() }).unwrap();
        assert_eq!(check(&out.wasm, &Profile::default()).unwrap(), vec![]);
    }
}

/// The preview1 functions `wasm` imports, and the operators of the body of
/// the function named `name`.
fn imports_and_body(wasm: &[u8], name: &str) -> (Vec<String>, Vec<String>) {
    let index = function_names(wasm).into_iter().find(|(_, n)| n == name).map(|(i, _)| i).unwrap();
    let (mut imports, mut body, mut funcs) = (Vec::new(), Vec::new(), 0);
    for p in Parser::new(0).parse_all(wasm) {
        match p.unwrap() {
            Payload::ImportSection(s) => {
                for i in s.into_imports().map(|i| i.unwrap()) {
                    if let wasmparser::TypeRef::Func(_) = i.ty {
                        funcs += 1;
                        imports.push(i.name.to_string());
                    }
                }
            }
            Payload::CodeSectionEntry(b) => {
                if funcs == index {
                    let mut ops = b.get_operators_reader().unwrap();
                    while !ops.eof() {
                        body.push(format!("{:?}", ops.read().unwrap()));
                    }
                }
                funcs += 1;
            }
            _ => {}
        }
    }
    (imports, body)
}

/// Only a pollable that waits on the host makes `poll` and `block` ask it.
/// A program that can make none (here, all it polls is stdout, always
/// ready) gets no `poll_oneoff` and a trap for the code that would ask; one
/// that subscribes to a clock keeps both.
#[test]
fn host_waits_are_left_out_where_no_pollable_can_wait() {
    let program = |extra: &str| {
        parse(&format!(
            r#"(module
          (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $out (result i32)))
          (import "wasi:io/streams@0.2.0" "[method]output-stream.subscribe" (func $sub (param i32) (result i32)))
          (import "wasi:io/poll@0.2.0" "[method]pollable.block" (func $block (param i32)))
          (import "wasi:io/poll@0.2.0" "poll" (func $poll (param i32 i32 i32)))
          {extra}
          (memory (export "memory") 1)
          (global $__stack_pointer (mut i32) (i32.const 65536))
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
          (func (export "wasi:cli/run@0.2.0#run") (result i32)
            (call $block (call $sub (call $out)))
            (i32.const 0)))"#
        ))
    };
    let wait = "wasi-backport:waits-only:wait";
    let (imports, body) = imports_and_body(&adapt(&program(""), &Options::default()).unwrap().wasm, wait);
    assert!(!imports.iter().any(|i| i == "poll_oneoff"), "{imports:?}");
    assert_eq!(body, ["Unreachable", "End"]);
    let clock = r#"(import "wasi:clocks/monotonic-clock@0.2.0" "subscribe-duration" (func (param i64) (result i32)))"#;
    let (imports, body) = imports_and_body(&adapt(&program(clock), &Options::default()).unwrap().wasm, wait);
    assert!(imports.iter().any(|i| i == "poll_oneoff"), "{imports:?}");
    assert!(body.len() > 100, "{body:?}");
}

#[test]
fn committed_adapter_keeps_its_invariants() {
    assert_eq!(wasi_backport::adapter::verify::verify(wasi_backport::adapter::WASM), Vec::<String>::new());
}

/// The merge relies on every waiting pollable being made by the exported
/// maker; the verifier refuses an adapter whose code never calls it (a copy
/// of it inlined or cloned by the compiler would go unseen).
#[test]
fn the_verifier_wants_the_pollable_maker_called() {
    let adapter = |call: &str| {
        parse(&format!(
            r#"(module
          (global (mut i32) (i32.const 0))
          (func $make (export "wasi-backport:waits:pollable") (param i32) (result i32) (i32.const 1))
          (func (export "wasi-backport:waits-only:wait") (result i32) (i32.const 0))
          (func (export "wasi:clocks/monotonic-clock#subscribe-duration") (param i64) (result i32) {call}))"#
        ))
    };
    let verify = |wasm: &[u8]| wasi_backport::adapter::verify::verify(wasm);
    let bypassed = verify(&adapter("(i32.const 1)"));
    assert!(bypassed.iter().any(|p| p.contains("called from nowhere")), "{bypassed:?}");
    assert_eq!(verify(&adapter("(call $make (i32.const 0))")), Vec::<String>::new());
}

#[test]
fn every_adapter_export_is_a_wasi_function_of_the_issue_interfaces() {
    // cli, io, clocks, random and filesystem are implemented in full, bar
    // timezone (an unstable interface preview1 has no data for).
    let adapter = wasi_backport::adapter::Adapter::parse(wasi_backport::adapter::WASM).unwrap();
    let wanted = ["wasi:cli/", "wasi:io/", "wasi:clocks/", "wasi:random/", "wasi:filesystem/"];
    let mut missing = Vec::new();
    for f in wasi_backport::wasi::Catalog::get().functions() {
        if !wanted.iter().any(|p| f.interface.starts_with(p))
            || f.interface == "wasi:clocks/timezone"
            || f.interface == "wasi:cli/run"
        {
            continue;
        }
        let name = wasi_backport::adapter::export_name(&f.interface, &f.name);
        if !adapter.exports.contains_key(name.as_str()) {
            missing.push(name);
        }
    }
    assert_eq!(missing, Vec::<String>::new());
}

#[test]
fn a_reactor_keeps_initialize_and_gets_no_start() {
    let wat = r#"(module
      (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $s (result i32)))
      (memory (export "memory") 1)
      (global $__stack_pointer (mut i32) (i32.const 65536))
      (func (export "_initialize"))
      (func (export "work") (result i32) (call $s))
      (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 8)))"#;
    let out = adapt(&parse(wat), &Options::default()).unwrap().wasm;
    let exports = exports(&out);
    assert_eq!(exports, ["memory", "_initialize", "work", "cabi_realloc"]);
}

#[test]
fn a_name_section_naming_missing_functions_is_no_crash() {
    // Function names subsection (id 1) naming function 99, which the
    // module does not have, and local names for it (id 2); global names
    // (id 7) for the stack pointer, which the module has two mutable
    // globals to choose from. Validation does not look inside custom
    // sections, so the merge must cope.
    let wat = PROGRAM.replace(
        "(data (i32.const 0) \"hello\"))",
        "(data (i32.const 0) \"hello\") (@custom \"name\" \"\\01\\04\\01\\63\\01x\\02\\06\\01\\63\\01\\00\\01y\\07\\12\\01\\00\\0f__stack_pointer\"))",
    );
    let out = adapt(&parse(&wat), &Options::default()).unwrap();
    assert_eq!(check(&out.wasm, &Profile::default()).unwrap(), vec![]);
}
