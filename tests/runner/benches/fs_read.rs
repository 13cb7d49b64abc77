//! `cargo bench -p wb-runner --bench fs_read`: `descriptor.read` with the
//! list read straight into the program's allocation (the default adapter)
//! against read into adapter scratch and copied (`read-via-scratch`), on
//! wasmtime's preview1 host and on WAMR, for 4 KiB and 64 KiB reads. The
//! variants run alternately in one process tree, and the guest times its
//! own reads, so start-up is not counted.
use std::path::{Path, PathBuf};
use std::process::Command;

const DATA: usize = 16 << 20;
const ROUNDS: usize = 7;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn main() {
    let root = root();
    let work = root.join("target/bench-fs-read");
    std::fs::create_dir_all(&work).unwrap();
    let scratch_adapter = work.join("adapter-scratch.wasm");
    let status = cargo()
        .args(["run", "--quiet", "--release", "-p", "adapter-build", "--", "--features", "read-via-scratch", "--out"])
        .arg(&scratch_adapter)
        .status()
        .unwrap();
    assert!(status.success());
    let status = cargo()
        .args(["build", "--quiet", "--release", "--target", "wasm32-wasip2", "--bin", "readbench", "--manifest-path"])
        .arg(root.join("fixtures/Cargo.toml"))
        .arg("--target-dir")
        .arg(root.join("target/fixtures/core"))
        .env("RUSTFLAGS", "-C link-arg=--skip-wit-component")
        .status()
        .unwrap();
    assert!(status.success());
    let core = std::fs::read(root.join("target/fixtures/core/wasm32-wasip2/release/readbench.wasm")).unwrap();
    let opts = wasi_backport::Options::default();
    let direct = work.join("direct.wasm");
    let copied = work.join("scratch.wasm");
    std::fs::write(&direct, wasi_backport::adapt(&core, &opts).unwrap().wasm).unwrap();
    let alt = std::fs::read(&scratch_adapter).unwrap();
    std::fs::write(&copied, wasi_backport::adapt_with_adapter(&core, &alt, &opts).unwrap().wasm).unwrap();
    let data = work.join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("data.bin"), (0..DATA).map(|i| (i * 31 % 251) as u8).collect::<Vec<u8>>()).unwrap();

    let runner = root.join("target/release/wb-runner");
    let status =
        cargo().args(["build", "--quiet", "--release", "-p", "wb-runner", "--bin", "wb-runner"]).status().unwrap();
    assert!(status.success());
    println!("{:<9} {:>6} {:>14} {:>14} {:>7}", "runtime", "chunk", "direct MB/s", "scratch MB/s", "ratio");
    for (rt, passes) in [("p1", 8), ("wamr", 2)] {
        for chunk in [4096u64, 65536] {
            let mut times = [Vec::new(), Vec::new()];
            for _ in 0..ROUNDS {
                for (i, module) in [&direct, &copied].iter().enumerate() {
                    let out = Command::new(&runner)
                        .arg(rt)
                        .arg(module)
                        .arg("--dir")
                        .arg(format!("{}::.", data.display()))
                        .args(["--", "readbench", &chunk.to_string(), &passes.to_string()])
                        .output()
                        .unwrap();
                    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
                    let text = String::from_utf8(out.stdout).unwrap();
                    let ns: u64 = text.split_whitespace().next().unwrap().parse().unwrap();
                    times[i].push(ns);
                }
            }
            let median = |v: &mut Vec<u64>| {
                v.sort();
                v[v.len() / 2] as f64
            };
            let mbps = |ns: f64| (DATA * passes) as f64 / ns * 1e3;
            let (d, s) = (median(&mut times[0]), median(&mut times[1]));
            println!("{rt:<9} {chunk:>6} {:>14.0} {:>14.0} {:>7.2}", mbps(d), mbps(s), s / d);
        }
    }
    println!("ratio: scratch time / direct time (median of {ROUNDS} alternating runs); > 1 means direct is faster");
}
