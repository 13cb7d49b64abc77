//! Rebuilds `crates/wasi-backport/adapter/wasi_backport_adapter.wasm` (the
//! artefact the library embeds, inside its crate so that it is packaged) from
//! the sources in `adapter/`:
//!
//!     cargo run -p adapter-build            # rebuild and write the artefact
//!     cargo run -p adapter-build -- --check # fail if the committed bytes differ
//!     cargo run -p adapter-build -- --features read-via-scratch --out FILE
//!                                           # a variant, for measurements
//!
//! The raw `cargo build` output is a standalone cdylib; finishing makes it a
//! module that joins a program: its memory and stack pointer become imports
//! from the program, the linker's leftovers (an empty table, data-end
//! globals, non-function exports) go, and the two state accessors get their
//! real bodies over a global of the adapter's own. The result is verified.
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, ensure, Context, Result};
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{
    CodeSection, ConstExpr, Encode, EntityType, ExportKind, ExportSection, Function, GlobalSection, GlobalType,
    ImportSection, Instruction, MemoryType, Module, RawSection, ValType,
};
use wasmparser::{ExternalKind, Operator, Parser, Payload, TypeRef};

const STATE_GET: &str = "wasi-backport:state-get";
const STATE_SET: &str = "wasi-backport:state-set";
const MAIN: &str = "__main_module__";
/// Where the artefact is committed, from the repository root: inside the
/// library crate, which embeds it.
const ARTEFACT: &str = "crates/wasi-backport/adapter/wasi_backport_adapter.wasm";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let features = value("--features");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize()?;
    let raw = build(&root.join("adapter"), features.as_deref())?;
    let table = std::fs::read_to_string(root.join("adapter/fidelity.tsv")).context("reading adapter/fidelity.tsv")?;
    let finished = finish(&raw, &table).context("finishing the adapter")?;
    wasi_backport::adapter::coverage::coverage(&finished).context("adapter/fidelity.tsv against the exports")?;
    let problems = wasi_backport::adapter::verify::verify(&finished);
    if !problems.is_empty() {
        bail!("the built adapter breaks its invariants:\n  {}", problems.join("\n  "));
    }
    if let Some(out) = value("--out") {
        std::fs::write(&out, &finished).with_context(|| format!("writing {out}"))?;
        println!("wrote {out} ({} bytes, features: {})", finished.len(), features.as_deref().unwrap_or("none"));
        return Ok(());
    }
    ensure!(features.is_none(), "--features builds a variant: give --out, the committed artefact is the default build");
    let target = root.join(ARTEFACT);
    if check {
        let committed = std::fs::read(&target).with_context(|| format!("reading {}", target.display()))?;
        ensure!(
            committed == finished,
            "{} is stale: the sources build {} bytes that differ from the committed {}; run `cargo run -p adapter-build`",
            target.display(),
            finished.len(),
            committed.len()
        );
        println!("{} matches its sources ({} bytes)", target.display(), finished.len());
    } else {
        std::fs::write(&target, &finished)?;
        println!("wrote {} ({} bytes)", target.display(), finished.len());
    }
    Ok(())
}

/// `cargo build` of the adapter with flags fixed here, not taken from the
/// environment, so that the bytes depend on the sources and toolchain only.
fn build(dir: &Path, features: Option<&str>) -> Result<Vec<u8>> {
    // A variant builds apart, so the default build's output is never stale.
    let target_dir: PathBuf = dir.join(match features {
        Some(f) => format!("target/variant-{f}"),
        None => "target".into(),
    });
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo.current_dir(dir).args(["build", "--release", "--target", "wasm32-unknown-unknown", "--quiet"]);
    if let Some(f) = features {
        cargo.args(["--features", f]);
    }
    let status = cargo
        .env("CARGO_TARGET_DIR", &target_dir)
        .env("CARGO_ENCODED_RUSTFLAGS", "")
        .env_remove("RUSTFLAGS")
        .status()
        .context("running cargo to build the adapter")?;
    ensure!(status.success(), "building the adapter failed");
    let out = target_dir.join("wasm32-unknown-unknown/release/wasi_backport_adapter.wasm");
    std::fs::read(&out).with_context(|| format!("reading {}", out.display()))
}

fn finish(raw: &[u8], fidelity: &str) -> Result<Vec<u8>> {
    // The accessor functions and the globals the code uses.
    let mut exports = Vec::new();
    let mut func_imports = 0;
    for p in Parser::new(0).parse_all(raw) {
        match p? {
            Payload::ImportSection(s) => {
                func_imports =
                    s.into_imports().filter(|i| matches!(i.as_ref().map(|i| i.ty), Ok(TypeRef::Func(_)))).count() as u32
            }
            Payload::ExportSection(s) => exports = s.into_iter().collect::<Result<Vec<_>, _>>()?,
            Payload::ElementSection(_) | Payload::DataSection(_) => bail!("the raw adapter has data or elements"),
            _ => {}
        }
    }
    let accessor =
        |name| exports.iter().find(|e| e.name == name && e.kind == ExternalKind::Func).map(|e| e.index).context(name);
    let (get, set) = (accessor(STATE_GET)?, accessor(STATE_SET)?);

    let mut out = Module::new();
    let mut code = CodeSection::new();
    let mut code_count = 0;
    for p in Parser::new(0).parse_all(raw) {
        match p? {
            Payload::TypeSection(s) => {
                let mut t = wasm_encoder::TypeSection::new();
                RoundtripReencoder.parse_type_section(&mut t, s)?;
                out.section(&t);
            }
            Payload::ImportSection(s) => {
                let mut imports = ImportSection::new();
                for i in s.into_imports() {
                    let i = i?;
                    ensure!(matches!(i.ty, TypeRef::Func(_)), "unexpected import {}::{}", i.module, i.name);
                    imports.import(i.module, i.name, RoundtripReencoder.entity_type(i.ty)?);
                }
                let memory =
                    MemoryType { minimum: 0, maximum: None, memory64: false, shared: false, page_size_log2: None };
                imports.import(MAIN, "memory", EntityType::Memory(memory));
                let sp = GlobalType { val_type: ValType::I32, mutable: true, shared: false };
                imports.import(MAIN, "__stack_pointer", EntityType::Global(sp));
                out.section(&imports);
            }
            Payload::FunctionSection(s) => {
                out.section(&RawSection { id: 3, data: &raw[range(s.range())] });
            }
            Payload::TableSection(s) => ensure!(s.count() == 1, "the adapter has tables"),
            Payload::MemorySection(_) => {}
            Payload::GlobalSection(s) => {
                // Global 0 is the stack pointer, now imported at index 0; the
                // rest are wasm-ld's unused markers. The state global follows.
                let first = s.into_iter().next().context("no globals")??;
                ensure!(first.ty.mutable, "global 0 is not the stack pointer");
                let mut globals = GlobalSection::new();
                let ty = GlobalType { val_type: ValType::I32, mutable: true, shared: false };
                globals.global(ty, &ConstExpr::i32_const(0));
                out.section(&globals);
            }
            Payload::ExportSection(s) => {
                let mut e = ExportSection::new();
                for x in s {
                    let x = x?;
                    if x.kind == ExternalKind::Func && x.name != STATE_GET && x.name != STATE_SET {
                        e.export(x.name, ExportKind::Func, x.index);
                    }
                }
                out.section(&e);
            }
            Payload::CodeSectionStart { count, .. } => code_count = count,
            Payload::CodeSectionEntry(body) => {
                let index = func_imports + code.len();
                // Calls of the accessors become the global access itself (the
                // same stack effect): `state()` is on every path, and an
                // interpreter such as WAMR's pays for each call frame.
                let bytes = &raw[range(body.range())];
                let start = body.range().start;
                let mut rewritten = Vec::with_capacity(bytes.len());
                let mut copied = 0;
                let mut ops = body.get_operators_reader()?;
                while !ops.eof() {
                    let (op, at) = ops.read_with_offset()?;
                    match op {
                        Operator::GlobalGet { global_index } | Operator::GlobalSet { global_index } => ensure!(
                            global_index == 0,
                            "function {index} uses global {global_index}, not the stack pointer"
                        ),
                        Operator::Call { function_index } if function_index == get || function_index == set => {
                            let end = (ops.original_position() - start) as usize;
                            rewritten.extend_from_slice(&bytes[copied..(at - start) as usize]);
                            let access = if function_index == get {
                                Instruction::GlobalGet(1)
                            } else {
                                Instruction::GlobalSet(1)
                            };
                            access.encode(&mut rewritten);
                            copied = end;
                        }
                        _ => {}
                    }
                }
                rewritten.extend_from_slice(&bytes[copied..]);
                if index == get {
                    let mut f = Function::new([]);
                    f.instruction(&Instruction::GlobalGet(1)).instruction(&Instruction::End);
                    code.function(&f);
                } else if index == set {
                    let mut f = Function::new([]);
                    f.instruction(&Instruction::LocalGet(0));
                    f.instruction(&Instruction::GlobalSet(1)).instruction(&Instruction::End);
                    code.function(&f);
                } else {
                    code.raw(&rewritten);
                }
                if code.len() == code_count {
                    out.section(&code);
                }
            }
            Payload::CustomSection(c) => {
                if let wasmparser::KnownCustom::Name(reader) = c.as_known() {
                    out.section(&function_names(reader)?);
                }
            }
            _ => {}
        }
    }
    // The fidelity table travels in the artefact, so `wasi-backport coverage`
    // describes the adapter it embeds; comments stay in the source file.
    let rows: String = fidelity.lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")).collect();
    out.section(&wasm_encoder::CustomSection {
        name: wasi_backport::adapter::coverage::SECTION.into(),
        data: rows.as_bytes().into(),
    });
    Ok(out.finish())
}

/// Function names only, demangled and without the symbol hashes, which
/// cargo derives from the package's path: the bytes must not depend on
/// where the repository is checked out.
fn function_names(reader: wasmparser::NameSectionReader<'_>) -> Result<wasm_encoder::NameSection> {
    let mut names = wasm_encoder::NameMap::new();
    for sub in reader {
        if let wasmparser::Name::Function(map) = sub? {
            for n in map {
                let n = n?;
                names.append(n.index, &demangle(n.name));
            }
        }
    }
    let mut section = wasm_encoder::NameSection::new();
    section.functions(&names);
    Ok(section)
}

/// `_ZN3foo3bar17h0123456789abcdefE` -> `foo::bar`; other names unchanged.
fn demangle(name: &str) -> String {
    let Some(mut rest) = name.strip_prefix("_ZN") else { return name.to_string() };
    let mut parts = Vec::new();
    while let Some(end) = rest.find(|c: char| !c.is_ascii_digit()).filter(|&e| e > 0) {
        let len: usize = rest[..end].parse().unwrap_or(0);
        let Some(part) = rest.get(end..end + len) else { return name.to_string() };
        parts.push(part);
        rest = &rest[end + len..];
    }
    if rest != "E" {
        return name.to_string();
    }
    if parts.last().is_some_and(|p| p.len() == 17 && p.starts_with('h')) {
        parts.pop();
    }
    parts.join("::")
}

fn range(r: std::ops::Range<u64>) -> std::ops::Range<usize> {
    r.start as usize..r.end as usize
}
