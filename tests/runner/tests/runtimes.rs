//! Every fixture, adapted, runs on wasmtime's preview1 host, on Node's
//! `node:wasi` and on WAMR exactly as it runs natively as WASIp2 on wasmtime: same
//! stdout, stderr and exit code. Programs that use only std are also
//! compared with their wasm32-wasip1 build.
mod common;

use common::{
    adapted, adapted_wat, assert_same, fixtures, input_file, run, run_until_waiting, Invocation, Outcome, Runtime,
    PREVIEW1, STILL_RUNNING, WAT_RUNTIME,
};

/// Runs fixture `name` everywhere and compares. `std_only`: also compare
/// with the program built for wasm32-wasip1.
fn matrix(name: &str, inv: Invocation, std_only: bool) {
    matrix_with(name, inv, std_only, |_, _, _| {});
}

/// `matrix`, with `known` first adjusting an adapted run's outcome for a
/// difference recorded in tests/known-differences.md.
fn matrix_with(name: &str, inv: Invocation, std_only: bool, known: fn(Runtime, &Outcome, &mut Outcome)) {
    let f = fixtures();
    let mut inv = inv;
    inv.args.insert(0, name.to_string());
    let reference = run(Runtime::WasmtimeP2, &f.component.join(format!("{name}.wasm")), &inv);
    let module = adapted(name);
    for rt in PREVIEW1 {
        let mut got = run(rt, &module, &inv);
        known(rt, &reference, &mut got);
        assert_same(&format!("{name} adapted, on {rt:?}"), &reference, &got);
    }
    if std_only {
        let native_p1 = run(Runtime::WasmtimeP1, &f.p1.join(format!("{name}.wasm")), &inv);
        assert_same(&format!("{name} built for wasm32-wasip1, on wasmtime"), &reference, &native_p1);
    }
}

fn args(list: &[&str]) -> Invocation {
    Invocation { args: list.iter().map(|s| s.to_string()).collect(), ..Default::default() }
}

#[test]
fn hello_stdout_and_stderr() {
    matrix("hello", Invocation::default(), true);
}

/// Imports preview1 directly besides WASIp2: those pass through.
#[test]
fn preview1_and_wasip2_mixed() {
    matrix("mixed", args(&["x", "y"]), true);
}

/// `adapt` also takes the component cargo builds by default: it takes the
/// main module out (leaving wit-component's preview1 adapter, when there is
/// one, and its shims), and the result runs as the reference does.
#[test]
fn cargo_default_component_as_input() {
    let f = fixtures();
    let inv = args(&["from-component", "z"]);
    for name in ["hello", "mixed", "args"] {
        let component = f.component.join(format!("{name}.wasm"));
        let adapted = wasi_backport::adapt(&std::fs::read(&component).unwrap(), &wasi_backport::Options::default())
            .unwrap_or_else(|e| panic!("adapting the {name} component: {e}"));
        let note = adapted.notes.join(" ");
        assert!(note.contains("took the main module `main`"), "{note}");
        assert_eq!(note.contains("preview1 adapter"), name == "mixed", "{note}");
        let out = f.adapted.join(format!("{name}.from-component.{}.wasm", std::process::id()));
        common::write_whole(&out, &adapted.wasm);
        let reference = run(Runtime::WasmtimeP2, &component, &inv);
        for rt in PREVIEW1 {
            assert_same(&format!("{name} from its component, on {rt:?}"), &reference, &run(rt, &out, &inv));
        }
    }
}

#[test]
fn stdin_by_line() {
    let inv = Invocation { stdin: Some(input_file("lines", 60_000)), ..args(&["lines"]) };
    matrix("stdin", inv, true);
}

#[test]
fn stdin_to_end_over_a_mebibyte() {
    let file = input_file("big", 100_000);
    assert!(std::fs::metadata(&file).unwrap().len() > 1 << 20);
    matrix("stdin", Invocation { stdin: Some(file), ..args(&["all"]) }, true);
}

#[test]
fn stdin_empty() {
    matrix("stdin", args(&["all"]), true);
}

#[test]
fn unicode_arguments() {
    matrix("args", args(&["plain", "ünïcødé ☃", "🦀🦀", "", "with space", "-x=1"]), true);
}

#[test]
fn a_thousand_arguments() {
    let mut list: Vec<String> = (0..1000).map(|i| format!("arg-{i}-{}", "ü".repeat(i % 5))).collect();
    list.push("--summary".into());
    matrix("args", Invocation { args: list, ..Default::default() }, true);
}

#[test]
fn environment_over_64_kib() {
    let mut env: Vec<(String, String)> =
        (0..100).map(|i| (format!("VAR_{i:03}"), format!("{i}").repeat(700))).collect();
    env.push(("EMPTY".into(), String::new()));
    env.push(("UNICODE".into(), "ünï=cødé".into()));
    env.push(("HOME".into(), "/home/wasm".into()));
    let bytes: usize = env.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
    assert!(bytes > 64 << 10);
    matrix("env", Invocation { env, ..Default::default() }, true);
}

#[test]
fn empty_environment() {
    matrix("env", Invocation::default(), true);
}

#[test]
fn exit_ok() {
    matrix("exit", args(&["ok"]), false);
}

#[test]
fn exit_main_returns_err() {
    matrix("exit", args(&["err"]), false);
}

#[test]
fn exit_process_exit_code() {
    matrix("exit", args(&["code", "7"]), false);
}

#[test]
fn exit_with_code() {
    matrix("exit", args(&["with-code", "42"]), false);
    matrix("exit", args(&["with-code", "0"]), false);
}

#[test]
fn exit_with_err_status() {
    matrix("exit", args(&["exit-err"]), false);
}

#[test]
fn panic_message_and_trap() {
    matrix("exit", args(&["panic"]), false);
}

#[test]
fn abort_traps() {
    matrix("exit", args(&["abort"]), false);
}

/// A handle never handed out, and handles the program dropped (their
/// entries free), trap as natively.
#[test]
fn bad_handle_traps() {
    matrix("exit", args(&["bad-handle"]), false);
    matrix("exit", args(&["dropped-stream"]), false);
    matrix("exit", args(&["dropped-pollable"]), false);
}

#[test]
fn clocks_and_sleeps() {
    matrix("clocks", Invocation::default(), false);
}

#[test]
fn random_sizes_and_hashmap_seed() {
    matrix("random", Invocation::default(), false);
}

#[test]
fn poll_several_pollables() {
    matrix("poll", Invocation::default(), false);
}

/// `subscribe-duration(u64::MAX)` and `subscribe-instant(u64::MAX)` are
/// never ready; polled with other pollables, `poll` returns those.
#[test]
fn deadlines_that_never_come() {
    matrix("forever", Invocation::default(), false);
}

/// Waiting on nothing but such deadlines waits (here until the test stops
/// it), as natively: `block`, `std::thread::sleep(Duration::MAX)`, `poll`.
#[test]
fn waiting_for_a_deadline_that_never_comes() {
    let f = fixtures();
    let module = adapted("forever");
    let quiet = std::time::Duration::from_secs(2);
    for mode in ["block", "sleep", "poll"] {
        let inv = args(&["forever", mode]);
        let reference = run_until_waiting(Runtime::WasmtimeP2, &f.component.join("forever.wasm"), &inv, quiet);
        assert_eq!(reference.code, STILL_RUNNING, "{mode}: the native run stopped waiting");
        for rt in PREVIEW1 {
            assert_same(
                &format!("forever {mode} adapted, on {rt:?}"),
                &reference,
                &run_until_waiting(rt, &module, &inv, quiet),
            );
        }
    }
}

/// Where every pollable a program can make is always ready (stdout's), the
/// merge leaves out the code that asks the host (`poll_oneoff`), and what
/// would run it traps. `ready`, `block` and `poll` must still answer at
/// once, on every runtime; a wrong answer traps too.
#[test]
fn pollables_that_never_wait_answer_without_the_host() {
    let wat = format!(
        r#"(module
  (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $out (result i32)))
  (import "wasi:io/streams@0.2.0" "[method]output-stream.subscribe" (func $sub (param i32) (result i32)))
  (import "wasi:io/poll@0.2.0" "[method]pollable.ready" (func $ready (param i32) (result i32)))
  (import "wasi:io/poll@0.2.0" "[method]pollable.block" (func $block (param i32)))
  (import "wasi:io/poll@0.2.0" "poll" (func $poll (param i32 i32 i32)))
  (import "wasi:io/poll@0.2.0" "[resource-drop]pollable" (func $drop (param i32)))
  (memory (export "memory") 1)
  {WAT_RUNTIME}
  (func (export "wasi:cli/run@0.2.0#run") (result i32) (local $s i32) (local $p i32) (local $q i32)
    (local.set $s (call $out))
    (local.set $p (call $sub (local.get $s)))
    (local.set $q (call $sub (local.get $s)))
    (if (i32.ne (call $ready (local.get $p)) (i32.const 1)) (then unreachable))
    (call $block (local.get $q))
    ;; poll([p, q]) returns both indices
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (local.get $q))
    (call $poll (i32.const 0) (i32.const 2) (i32.const 64))
    (if (i32.ne (i32.load (i32.const 68)) (i32.const 2)) (then unreachable))
    (if (i32.ne (i32.load offset=4 (i32.load (i32.const 64))) (i32.const 1)) (then unreachable))
    (call $drop (local.get $p))
    (call $drop (local.get $q))
    (i32.const 0)))"#
    );
    let (path, adapted) = adapted_wat("ready-pollables", &wat);
    let imports: Vec<String> = wasmparser::Parser::new(0)
        .parse_all(&adapted)
        .filter_map(|p| match p.unwrap() {
            wasmparser::Payload::ImportSection(s) => Some(s.into_imports().map(|i| i.unwrap().name.to_string())),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(!imports.iter().any(|i| i == "poll_oneoff"), "{imports:?}");
    for rt in PREVIEW1 {
        let out = run(rt, &path, &Invocation::default());
        assert_eq!(out.code, 0, "{rt:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// Stdin through a pipe: ready after `block`, and it stays ready until read.
#[test]
fn stdin_pipe_readiness() {
    matrix("stdinready", Invocation { stdin_pipe: Some(b"through a pipe\n".to_vec()), ..Default::default() }, false);
}

/// Dropping a stream while a pollable made from it lives traps, as natively.
#[test]
fn streams_outlived_by_their_pollables_trap() {
    matrix("children", args(&["input"]), false);
    matrix("children", args(&["output"]), false);
    matrix("children", args(&["in-order"]), false);
}

#[test]
fn hundreds_of_megabytes_and_deep_recursion_with_io() {
    matrix_with("stress", args(&["300"]), true, |rt, reference, got| {
        // Node 20 often dies inside V8 after the guest has returned and
        // printed everything: SIGSEGV or SIGBUS, or SIGTRAP after V8's own
        // "abort: Invalid bytecode". The output must still be complete and
        // identical.
        let crash = match got.code {
            139 | 135 => got.stderr.is_empty(),
            133 => String::from_utf8_lossy(&got.stderr).trim() == "abort: Invalid bytecode",
            _ => false,
        };
        if rt == Runtime::Node && crash && got.stdout == reference.stdout {
            eprintln!("known difference: Node crashed after the guest finished (exit {})", got.code);
            got.code = reference.code;
            got.stderr.clone_from(&reference.stderr);
        }
    });
}

#[test]
fn thousands_of_live_handles() {
    matrix("handles", args(&["5000"]), false);
}

#[test]
fn stream_operations() {
    matrix("streams", Invocation { stdin: Some(input_file("streams", 2000)), ..Default::default() }, false);
}

#[test]
fn terminals_are_not_terminals_under_test() {
    matrix("terminal", Invocation::default(), false);
}

/// The harness itself: a module another test thread is writing is never
/// run half written (WAMR failed a CI run with "unexpected end" when two
/// tests adapted the same fixture at once).
#[test]
fn a_file_being_written_is_never_read_half_written() {
    let path = fixtures().adapted.join(format!("whole.{}.bin", std::process::id()));
    let size = 4 << 20;
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            for k in 0..40u8 {
                common::write_whole(&path, &vec![k; size]);
            }
            done.store(true, std::sync::atomic::Ordering::Release);
        });
        let mut reads = 0;
        while !done.load(std::sync::atomic::Ordering::Acquire) {
            if let Ok(bytes) = std::fs::read(&path) {
                assert_eq!(bytes.len(), size, "read a file half written");
                reads += 1;
            }
        }
        assert!(reads > 0, "the reader never saw the file");
    });
    std::fs::remove_file(&path).unwrap();
}
