//! A real crates.io networking program through the adapter: `fixtures/http`
//! is an HTTP/1.1 client on ureq (over std::net), built for wasm32-wasip2.
//! It talks to a server this test starts on 127.0.0.1, once as a component
//! on wasmtime's WASIp2 host (the reference) and once adapted for WAMR and
//! run on WAMR with its socket extension; the two runs must print the same
//! and end the same way, and the reference must print the pinned text, so
//! that a broken program cannot pass by failing alike on both sides.
//!
//! The fixture has its own workspace and lock file (its dependencies are not
//! the other fixtures'), built once per test process into its own target
//! directories. Each run gets its own server, which logs the requests it
//! answered: both runs must have made the pinned requests.
mod common;

use common::{assert_same, root, run_with_limit, Invocation, Outcome, Runtime};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// What the reference prints (the server's bodies are fixed, so are these).
const EXPECTED: &[&str] = &[
    "GET /hello: 200 content-type=text/plain; charset=utf-8 x-served-by=wb-runner-tests 30 bytes: \"Hello from the test's server!\\n\"",
    "GET /big: 200 content-length=1048576 1048576 bytes fnv1a=0785a63d94513945",
    "GET /chunked: 200 transfer-encoding=chunked 100000 bytes fnv1a=2a6823e08c379e2f",
    "POST /echo: 200 sent 300000 bytes fnv1a=2f382757a890b454, server saw fnv1a=2f382757a890b454, got 300000 bytes back, same=true",
    "GET /missing: 404 \"not found\\n\"",
    "done",
];

/// The requests the program makes, in order, as the server logs them.
const REQUESTS: &[&str] = &["GET /hello", "GET /big", "GET /chunked", "POST /echo 300000", "GET /missing"];

/// WAMR's kind of network, for both runs: the loopback addresses only.
const NET: [&str; 2] = ["--addr-pool", "127.0.0.1/8"];

/// Far more than a run takes, even interpreted: a socket call that blocks
/// where it should not would otherwise hang the test.
const LIMIT: Duration = Duration::from_secs(120);

/// FNV-1a, 64 bits, as the program computes it.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x100_0000_01b3))
}

/// A body of `len` bytes, as the program expects it.
fn pattern(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 16) as u8
        })
        .collect()
}

/// The program, built once per process, as a component and as a core module
/// adapted for WAMR.
struct Program {
    component: PathBuf,
    adapted: PathBuf,
}

fn program() -> &'static Program {
    static P: OnceLock<Program> = OnceLock::new();
    P.get_or_init(|| {
        let manifest = root().join("fixtures/http/Cargo.toml");
        let build = |kind: &str, rustflags: &str| {
            let dir = root().join("target/fixtures").join(kind);
            let status = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .args(["build", "--quiet", "--locked", "--release", "--target", "wasm32-wasip2", "--manifest-path"])
                .arg(&manifest)
                .arg("--target-dir")
                .arg(&dir)
                .env("RUSTFLAGS", rustflags)
                .env_remove("CARGO_ENCODED_RUSTFLAGS")
                .status()
                .expect("running cargo");
            assert!(status.success(), "building fixtures/http ({kind}) failed");
            dir.join("wasm32-wasip2/release/http.wasm")
        };
        let component = build("http-component", "");
        let core = build("http-core", "-C link-arg=--skip-wit-component");
        let options =
            wasi_backport::Options { runtime: wasi_backport::Profile::builtin("wamr").unwrap(), ..Default::default() };
        let adapted = wasi_backport::adapt(&std::fs::read(&core).unwrap(), &options)
            .unwrap_or_else(|e| panic!("adapting fixtures/http for wamr: {e}"));
        let out = core.with_file_name(format!("http.wamr.{}.p1.wasm", std::process::id()));
        common::write_whole(&out, &adapted.wasm);
        Program { component, adapted: out }
    })
}

/// An HTTP/1.1 server on 127.0.0.1, a thread per connection, keeping
/// connections alive unless the client asks to close. It stops accepting
/// when dropped.
struct Server {
    url: String,
    log: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    port: u16,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log2, stop2) = (log.clone(), stop.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let log = log2.clone();
                std::thread::spawn(move || {
                    if let Err(e) = serve(conn, &log) {
                        log.lock().unwrap().push(format!("error: {e}"));
                    }
                });
            }
        });
        Server { url: format!("http://127.0.0.1:{port}"), log, stop, port }
    }

    fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread, which then sees `stop`.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Answers the requests on one connection until the client closes it or
/// asks to.
fn serve(conn: TcpStream, log: &Mutex<Vec<String>>) -> std::io::Result<()> {
    conn.set_read_timeout(Some(LIMIT))?;
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut conn = conn;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let (method, path) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
        let (mut length, mut close) = (0usize, false);
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h)? == 0 {
                return Ok(());
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            let (name, value) = h.split_once(':').unwrap_or((h, ""));
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().unwrap_or(0),
                "connection" => close = value.trim().eq_ignore_ascii_case("close"),
                "transfer-encoding" => return Err(std::io::Error::other("chunked requests are not served")),
                _ => {}
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let request = if length > 0 { format!("{method} {path} {length}") } else { format!("{method} {path}") };
        log.lock().unwrap().push(request);

        let mut head = String::from("HTTP/1.1 ");
        let (status, ctype, extra, payload, chunked) = match (method.as_str(), path.as_str()) {
            ("GET", "/hello") => (
                "200 OK",
                "text/plain; charset=utf-8",
                "X-Served-By: wb-runner-tests\r\n".to_string(),
                b"Hello from the test's server!\n".to_vec(),
                false,
            ),
            ("GET", "/big") => ("200 OK", "application/octet-stream", String::new(), pattern(1 << 20, 1), false),
            ("GET", "/chunked") => ("200 OK", "application/octet-stream", String::new(), pattern(100_000, 2), true),
            ("POST", "/echo") => (
                "200 OK",
                "application/octet-stream",
                format!("X-Request-Fnv1a: {:016x}\r\n", fnv1a(&body)),
                body,
                false,
            ),
            _ => ("404 Not Found", "text/plain", String::new(), b"not found\n".to_vec(), false),
        };
        head += &format!("{status}\r\nContent-Type: {ctype}\r\n{extra}");
        head += if close { "Connection: close\r\n" } else { "" };
        if chunked {
            head += "Transfer-Encoding: chunked\r\n\r\n";
            conn.write_all(head.as_bytes())?;
            // Chunks of uneven sizes, some split across writes.
            let (mut rest, mut size) = (&payload[..], 1usize);
            while !rest.is_empty() {
                let n = size.min(rest.len());
                conn.write_all(format!("{n:x}\r\n").as_bytes())?;
                conn.write_all(&rest[..n])?;
                conn.write_all(b"\r\n")?;
                rest = &rest[n..];
                size = size * 7 % 16_411 + 3;
            }
            conn.write_all(b"0\r\n\r\n")?;
        } else {
            head += &format!("Content-Length: {}\r\n\r\n", payload.len());
            conn.write_all(head.as_bytes())?;
            conn.write_all(&payload)?;
        }
        conn.flush()?;
        if close {
            return Ok(());
        }
    }
}

/// Runs the program on `rt` against a server of its own; returns what it
/// printed and the requests the server answered.
fn run(rt: Runtime, module: &std::path::Path) -> (Outcome, Vec<String>) {
    let server = Server::start();
    let inv = Invocation {
        args: vec!["http".to_string(), server.url.clone()],
        net: NET.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    let out = run_with_limit(rt, module, &inv, LIMIT);
    (out, server.requests())
}

/// The reference run, once per process, checked against the pinned text.
fn reference() -> &'static Outcome {
    static R: OnceLock<Outcome> = OnceLock::new();
    R.get_or_init(|| {
        let (got, requests) = run(Runtime::WasmtimeP2, &program().component);
        let want = Outcome {
            code: 0,
            stdout: EXPECTED.iter().flat_map(|l| [l.as_bytes(), b"\n"]).flatten().copied().collect(),
            stderr: Vec::new(),
        };
        assert_same("fixtures/http on wasmtime's WASIp2 host (the reference)", &want, &got);
        assert_eq!(requests, REQUESTS, "the requests the reference made");
        got
    })
}

#[test]
fn the_reference_prints_the_pinned_text() {
    reference();
}

#[test]
fn adapted_for_wamr_matches_the_reference() {
    let want = reference();
    let (got, requests) = run(Runtime::Wamr, &program().adapted);
    assert_same("fixtures/http adapted for WAMR, on WAMR", want, &got);
    assert_eq!(requests, REQUESTS, "the requests the adapted program made on WAMR");
}
