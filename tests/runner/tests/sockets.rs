//! WAMR's socket extension through the test runner: the address pool and
//! name-lookup list that `wb-runner wamr --addr-pool/--ns-lookup` sets, and
//! the benchmark's reference program (`fixtures/src/bin/sockbench_direct.rs`,
//! wasm32-wasip1, calling `sock_*` itself) kept working at small sizes.
mod common;

use std::process::Command;

fn wamr(module: &std::path::Path, net: &[&str], args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wb-runner"))
        .arg("wamr")
        .arg(module)
        .args(net)
        .arg("--")
        .arg("sockbench_direct")
        .args(args)
        .output()
        .expect("running wb-runner");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

#[test]
fn the_direct_socket_benchmark_runs_on_wamr_with_an_address_pool() {
    let module = common::fixtures().p1.join("sockbench_direct.wasm");
    // 2 MiB through one connection, 50 connect/accept/close cycles.
    let (code, stdout, stderr) = wamr(&module, &["--addr-pool", "127.0.0.1/8", "--addr-pool", "::1/128"], &["2", "50"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].starts_with("stream: 2 MiB in 64 KiB writes ("), "{stdout}");
    assert!(lines[1].starts_with("connect/accept/close: 50 cycles: "), "{stdout}");
}

#[test]
fn without_an_address_pool_wamr_refuses_to_bind() {
    let module = common::fixtures().p1.join("sockbench_direct.wasm");
    // 127.0.0.1 is outside a pool that holds only ::1.
    for net in [&[][..], &["--addr-pool", "::1/128", "--ns-lookup", "localhost"][..]] {
        let (code, stdout, stderr) = wamr(&module, net, &["1", "1"]);
        // EACCES is errno 2.
        assert_eq!(
            (code, stdout.as_str(), stderr.as_str()),
            (1, "", "sockbench_direct: sock_bind: errno 2\n"),
            "{net:?}"
        );
    }
}
