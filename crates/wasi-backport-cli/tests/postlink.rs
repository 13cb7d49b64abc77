//! The cargo post-link step, as README documents it: a crate whose
//! `.cargo/config.toml` names `wasi-backport-ld` as the wasm32-wasip2 linker
//! (examples/postlink) is built with plain `cargo build --target
//! wasm32-wasip2`, and the file cargo writes is a preview1 module that
//! passes the gate for WAMR and runs on Node's preview1 host.
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use wasi_backport::{check, Profile};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// A copy of examples/postlink (without its target directory) in `dir`.
fn copy_example(dir: &Path) {
    let src = root().join("examples/postlink");
    let _ = std::fs::remove_dir_all(dir);
    for rel in ["Cargo.toml", ".cargo/config.toml", "src/main.rs"] {
        let to = dir.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(src.join(rel), &to).unwrap();
    }
}

/// `cargo build --release --target wasm32-wasip2` in `dir`, with the
/// directory of the wasi-backport binaries first on PATH.
fn cargo_build(dir: &Path, rustflags: Option<&str>) -> Output {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_wasi-backport-ld")).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin_dir.to_path_buf()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(["build", "--quiet", "--release", "--target", "wasm32-wasip2"])
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR");
    if let Some(flags) = rustflags {
        cmd.env("RUSTFLAGS", flags);
    }
    cmd.output().unwrap()
}

fn scratch(name: &str) -> PathBuf {
    root().join("target/postlink").join(format!("{name}.{}", std::process::id()))
}

#[test]
fn cargo_build_writes_a_preview1_module() {
    let dir = scratch("ok");
    copy_example(&dir);
    let out = cargo_build(&dir, None);
    assert!(out.status.success(), "cargo build failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let wasm_path = dir.join("target/wasm32-wasip2/release/postlink.wasm");
    let wasm = std::fs::read(&wasm_path).unwrap();
    assert!(!wasmparser::Parser::is_component(&wasm), "cargo wrote a component, not the adapted module");
    assert_eq!(check(&wasm, &Profile::builtin("wamr").unwrap()).unwrap(), vec![]);

    let mut node = Command::new("node")
        .arg("--no-warnings")
        .arg(root().join("tests/node/run-p1.mjs"))
        .arg(&wasm_path)
        .args(["--", "postlink", "a", "b"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node (scripts/setup.sh installs it)");
    use std::io::Write;
    node.stdin.take().unwrap().write_all(b"four").unwrap();
    let run = node.wait_with_output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        "built by cargo, adapted at link time; args [\"a\", \"b\"]; 4 bytes of stdin\nnow: true s since 1970\n"
    );
    assert!(run.status.success());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A module the chosen runtime cannot run fails the build, naming the
/// file and the import, and leaves no module behind.
#[test]
fn a_refused_module_fails_the_link() {
    let dir = scratch("refused");
    copy_example(&dir);
    let profile = dir.join("board.profile");
    std::fs::write(
        &profile,
        "name board\nfunction fd_write firmware 1.2 wasi.c\nfunction proc_exit firmware 1.2 wasi.c\n",
    )
    .unwrap();
    let out = cargo_build(&dir, Some(&format!("-C link-arg=--wasi-backport-runtime={}", profile.display())));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("does not run on board"), "{stderr}");
    assert!(
        stderr.contains(
            "wasi_snapshot_preview1::clock_time_get (i32,i64,i32)->(i32): not supported by the chosen runtime (board)"
        ),
        "{stderr}"
    );
    let left: Vec<_> = std::fs::read_dir(dir.join("target/wasm32-wasip2/release/deps"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".wasm"))
        .collect();
    assert!(left.is_empty(), "a failed link left {left:?}");
    assert!(!dir.join("target/wasm32-wasip2/release/postlink.wasm").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
