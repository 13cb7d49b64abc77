//! `cargo bench -p wb-runner --bench sockets`: a WASIp2 program's TCP
//! (Rust `std::net`, `fixtures/src/bin/sockbench.rs`) adapted for WAMR with
//! `--runtime wamr`, against the same work done with WAMR's `sock_*`
//! functions directly (`sockbench_direct.rs`, built for wasm32-wasip1), on
//! WAMR over loopback: 64 MiB through one connection in 64 KiB writes, and
//! 2,000 connect/accept/close cycles. The two alternate, 5 rounds each; the
//! guest times its own work. Prints the medians and their ratios.
use std::path::Path;
use std::process::Command;

mod support;
use support::{build, median, root, runner};

const ROUNDS: usize = 5;

/// The MiB/s of the stream and the cycles per second one run printed.
fn run(runner: &Path, module: &Path, name: &str) -> (f64, f64) {
    let out = Command::new(runner)
        .arg("wamr")
        .arg(module)
        .args(["--addr-pool", "127.0.0.1/8", "--", name, "64", "2000"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{name}: {text}{}", String::from_utf8_lossy(&out.stderr));
    let last_number = |line: &str, unit: &str| -> f64 {
        let before = line.rsplit_once(unit).unwrap_or_else(|| panic!("{name}: {line}")).0;
        before.rsplit(' ').find(|w| !w.is_empty()).unwrap().parse().unwrap()
    };
    let mut lines = text.lines();
    (last_number(lines.next().unwrap(), "MiB/s"), last_number(lines.next().unwrap(), "per second"))
}

fn main() {
    let root = root();
    let core = build("sockbench", "core", "wasm32-wasip2", "-C link-arg=--skip-wit-component");
    let direct = build("sockbench_direct", "p1", "wasm32-wasip1", "");
    let wamr =
        wasi_backport::Options { runtime: wasi_backport::Profile::builtin("wamr").unwrap(), ..Default::default() };
    let adapted = root.join("target/fixtures/sockbench.wamr.wasm");
    let out = wasi_backport::adapt(&std::fs::read(core).unwrap(), &wamr).unwrap();
    std::fs::write(&adapted, out.wasm).unwrap();
    let runner = runner();
    let (mut a, mut d) = ((Vec::new(), Vec::new()), (Vec::new(), Vec::new()));
    for _ in 0..ROUNDS {
        let (s, c) = run(&runner, &adapted, "sockbench");
        a.0.push(s);
        a.1.push(c);
        let (s, c) = run(&runner, &direct, "sockbench_direct");
        d.0.push(s);
        d.1.push(c);
    }
    let (sa, ca, sd, cd) = (median(a.0), median(a.1), median(d.0), median(d.1));
    println!("WAMR, loopback, medians of {ROUNDS}      adapted WASIp2   sock_* direct   ratio");
    println!("64 MiB stream, MiB/s                {sa:>14.0} {sd:>15.0} {:>7.2}", sa / sd);
    println!("connect/accept/close per second     {ca:>14.0} {cd:>15.0} {:>7.2}", ca / cd);
}
