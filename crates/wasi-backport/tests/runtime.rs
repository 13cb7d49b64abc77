//! The target runtime in the library: `Options::runtime` gates what `adapt`
//! passes through and writes, and runtime extensions (WAMR's sockets) in
//! profiles, the gate and the lock.
use wasi_backport::check::{extension, preview1};
use wasi_backport::{adapt, check, classify_imports, Class, Error, Lock, Options, Profile, Violation, Why};

fn wamr() -> Options {
    Options { runtime: Profile::builtin("wamr").unwrap(), ..Default::default() }
}

/// A preview1 program calling WAMR's `sock_open` itself next to a WASIp2
/// import, as a program written against the extension by hand does.
fn sockets_program() -> Vec<u8> {
    wat::parse_str(
        r#"(module
  (import "wasi_snapshot_preview1" "sock_open" (func $open (param i32 i32 i32 i32) (result i32)))
  (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "wasi:cli/run@0.2.0#run") (result i32)
    (drop (call $open (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0)))
    (call $exit (i32.const 0)) (i32.const 0)))"#,
    )
    .unwrap()
}

#[test]
fn the_wamr_profile_lists_the_socket_extension_with_its_signatures() {
    let wamr = Profile::builtin("wamr").unwrap();
    for name in extension::WAMR_SOCKETS.names() {
        let want = extension::WAMR_SOCKETS.signature(name);
        // sock_close is registered but always returns ENOSYS.
        let listed = name != "sock_close";
        assert_eq!(wamr.has_function(name), listed, "{name}");
        assert_eq!(wamr.signature(name), want.filter(|_| listed), "{name}");
    }
    for name in ["preview1", "wasmtime", "node"] {
        let p = Profile::builtin(name).unwrap();
        assert!(extension::names().all(|f| !p.has_function(f)), "{name} lists an extension function");
    }
    assert_eq!(wamr.signature("fd_write"), preview1::signature("fd_write"));
}

#[test]
fn adapt_passes_extension_functions_through_only_for_a_runtime_that_has_them() {
    let program = sockets_program();
    let classes = classify_imports(&program, &wamr()).unwrap();
    assert!(matches!(classes[0].class, Class::Preview1), "{:?}", classes[0].class);
    let out = adapt(&program, &wamr()).unwrap();
    assert_eq!(check(&out.wasm, &Profile::builtin("wamr").unwrap()).unwrap(), vec![]);
    let lock = Lock::of(&out.wasm).unwrap().to_string();
    assert!(lock.contains("import wasi_snapshot_preview1 sock_open (i32,i32,i32,i32)->(i32)\n"), "{lock}");
    // Against preview1 itself, the gate names the extension.
    let v = check(&out.wasm, &Profile::default()).unwrap();
    assert!(
        matches!(&v[..], [Violation::Import { name, why: Why::ExtensionNotOnRuntime { extension: "wamr-sockets", .. }, .. }] if name == "sock_open"),
        "{v:?}"
    );
    for options in [Options::default(), Options { runtime: Profile::builtin("node").unwrap(), ..Default::default() }] {
        match adapt(&program, &options) {
            Err(Error::Refused(r)) => {
                assert!(r[0].name == "sock_open" && r[0].reason.contains("WAMR's socket extension"))
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}

#[test]
fn the_output_is_gated_against_the_runtime() {
    let program = sockets_program();
    let board =
        Profile::parse("name board\nfunction sock_open (i32,i32,i32,i32)->(i32) firmware\nfeature * any\n").unwrap();
    match adapt(&program, &Options { runtime: board, ..Default::default() }) {
        Err(e @ Error::NotOnRuntime { .. }) => {
            let text = e.to_string();
            assert!(text.contains("does not run on board") && text.contains("proc_exit"), "{text}");
        }
        other => panic!("expected the runtime gate, got {other:?}"),
    }
}

#[test]
fn coverage_takes_the_runtime() {
    use wasi_backport::adapter::coverage::Fidelity;
    let wamr = Profile::builtin("wamr").unwrap();
    let (a, b) = (wasi_backport::coverage().unwrap(), wasi_backport::coverage_for(&wamr).unwrap());
    assert_eq!(a.len(), b.len());
    let mut sockets = 0;
    for (p1, w) in a.iter().zip(&b) {
        assert_eq!((&p1.interface, &p1.function), (&w.interface, &w.function));
        if p1.interface.starts_with("wasi:sockets/") {
            // Every socket function: unsupported on preview1, implemented
            // with WAMR's extension, each approximation saying how.
            sockets += 1;
            assert_eq!(p1.fidelity, Fidelity::Unsupported, "{}", p1.function);
            assert!(p1.note.contains("--runtime wamr"), "{}", p1.note);
            assert_ne!(w.fidelity, Fidelity::Unsupported, "{} on wamr", w.function);
            assert!(w.fidelity == Fidelity::Exact || !w.note.is_empty(), "{}", w.function);
        } else {
            assert_eq!(format!("{p1:?}"), format!("{w:?}"));
        }
    }
    assert!(sockets >= 59, "{sockets} socket functions");
}

/// A WASIp2 program using `wasi:sockets`: adapted with WAMR's socket
/// extension for `wamr`, under the `--unsupported` policy elsewhere.
#[test]
fn sockets_are_adapted_for_a_runtime_with_the_extension() {
    let program = wat::parse_str(
        r#"(module
  (import "wasi:sockets/tcp-create-socket@0.2.3" "create-tcp-socket" (func $create (param i32 i32)))
  (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "wasi:cli/run@0.2.0#run") (result i32)
    (call $create (i32.const 0) (i32.const 64))
    (call $exit (i32.const 0)) (i32.const 0)))"#,
    )
    .unwrap();
    let classes = classify_imports(&program, &wamr()).unwrap();
    assert!(matches!(&classes[0].class, Class::Adapted { export } if export.ends_with("create-tcp-socket")));
    let out = adapt(&program, &wamr()).unwrap();
    assert_eq!(check(&out.wasm, &Profile::builtin("wamr").unwrap()).unwrap(), vec![]);
    let lock = Lock::of(&out.wasm).unwrap().to_string();
    assert!(lock.contains("import wasi_snapshot_preview1 sock_open (i32,i32,i32,i32)->(i32)\n"), "{lock}");
    // A plain preview1 host would not link it: the gate says which function.
    let v = check(&out.wasm, &Profile::default()).unwrap();
    assert!(v.iter().any(|v| matches!(v, Violation::Import { name, .. } if name == "sock_open")), "{v:?}");
    for rt in ["preview1", "wasmtime", "node"] {
        let options = Options { runtime: Profile::builtin(rt).unwrap(), ..Default::default() };
        let classes = classify_imports(&program, &options).unwrap();
        assert!(matches!(&classes[0].class, Class::Unsupported { .. }), "{rt}: {:?}", classes[0].class);
        match adapt(&program, &options) {
            Err(Error::Refused(r)) => assert!(r[0].reason.contains("--runtime wamr"), "{}", r[0].reason),
            other => panic!("{rt}: expected a refusal, got {other:?}"),
        }
    }
}
