//! `cargo bench -p wasi-backport-cli`: what the adapter adds to hello world,
//! and the time to adapt a large module next to the time to validate it
//! (what `wasm-tools validate` does), measured alternately in one run.
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use wasm_encoder::reencode::Reencode;
use wasm_encoder::{
    CodeSection, ConstExpr, EntityType, ExportKind, ExportSection, Function, FunctionSection, GlobalSection,
    GlobalType, ImportSection, Instruction, MemorySection, MemoryType, Module, TypeSection, ValType,
};
use wasmparser::{Parser, Validator, WasmFeatures};

fn main() {
    hello_size();
    adapt_time();
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
    // Re-encoding alone shrinks wasm-ld's padded LEBs; compare with the
    // input re-encoded the same way, so only the adapter's bytes remain.
    let mut same = Module::new();
    wasm_encoder::reencode::RoundtripReencoder.parse_core_module(&mut same, Parser::new(0), &input).unwrap();
    let same = same.finish();
    let (i, o) = (without_customs(&same), without_customs(&out));
    println!("hello world: input {} bytes; re-encoded without custom sections {i}", input.len());
    println!("             output {} bytes; without custom sections {o}", out.len());
    println!("             the adapter adds {} bytes (code, imports, types, its global)", o as i64 - i as i64);
}

/// A module of `n` functions of some size each, importing WASIp2 and
/// preview1 functions and calling them and one another.
fn large_module(n: u32) -> Vec<u8> {
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
            f.instruction(&Instruction::Call(0)).instruction(&Instruction::LocalGet(1));
            f.instruction(&Instruction::LocalGet(2)).instruction(&Instruction::I32Const(64));
            f.instruction(&Instruction::Call(1));
        }
        f.instruction(&Instruction::LocalGet(2));
        f.instruction(&Instruction::Call(4 + (i + 1) % n));
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

fn adapt_time() {
    let wasm = large_module(24_000);
    // Left for timing other tools on the same input (wasm-tools validate).
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-large.wasm");
    std::fs::write(&path, &wasm).unwrap();
    let (mut adapt, mut validate) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let t = Instant::now();
        Validator::new_with_features(WasmFeatures::all()).validate_all(&wasm).unwrap();
        validate.push(t.elapsed());
        let t = Instant::now();
        let out = wasi_backport::adapt(&wasm, &Default::default()).unwrap();
        adapt.push(t.elapsed());
        assert!(!out.wasm.is_empty());
    }
    let (a, v) = (median(adapt), median(validate));
    println!(
        "large module ({:.1} MB): adapt {:.0} ms, validate {:.0} ms (median of 5, alternating): ratio {:.2}",
        wasm.len() as f64 / 1e6,
        a.as_secs_f64() * 1e3,
        v.as_secs_f64() * 1e3,
        a.as_secs_f64() / v.as_secs_f64()
    );
}
