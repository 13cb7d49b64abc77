//! What the benches share: the repository root, cargo, and building a
//! fixture binary into `target/fixtures/KIND`. Each bench uses part of it.
#![allow(dead_code)]
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// `cargo build --release` of fixture `bin` for `triple` with `rustflags`
/// (and nothing from the environment), into `target/fixtures/KIND`.
pub fn build(bin: &str, kind: &str, triple: &str, rustflags: &str) -> PathBuf {
    let root = root();
    let dir = root.join("target/fixtures").join(kind);
    let status = cargo()
        .args(["build", "--quiet", "--release", "--target", triple, "--bin", bin, "--manifest-path"])
        .arg(root.join("fixtures/Cargo.toml"))
        .arg("--target-dir")
        .arg(&dir)
        .env("RUSTFLAGS", rustflags)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .status()
        .unwrap();
    assert!(status.success(), "building {bin} ({kind})");
    dir.join(triple).join("release").join(format!("{bin}.wasm"))
}
