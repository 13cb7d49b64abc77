//! `cargo bench -p wasi-backport-cli`: what the adapter adds to hello world;
//! and, for large modules, the time `wasi-backport adapt` takes next to the
//! time `wasm-tools validate` takes on the same input (both as commands,
//! alternating, median of 7), with the adapt's peak memory against the
//! input's size. The inputs: a generated 20 MB module laid out as wasm-ld
//! lays one out (padded function indices: the code stays in place), the
//! same with short indices (the re-encoding fallback), and ripgrep for
//! wasm32-wasip2 with its DWARF when `scripts/programs.sh` has built it (or
//! any module named by `WB_BENCH_INPUT`).
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use wasm_encoder::{
    CodeSection, ConstExpr, EntityType, ExportKind, ExportSection, Function, FunctionSection, GlobalSection,
    GlobalType, ImportSection, Instruction, MemorySection, MemoryType, Module, TypeSection, ValType,
};
use wasmparser::Parser;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--measure") {
        measured_child(&args[i + 1..]);
        return;
    }
    hello_size();
    adapt_time();
}

/// Runs `cmd` and prints its wall time (ns) and peak resident memory
/// (bytes). A process of its own: a child spawned from the bench itself
/// starts out sharing the bench's (large) memory, which its peak would count.
// The child is reaped by `wait4` below, which also gives its peak memory.
#[allow(clippy::zombie_processes)]
fn measured_child(cmd: &[String]) {
    let t = Instant::now();
    let child =
        Command::new(&cmd[0]).args(&cmd[1..]).stdout(std::process::Stdio::null()).spawn().expect("starting a command");
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value of the plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `child.id()` is our child, not yet waited for; both pointers
    // are to live locals of the types wait4 expects.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let elapsed = t.elapsed();
    assert_eq!(pid, child.id() as libc::pid_t, "wait4");
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "{cmd:?} failed ({status:#x})");
    let cpu = |t: libc::timeval| t.tv_sec as u64 * 1_000_000_000 + t.tv_usec as u64 * 1000;
    // Linux reports ru_maxrss in KiB.
    println!("{} {} {}", elapsed.as_nanos(), cpu(usage.ru_utime) + cpu(usage.ru_stime), usage.ru_maxrss as u64 * 1024);
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The size of `wasm` rebuilt without its custom sections: the code, data,
/// imports and types it carries.
fn without_customs(wasm: &[u8]) -> usize {
    let mut m = Module::new();
    for p in Parser::new(0).parse_all(wasm) {
        if let Some((id, range)) = p.unwrap().as_section() {
            if id != 0 {
                m.section(&wasm_encoder::RawSection { id, data: &wasm[range.start as usize..range.end as usize] });
            }
        }
    }
    m.finish().len()
}

fn hello_size() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--release", "--target", "wasm32-wasip2", "--manifest-path"])
        .arg(root.join("examples/hello/Cargo.toml"))
        .env("RUSTFLAGS", "-C link-arg=--skip-wit-component")
        .status()
        .unwrap();
    assert!(status.success());
    let input = std::fs::read(root.join("examples/hello/target/wasm32-wasip2/release/hello.wasm")).unwrap();
    let out = wasi_backport::adapt(&input, &Default::default()).unwrap().wasm;
    // The program's code is copied as it is (its padded indices too), so
    // the difference is the adapter's.
    let (i, o) = (without_customs(&input), without_customs(&out));
    println!("hello world: input {} bytes; without custom sections {i}", input.len());
    println!("             output {} bytes; without custom sections {o}", out.len());
    println!("             the adapter adds {} bytes (code, imports, types, its global)", o as i64 - i as i64);
}

/// `call f`, with the index as `padded` (5 bytes, as wasm-ld writes it) or
/// as short as it goes.
fn call(f: &mut Function, index: u32, padded: bool) {
    if !padded {
        f.instruction(&Instruction::Call(index));
        return;
    }
    let mut bytes = vec![0x10];
    for i in 0..5 {
        bytes.push(((index >> (7 * i)) & 0x7f) as u8 | if i < 4 { 0x80 } else { 0 });
    }
    f.raw(bytes);
}

/// A module of `n` functions of some size each, importing WASIp2 and
/// preview1 functions and calling them and one another.
fn large_module(n: u32, padded: bool) -> Vec<u8> {
    let mut types = TypeSection::new();
    types.ty().function([], [ValType::I32]); // 0: get-stdout
    types.ty().function([ValType::I32; 4], []); // 1: blocking-write-and-flush
    types.ty().function([ValType::I32; 4], [ValType::I32]); // 2: fd_write, cabi_realloc
    types.ty().function([ValType::I32], [ValType::I32]); // 3: the bulk
    let mut imports = ImportSection::new();
    imports.import("wasi:cli/stdout@0.2.0", "get-stdout", EntityType::Function(0));
    imports.import("wasi:io/streams@0.2.4", "[method]output-stream.blocking-write-and-flush", EntityType::Function(1));
    imports.import("wasi_snapshot_preview1", "fd_write", EntityType::Function(2));
    let mut funcs = FunctionSection::new();
    funcs.function(2);
    for _ in 0..n {
        funcs.function(3);
    }
    let mut memory = MemorySection::new();
    memory.memory(MemoryType { minimum: 17, maximum: None, memory64: false, shared: false, page_size_log2: None });
    let mut globals = GlobalSection::new();
    globals.global(GlobalType { val_type: ValType::I32, mutable: true, shared: false }, &ConstExpr::i32_const(1 << 20));
    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    exports.export("cabi_realloc", ExportKind::Func, 3);
    exports.export("entry", ExportKind::Func, 4);
    let mut code = CodeSection::new();
    let mut realloc = Function::new([]);
    realloc.instruction(&Instruction::I32Const(1 << 16)).instruction(&Instruction::End);
    code.function(&realloc);
    for i in 0..n {
        let mut f = Function::new([(2, ValType::I32)]);
        for k in 0..60 {
            f.instruction(&Instruction::LocalGet(0));
            f.instruction(&Instruction::I32Const(k * 7 + i as i32));
            f.instruction(&Instruction::I32Add);
            f.instruction(&Instruction::LocalTee(1));
            f.instruction(&Instruction::I32Const(3));
            f.instruction(&Instruction::I32Mul);
            f.instruction(&Instruction::LocalSet(2));
        }
        if i % 16 == 0 {
            call(&mut f, 0, padded);
            f.instruction(&Instruction::LocalGet(1));
            f.instruction(&Instruction::LocalGet(2)).instruction(&Instruction::I32Const(64));
            call(&mut f, 1, padded);
        }
        f.instruction(&Instruction::LocalGet(2));
        call(&mut f, 4 + (i + 1) % n, padded);
        f.instruction(&Instruction::End);
        code.function(&f);
    }
    let mut m = Module::new();
    m.section(&types).section(&imports).section(&funcs).section(&memory).section(&globals);
    m.section(&exports).section(&code);
    m.finish()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// A run's wall time, CPU time (user and system) and peak memory (bytes).
struct Run {
    wall: Duration,
    cpu: Duration,
    peak: u64,
}

/// Runs `program args…` to its end, measured by a small process of our own
/// (see `measured_child`).
fn measure(program: &Path, args: &[&std::ffi::OsStr]) -> Run {
    let out = Command::new(std::env::current_exe().unwrap()).arg("--measure").arg(program).args(args).output().unwrap();
    assert!(out.status.success(), "measuring {program:?}: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut it = text.split_whitespace().map(|n| n.parse::<u64>().unwrap());
    let (wall, cpu, peak) = (it.next().unwrap(), it.next().unwrap(), it.next().unwrap());
    Run { wall: Duration::from_nanos(wall), cpu: Duration::from_nanos(cpu), peak }
}

/// `wasm-tools validate`, installed into target/tools on first use.
fn wasm_tools() -> PathBuf {
    let root = root().join("target/tools");
    let bin = root.join("bin/wasm-tools");
    if !bin.exists() {
        eprintln!("installing wasm-tools into {} (once)", root.display());
        let status = Command::new(env!("CARGO"))
            .args(["install", "--quiet", "--locked", "wasm-tools", "--version", "1.263.0", "--root"])
            .arg(&root)
            .status()
            .unwrap();
        assert!(status.success(), "cargo install wasm-tools");
    }
    bin
}

fn adapt_time() {
    let tools = wasm_tools();
    let dir = root().join("target");
    let mut inputs: Vec<(String, PathBuf)> = Vec::new();
    for (name, padded) in [("generated, wasm-ld layout", true), ("generated, short indices (fallback)", false)] {
        let wasm = large_module(24_000, padded);
        let path = dir.join(if padded { "bench-large.wasm" } else { "bench-large-short.wasm" });
        std::fs::write(&path, &wasm).unwrap();
        inputs.push((name.to_string(), path));
    }
    let ripgrep = std::env::var_os("WB_BENCH_INPUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.join("programs/ripgrep/bin/rg.wasm"));
    if ripgrep.exists() {
        inputs.push((format!("{} (with DWARF)", ripgrep.file_name().unwrap().to_string_lossy()), ripgrep));
    } else {
        eprintln!("(no ripgrep module: run scripts/programs.sh, or set WB_BENCH_INPUT)");
    }
    let out = dir.join("bench-adapted.wasm");
    println!("adapt (the command) against `wasm-tools validate`, alternating, median of 7; wall time, and CPU time (user + system)");
    println!(
        "which a busy machine disturbs less; to a file, the kernel's writing (and write-back throttling) counts too:"
    );
    let cli = Path::new(env!("CARGO_BIN_EXE_wasi-backport"));
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    for (name, input) in inputs {
        let size = std::fs::metadata(&input).unwrap().len();
        let mut runs: [Vec<Run>; 3] = Default::default();
        for _ in 0..7 {
            runs[0].push(measure(&tools, &["validate".as_ref(), input.as_os_str()]));
            runs[1].push(measure(cli, &["adapt".as_ref(), input.as_os_str(), "-o".as_ref(), "/dev/null".as_ref()]));
            runs[2].push(measure(cli, &["adapt".as_ref(), input.as_os_str(), "-o".as_ref(), out.as_os_str()]));
        }
        let wall = |i: usize| median(runs[i].iter().map(|r| r.wall).collect());
        let cpu = |i: usize| median(runs[i].iter().map(|r| r.cpu).collect());
        let peak = |i: usize| runs[i].iter().map(|r| r.peak).max().unwrap();
        println!("  {name}, {:.1} MB:", size as f64 / 1e6);
        println!(
            "    wasm-tools validate      {:6.0} ms wall {:6.0} ms CPU; peak memory {:.1} MB",
            ms(wall(0)),
            ms(cpu(0)),
            peak(0) as f64 / 1e6
        );
        for (i, what) in [(1, "adapt -o /dev/null"), (2, "adapt -o FILE")] {
            println!(
                "    {what:<24} {:6.0} ms wall {:6.0} ms CPU; ratio {:.2} wall, {:.2} CPU; peak memory {:.1} MB = {:.2}x the input",
                ms(wall(i)),
                ms(cpu(i)),
                ms(wall(i)) / ms(wall(0)),
                ms(cpu(i)) / ms(cpu(0)),
                peak(i) as f64 / 1e6,
                peak(i) as f64 / size as f64
            );
        }
    }
}
