//! `cargo bench -p wb-runner --bench fs_read`: `descriptor.read` with the
//! list read straight into the program's allocation (the default adapter)
//! against read into adapter scratch and copied (`read-via-scratch`), on
//! wasmtime's preview1 host and on WAMR, for 4 KiB and 64 KiB reads. The
//! variants run alternately in one process tree, and the guest times its
//! own reads, so start-up is not counted.
//!
//! A second table measures what a caller-supplied buffer would save
//! (`lendbench`): reads through `input-stream.blocking-read`, as wasi-libc's
//! `read` does, with the list allocated, copied into the program's buffer and
//! freed (`copy`, today's path) or with the program's allocator lending the
//! buffer itself to the read (`lend`), against the wasip1 build reading with
//! `fd_read` into its buffer, and (wasmtime only) the native WASIp2 run.
use std::path::Path;
use std::process::Command;

mod support;
use support::{build, cargo, root, runner};

const DATA: usize = 16 << 20;
const ROUNDS: usize = 7;

/// One timed run: the guest's own nanoseconds (the first word it prints).
fn guest_ns(runner: &Path, rt: &str, module: &Path, data: &Path, args: &[String]) -> u64 {
    let out = Command::new(runner)
        .arg(rt)
        .arg(module)
        .arg("--dir")
        .arg(format!("{}::.", data.display()))
        .arg("--")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    text.split_whitespace().next().unwrap().parse().unwrap()
}

fn median(v: &mut [u64]) -> f64 {
    v.sort();
    v[v.len() / 2] as f64
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
    let core_flags = "-C link-arg=--skip-wit-component";
    let core = std::fs::read(build("readbench", "core", "wasm32-wasip2", core_flags)).unwrap();
    let opts = wasi_backport::Options::default();
    let direct = work.join("direct.wasm");
    let copied = work.join("scratch.wasm");
    std::fs::write(&direct, wasi_backport::adapt(&core, &opts).unwrap().wasm).unwrap();
    let alt = std::fs::read(&scratch_adapter).unwrap();
    std::fs::write(&copied, wasi_backport::adapt_with_adapter(&core, &alt, &opts).unwrap().wasm).unwrap();
    let data = work.join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("data.bin"), (0..DATA).map(|i| (i * 31 % 251) as u8).collect::<Vec<u8>>()).unwrap();

    let runner = runner();
    println!("{:<9} {:>6} {:>14} {:>14} {:>7}", "runtime", "chunk", "direct MB/s", "scratch MB/s", "ratio");
    for (rt, passes) in [("p1", 8), ("wamr", 2)] {
        for chunk in [4096u64, 65536] {
            let mut times = [Vec::new(), Vec::new()];
            for _ in 0..ROUNDS {
                for (i, module) in [&direct, &copied].iter().enumerate() {
                    let args = ["readbench".to_string(), chunk.to_string(), passes.to_string()];
                    times[i].push(guest_ns(&runner, rt, module, &data, &args));
                }
            }
            let mbps = |ns: f64| (DATA * passes) as f64 / ns * 1e3;
            let [d, s] = times.map(|mut t| median(&mut t));
            println!("{rt:<9} {chunk:>6} {:>14.0} {:>14.0} {:>7.2}", mbps(d), mbps(s), s / d);
        }
    }
    println!("ratio: scratch time / direct time (median of {ROUNDS} alternating runs); > 1 means direct is faster");
    println!();
    lend_table(&runner, &data, &opts);
}

/// The caller-supplied-buffer table (see the top of the file).
fn lend_table(runner: &Path, data: &Path, opts: &wasi_backport::Options) {
    let core = std::fs::read(build("lendbench", "core", "wasm32-wasip2", "-C link-arg=--skip-wit-component")).unwrap();
    let adapted = root().join("target/bench-fs-read/lendbench.adapted.wasm");
    std::fs::write(&adapted, wasi_backport::adapt(&core, opts).unwrap().wasm).unwrap();
    let p1 = build("lendbench", "p1", "wasm32-wasip1", "");
    let component = build("lendbench", "component", "wasm32-wasip2", "");
    println!(
        "{:<9} {:>6} {:>11} {:>11} {:>11} | {:>6} {:>6} {:>6}",
        "runtime", "chunk", "p1 MB/s", "copy MB/s", "lend MB/s", "copy", "lend", "saved"
    );
    // wasmtime's preview1 reads vary much from run to run: more of them.
    for (rt, p2, passes) in [("wamr", None, 2), ("p1", Some(&component), 8)] {
        for chunk in [4096u64, 65536] {
            // p1 build, adapted copy, adapted lend, and native copy and lend.
            let mut runs: Vec<(&str, &Path, &str)> =
                vec![(rt, &p1, "copy"), (rt, &adapted, "copy"), (rt, &adapted, "lend")];
            if let Some(component) = p2 {
                runs.extend([("p2", component.as_path(), "copy"), ("p2", component.as_path(), "lend")]);
            }
            let mut times = vec![Vec::new(); runs.len()];
            for _ in 0..ROUNDS {
                for (i, (rt, module, mode)) in runs.iter().enumerate() {
                    let args = ["lendbench".to_string(), mode.to_string(), chunk.to_string(), passes.to_string()];
                    times[i].push(guest_ns(runner, rt, module, data, &args));
                }
            }
            let t: Vec<f64> = times.iter_mut().map(|v| median(v)).collect();
            let mbps = |ns: f64| (DATA * passes) as f64 / ns * 1e3;
            print!(
                "{rt:<9} {chunk:>6} {:>11.0} {:>11.0} {:>11.0} | {:>6.2} {:>6.2} {:>5.0}%",
                mbps(t[0]),
                mbps(t[1]),
                mbps(t[2]),
                t[1] / t[0],
                t[2] / t[0],
                (1.0 - t[2] / t[1]) * 100.0
            );
            if t.len() > 3 {
                print!("   native WASIp2: copy {:.0} MB/s, lend {:.0} MB/s", mbps(t[3]), mbps(t[4]));
            }
            println!();
        }
    }
    println!(
        "copy, lend: time / the wasip1 build's (median of {ROUNDS} alternating runs); saved: the time lending saves \
         over copying"
    );
}
