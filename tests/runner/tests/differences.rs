//! Pins the runtime differences recorded in tests/known-differences.md, and
//! the unsupported-function policies on real runtimes.
mod common;

use common::{fixtures, run, Invocation, Runtime};
use wasi_backport::{adapt, Options, Unsupported};

fn args(name: &str) -> Invocation {
    Invocation { args: vec![name.into()], ..Default::default() }
}

fn adapt_with(name: &str, unsupported: Unsupported) -> std::path::PathBuf {
    let f = fixtures();
    let input = std::fs::read(f.core.join(format!("{name}.wasm"))).unwrap();
    let out = adapt(&input, &Options { unsupported, ..Default::default() }).unwrap();
    let path = f.adapted.join(format!("{name}.{unsupported:?}.{}.wasm", std::process::id()));
    common::write_whole(&path, &out.wasm);
    path
}

#[test]
fn wasmtime_p2_reports_past_deadlines_unready_before_a_wait() {
    let f = fixtures();
    let native = run(Runtime::WasmtimeP2, &f.component.join("quirks.wasm"), &args("quirks"));
    let text = String::from_utf8(native.stdout).unwrap();
    assert_eq!(text, "past instant ready before a wait: false\nzero duration ready before a wait: false\n");
    let module = common::adapted("quirks");
    for rt in [Runtime::WasmtimeP1, Runtime::Node] {
        let out = run(rt, &module, &args("quirks"));
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            "past instant ready before a wait: true\nzero duration ready before a wait: true\n",
            "{rt:?}"
        );
    }
}

#[test]
fn unsupported_is_refused_by_default_naming_the_caller() {
    let input = std::fs::read(fixtures().core.join("sockets.wasm")).unwrap();
    let err = adapt(&input, &Options::default()).unwrap_err().to_string();
    assert!(err.contains("create-tcp-socket"), "{err}");
    assert!(err.contains("called from"), "{err}");
}

#[test]
fn unsupported_error_result_returns_not_supported() {
    let module = adapt_with("sockets", Unsupported::ErrorResult);
    for rt in [Runtime::WasmtimeP1, Runtime::Node] {
        let out = run(rt, &module, &args("sockets"));
        assert_eq!(
            (out.code, String::from_utf8(out.stdout).unwrap().as_str()),
            (0, "socket refused: not-supported\n"),
            "{rt:?}"
        );
    }
}

#[test]
fn unsupported_trap_traps_when_called() {
    let module = adapt_with("sockets", Unsupported::Trap);
    for rt in [Runtime::WasmtimeP1, Runtime::Node] {
        let out = run(rt, &module, &args("sockets"));
        assert_eq!(out.code, 134, "{rt:?}");
        assert_eq!(String::from_utf8(out.stderr).unwrap(), "wb-runner: wasm trap\n", "{rt:?}");
    }
}
