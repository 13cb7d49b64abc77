//! `cargo bench -p wb-runner --bench ops`: what an adapted WASIp2 program
//! pays per operation against the same program built for wasm32-wasip1, on
//! the same runtime, and against its native WASIp2 run on wasmtime. The
//! `opsbench` fixture times each operation in the guest (median of 5 runs
//! of many calls); the builds run alternately, and each cell is the median
//! of `WB_BENCH_ROUNDS` runs (default 3; WAMR's cells move by tens of per
//! cent between single runs on a shared machine). One table of ratios, from
//! one run.
//!
//! `cargo bench -p wb-runner --bench ops -- --cost` says where the time
//! goes instead: for each operation alone, on wasmtime, the wasm
//! instructions and host calls one call costs in the wasip1 build, the
//! adapted build and the native WASIp2 run. The native run executes the
//! program's own WASIp2 path (std, wasi-libc) but no adapter, so the
//! adapter's share is adapted − native, and the program's WASIp2 path
//! costs native − wasip1 over what the wasip1 build does.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;

mod support;
use support::{build, median, preview1_command, root, rounds, runner};
#[path = "support/frames.rs"]
mod frames;

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

/// One run: op → (ns per call, calls); `only` runs just that operation
/// and `cost` names the file for wb-runner's counts (`WB_RUNNER_COST`).
fn run_some(
    runner: &Path,
    (mode, module): (&str, &Path),
    (dir, stdin): (&Path, &Path),
    scale: u32,
    only: Option<&str>,
    cost: Option<&Path>,
) -> BTreeMap<String, (f64, f64)> {
    let mut cmd = preview1_command(runner, mode);
    let out = cmd
        .arg(module)
        .arg("--dir")
        .arg(format!("{}::.", dir.display()))
        .args(["--", "opsbench", &scale.to_string()])
        .args(only)
        .envs(cost.map(|c| ("WB_RUNNER_COST", c)))
        .stdin(Stdio::from(std::fs::File::open(stdin).unwrap()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{mode} {}: {}", module.display(), String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let results = text.split("== results (ns per call) ==\n").nth(1).expect("results");
    results
        .lines()
        .map(|l| {
            let mut fields = l.split('\t');
            let op = fields.next().unwrap().to_string();
            let mut number = || fields.next().unwrap().parse::<f64>().unwrap();
            (op, (number(), number()))
        })
        .collect()
}

fn run(runner: &Path, mode: &str, module: &Path, dir: &Path, stdin: &Path, scale: u32) -> BTreeMap<String, f64> {
    run_some(runner, (mode, module), (dir, stdin), scale, None, None)
        .into_iter()
        .map(|(op, (ns, _))| (op, ns))
        .collect()
}

/// (instructions, host calls) one run of `only` cost, and the calls of it
/// it made; `only` naming no operation gives the set-up's cost alone.
fn cost(runner: &Path, build: (&str, &Path), files: (&Path, &Path), work: &Path, only: &str) -> ([f64; 2], f64) {
    let file = work.join("cost.txt");
    let results = run_some(runner, build, files, 10, Some(only), Some(&file));
    let text = std::fs::read_to_string(&file).unwrap();
    let count = |key: &str| -> f64 {
        let line = text.lines().find_map(|l| l.strip_prefix(key)).unwrap();
        line.trim().parse().unwrap()
    };
    let calls = results.get(only).map_or(0.0, |(_, calls)| *calls);
    ([count("instructions "), count("host-calls ")], calls)
}

/// A build in the `--cost` table: how it runs, and its variants whose
/// calls are counted (see `frames`): all of them, and the adapter's.
struct Costed {
    mode: &'static str,
    module: PathBuf,
    frames: Option<PathBuf>,
    adapter_frames: Option<PathBuf>,
}

/// What one call of each operation costs a build: instructions, host
/// calls, and (where counted) call frames and the adapter's call frames.
fn per_call(runner: &Path, build: &Costed, ops: &[String], files: (&Path, &Path), work: &Path) -> Vec<[f64; 4]> {
    let counted = |module: &Option<PathBuf>, op: &str| {
        module.as_ref().map(|m| cost(runner, (build.mode, m), files, work, op).0[0])
    };
    let base = cost(runner, (build.mode, &build.module), files, work, "none").0;
    let base_frames = [counted(&build.frames, "none"), counted(&build.adapter_frames, "none")];
    ops.iter()
        .map(|op| {
            let (total, calls) = cost(runner, (build.mode, &build.module), files, work, op);
            let instr = total[0] - base[0];
            // Each counted call costs FUEL_PER_CALL more, and nothing else.
            let frames = |module: &Option<PathBuf>, base: Option<f64>| match (counted(module, op), base) {
                (Some(fuel), Some(base)) => (fuel - base - instr) / frames::FUEL_PER_CALL / calls,
                _ => f64::NAN,
            };
            [
                instr / calls,
                (total[1] - base[1]) / calls,
                frames(&build.frames, base_frames[0]),
                frames(&build.adapter_frames, base_frames[1]),
            ]
        })
        .collect()
}

/// The `--cost` table: per call of each operation, alone.
fn cost_table(runner: &Path, builds: [Costed; 3], files: (&Path, &Path), work: &Path) {
    let ops: Vec<String> =
        run_some(runner, (builds[0].mode, &builds[0].module), files, 100, None, None).into_keys().collect();
    let per_call: Vec<Vec<[f64; 4]>> = builds.iter().map(|b| per_call(runner, b, &ops, files, work)).collect();
    println!(
        "{:<28} {:>9} {:>9} {:>9} | {:>9} {:>9} | {:>6} {:>6} {:>6} | {:>7} {:>7} {:>7} {:>7}",
        "op (per call, wasmtime)",
        "p1 instr",
        "adapted",
        "p2 instr",
        "adapter",
        "p2 path",
        "p1 hc",
        "ad. hc",
        "p2 hc",
        "p1 fr",
        "ad. fr",
        "adapter",
        "p2 path"
    );
    for (i, op) in ops.iter().enumerate() {
        let [p1, adapted, native] = [0, 1, 2].map(|b| per_call[b][i]);
        println!(
            "{:<28} {:>9.0} {:>9.0} {:>9.0} | {:>9.0} {:>9.0} | {:>6.1} {:>6.1} {:>6.1} | {:>7.1} {:>7.1} {:>7.1} {:>7.1}",
            op,
            p1[0],
            adapted[0],
            native[0],
            adapted[0] - native[0],
            native[0] - p1[0],
            p1[1],
            adapted[1],
            native[1],
            p1[2],
            adapted[2],
            adapted[3],
            adapted[2] - adapted[3] - p1[2],
        );
    }
    println!(
        "instr: wasm instructions (wasmtime fuel); adapter = adapted − p2 (the adapter's own code); p2 path = p2 − p1 \
         (the program's WASIp2 path in std and wasi-libc, over its wasip1 one); hc: host calls (preview1 for p1 \
         and adapted, WASIp2 for p2); fr: wasm call frames (p1 build, adapted build, of these the adapter's, and the \
         rest over the p1 build's: the program's WASIp2 path); wasmtime's fuel counts each byte memory.copy and \
         memory.fill move, which WAMR moves natively"
    );
}

fn main() {
    let root = root();
    let work = root.join("target/bench-ops");
    std::fs::create_dir_all(&work).unwrap();
    let component = build("opsbench", "component", "wasm32-wasip2", "");
    let core = build("opsbench", "core", "wasm32-wasip2", "-C link-arg=--skip-wit-component");
    let p1 = build("opsbench", "p1", "wasm32-wasip1", "");
    let adapted = work.join("opsbench.adapted.wasm");
    let bytes = std::fs::read(&core).unwrap();
    std::fs::write(&adapted, wasi_backport::adapt(&bytes, &wasi_backport::Options::default()).unwrap().wasm).unwrap();
    let runner = runner();
    let dir = workdir(&work);
    let stdin = work.join("lines.txt");
    std::fs::write(&stdin, "a line of text, as a program reads its input\n".repeat(20_000)).unwrap();
    if std::env::args().any(|a| a == "--cost") {
        let counted = |name: &str, wasm: &[u8], skip: u32| {
            let path = work.join(name);
            std::fs::write(&path, frames::counted(wasm, skip)).unwrap();
            Some(path)
        };
        let adapted_bytes = std::fs::read(&adapted).unwrap();
        let builds = [
            Costed {
                mode: "p1",
                frames: counted("opsbench.p1.frames.wasm", &std::fs::read(&p1).unwrap(), 0),
                module: p1,
                adapter_frames: None,
            },
            Costed {
                mode: "p1",
                frames: counted("opsbench.adapted.frames.wasm", &adapted_bytes, 0),
                // The adapted module's first defined functions are the program's.
                adapter_frames: counted("opsbench.adapter.frames.wasm", &adapted_bytes, frames::defined(&bytes)),
                module: adapted,
            },
            Costed { mode: "p2", module: component, frames: None, adapter_frames: None },
        ];
        return cost_table(&runner, builds, (&dir, &stdin), &work);
    }

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
    let rounds = rounds(3);
    for _ in 0..rounds {
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
        "{:<28} {:>10} {:>10} {:>10} {:>10} | {:>10} {:>10} {:>10} {:>6} | {:>8}",
        "op (ns per call)",
        "WAMR p1",
        "wasmtime p1",
        "p2 native",
        "Node p1",
        "WAMR",
        "wasmtime",
        "vs p2",
        "Node",
        "p1/p2"
    );
    for op in &ops {
        println!(
            "{:<28} {:>10.0} {:>10.0} {:>10.0} {:>10.0} | {:>10.2} {:>10.2} {:>10.2} {:>6.2} | {:>8.2}",
            op,
            cell("wamr p1", op),
            cell("wasmtime p1", op),
            cell("wasmtime p2", op),
            cell("node p1", op),
            cell("wamr adapted", op) / cell("wamr p1", op),
            cell("wasmtime adapted", op) / cell("wasmtime p1", op),
            cell("wasmtime adapted", op) / cell("wasmtime p2", op),
            cell("node adapted", op) / cell("node p1", op),
            cell("wasmtime p1", op) / cell("wasmtime p2", op),
        );
    }
    println!("ratios: adapted / wasip1 build on WAMR, on wasmtime (preview1), adapted on wasmtime p1 / native WASIp2 on wasmtime, adapted / wasip1 on Node; medians of {rounds} runs");
    // Both builds reach the host through the same preview1 functions, so
    // where the wasip1 build is itself slower than native WASIp2, the
    // adapted one cannot beat native either: that is wasmtime's preview1
    // host (built on its WASIp2 one), not the adapter.
    println!("p1/p2: the wasip1 build on wasmtime (preview1) / native WASIp2 on wasmtime, the floor of \"vs p2\" for the same host calls");
}
