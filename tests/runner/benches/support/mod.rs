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

/// A command that runs a preview1 module the way `mode` names: `node`
/// (Node's `node:wasi`, through `tests/node/run-p1.mjs`), else wb-runner's
/// mode (`wamr`, `p1`, `p2`). The module and its arguments follow.
pub fn preview1_command(runner: &Path, mode: &str) -> Command {
    if mode == "node" {
        let mut c = Command::new("node");
        c.args(["--no-warnings"]).arg(root().join("tests/node/run-p1.mjs"));
        c
    } else {
        let mut c = Command::new(runner);
        c.arg(mode);
        c
    }
}

/// The median of `v`.
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Runs per measurement: `WB_BENCH_ROUNDS`, else `default`.
pub fn rounds(default: usize) -> usize {
    std::env::var("WB_BENCH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(default)
}
