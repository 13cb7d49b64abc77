//! Real command-line programs from crates.io, built for wasm32-wasip2,
//! adapted, and run on wasmtime's preview1 host, Node and WAMR against
//! their native WASIp2 run, on a real source tree (WAMR's own C sources,
//! which the test runner's build already downloaded). Output, exit code and
//! the files left behind must be identical.
//!
//! The programs take minutes to build, so this suite is opt-in:
//!     WB_PROGRAMS=1 cargo test --release -p wb-runner --test programs
//! (`scripts/programs.sh` does that; CI runs it too).
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{assert_same, root, run, scratch_dir, snapshot, Invocation, Runtime, PREVIEW1};

/// A crate from crates.io, pinned, and the binary to take from it.
struct Program {
    krate: &'static str,
    version: &'static str,
    bin: &'static str,
    /// `cargo install --locked`: the crate's own lock file builds for
    /// wasm32-wasip2; without it, newer dependency versions are needed.
    locked: bool,
}

const RIPGREP: Program = Program { krate: "ripgrep", version: "15.2.0", bin: "rg", locked: true };
// ruplacer 0.10.0's lock file pins a rustix that predates wasm32-wasip2.
const RUPLACER: Program = Program { krate: "ruplacer", version: "0.10.0", bin: "ruplacer", locked: false };
const SD: Program = Program { krate: "sd", version: "1.0.0", bin: "sd", locked: false };

fn enabled() -> bool {
    if std::env::var_os("WB_PROGRAMS").is_none() {
        eprintln!("skipped: set WB_PROGRAMS=1 to build and run the crates.io programs");
        return false;
    }
    true
}

/// The core module (built with `--skip-wit-component`), its WASIp2
/// component (made from it with wit-component, as cargo's linker would) and
/// its adapted preview1 module.
fn build(p: &Program) -> (PathBuf, PathBuf) {
    let dir = root().join("target/programs").join(p.krate);
    let core = dir.join(format!("bin/{}.wasm", p.bin));
    if !core.exists() {
        let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd.args(["install", "--quiet", "--target", "wasm32-wasip2", "--version", p.version, "--root"])
            .arg(&dir)
            .arg(p.krate)
            .env("RUSTFLAGS", "-C link-arg=--skip-wit-component")
            .env("CARGO_TARGET_DIR", root().join("target/programs/build"))
            .env_remove("CARGO_ENCODED_RUSTFLAGS");
        if p.locked {
            cmd.arg("--locked");
        }
        assert!(cmd.status().unwrap().success(), "building {} {}", p.krate, p.version);
    }
    let bytes = std::fs::read(&core).unwrap();
    let component = dir.join(format!("{}.component.wasm", p.bin));
    let encoded = wit_component::ComponentEncoder::default().module(&bytes).unwrap().validate(true).encode().unwrap();
    std::fs::write(&component, encoded).unwrap();
    let adapted = dir.join(format!("{}.p1.wasm", p.bin));
    let out = wasi_backport::adapt(&bytes, &wasi_backport::Options::default()).unwrap();
    std::fs::write(&adapted, out.wasm).unwrap();
    (component, adapted)
}

/// WAMR's C sources, as the `wamrx-sys` crate vendors them: a real tree of
/// a few hundred files in nested directories.
fn source_tree() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME").map(PathBuf::from).unwrap_or_else(|| Path::new(&std::env::var("HOME").unwrap()).join(".cargo"));
    for index in std::fs::read_dir(home.join("registry/src")).unwrap() {
        let tree = index.unwrap().path().join("wamrx-sys-0.3.0/wasm-micro-runtime/core");
        if tree.is_dir() {
            return tree;
        }
    }
    panic!("wamrx-sys 0.3.0 sources not found under {}", home.display());
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Runs `args` natively as WASIp2 and adapted on every preview1 runtime,
/// each in a fresh copy of the source tree.
fn workload(p: &Program, args: &[&str]) {
    let (component, adapted) = build(p);
    let tree = source_tree();
    let tag = format!("{}-{}", p.bin, args.iter().map(|a| a.chars().filter(|c| c.is_alphanumeric()).collect::<String>()).collect::<Vec<_>>().join("-"));
    let inv = |dir: PathBuf| Invocation {
        args: std::iter::once(p.bin).chain(args.iter().copied()).map(String::from).collect(),
        dir: Some(dir),
        ..Default::default()
    };
    let tag: String = tag.chars().take(48).collect();
    let dir = scratch_dir(&format!("{tag}-p2"));
    copy_tree(&tree, &dir);
    let before = snapshot(&dir);
    let reference = run(Runtime::WasmtimeP2, &component, &inv(dir.clone()));
    let left = snapshot(&dir);
    assert_eq!(reference.code, 0, "{tag}: the reference failed: {}", String::from_utf8_lossy(&reference.stderr));
    assert!(!reference.stdout.is_empty() || left != before, "{tag}: the reference neither printed nor changed anything");
    for rt in PREVIEW1 {
        let dir = scratch_dir(&format!("{tag}-{rt:?}"));
        copy_tree(&tree, &dir);
        let got = run(rt, &adapted, &inv(dir.clone()));
        assert_same(&format!("{} {args:?} on {rt:?}", p.bin), &reference, &got);
        assert_eq!(snapshot(&dir), left, "{} {args:?} on {rt:?}: different files left behind", p.bin);
        let _ = std::fs::remove_dir_all(&dir);
    }
    let changed = left.iter().filter(|l| !before.contains(l)).count();
    eprintln!("{tag}: {} bytes of output, {changed} files changed, identical on {} runtimes", reference.stdout.len(), PREVIEW1.len());
}

#[test]
fn ripgrep_searches_a_source_tree() {
    if !enabled() {
        return;
    }
    workload(&RIPGREP, &["-n", "--sort", "path", r"wasm_runtime_[a-z_]+\(", "."]);
    workload(&RIPGREP, &["--files", "--sort", "path"]);
    workload(&RIPGREP, &["-c", "--sort", "path", "-i", "-g", "*.h", "memory"]);
    workload(&RIPGREP, &["-l", "--sort", "path", "-w", "--no-ignore", "-e", "bh_assert", "-e", "os_malloc", "."]);
}

#[test]
fn ruplacer_rewrites_a_source_tree_in_place() {
    if !enabled() {
        return;
    }
    // Dry run (prints a diff of every change), then the rewrite itself.
    workload(&RUPLACER, &[r"wasm_runtime_(\w+)", "wamr_$1", "."]);
    workload(&RUPLACER, &["--go", r"wasm_runtime_(\w+)", "wamr_$1", "."]);
    workload(&RUPLACER, &["--go", "-t", "c", "-w", "uint32", "u32", "iwasm"]);
}

#[test]
fn sd_edits_files() {
    if !enabled() {
        return;
    }
    let files = ["shared/utils/bh_hashmap.c", "shared/utils/bh_list.c", "shared/utils/bh_vector.c", "shared/utils/bh_log.c", "iwasm/common/wasm_runtime_common.c"];
    let mut args = vec![r"bh_(\w+)\(", "BH_$1("];
    args.extend(files);
    workload(&SD, &args);
    let mut args = vec!["-F", "-p", "NULL", "nullptr"];
    args.extend(files);
    workload(&SD, &args);
}
