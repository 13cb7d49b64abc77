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

/// `target/release/wb-runner`, built first (the benches run it as a child).
pub fn runner() -> PathBuf {
    let status =
        cargo().args(["build", "--quiet", "--release", "-p", "wb-runner", "--bin", "wb-runner"]).status().unwrap();
    assert!(status.success(), "building wb-runner");
    root().join("target/release/wb-runner")
}

/// Runs per measurement: `WB_BENCH_ROUNDS`, else `default`.
pub fn rounds(default: usize) -> usize {
    std::env::var("WB_BENCH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(default)
}
