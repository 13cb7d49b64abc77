//! Building the fixtures and running programs on the three runtimes.
#![allow(dead_code)]
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn target() -> PathBuf {
    root().join("target/fixtures")
}

/// The fixture programs, built once per test process (cargo's own locking
/// makes concurrent processes safe): as a WASIp2 component (the reference
/// run), as a WASIp2 core module (the adapter's input), and for wasm32-wasip1
/// (the second reference, for programs that use only std).
pub struct Fixtures {
    pub component: PathBuf,
    pub core: PathBuf,
    pub p1: PathBuf,
    pub adapted: PathBuf,
}

pub fn fixtures() -> &'static Fixtures {
    static F: OnceLock<Fixtures> = OnceLock::new();
    F.get_or_init(|| {
        let manifest = root().join("fixtures/Cargo.toml");
        let build = |kind: &str, triple: &str, rustflags: &str| {
            let dir = target().join(kind);
            let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .args(["build", "--quiet", "--release", "--target", triple, "--manifest-path"])
                .arg(&manifest)
                .arg("--target-dir")
                .arg(&dir)
                .env("RUSTFLAGS", rustflags)
                .env_remove("CARGO_ENCODED_RUSTFLAGS")
                .status()
                .expect("running cargo");
            assert!(status.success(), "building the fixtures ({kind}) failed");
            dir.join(triple).join("release")
        };
        let component = build("component", "wasm32-wasip2", "");
        let core = build("core", "wasm32-wasip2", "-C link-arg=--skip-wit-component");
        let p1 = build("p1", "wasm32-wasip1", "");
        let adapted = target().join("adapted");
        std::fs::create_dir_all(&adapted).unwrap();
        Fixtures { component, core, p1, adapted }
    })
}

/// The adapted module for fixture `name`, adapted once per process.
pub fn adapted(name: &str) -> PathBuf {
    let f = fixtures();
    let out = f.adapted.join(format!("{name}.{}.p1.wasm", std::process::id()));
    if !out.exists() {
        let input = std::fs::read(f.core.join(format!("{name}.wasm"))).unwrap();
        let adapted = wasi_backport::adapt(&input, &wasi_backport::Options::default())
            .unwrap_or_else(|e| panic!("adapting {name}: {e}"));
        write_whole(&out, &adapted.wasm);
    }
    out
}

/// The module for fixture `name` adapted for the built-in runtime profile
/// `runtime` (e.g. "wamr", whose socket extension the adapter may then
/// use), adapted once per process.
pub fn adapted_for(name: &str, runtime: &str) -> PathBuf {
    let f = fixtures();
    let out = f.adapted.join(format!("{name}.{runtime}.{}.p1.wasm", std::process::id()));
    if !out.exists() {
        let input = std::fs::read(f.core.join(format!("{name}.wasm"))).unwrap();
        let profile = wasi_backport::Profile::builtin(runtime).unwrap_or_else(|| panic!("no runtime {runtime}"));
        let options = wasi_backport::Options { runtime: profile, ..Default::default() };
        let adapted =
            wasi_backport::adapt(&input, &options).unwrap_or_else(|e| panic!("adapting {name} for {runtime}: {e}"));
        write_whole(&out, &adapted.wasm);
    }
    out
}

/// What a hand-written WASIp2 test module needs besides its imports, memory
/// and code: a shadow stack pointer, and a bump allocator as `cabi_realloc`
/// (from 8192 up; nothing is freed).
pub const WAT_RUNTIME: &str = r#"
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (global $heap (mut i32) (i32.const 8192))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.const 7)) (i32.const -8)))
    (global.set $heap (i32.add (local.get $p) (local.get 3)))
    (local.get $p))"#;

/// The WASIp2 core module `wat` adapted with the default options and
/// written under the adapted fixtures as `NAME.PID.wasm`: its path and bytes.
pub fn adapted_wat(name: &str, wat: &str) -> (PathBuf, Vec<u8>) {
    let module = wat::parse_str(wat).unwrap();
    let adapted = wasi_backport::adapt(&module, &wasi_backport::Options::default())
        .unwrap_or_else(|e| panic!("adapting {name}: {e}"));
    let path = fixtures().adapted.join(format!("{name}.{}.wasm", std::process::id()));
    write_whole(&path, &adapted.wasm);
    (path, adapted.wasm)
}

/// Writes `bytes` to `path` whole or not at all, as a reader sees it: the
/// tests of a file run in parallel threads, and one may run a module that
/// another is still writing ("unexpected end" on WAMR). A rename within a
/// directory is atomic.
pub fn write_whole(path: &Path, bytes: &[u8]) {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let tmp = path.with_extension(format!("{}.part", NEXT.fetch_add(1, Ordering::Relaxed)));
    std::fs::write(&tmp, bytes).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runtime {
    /// The component on wasmtime's WASIp2 host: the reference.
    WasmtimeP2,
    /// A preview1 module on wasmtime's preview1 host.
    WasmtimeP1,
    /// A preview1 module on Node's `node:wasi`.
    Node,
    /// A preview1 module on WAMR 2.4.3 (fast interpreter), embedded.
    Wamr,
}

/// The preview1 runtimes every adapted fixture runs on.
pub const PREVIEW1: [Runtime; 3] = [Runtime::WasmtimeP1, Runtime::Node, Runtime::Wamr];

/// What a run printed and how it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// A program run: arguments (argv[0] included), environment and stdin.
#[derive(Clone, Default)]
pub struct Invocation {
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub stdin: Option<PathBuf>,
    /// Bytes fed to stdin through a pipe, closed after them (instead of `stdin`).
    pub stdin_pipe: Option<Vec<u8>>,
    /// A host directory preopened as "." (read-only with `read_only`).
    pub dir: Option<PathBuf>,
    pub read_only: bool,
    /// Network flags for wb-runner (`--addr-pool CIDR`, `--ns-lookup NAME`),
    /// put before `--`; Node has no sockets and gets none.
    pub net: Vec<String>,
}

pub fn run(rt: Runtime, module: &Path, inv: &Invocation) -> Outcome {
    let (child, feeder) = spawn(rt, module, inv);
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("running {rt:?}: {e}"));
    if let Some(f) = feeder {
        let _ = f.join();
    }
    Outcome { code: exit_code(&out.status), stdout: out.stdout, stderr: out.stderr }
}

/// The exit code of a run that was still going when the test stopped it.
pub const STILL_RUNNING: i32 = -1;

/// Like `run`, for a program meant to wait for ever: once it has printed a
/// line, it is stopped when `quiet` has passed with it still running (its
/// code is then `STILL_RUNNING`); a run that ends by itself is reported as is.
pub fn run_until_waiting(rt: Runtime, module: &Path, inv: &Invocation, quiet: std::time::Duration) -> Outcome {
    watch(rt, module, inv, Some(quiet), std::time::Duration::from_secs(120))
}

/// Like `run`, but a run still going after `limit` is stopped (its code is
/// then `STILL_RUNNING`): for a program that may block for ever in a host
/// call when something is wrong, such as a socket that should not block.
pub fn run_with_limit(rt: Runtime, module: &Path, inv: &Invocation, limit: std::time::Duration) -> Outcome {
    watch(rt, module, inv, None, limit)
}

fn watch(
    rt: Runtime,
    module: &Path,
    inv: &Invocation,
    quiet: Option<std::time::Duration>,
    limit: std::time::Duration,
) -> Outcome {
    use std::io::Read;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};
    let (mut child, feeder) = spawn(rt, module, inv);
    let collect = |pipe: Option<Box<dyn Read + Send>>| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let sink = buf.clone();
        let reader = std::thread::spawn(move || {
            let mut pipe = pipe.unwrap();
            let mut chunk = [0u8; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut chunk) {
                sink.lock().unwrap().extend_from_slice(&chunk[..n]);
            }
        });
        (buf, reader)
    };
    let (stdout, out_reader) = collect(child.stdout.take().map(|p| Box::new(p) as _));
    let (stderr, err_reader) = collect(child.stderr.take().map(|p| Box::new(p) as _));
    let start = Instant::now();
    let mut printed: Option<Instant> = None;
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break exit_code(&status);
        }
        if printed.is_none() && stdout.lock().unwrap().contains(&b'\n') {
            printed = Some(Instant::now());
        }
        let waited_quietly = printed.zip(quiet).is_some_and(|(t, quiet)| t.elapsed() >= quiet);
        if waited_quietly || start.elapsed() > limit {
            // Only this run's own child: the program, or Node running it.
            child.kill().unwrap();
            child.wait().unwrap();
            break STILL_RUNNING;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    out_reader.join().unwrap();
    err_reader.join().unwrap();
    if let Some(f) = feeder {
        let _ = f.join();
    }
    let take = |b: Arc<Mutex<Vec<u8>>>| std::mem::take(&mut *b.lock().unwrap());
    Outcome { code, stdout: take(stdout), stderr: take(stderr) }
}

fn exit_code(status: &std::process::ExitStatus) -> i32 {
    status.code().unwrap_or_else(|| 128 + std::os::unix::process::ExitStatusExt::signal(status).unwrap_or(0))
}

/// Starts a run with stdout and stderr piped; with `stdin_pipe`, also the
/// thread that feeds it.
fn spawn(rt: Runtime, module: &Path, inv: &Invocation) -> (std::process::Child, Option<std::thread::JoinHandle<()>>) {
    let mut cmd = match rt {
        Runtime::WasmtimeP2 | Runtime::WasmtimeP1 | Runtime::Wamr => {
            let mut c = Command::new(env!("CARGO_BIN_EXE_wb-runner"));
            c.arg(match rt {
                Runtime::WasmtimeP2 => "p2",
                Runtime::WasmtimeP1 => "p1",
                _ => "wamr",
            });
            c
        }
        Runtime::Node => {
            let mut c = Command::new("node");
            // V8's concurrent GC crashes Node 20 while wasm memory grows fast,
            // with modules built for wasm32-wasip1 as much as adapted ones;
            // see tests/known-differences.md.
            c.args(["--single-threaded-gc", "--no-warnings"]).arg(root().join("tests/node/run-p1.mjs"));
            c
        }
    };
    cmd.arg(module);
    if let Some(dir) = &inv.dir {
        cmd.arg(if inv.read_only { "--dir-ro" } else { "--dir" }).arg(format!("{}::.", dir.display()));
    }
    for (k, v) in &inv.env {
        cmd.arg("--env").arg(format!("{k}={v}"));
    }
    if rt != Runtime::Node {
        cmd.args(&inv.net);
    }
    cmd.arg("--").args(&inv.args);
    cmd.stdin(match (&inv.stdin, &inv.stdin_pipe) {
        (Some(p), _) => Stdio::from(std::fs::File::open(p).unwrap()),
        (None, Some(_)) => Stdio::piped(),
        (None, None) => Stdio::null(),
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("starting {rt:?}: {e}"));
    let feeder = match (child.stdin.take(), inv.stdin_pipe.clone()) {
        (Some(mut pipe), Some(bytes)) => Some(std::thread::spawn(move || {
            use std::io::Write;
            // The program may stop reading early; that is its business.
            let _ = pipe.write_all(&bytes);
        })),
        _ => None,
    };
    (child, feeder)
}

/// Asserts two outcomes are equal, showing the first difference readably.
pub fn assert_same(what: &str, want: &Outcome, got: &Outcome) {
    if want == got {
        return;
    }
    let show = |b: &[u8]| {
        let s = String::from_utf8_lossy(b);
        if s.len() > 2000 {
            format!("{}…[{} bytes]", &s[..s.floor_char_boundary(2000)], s.len())
        } else {
            s.into_owned()
        }
    };
    let (w, g) = (String::from_utf8_lossy(&want.stdout), String::from_utf8_lossy(&got.stdout));
    let first = w.lines().zip(g.lines()).enumerate().find(|(_, (a, b))| a != b);
    let first = match first {
        Some((i, (a, b))) => format!("line {}:\n  want: {a}\n  got:  {b}", i + 1),
        None => format!("{} lines against {}", w.lines().count(), g.lines().count()),
    };
    panic!(
        "{what} differs from the reference\n--- exit: want {} got {}\n--- first stdout difference, {first}\n--- stdout want:\n{}\n--- stdout got:\n{}\n--- stderr want:\n{}\n--- stderr got:\n{}",
        want.code,
        got.code,
        show(&want.stdout),
        show(&got.stdout),
        show(&want.stderr),
        show(&got.stderr)
    );
}

/// A deterministic file of `lines` lines in the target directory.
pub fn input_file(name: &str, lines: usize) -> PathBuf {
    let path = target().join(format!("{name}.{}.txt", std::process::id()));
    if !path.exists() {
        std::fs::create_dir_all(target()).unwrap();
        let text: String = (0..lines).map(|i| format!("line {i} ✓ {}\n", "abc".repeat(i % 7))).collect();
        write_whole(&path, text.as_bytes());
    }
    path
}

/// A fresh, empty directory for one run.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = target().join("work").join(format!("{name}.{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What a run left behind in `dir`: every path with its type, and a file's
/// size and content hash or a symlink's target. Times are left out.
pub fn snapshot(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let path = e.path();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            let ft = e.file_type().unwrap();
            if ft.is_symlink() {
                out.push(format!("{rel} -> {}", std::fs::read_link(&path).unwrap().display()));
            } else if ft.is_dir() {
                out.push(format!("{rel}/"));
                walk(root, &path, out);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                let h =
                    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x100_0000_01b3));
                out.push(format!("{rel} {} {h:016x}", bytes.len()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
