//! `cargo bench -p wb-runner --bench ops`: what an adapted WASIp2 program
//! pays per operation against the same program built for wasm32-wasip1, on
//! the same runtime, and against its native WASIp2 run on wasmtime. The
//! `opsbench` fixture times each operation in the guest (median of 5 runs
//! of many calls); the builds run alternately, and each cell is the median
//! of `ROUNDS` runs. One table of ratios, from one run.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const ROUNDS: usize = 3;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn build(kind: &str, triple: &str, rustflags: &str) -> PathBuf {
    let root = root();
    let dir = root.join("target/fixtures").join(kind);
    let status = cargo()
        .args(["build", "--quiet", "--release", "--target", triple, "--bin", "opsbench", "--manifest-path"])
        .arg(root.join("fixtures/Cargo.toml"))
        .arg("--target-dir")
        .arg(&dir)
        .env("RUSTFLAGS", rustflags)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .status()
        .unwrap();
    assert!(status.success(), "building opsbench ({kind})");
    dir.join(triple).join("release/opsbench.wasm")
}

/// A fresh directory with what opsbench reads.
fn workdir(work: &Path) -> PathBuf {
    let dir = work.join("data");
    if !dir.join("d5000").exists() {
        std::fs::create_dir_all(dir.join("d200")).unwrap();
        std::fs::create_dir_all(dir.join("d5000")).unwrap();
        std::fs::write(dir.join("data.bin"), (0..1 << 20).map(|i: u32| (i * 31 % 251) as u8).collect::<Vec<u8>>())
            .unwrap();
        for i in 0..200 {
            std::fs::write(dir.join(format!("d200/entry-{i:04}")), b"x").unwrap();
        }
        for i in 0..5000 {
            std::fs::write(dir.join(format!("d5000/entry-{i:05}")), b"x").unwrap();
        }
    }
    dir
}

/// One run: op → ns per call.
fn run(runner: &Path, mode: &str, module: &Path, dir: &Path, stdin: &Path, scale: u32) -> BTreeMap<String, f64> {
    let mut cmd = if mode == "node" {
        let mut c = Command::new("node");
        c.args(["--no-warnings"]).arg(root().join("tests/node/run-p1.mjs"));
        c
    } else {
        let mut c = Command::new(runner);
        c.arg(mode);
        c
    };
    let out = cmd
        .arg(module)
        .arg("--dir")
        .arg(format!("{}::.", dir.display()))
        .args(["--", "opsbench", &scale.to_string()])
        .stdin(Stdio::from(std::fs::File::open(stdin).unwrap()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{mode} {}: {}", module.display(), String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let results = text.split("== results (ns per call) ==\n").nth(1).expect("results");
    results
        .lines()
        .map(|l| {
            let (op, ns) = l.split_once('\t').unwrap();
            (op.to_string(), ns.parse().unwrap())
        })
        .collect()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let root = root();
    let work = root.join("target/bench-ops");
    std::fs::create_dir_all(&work).unwrap();
    let component = build("component", "wasm32-wasip2", "");
    let core = build("core", "wasm32-wasip2", "-C link-arg=--skip-wit-component");
    let p1 = build("p1", "wasm32-wasip1", "");
    let adapted = work.join("opsbench.adapted.wasm");
    let bytes = std::fs::read(&core).unwrap();
    std::fs::write(&adapted, wasi_backport::adapt(&bytes, &wasi_backport::Options::default()).unwrap().wasm).unwrap();
    let status =
        cargo().args(["build", "--quiet", "--release", "-p", "wb-runner", "--bin", "wb-runner"]).status().unwrap();
    assert!(status.success());
    let runner = root.join("target/release/wb-runner");
    let dir = workdir(&work);
    let stdin = work.join("lines.txt");
    std::fs::write(&stdin, "a line of text, as a program reads its input\n".repeat(20_000)).unwrap();

    // (column, runtime, module); WAMR interprets, so it does fewer calls.
    let runs: Vec<(&str, &str, &Path, u32)> = vec![
        ("wamr adapted", "wamr", &adapted, 10),
        ("wamr p1", "wamr", &p1, 10),
        ("wasmtime adapted", "p1", &adapted, 1),
        ("wasmtime p1", "p1", &p1, 1),
        ("wasmtime p2", "p2", &component, 1),
        ("node adapted", "node", &adapted, 1),
        ("node p1", "node", &p1, 1),
    ];
    let mut cells: BTreeMap<(&str, String), Vec<f64>> = BTreeMap::new();
    let mut ops: Vec<String> = Vec::new();
    for _ in 0..ROUNDS {
        for (column, mode, module, scale) in &runs {
            for (op, ns) in run(&runner, mode, module, &dir, &stdin, *scale) {
                if !ops.contains(&op) {
                    ops.push(op.clone());
                }
                cells.entry((column, op)).or_default().push(ns);
            }
        }
    }
    let cell = |column: &str, op: &str| median(cells[&(column, op.to_string())].clone());
    println!(
        "{:<28} {:>10} {:>10} {:>10} {:>10} | {:>10} {:>10} {:>10} {:>6}",
        "op (ns per call)", "WAMR p1", "wasmtime p1", "p2 native", "Node p1", "WAMR", "wasmtime", "vs p2", "Node"
    );
    for op in &ops {
        println!(
            "{:<28} {:>10.0} {:>10.0} {:>10.0} {:>10.0} | {:>10.2} {:>10.2} {:>10.2} {:>6.2}",
            op,
            cell("wamr p1", op),
            cell("wasmtime p1", op),
            cell("wasmtime p2", op),
            cell("node p1", op),
            cell("wamr adapted", op) / cell("wamr p1", op),
            cell("wasmtime adapted", op) / cell("wasmtime p1", op),
            cell("wasmtime adapted", op) / cell("wasmtime p2", op),
            cell("node adapted", op) / cell("node p1", op),
        );
    }
    println!("ratios: adapted / wasip1 build on WAMR, on wasmtime (preview1), adapted on wasmtime p1 / native WASIp2 on wasmtime, adapted / wasip1 on Node; medians of {ROUNDS} runs");
}
