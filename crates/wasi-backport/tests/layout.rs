//! The layout-stable merge: the program's code keeps its bytes (but for
//! patched function indices) and its offsets in the code section, so DWARF
//! stays true; its other index spaces keep their numbers; inputs whose code
//! cannot be patched in place fall back to re-encoding, say why, and drop
//! DWARF. Golden outputs (`tests/golden/*.wat` → `*.wat.out`, with a small
//! adapter so that they stay readable; `BLESS=1` rewrites them) show any
//! change of layout in review.
mod common;

use std::path::Path;

use common::{pad_calls, print, SMALL_ADAPTER};
use wasi_backport::{adapt, adapt_with_adapter, check, Options, Profile, Unsupported};
use wasmparser::{Parser, Payload};

/// A program as wasm-ld leaves one: WASIp2 and preview1 imports, a
/// command's run export, a table, a start function, DWARF.
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
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0)))
    (drop (ref.func $bump)))
  (func $bump (global.set $counter (i32.add (global.get $counter) (i32.const 1))))
  (func $cabi_realloc (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "wasi:cli/run@0.2.0#run") (result i32) (call $hello) (return_call $tail))
  (func $tail (result i32) (call_indirect (i32.const 1)) (i32.const 0))
  (start $bump)
  (data (i32.const 0) "hello")
  (@custom ".debug_info" (after data) "offsets into the code")
  (@custom ".debug_line" (after data) "more offsets"))
"#;

struct Sections<'a> {
    code: &'a [u8],
    count_width: usize,
    types: Vec<String>,
    globals: Option<&'a [u8]>,
    customs: Vec<(String, &'a [u8])>,
}

fn sections(wasm: &[u8]) -> Sections<'_> {
    let mut s = Sections { code: &[], count_width: 0, types: Vec::new(), globals: None, customs: Vec::new() };
    for p in Parser::new(0).parse_all(wasm) {
        match p.unwrap() {
            Payload::CodeSectionStart { unchecked_range, .. } => {
                s.code = &wasm[unchecked_range.start as usize..unchecked_range.end as usize];
                s.count_width = s.code.iter().position(|b| b & 0x80 == 0).unwrap() + 1;
            }
            Payload::TypeSection(t) => {
                s.types = t.into_iter().flat_map(|g| g.unwrap().into_types()).map(|t| format!("{t:?}")).collect();
            }
            Payload::GlobalSection(g) => s.globals = Some(&wasm[g.range().start as usize..g.range().end as usize]),
            Payload::CustomSection(c) => s.customs.push((c.name().to_string(), c.data())),
            _ => {}
        }
    }
    s
}

#[test]
fn wasm_ld_code_stays_in_place_with_its_dwarf() {
    let input = pad_calls(&wat::parse_str(PROGRAM).unwrap());
    let out = adapt(&input, &Options::default()).unwrap();
    assert_eq!(out.warnings, Vec::<String>::new());
    let (i, o) = (sections(&input), sections(&out.wasm));

    // Same count width; the program's bodies at the same offsets, with the
    // same bytes except for the 5-byte function indices.
    assert_eq!(i.count_width, o.count_width);
    let program = &i.code[i.count_width..];
    let kept = &o.code[o.count_width..][..program.len()];
    let differing: Vec<usize> = (0..program.len()).filter(|&k| program[k] != kept[k]).collect();
    assert!(!differing.is_empty(), "the imports moved, so the calls must change");
    // Every differing byte belongs to a patched index: 5-byte LEBs after a
    // call (0x10), return_call (0x12) or ref.func (0xd2).
    for &k in &differing {
        let start = (k.saturating_sub(5)..=k)
            .rev()
            .find(|&s| s > 0 && matches!(program[s - 1], 0x10 | 0x12 | 0xd2) && s + 5 > k);
        assert!(start.is_some(), "byte {k} of the code changed outside a function index");
    }

    // Types and globals: the program's first, unchanged; the adapter's after.
    assert_eq!(&o.types[..i.types.len()], &i.types[..]);
    assert!(
        o.globals.unwrap().ends_with(&i.globals.unwrap()[1..]) || o.globals.unwrap().len() > i.globals.unwrap().len()
    );
    // DWARF and every other custom section kept, byte for byte.
    for (name, data) in i.customs.iter().filter(|(n, _)| n.starts_with(".debug")) {
        assert!(o.customs.iter().any(|(n, d)| n == name && d == data), "{name} not kept");
    }
    assert_eq!(check(&out.wasm, &Profile::default()).unwrap(), vec![]);
}

#[test]
fn global_indices_of_the_program_are_unchanged() {
    let input = pad_calls(&wat::parse_str(PROGRAM).unwrap());
    let out = adapt(&input, &Options::default()).unwrap().wasm;
    let globals = |wasm: &[u8]| -> Vec<String> {
        Parser::new(0)
            .parse_all(wasm)
            .filter_map(|p| match p.unwrap() {
                Payload::GlobalSection(s) => {
                    Some(s.into_iter().map(|g| format!("{:?}", g.unwrap().ty)).collect::<Vec<_>>())
                }
                _ => None,
            })
            .flatten()
            .collect()
    };
    let (i, o) = (globals(&input), globals(&out));
    assert_eq!(&o[..i.len()], &i[..]);
    assert!(o.len() > i.len(), "the adapter's state global follows the program's");
}

/// `n` functions calling each other with minimal (unpadded) indices, and a
/// WASIp2 import whose adapter function imports two preview1 functions:
/// every defined function moves up by one.
fn unpadded(n: u32) -> String {
    let mut wat = String::from(
        r#"(module
  (import "wasi:cli/environment@0.2.0" "get-arguments" (func $args (param i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
"#,
    );
    for k in 0..n {
        let next = if k + 1 < n { format!("(call $f{})", k + 1) } else { "(call $args (i32.const 0))".into() };
        wat.push_str(&format!("  (func $f{k} (export \"f{k}\") {next})\n"));
    }
    wat.push_str("  (@custom \".debug_info\" (after data) \"x\"))");
    wat
}

#[test]
fn code_that_cannot_be_patched_in_place_is_reencoded_and_loses_its_dwarf() {
    // Function 127 (one LEB byte) becomes 128 (two): it cannot stay.
    let input = wat::parse_str(unpadded(140)).unwrap();
    let out = adapt(&input, &Options::default()).unwrap();
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    let w = &out.warnings[0];
    assert!(w.starts_with("removed DWARF (.debug_info): the program's code could not stay in place"), "{w}");
    assert!(w.contains("with a 1-byte index") && w.contains("too short for its new index 128"), "{w}");
    assert!(!sections(&out.wasm).customs.iter().any(|(n, _)| n.starts_with(".debug")));
    assert_eq!(check(&out.wasm, &Profile::default()).unwrap(), vec![]);
    // The same program as wasm-ld pads it stays in place.
    let padded = adapt(&pad_calls(&input), &Options::default()).unwrap();
    assert_eq!(padded.warnings, Vec::<String>::new());
    assert!(sections(&padded.wasm).customs.iter().any(|(n, _)| n == ".debug_info"));
}

#[test]
fn unpadded_code_whose_indices_still_fit_stays_in_place() {
    // Indices move from 1..=20 to 2..=21: every one still fits its byte.
    let input = wat::parse_str(unpadded(20)).unwrap();
    let out = adapt(&input, &Options::default()).unwrap();
    assert_eq!(out.warnings, Vec::<String>::new());
    let (i, o) = (sections(&input), sections(&out.wasm));
    assert!(o.code.len() > i.code.len(), "the adapter's bodies follow the program's");
    assert_eq!(i.code.len() - i.count_width, o.code[o.count_width..].len() - (o.code.len() - i.code.len()));
}

#[test]
fn a_function_count_that_needs_a_longer_number_moves_the_code_and_drops_dwarf() {
    // 126 bodies (one count byte) plus the adapter's make more than 127.
    let input = pad_calls(&wat::parse_str(unpadded(125)).unwrap());
    let out = adapt(&input, &Options::default()).unwrap();
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert!(
        out.warnings[0].contains("the function count (") && out.warnings[0].contains("which moves every body"),
        "{}",
        out.warnings[0]
    );
    assert_eq!(check(&out.wasm, &Profile::default()).unwrap(), vec![]);
}

#[test]
fn parts_written_out_are_the_module() {
    let input = pad_calls(&wat::parse_str(PROGRAM).unwrap());
    let parts = wasi_backport::adapt_parts(&input, &Options::default()).unwrap();
    let mut written = Vec::new();
    parts.output.write_to(&mut written).unwrap();
    assert_eq!(written.len(), parts.output.len());
    assert_eq!(written, adapt(&input, &Options::default()).unwrap().wasm);
    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all()).validate_all(&written).unwrap();
}

#[test]
fn golden_outputs() {
    let adapter = wat::parse_str(SMALL_ADAPTER).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut failures = Vec::new();
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wat"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 4, "golden cases missing from {}", dir.display());
    for case in cases {
        let text = std::fs::read_to_string(&case).unwrap();
        let mut input = wat::parse_str(&text).unwrap();
        // `;; padded` marks inputs laid out as wasm-ld writes them.
        if text.contains(";; padded") {
            input = pad_calls(&input);
        }
        let mut options = Options::default();
        if text.contains(";; unsupported=trap") {
            options.unsupported = Unsupported::Trap;
        }
        let got = match adapt_with_adapter(&input, &adapter, &options) {
            Ok(out) => {
                let mut s = String::new();
                for w in &out.warnings {
                    s.push_str(&format!(";; warning: {w}\n"));
                }
                s + &print(&out.wasm)
            }
            Err(e) => format!(";; error: {e}\n"),
        };
        let expected = case.with_extension("wat.out");
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&expected, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&expected).unwrap_or_default();
        if want != got {
            failures.push(format!("{}: output differs (BLESS=1 to accept):\n{got}", case.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn custom_sections_anywhere_are_kept_in_place() {
    // Custom sections between the known ones, the code section's included
    // (the output's validation skips them without losing count of the
    // functions: a fuzzer's finding).
    let wat = PROGRAM.replace(
        "(start $bump)",
        r#"(start $bump)
  (@custom "before-code" (before code) "between the function and code sections")
  (@custom "after-type" (after type) "early")"#,
    );
    for input in [wat::parse_str(&wat).unwrap(), pad_calls(&wat::parse_str(&wat).unwrap())] {
        let out = adapt(&input, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<String> = sections(&out.wasm).customs.into_iter().map(|(n, _)| n).collect();
        let at = |n: &str| names.iter().position(|c| c == n).unwrap_or_else(|| panic!("{n} missing: {names:?}"));
        assert!(at("after-type") < at("before-code"));
        assert_eq!(check(&out.wasm, &Profile::default()).unwrap(), vec![]);
    }
}

/// Per defined function, the callees of its `call`s and `return_call`s and
/// the functions its `ref.func`s name, in code order.
fn callees(wasm: &[u8]) -> Vec<(Vec<u32>, Vec<u32>)> {
    let mut out = Vec::new();
    for p in Parser::new(0).parse_all(wasm) {
        if let Payload::CodeSectionEntry(body) = p.unwrap() {
            let (mut calls, mut refs) = (Vec::new(), Vec::new());
            for op in body.get_operators_reader().unwrap() {
                match op.unwrap() {
                    wasmparser::Operator::Call { function_index }
                    | wasmparser::Operator::ReturnCall { function_index } => calls.push(function_index),
                    wasmparser::Operator::RefFunc { function_index } => refs.push(function_index),
                    _ => {}
                }
            }
            out.push((calls, refs));
        }
    }
    out
}

#[test]
fn forwarders_are_called_through_whether_code_is_patched_or_reencoded() {
    let adapter = wat::parse_str(SMALL_ADAPTER).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/forwarders.wat");
    let unpadded = wat::parse_file(path).unwrap();
    let padded = pad_calls(&unpadded);
    let options = Options { unsupported: Unsupported::Trap, ..Options::default() };
    let in_place = adapt_with_adapter(&padded, &adapter, &options).unwrap();
    let reencoded = adapt_with_adapter(&unpadded, &adapter, &options).unwrap();
    for out in [&in_place.wasm, &reencoded.wasm] {
        // Every body checked again, not only where the merge thinks it must.
        wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all()).validate_all(out).unwrap();
    }
    let out = callees(&in_place.wasm);
    assert_eq!(out, callees(&reencoded.wasm));
    // The input imports 4 functions and the output 2: defined function `k`
    // of the input is `k - 2` in the output.
    let input = callees(&unpadded);
    let (first, main, tail) = (4, 12, 13);
    let wrappers = [4, 5, 6]; // $stdout_wrapper, $write_wrapper, $tcp_wrapper
    let not_wrappers = [7, 8, 9, 10, 11]; // swapped, local, more, preview1, rec group
    let body = |f: u32| &out[(f - first) as usize];
    for w in wrappers {
        // The wrapper stays as it was, calling what replaced its import.
        assert_eq!(body(w).0.len(), 1);
    }
    let replacement = |w: u32| body(w).0[0];
    let (calls, refs) = body(main);
    let want: Vec<u32> = input[(main - first) as usize]
        .0
        .iter()
        .map(|&f| if wrappers.contains(&f) { replacement(f) } else { f - 2 })
        .collect();
    assert_eq!(calls, &want);
    assert!(not_wrappers.iter().all(|f| calls.contains(&(f - 2))));
    assert_eq!(refs, &vec![4 - 2], "ref.func names the wrapper");
    assert_eq!(body(tail).0, vec![replacement(4)], "return_call goes through too");
}
