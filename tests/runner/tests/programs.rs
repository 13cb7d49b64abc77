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
    /// Leave out default features that need a network or a file watcher.
    minimal: bool,
    /// Its release profile keeps debug info (checked to survive adapting).
    dwarf: bool,
}

const RIPGREP: Program =
    Program { krate: "ripgrep", version: "15.2.0", bin: "rg", locked: true, minimal: false, dwarf: true };
// ruplacer 0.10.0's lock file pins a rustix that predates wasm32-wasip2.
const RUPLACER: Program =
    Program { krate: "ruplacer", version: "0.10.0", bin: "ruplacer", locked: false, minimal: false, dwarf: false };
// Without its web server and file watcher (`serve`, `watch`).
const MDBOOK: Program =
    Program { krate: "mdbook", version: "0.5.4", bin: "mdbook", locked: false, minimal: true, dwarf: false };

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
        if p.minimal {
            cmd.arg("--no-default-features");
        }
        assert!(cmd.status().unwrap().success(), "building {} {}", p.krate, p.version);
    }
    let bytes = std::fs::read(&core).unwrap();
    let component = dir.join(format!("{}.component.wasm", p.bin));
    let encoded = wit_component::ComponentEncoder::default().module(&bytes).unwrap().validate(true).encode().unwrap();
    std::fs::write(&component, encoded).unwrap();
    let adapted = dir.join(format!("{}.p1.wasm", p.bin));
    let out = wasi_backport::adapt(&bytes, &wasi_backport::Options::default()).unwrap();
    // wasm-ld's code stays in place through the merge, so the program's
    // debug info (ripgrep's release profile keeps line tables) stays true
    // and is kept whole.
    assert_eq!(out.warnings, Vec::<String>::new(), "adapting {}", p.krate);
    let (dwarf_in, dwarf_out) = (dwarf(&bytes), dwarf(&out.wasm));
    assert_eq!(dwarf_in, dwarf_out, "{}: DWARF sections (name, bytes) in and out", p.krate);
    if p.dwarf {
        assert!(dwarf_in.iter().any(|(n, _)| n == ".debug_line"), "{} was built without DWARF", p.krate);
    }
    eprintln!(
        "{}: {} bytes in, {} out, {} of them DWARF",
        p.krate,
        bytes.len(),
        out.wasm.len(),
        dwarf_out.iter().map(|(_, n)| n).sum::<usize>()
    );
    std::fs::write(&adapted, out.wasm).unwrap();
    (component, adapted)
}

/// The DWARF sections of `wasm`: (name, size).
fn dwarf(wasm: &[u8]) -> Vec<(String, usize)> {
    wasmparser::Parser::new(0)
        .parse_all(wasm)
        .filter_map(|p| match p.unwrap() {
            wasmparser::Payload::CustomSection(c) if c.name().starts_with(".debug_") => {
                Some((c.name().to_string(), c.data().len()))
            }
            _ => None,
        })
        .collect()
}

/// WAMR's C sources, as the `wamrx-sys` crate vendors them: a real tree of
/// a few hundred files in nested directories.
fn source_tree() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(&std::env::var("HOME").unwrap()).join(".cargo"));
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

/// A book of the tree's C files, one chapter each, for mdbook to render.
fn book(dir: &Path) {
    let tree = source_tree();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"WAMR sources\"\n").unwrap();
    let mut summary = String::from("# Summary\n\n");
    let mut files: Vec<PathBuf> = ["shared/utils", "iwasm/common", "iwasm/interpreter"]
        .iter()
        .flat_map(|d| std::fs::read_dir(tree.join(d)).unwrap().map(|e| e.unwrap().path()))
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    files.sort();
    for f in files {
        let name = f.file_stem().unwrap().to_str().unwrap().to_string();
        summary += &format!("- [{name}]({name}.md)\n");
        let code = std::fs::read_to_string(&f).unwrap_or_default();
        std::fs::write(dir.join(format!("src/{name}.md")), format!("# {name}\n\n```c\n{code}\n```\n")).unwrap();
    }
    std::fs::write(dir.join("src/SUMMARY.md"), summary).unwrap();
}

fn tree_copy(dir: &Path) {
    copy_tree(&source_tree(), dir);
}

/// Runs `args` natively as WASIp2 and adapted on every preview1 runtime,
/// each in a fresh directory that `setup` fills.
fn workload(p: &Program, args: &[&str]) {
    workload_in(p, args, tree_copy)
}

fn workload_in(p: &Program, args: &[&str], setup: fn(&Path)) {
    let (component, adapted) = build(p);
    let tag = format!(
        "{}-{}",
        p.bin,
        args.iter()
            .map(|a| a.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
            .collect::<Vec<_>>()
            .join("-")
    );
    let inv = |dir: PathBuf| Invocation {
        args: std::iter::once(p.bin).chain(args.iter().copied()).map(String::from).collect(),
        dir: Some(dir),
        ..Default::default()
    };
    let tag: String = tag.chars().take(48).collect();
    let dir = scratch_dir(&format!("{tag}-p2"));
    setup(&dir);
    let before = snapshot(&dir);
    let reference = run(Runtime::WasmtimeP2, &component, &inv(dir.clone()));
    let left = snapshot(&dir);
    assert_eq!(reference.code, 0, "{tag}: the reference failed: {}", String::from_utf8_lossy(&reference.stderr));
    assert!(
        !reference.stdout.is_empty() || left != before,
        "{tag}: the reference neither printed nor changed anything"
    );
    for rt in PREVIEW1 {
        let dir = scratch_dir(&format!("{tag}-{rt:?}"));
        setup(&dir);
        let got = run(rt, &adapted, &inv(dir.clone()));
        assert_same(&format!("{} {args:?} on {rt:?}", p.bin), &reference, &got);
        assert_eq!(snapshot(&dir), left, "{} {args:?} on {rt:?}: different files left behind", p.bin);
        let _ = std::fs::remove_dir_all(&dir);
    }
    let changed = left.iter().filter(|l| !before.contains(l)).count();
    eprintln!(
        "{tag}: {} bytes of output, {changed} files changed, identical on {} runtimes",
        reference.stdout.len(),
        PREVIEW1.len()
    );
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
fn mdbook_renders_a_book() {
    if !enabled() {
        return;
    }
    workload_in(&MDBOOK, &["build"], book);
}
