//! `wasi:sockets` through the adapter on WAMR's socket extension, against
//! the reference: each scenario of `fixtures/src/bin/net.rs` (std::net) and
//! `fixtures/src/bin/netraw.rs` (the WASIp2 calls themselves) runs as a
//! component on wasmtime's WASIp2 host and, adapted for WAMR, on WAMR, and
//! the two must print the same, end the same way. The reference's own
//! output is pinned here as well, checked against what WASIp2 specifies, so
//! that a broken scenario cannot pass by failing alike on both sides.
//!
//! Both runs get WAMR's kind of network: the addresses 127.0.0.1/8 and
//! ::1/128, the name `localhost` (wb-runner applies the same lists to
//! wasmtime). Tests run in parallel on the one loopback: every socket binds
//! port 0.
mod common;

use common::{adapted_for, assert_same, fixtures, run_with_limit, Invocation, Outcome, Runtime};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

const NET: [&str; 6] = ["--addr-pool", "127.0.0.1/8", "--addr-pool", "::1/128", "--ns-lookup", "localhost"];

/// What wb-runner prints for a trap, whatever the runtime.
const TRAP: &str = "wb-runner: wasm trap\n";

/// Far more than any scenario takes, even interpreted: a socket call that
/// blocks where it should not would otherwise hang the test.
const LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

fn run(rt: Runtime, module: &std::path::Path, inv: &Invocation) -> Outcome {
    run_with_limit(rt, module, inv, LIMIT)
}

fn invocation(program: &str, scenario: &str, net: &[&str]) -> Invocation {
    Invocation {
        args: vec![program.to_string(), scenario.to_string()],
        net: net.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

fn expected(code: i32, lines: &[&str]) -> Outcome {
    Outcome {
        code,
        stdout: lines.iter().flat_map(|l| [l.as_bytes(), b"\n"]).flatten().copied().collect(),
        stderr: if code == 134 { TRAP.as_bytes().to_vec() } else { Vec::new() },
    }
}

/// The reference run of a scenario, once per process (the sanity test and
/// the comparison share it), checked against its pinned output.
fn reference(program: &'static str, scenario: &'static str) -> Outcome {
    type Runs = BTreeMap<(&'static str, &'static str), Arc<OnceLock<Outcome>>>;
    static RUNS: Mutex<Runs> = Mutex::new(BTreeMap::new());
    let cell = RUNS.lock().unwrap().entry((program, scenario)).or_default().clone();
    let got = cell.get_or_init(|| {
        let component = fixtures().component.join(format!("{program}.wasm"));
        run(Runtime::WasmtimeP2, &component, &invocation(program, scenario, &NET))
    });
    let (_, _, code, lines) = SCENARIOS
        .iter()
        .find(|(p, s, ..)| (*p, *s) == (program, scenario))
        .unwrap_or_else(|| panic!("no pinned output for {program} {scenario}"));
    assert_same(
        &format!("wasmtime's WASIp2 host (the reference) on {program} {scenario}"),
        &expected(*code, lines),
        got,
    );
    got.clone()
}

fn same_on_wamr(program: &'static str, scenario: &'static str) {
    let want = reference(program, scenario);
    let module = adapted_for(program, "wamr");
    let got = run(Runtime::Wamr, &module, &invocation(program, scenario, &NET));
    assert_same(&format!("{program} {scenario} adapted, on WAMR"), &want, &got);
}

/// One test per scenario, comparing WAMR with the reference, and the table
/// of what the reference prints.
macro_rules! scenarios {
    ($($test:ident: $program:literal $scenario:literal exits $code:literal printing [$($line:literal,)*];)*) => {
        const SCENARIOS: &[(&str, &str, i32, &[&str])] = &[$(($program, $scenario, $code, &[$($line),*])),*];
        $(
            #[test]
            fn $test() {
                same_on_wamr($program, $scenario);
            }
        )*
    };
}

#[test]
fn the_reference_prints_what_wasip2_specifies() {
    for (program, scenario, ..) in SCENARIOS {
        reference(program, scenario);
    }
}

/// Outside the lists, both refuse: a pool of ::1 alone and no name at all.
#[test]
fn a_narrower_pool_and_no_names_refuse_alike() {
    let cases: [(&str, &str, &[&str], &str); 4] = [
        ("net", "tcp4", &["--addr-pool", "::1/128"], "tcp4: bind: unexpected PermissionDenied"),
        ("netraw", "tcp4", &["--addr-pool", "::1/128"], "tcp4: bind: unexpected access-denied"),
        ("net", "lookup", &[], "lookup: localhost: unexpected PermissionDenied"),
        ("netraw", "lookup", &[], "lookup: localhost: unexpected access-denied"),
    ];
    for (program, scenario, net, line) in cases {
        let inv = invocation(program, scenario, net);
        let want = run(Runtime::WasmtimeP2, &fixtures().component.join(format!("{program}.wasm")), &inv);
        assert_same(&format!("the reference on {program} {scenario} {net:?}"), &expected(1, &[line]), &want);
        let got = run(Runtime::Wamr, &adapted_for(program, "wamr"), &inv);
        assert_same(&format!("{program} {scenario} {net:?} adapted, on WAMR"), &want, &got);
    }
}

scenarios! {
    net_tcp4: "net" "tcp4" exits 0 printing [
        "tcp4: connected; accepted peer is the client: true; client's peer is the listener: true",
        "tcp4: client sent 1048576, server received 1048576, checksum ok",
        "tcp4: server sent 1048576, client received 1048576, checksum ok",
        "tcp4: client shut down writing; server read to the end: eof after 0 more bytes",
    ];
    net_tcp6: "net" "tcp6" exits 0 printing [
        "tcp6: connected; accepted peer is the client: true; client's peer is the listener: true",
        "tcp6: client sent 1048576, server received 1048576, checksum ok",
        "tcp6: server sent 1048576, client received 1048576, checksum ok",
        "tcp6: client shut down writing; server read to the end: eof after 0 more bytes",
    ];
    net_many: "net" "many" exits 0 printing [
        "many: 100 connections in a row, 100 exchanged their bytes intact",
    ];
    net_nonblocking: "net" "nonblocking" exits 0 printing [
        "nonblocking: accept with nothing pending: WouldBlock",
        "nonblocking: accept after a connect: ok",
        "nonblocking: read with nothing available: WouldBlock",
        "nonblocking: write until the send buffer is full: WouldBlock",
        "nonblocking: the other side read it all: checksum ok",
        "nonblocking: write after the drain: ok",
        "nonblocking: after the peer closed: 4 bytes, then eof",
    ];
    net_refused: "net" "refused" exits 0 printing [
        "refused: v4: connect to a closed port: ConnectionRefused",
        "refused: v6: connect to a closed port: ConnectionRefused",
    ];
    net_inuse: "net" "inuse" exits 0 printing [
        "inuse: v4: tcp bind to a listener's address: AddrInUse",
        "inuse: v4: udp bind to a bound socket's address: AddrInUse",
        "inuse: v6: tcp bind to a listener's address: AddrInUse",
        "inuse: v6: udp bind to a bound socket's address: AddrInUse",
    ];
    net_denied: "net" "denied" exits 0 printing [
        "denied: v4: tcp bind outside the pool: PermissionDenied",
        "denied: v4: tcp connect outside the pool: PermissionDenied",
        "denied: v4: udp bind outside the pool: PermissionDenied",
        "denied: v4: udp send_to outside the pool: PermissionDenied",
        "denied: v4: udp connect outside the pool: PermissionDenied",
        "denied: v6: tcp bind outside the pool: PermissionDenied",
        "denied: v6: tcp connect outside the pool: PermissionDenied",
        "denied: v6: udp bind outside the pool: PermissionDenied",
        "denied: v6: udp send_to outside the pool: PermissionDenied",
        "denied: v6: udp connect outside the pool: PermissionDenied",
    ];
    net_udp4: "net" "udp4" exits 0 printing [
        "udp4: unconnected send_to/recv_from of 1, 100, 1024, 16384, 65507: in order, intact, from the sender",
        "udp4: connected: peer is the other socket: true",
        "udp4: connected send/recv both ways of 1, 100, 1024, 16384, 65507: intact",
        "udp4: connected socket receives only from its peer: true",
    ];
    net_udp6: "net" "udp6" exits 0 printing [
        "udp6: unconnected send_to/recv_from of 1, 100, 1024, 16384, 65507: in order, intact, from the sender",
        "udp6: connected: peer is the other socket: true",
        "udp6: connected send/recv both ways of 1, 100, 1024, 16384, 65507: intact",
        "udp6: connected socket receives only from its peer: true",
    ];
    // PermissionDenied: wasi-libc's EAI_SYSTEM with EACCES, from access-denied.
    net_lookup: "net" "lookup" exits 0 printing [
        "lookup: localhost: includes 127.0.0.1: true; all loopback: true; port kept: true",
        "lookup: example.invalid: PermissionDenied: Permission denied (os error 2)",
    ];
    netraw_tcp4: "netraw" "tcp4" exits 0 printing [
        "tcp4: connected; accepted remote is the client: true; client's remote is the listener: true",
        "tcp4: listener: is-listening true, ipv4; client: is-listening false, ipv4; accepted: is-listening false, ipv4",
        "tcp4: client sent 1048576, server received 1048576, checksum ok",
        "tcp4: server sent 1048576, client received 1048576, checksum ok",
        "tcp4: client shut down sending; server read to the end: closed after 0 more bytes",
    ];
    netraw_tcp6: "netraw" "tcp6" exits 0 printing [
        "tcp6: connected; accepted remote is the client: true; client's remote is the listener: true",
        "tcp6: listener: is-listening true, ipv6; client: is-listening false, ipv6; accepted: is-listening false, ipv6",
        "tcp6: client sent 1048576, server received 1048576, checksum ok",
        "tcp6: server sent 1048576, client received 1048576, checksum ok",
        "tcp6: client shut down sending; server read to the end: closed after 0 more bytes",
    ];
    netraw_many: "netraw" "many" exits 0 printing [
        "many: 100 connections in a row, 100 exchanged their bytes intact",
    ];
    netraw_nonblocking: "netraw" "nonblocking" exits 0 printing [
        "nonblocking: accept with nothing pending: would-block",
        "nonblocking: accept after a connect: ok",
        "nonblocking: read with nothing available: 0 bytes",
        "nonblocking: input pollable ready with nothing available: false",
        "nonblocking: output pollable ready on a fresh connection: true",
        "nonblocking: write until the send buffer is full: check-write 0",
        "nonblocking: the other side read it all: checksum ok",
        "nonblocking: writable again after the drain: true",
        "nonblocking: client read after its shutdown(both): closed",
        "nonblocking: client check-write after its shutdown(both): closed",
        "nonblocking: server read to the end: closed after 4 more bytes",
    ];
    netraw_states: "netraw" "states" exits 0 printing [
        "states: finish-bind without start-bind: not-in-progress",
        "states: finish-listen without start-listen: not-in-progress",
        "states: finish-connect without start-connect: not-in-progress",
        "states: accept on a fresh socket: invalid-state",
        "states: local-address before bind: invalid-state",
        "states: remote-address before connect: invalid-state",
        "states: shutdown before connect: invalid-state",
        "states: is-listening on a fresh socket: false",
        "states: start-bind to an ipv6 address on an ipv4 socket: invalid-argument",
        "states: start-bind again: invalid-state",
        "states: local-address after bind: 127.0.0.1: true, port non-zero: true",
        "states: set-listen-backlog-size 0: invalid-argument",
        "states: start-listen again: invalid-state",
        "states: start-connect on a listener: invalid-state",
        "states: start-connect to port 0: invalid-argument",
        "states: start-connect to 0.0.0.0: invalid-argument",
        "states: start-listen before bind: invalid-state",
        "states: start-listen on a connected socket: invalid-state",
        "states: start-connect on a connected socket: invalid-state",
        "states: start-bind on a connected socket: invalid-state",
        "states: udp finish-bind without start-bind: not-in-progress",
        "states: udp local-address before bind: invalid-state",
        "states: udp remote-address before bind: invalid-state",
        "states: udp remote-address unconnected: invalid-state",
        "states: udp start-bind again: invalid-state",
        "states: udp stream before bind: invalid-state",
    ];
    netraw_options: "netraw" "options" exits 0 printing [
        "options: tcp4: address-family ipv4",
        "options: tcp4: keep-alive-enabled default: false",
        "options: tcp4: keep-alive-enabled set true, read back true",
        "options: tcp4: keep-alive-enabled set false, read back false",
        "options: tcp4: keep-alive-idle-time set 30 s, read back 30 s: true",
        "options: tcp4: keep-alive-idle-time 0: invalid-argument",
        "options: tcp4: buffer sizes set 65536, read back at least that: receive true, send true",
        "options: tcp4: buffer sizes set 262144, read back at least that: receive true, send true",
        "options: tcp4: receive-buffer-size 0: invalid-argument",
        "options: tcp4: hop-limit set 42, read back 42",
        "options: tcp4: hop-limit 0: invalid-argument",
        "options: tcp4: is-listening before listen: false",
        "options: tcp4: after bind: local-address loopback true, port non-zero true",
        "options: tcp4: is-listening after listen: true",
        "options: tcp4: keep-alive-enabled on the listener: false",
        "options: udp4: address-family ipv4",
        "options: udp4: buffer sizes set 65536, read back at least that: receive true, send true",
        "options: udp4: unicast-hop-limit set 42, read back 42",
        "options: udp4: after bind: local-address loopback true, port non-zero true",
        "options: tcp6: address-family ipv6",
        "options: tcp6: keep-alive-enabled default: false",
        "options: tcp6: keep-alive-enabled set true, read back true",
        "options: tcp6: keep-alive-enabled set false, read back false",
        "options: tcp6: keep-alive-idle-time set 30 s, read back 30 s: true",
        "options: tcp6: keep-alive-idle-time 0: invalid-argument",
        "options: tcp6: buffer sizes set 65536, read back at least that: receive true, send true",
        "options: tcp6: buffer sizes set 262144, read back at least that: receive true, send true",
        "options: tcp6: receive-buffer-size 0: invalid-argument",
        "options: tcp6: is-listening before listen: false",
        "options: tcp6: after bind: local-address loopback true, port non-zero true",
        "options: tcp6: is-listening after listen: true",
        "options: tcp6: keep-alive-enabled on the listener: false",
        "options: udp6: address-family ipv6",
        "options: udp6: buffer sizes set 65536, read back at least that: receive true, send true",
        "options: udp6: after bind: local-address loopback true, port non-zero true",
    ];
    netraw_poll: "netraw" "poll" exits 0 printing [
        "poll: listener, timer of 100 ms, nothing pending: timer",
        "poll: listener, long timer, after a connect: listener",
        "poll: accept: would-block; read: 0 bytes",
        "poll: listener, input, timer of 100 ms, after the accept: timer",
        "poll: listener, input, long timer, after a write: input",
        "poll: read \"hello\"; accept: would-block; read: 0 bytes",
        "poll: listener, input, timer of 100 ms, all read: timer",
        "poll: listener, input, long timer, after a connect and a write: input listener",
        "poll: accept: would-block; read: 0 bytes",
        "poll: listener, input, long timer, after the peer closed: input",
        "poll: then read: closed after 0 bytes",
    ];
    // After a failed connect, wasmtime answers not-in-progress (WASIp2
    // leaves the closed state's answers open).
    netraw_refused: "netraw" "refused" exits 0 printing [
        "refused: tcp4: connect to a closed port: connection-refused",
        "refused: tcp4: finish-connect again: not-in-progress",
        "refused: tcp6: connect to a closed port: connection-refused",
        "refused: tcp6: finish-connect again: not-in-progress",
    ];
    netraw_inuse: "netraw" "inuse" exits 0 printing [
        "inuse: tcp4: bind to a listener's address: address-in-use",
        "inuse: tcp4: the socket after that: local-address invalid-state",
        "inuse: udp4: bind to a bound socket's address: address-in-use",
        "inuse: tcp6: bind to a listener's address: address-in-use",
        "inuse: tcp6: the socket after that: local-address invalid-state",
        "inuse: udp6: bind to a bound socket's address: address-in-use",
    ];
    netraw_denied: "netraw" "denied" exits 0 printing [
        "denied: tcp4: bind outside the pool: access-denied",
        "denied: tcp4: connect outside the pool: access-denied",
        "denied: udp4: bind outside the pool: access-denied",
        "denied: udp4: send outside the pool: access-denied",
        "denied: udp4: stream (connect) outside the pool: access-denied",
        "denied: tcp6: bind outside the pool: access-denied",
        "denied: tcp6: connect outside the pool: access-denied",
        "denied: udp6: bind outside the pool: access-denied",
        "denied: udp6: send outside the pool: access-denied",
        "denied: udp6: stream (connect) outside the pool: access-denied",
    ];
    netraw_udp4: "netraw" "udp4" exits 0 printing [
        "udp4: unconnected send/receive of 1, 100, 1024, 16384, 65507: in order, intact, from the sender",
        "udp4: connected: remote-address is the other socket: true",
        "udp4: connected send/receive both ways of 1, 100, 1024, 16384, 65507: intact",
        "udp4: connected send naming the same remote: ok",
        "udp4: received it: true",
        "udp4: connected send naming another remote: invalid-argument",
        "udp4: connected socket receives only from its remote: true",
    ];
    netraw_udp6: "netraw" "udp6" exits 0 printing [
        "udp6: unconnected send/receive of 1, 100, 1024, 16384, 65507: in order, intact, from the sender",
        "udp6: connected: remote-address is the other socket: true",
        "udp6: connected send/receive both ways of 1, 100, 1024, 16384, 65507: intact",
        "udp6: connected send naming the same remote: ok",
        "udp6: received it: true",
        "udp6: connected send naming another remote: invalid-argument",
        "udp6: connected socket receives only from its remote: true",
    ];
    // access-denied: outside the name list (wb-runner refuses it as WAMR
    // does); a literal needs no lookup.
    netraw_lookup: "netraw" "lookup" exits 0 printing [
        "lookup: localhost: includes 127.0.0.1: true; all loopback: true; no ipv4-mapped: true",
        "lookup: 127.0.0.1 (a literal): [127.0.0.1]",
        "lookup: ::1 (a literal): [::1]",
        "lookup: 2001:db8:1:2:3:4:5:6 (a literal): [2001:db8:1:2:3:4:5:6]",
        "lookup: [fe80::a:b] (a literal): [fe80::a:b]",
        "lookup: example.invalid: access-denied",
    ];
    // Dropping a socket before its streams traps ("resource has children").
    netraw_drop: "netraw" "drop" exits 134 printing [
        "drop: listener dropped, the accepted connection still works: true",
        "drop: dropping a connected socket while its streams live",
    ];
}

/// Without the extension (wasmtime's preview1 host, Node), `wasi:sockets`
/// stays under `--unsupported`: refused by default, naming each function
/// and its callers; with `error-result` the program sees not-supported, with
/// `trap` it traps where it first asks for a socket.
#[test]
fn without_the_extension_sockets_follow_the_unsupported_policy() {
    use wasi_backport::{Error, Options, Profile, Unsupported};
    let core = std::fs::read(fixtures().core.join("net.wasm")).unwrap();
    for rt in ["preview1", "wasmtime", "node"] {
        let options = Options { runtime: Profile::builtin(rt).unwrap(), ..Default::default() };
        match wasi_backport::adapt(&core, &options) {
            Err(Error::Refused(refusals)) => {
                let create = refusals.iter().find(|r| r.name == "create-tcp-socket").expect("create-tcp-socket named");
                assert!(create.reason.contains("--runtime wamr"), "{}", create.reason);
                assert!(!create.callers.is_empty(), "{create}");
            }
            other => panic!("{rt}: expected a refusal, got {other:?}"),
        }
    }
    let cases = [
        (Unsupported::ErrorResult, "tcp4", expected(1, &["tcp4: bind: unexpected Unsupported"])),
        (Unsupported::ErrorResult, "udp4", expected(1, &["udp4: bind: unexpected Unsupported"])),
        (Unsupported::Trap, "tcp4", expected(134, &[])),
    ];
    for (policy, scenario, want) in cases {
        let adapted = wasi_backport::adapt(&core, &Options { unsupported: policy, ..Default::default() }).unwrap();
        let module = fixtures().adapted.join(format!("net.{policy:?}.{}.p1.wasm", std::process::id()));
        common::write_whole(&module, &adapted.wasm);
        for rt in [Runtime::WasmtimeP1, Runtime::Node] {
            let got = run(rt, &module, &invocation("net", scenario, &[]));
            assert_same(&format!("net {scenario} adapted with {policy:?}, on {rt:?}"), &want, &got);
        }
    }
}
