//! `cargo bench -p wb-runner --bench exports`: what the adapter's own code
//! costs per WASI call on WAMR, wasmtime (preview1) and Node, measured
//! rather than counted. A minimal WASIp2 program (`harness/p2.wat`) calls
//! the adapter's functions in a loop with nothing of std or wasi-libc in
//! between; adapted, its time over its wasip1 twin (`harness/p1.wat`, the
//! same loops calling preview1) is the adapter's alone (for open-at, against
//! `path_open` asking for read rights, as a wasip1 build's `open` does; for
//! a read, stdin is `/dev/zero`, and the harness's bump allocator makes the
//! list and frees it for next to nothing). The ops bench's difference minus
//! this one is the program's own WASIp2 path.
//! Process times, alternating, medians of `WB_BENCH_ROUNDS` (default 31)
//! runs, less a run of the empty loop of the same length.
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

mod support;
use support::{median, preview1_command, root, rounds, runner};

/// The loops' iterations for an op letter (in the .wat files): an
/// upper-case letter runs a tenth, for operations wasmtime takes tens of
/// microseconds over.
fn calls(op: char) -> f64 {
    if op.is_ascii_uppercase() {
        20_000.0
    } else {
        200_000.0
    }
}

/// (what is timed, the op letter for p2.wat, and for p1.wat).
const OPS: [(&str, char, char); 8] = [
    ("64 B to stdout: check-write + write + blocking-flush", 'w', 'w'),
    ("  check-write alone", 'k', 'n'),
    ("  write alone (wasip1: fd_write)", 'x', 'w'),
    ("  blocking-flush alone", 'f', 'n'),
    ("4 KiB read of stdin: blocking-read (wasip1: fd_read)", 'i', 'i'),
    ("monotonic clock: now", 'm', 'm'),
    ("wall clock: now", 'c', 'c'),
    ("open-at (read) + drop (wasip1: path_open + fd_close)", 'O', 'O'),
];

/// The runtimes, as the ops bench names them: (column, how to run a
/// preview1 module).
const RUNTIMES: [(&str, &str); 3] = [("WAMR", "wamr"), ("wasmtime", "p1"), ("Node", "node")];

fn seconds(runner: &Path, mode: &str, module: &Path, dir: &Path, op: char) -> f64 {
    let mut cmd = preview1_command(runner, mode);
    let start = Instant::now();
    let status = cmd
        .arg(module)
        .arg("--dir")
        .arg(format!("{}::.", dir.display()))
        .args(["--", "harness", &op.to_string()])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{mode} {} {op}", module.display());
    start.elapsed().as_secs_f64()
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

    let rounds = rounds(31);
    let mut runs: Vec<(&Path, char)> = vec![(&p1, 'n'), (&adapted, 'n'), (&p1, 'N'), (&adapted, 'N')];
    for (_, a, b) in OPS {
        runs.push((&adapted, a));
        runs.push((&p1, b));
    }
    runs.sort();
    runs.dedup();
    type Key<'a> = (&'a str, &'a Path, char);
    let mut times: BTreeMap<Key, Vec<f64>> = BTreeMap::new();
    for _ in 0..rounds {
        for (_, mode) in RUNTIMES {
            for &(module, op) in &runs {
                times.entry((mode, module, op)).or_default().push(seconds(&runner, mode, module, &dir, op));
            }
        }
    }
    // Nanoseconds per call over the empty loop of the same module and length.
    let ns = |mode: &str, module: &Path, op: char| {
        let t = |op| median(times[&(mode, module, op)].clone());
        let empty = if op.is_ascii_uppercase() { 'N' } else { 'n' };
        (t(op) - t(empty)) / calls(op) * 1e9
    };
    print!("{:<54}", "op (ns per call)");
    for (name, _) in RUNTIMES {
        print!(" | {:>12} {:>8}", format!("{name} p1"), "adds");
    }
    println!();
    for (name, a, b) in OPS {
        print!("{name:<54}");
        for (_, mode) in RUNTIMES {
            let (adapted_ns, p1_ns) = (ns(mode, &adapted, a), if b == 'n' { 0.0 } else { ns(mode, &p1, b) });
            print!(" | {p1_ns:>12.1} {:>8.1}", adapted_ns - p1_ns);
        }
        println!();
    }
    println!(
        "wasip1 per call, and what the adapted harness adds to it; process times less the empty loop's, \
         medians of {rounds} alternating runs; 200,000 calls a run (open-at: 20,000)"
    );
}
