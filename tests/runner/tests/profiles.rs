//! The runtime profiles (`crates/wasi-backport/profiles/`) against the real
//! runtimes: each preview1 function, runtime-extension function (WAMR's
//! sockets) and wasm feature a profile lists works on its runtime, and each
//! one it leaves out does not; an extension function imported with another
//! signature than the extension's does not work either.
//!
//! A probe is a tiny module whose `_start` uses one function or feature and
//! then exits with a code above 10: a function probe exits with 10 + the
//! errno the call returned (`nosys` and `notsup` count as missing), a feature probe with 10.
//! A load, link or run failure is any other outcome.
mod common;

use common::{run, Invocation, Runtime};
use wasi_backport::check::{extension, preview1};
use wasi_backport::wasi::CoreSig;
use wasi_backport::Profile;

/// Errnos that say the runtime has the function in name only.
const ENOSYS: i32 = 52;
const ENOTSUP: i32 = 58;
const EXIT: &str = r#"(import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))"#;

/// The signature of a preview1 or extension function.
fn signature(name: &str) -> CoreSig {
    preview1::signature(name).or_else(|| extension::find(name).map(|(_, s)| s)).expect("a known function")
}

/// A module calling preview1 (or extension) function `name` of signature
/// `sig` with harmless arguments: fd 999 (which no runtime has open) where
/// the function takes an fd, else zeros (and for `poll_oneoff`, one
/// subscription that is due at once). WAMR's `sock_open` takes a pool fd it
/// ignores and opens a UDP socket; `sock_addr_resolve` gets the empty name.
fn function_probe(name: &str, sig: &CoreSig) -> Vec<u8> {
    let args: String = sig
        .params
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let fd = i == 0 && ["fd_", "path_", "sock_"].iter().any(|p| name.starts_with(p));
            // One clock subscription with a zero timeout (all-zero memory),
            // events after it: with no subscriptions WAMR waits forever.
            let poll = [0, 64, 1, 128];
            let value = if fd {
                999
            } else if name == "poll_oneoff" {
                poll[i]
            } else {
                0
            };
            format!("({t}.const {value})")
        })
        .collect();
    let params: String = sig.params.iter().map(|t| format!(" {t}")).collect();
    let results: String = sig.results.iter().map(|t| format!(" {t}")).collect();
    let (exit_import, finish) = if name == "proc_exit" {
        (String::new(), "(call $f (i32.const 10))".to_string())
    } else {
        (EXIT.to_string(), format!("(call $exit (i32.add (i32.const 10) (call $f {args})))"))
    };
    let wat = format!(
        r#"(module
  {exit_import}
  (import "wasi_snapshot_preview1" "{name}" (func $f (param{params}) (result{results})))
  (memory (export "memory") 1)
  (func (export "_start") {finish}))"#
    );
    wat::parse_str(&wat).unwrap_or_else(|e| panic!("probe for {name}: {e}\n{wat}"))
}

/// A module that needs wasm feature `name` to load and uses it when run.
fn feature_probe(name: &str) -> Option<Vec<u8>> {
    let (items, body) = match name {
        "mutable-global" => (r#"(global (export "g") (mut i32) (i32.const 0))"#, ""),
        "saturating-float-to-int" => ("", "(drop (i32.trunc_sat_f32_s (f32.const 1.5)))"),
        "sign-extension" => ("", "(drop (i32.extend8_s (i32.const 255)))"),
        "multi-value" => ("(func $two (result i32 i32) (i32.const 1) (i32.const 2))", "(drop (drop (call $two)))"),
        "reference-types" => ("(table $t 1 externref)", "(table.set $t (i32.const 0) (ref.null extern))"),
        "call-indirect-overlong" => return Some(overlong_probe()),
        "bulk-memory" => (r#"(data $d "abc")"#, "(memory.init $d (i32.const 0) (i32.const 0) (i32.const 3)) (data.drop $d)"),
        "bulk-memory-opt" => ("", "(memory.fill (i32.const 0) (i32.const 7) (i32.const 8)) (memory.copy (i32.const 8) (i32.const 0) (i32.const 8))"),
        "simd" => ("", "(drop (i32x4.extract_lane 1 (i32x4.splat (i32.const 3))))"),
        "relaxed-simd" => ("", "(drop (i32x4.relaxed_trunc_f32x4_s (v128.const f32x4 1 2 3 4)))"),
        "threads" => return probe_with_memory("1 1 shared", "", "(drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1))) (atomic.fence)"),
        "tail-call" => ("(func $done (call $exit (i32.const 10)))", "(return_call $done)"),
        "multi-memory" => ("(memory $two 1)", "(i32.store $two (i32.const 0) (i32.const 1))"),
        "exceptions" => ("(tag $e)", "(block $h (try_table (catch $e $h) (throw $e)))"),
        "legacy-exceptions" => ("(tag $e)", "try throw $e catch $e end"),
        "memory64" => return probe_with_memory("i64 1", "", "(i64.store (i64.const 0) (i64.const 1))"),
        "extended-const" => ("(global $g i32 (i32.add (i32.const 1) (i32.const 2)))", "(drop (global.get $g))"),
        "function-references" => (
            "(type $v (func)) (func $nop (type $v)) (elem declare func $nop)",
            "(call_ref $v (ref.func $nop))",
        ),
        "gc" => ("(type $s (struct (field i32)))", "(drop (struct.new $s (i32.const 1)))"),
        "custom-page-sizes" => return probe_with_memory("1 (pagesize 1)", "", "(i32.store8 (i32.const 0) (i32.const 1))"),
        "wide-arithmetic" => ("", "(drop (drop (i64.add128 (i64.const 1) (i64.const 0) (i64.const 2) (i64.const 0))))"),
        _ => return None,
    };
    probe_with_memory("1", items, body)
}

/// A probe module whose exported memory has type `memory`: only the feature
/// under test may differ from a plain wasm 1.0 module.
fn probe_with_memory(memory: &str, items: &str, body: &str) -> Option<Vec<u8>> {
    let wat = format!(
        r#"(module {EXIT} (memory (export "memory") {memory}) {items}
  (func (export "_start") {body} (call $exit (i32.const 10))))"#
    );
    Some(wat::parse_str(&wat).unwrap_or_else(|e| panic!("probe: {e}\n{wat}")))
}

/// `call_indirect` with its table index written as a two-byte LEB, as
/// LLVM writes it: the text format cannot say this, so the body is patched.
fn overlong_probe() -> Vec<u8> {
    let wat = format!(
        r#"(module {EXIT} (memory (export "memory") 1)
  (type $v (func)) (table 1 funcref) (elem (i32.const 0) $nop) (func $nop (type $v))
  (func (export "_start") (call_indirect (type $v) (i32.const 0)) (call $exit (i32.const 10))))"#
    );
    let mut wasm = wat::parse_str(&wat).unwrap();
    // `i32.const 0; call_indirect <type> <table 0>`, the table as one byte.
    let at =
        wasm.windows(5).position(|w| w[..3] == [0x41, 0x00, 0x11] && w[4] == 0).expect("call_indirect in the probe")
            + 2;
    wasm.splice(at + 2..at + 3, [0x80, 0x00]);
    fix_lengths(&mut wasm, at);
    wasm
}

/// After one byte was inserted at `at`, grows the enclosing code section
/// and function body sizes by one (both are single-byte LEBs in the probe).
fn fix_lengths(wasm: &mut [u8], at: usize) {
    let mut pos = 8;
    while pos < wasm.len() {
        let id = wasm[pos];
        let size = wasm[pos + 1] as usize;
        assert!(size < 0x80, "probe sections are small");
        if id == 10 && at > pos && at < pos + 2 + size {
            wasm[pos + 1] += 1;
            let mut body = pos + 3;
            for _ in 0..wasm[pos + 2] {
                let len = wasm[body] as usize;
                if at > body && at <= body + len {
                    wasm[body] += 1;
                    return;
                }
                body += 1 + len;
            }
        }
        pos += 2 + size;
    }
    panic!("no function body holds offset {at}");
}

/// Exits 10 + errno, or the runtime failed: (works, errno).
fn works(rt: Runtime, dir: &std::path::Path, name: &str, wasm: &[u8]) -> (bool, Option<i32>) {
    let file = dir.join(format!("{name}.wasm"));
    std::fs::write(&file, wasm).unwrap();
    let out = run(rt, &file, &Invocation { args: vec!["probe".into()], ..Default::default() });
    match out.code {
        10..=86 if out.stderr.is_empty() => (![ENOSYS, ENOTSUP].contains(&(out.code - 10)), Some(out.code - 10)),
        _ => (false, None),
    }
}

#[test]
fn profiles_match_the_runtimes() {
    let features = wasi_backport::check::features::NAMES;
    let cases = [(Runtime::WasmtimeP1, "wasmtime"), (Runtime::Node, "node"), (Runtime::Wamr, "wamr")];
    let results: Vec<Vec<String>> = std::thread::scope(|s| {
        let handles: Vec<_> = cases
            .iter()
            .map(|&(rt, profile_name)| {
                s.spawn(move || {
                    let profile = Profile::builtin(profile_name).unwrap();
                    let dir = common::scratch_dir(&format!("probe-{profile_name}"));
                    let mut wrong = Vec::new();
                    for f in preview1::names().chain(extension::names()) {
                        let (ok, errno) = works(rt, &dir, f, &function_probe(f, &signature(f)));
                        if ok != profile.has_function(f) {
                            wrong.push(format!(
                                "{profile_name}: function {f} works={ok} (errno {errno:?}), profile says {}",
                                !ok
                            ));
                        }
                    }
                    // An extension function with one more i32 parameter:
                    // a runtime must not resolve it to the function it has.
                    for f in extension::names() {
                        let mut sig = signature(f);
                        sig.params.push(wasmparser::ValType::I32);
                        let (ok, errno) = works(rt, &dir, &format!("{f}.wrong"), &function_probe(f, &sig));
                        if ok {
                            wrong.push(format!(
                                "{profile_name}: function {f} with signature {sig} works (errno {errno:?})"
                            ));
                        }
                    }
                    for feat in features {
                        match feature_probe(feat) {
                            Some(wasm) => {
                                // The probe also checks the lock's feature detection.
                                let used = wasi_backport::check::features::used(&wasm);
                                assert!(used.contains(feat), "the {feat} probe is seen to use {used:?}");
                                let (ok, _) = works(rt, &dir, feat, &wasm);
                                if ok != profile.has_feature(feat) {
                                    wrong.push(format!(
                                        "{profile_name}: feature {feat} works={ok}, profile says {}",
                                        !ok
                                    ));
                                }
                            }
                            None => {
                                assert!(!profile.has_feature(feat), "{profile_name} lists {feat}, which has no probe")
                            }
                        }
                    }
                    wrong
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let wrong: Vec<String> = results.concat();
    assert!(wrong.is_empty(), "profiles disagree with the runtimes:\n  {}", wrong.join("\n  "));
}
