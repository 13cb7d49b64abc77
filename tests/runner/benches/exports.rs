//! `cargo bench -p wb-runner --bench exports`: what the adapter's own code
//! costs per WASI call on WAMR, measured rather than counted. A minimal
//! WASIp2 program (`harness/p2.wat`) calls the adapter's functions in a loop
//! with nothing of std or wasi-libc in between; adapted, its time over its
//! wasip1 twin (`harness/p1.wat`, the same loops calling preview1) is the
//! adapter's alone (for open-at, against `path_open` asking for read rights,
//! as a wasip1 build's `open` does). The ops bench's difference minus this
//! one is the program's own WASIp2 path. Process times, alternating,
//! medians of `WB_BENCH_ROUNDS` (default 51) runs, less a run of the empty
//! loop.
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

mod support;
use support::{root, rounds, runner};

/// The loops' iterations (in the .wat files).
const CALLS: f64 = 200_000.0;

/// (what is timed, the op letter for p2.wat, and for p1.wat).
const OPS: [(&str, char, char); 7] = [
    ("64 B to stdout: check-write + write + blocking-flush", 'w', 'w'),
    ("  check-write alone", 'k', 'n'),
    ("  write alone (wasip1: fd_write)", 'x', 'w'),
    ("  blocking-flush alone", 'f', 'n'),
    ("monotonic clock: now", 'm', 'm'),
    ("wall clock: now", 'c', 'c'),
    ("open-at (read) + drop (wasip1: path_open + fd_close)", 'o', 'o'),
];

fn seconds(runner: &Path, module: &Path, dir: &Path, op: char) -> f64 {
    let start = Instant::now();
    let status = Command::new(runner)
        .arg("wamr")
        .arg(module)
        .arg("--dir")
        .arg(format!("{}::.", dir.display()))
        .args(["--", "harness", &op.to_string()])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{} {op}", module.display());
    start.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let root = root();
    let work = root.join("target/bench-exports");
    std::fs::create_dir_all(&work).unwrap();
    let harness = root.join("tests/runner/benches/harness");
    let p1 = work.join("p1.wasm");
    std::fs::write(&p1, wat::parse_file(harness.join("p1.wat")).unwrap()).unwrap();
    let p2 = wat::parse_file(harness.join("p2.wat")).unwrap();
    let adapted = work.join("p2.adapted.wasm");
    std::fs::write(&adapted, wasi_backport::adapt(&p2, &wasi_backport::Options::default()).unwrap().wasm).unwrap();
    let runner = runner();
    // What `open-at` opens.
    let dir = work.join("dir");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("f.txt"), "x").unwrap();

    let rounds = rounds(51);
    let mut runs: Vec<(&Path, char)> = vec![(&p1, 'n'), (&adapted, 'n')];
    for (_, a, b) in OPS {
        runs.push((&adapted, a));
        runs.push((&p1, b));
    }
    runs.sort();
    runs.dedup();
    let mut times: BTreeMap<(&Path, char), Vec<f64>> = BTreeMap::new();
    for _ in 0..rounds {
        for &(module, op) in &runs {
            times.entry((module, op)).or_default().push(seconds(&runner, module, &dir, op));
        }
    }
    // Nanoseconds per call over the empty loop of the same module.
    let ns = |module: &Path, op: char| {
        (median(times[&(module, op)].clone()) - median(times[&(module, 'n')].clone())) / CALLS * 1e9
    };
    println!("{:<54} {:>8} {:>8} {:>8}", "op (WAMR, ns per call)", "wasip1", "adapted", "adds");
    for (name, a, b) in OPS {
        let (adapted_ns, p1_ns) = (ns(&adapted, a), if b == 'n' { 0.0 } else { ns(&p1, b) });
        println!("{name:<54} {p1_ns:>8.1} {adapted_ns:>8.1} {:>8.1}", adapted_ns - p1_ns);
    }
    println!("process times less the empty loop's, medians of {rounds} alternating runs; 200,000 calls a run");
}
