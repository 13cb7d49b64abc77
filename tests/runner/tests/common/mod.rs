//! Building the fixtures and running programs on the three runtimes.
#![allow(dead_code)]
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
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
        std::fs::write(&out, adapted.wasm).unwrap();
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runtime {
    /// The component on wasmtime's WASIp2 host: the reference.
    WasmtimeP2,
    /// A preview1 module on wasmtime's preview1 host.
    WasmtimeP1,
    /// A preview1 module on Node's `node:wasi`.
    Node,
}

/// What a run printed and how it ended.
#[derive(Debug, PartialEq, Eq)]
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
}

pub fn run(rt: Runtime, module: &Path, inv: &Invocation) -> Outcome {
    let mut cmd = match rt {
        Runtime::WasmtimeP2 | Runtime::WasmtimeP1 => {
            let mut c = Command::new(env!("CARGO_BIN_EXE_wb-runner"));
            c.arg(if rt == Runtime::WasmtimeP2 { "p2" } else { "p1" });
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
    for (k, v) in &inv.env {
        cmd.arg("--env").arg(format!("{k}={v}"));
    }
    cmd.arg("--").args(&inv.args);
    cmd.stdin(match &inv.stdin {
        Some(p) => Stdio::from(std::fs::File::open(p).unwrap()),
        None => Stdio::null(),
    });
    let out = cmd.output().unwrap_or_else(|e| panic!("starting {rt:?}: {e}"));
    Outcome {
        code: out.status.code().unwrap_or_else(|| 128 + std::os::unix::process::ExitStatusExt::signal(&out.status).unwrap_or(0)),
        stdout: out.stdout,
        stderr: out.stderr,
    }
}

/// Asserts two outcomes are equal, showing the first difference readably.
pub fn assert_same(what: &str, want: &Outcome, got: &Outcome) {
    if want == got {
        return;
    }
    let show = |b: &[u8]| {
        let s = String::from_utf8_lossy(b);
        if s.len() > 2000 { format!("{}…[{} bytes]", &s[..s.floor_char_boundary(2000)], s.len()) } else { s.into_owned() }
    };
    panic!(
        "{what} differs from the reference\n--- exit: want {} got {}\n--- stdout want:\n{}\n--- stdout got:\n{}\n--- stderr want:\n{}\n--- stderr got:\n{}",
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
        std::fs::write(&path, text).unwrap();
    }
    path
}
