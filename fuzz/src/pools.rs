//! What generated modules may import and must export: every WASI 0.2
//! function of the library's own catalog with its core signature (under the
//! import names a toolchain writes: `wasi:…@0.2.x` and `cm32p2|…@0.2`), the
//! same with wrong signatures, preview1 functions right and wrong, names of
//! other modules and versions, and non-function imports; and the export
//! shapes of a WASIp2 program (memory, `cabi_realloc`, run, stack pointer)
//! with the ways each can be missing or wrong.
use wasi_backport::adapter::coverage::Fidelity;
use wasi_backport::check::preview1;
use wasi_backport::wasi::Catalog;
use wasm_encoder::{
    EntityType, GlobalType, ImportSection, MemoryType, Module, RefType, TableType, TypeSection, ValType,
};

use crate::rng::Rng;

#[derive(Clone, Debug)]
pub struct Import {
    pub module: String,
    pub name: String,
    pub ty: EntityType,
    /// For functions, the signature (`ty` then refers to the type index the
    /// builder assigns).
    pub sig: Option<(Vec<ValType>, Vec<ValType>)>,
}

/// The kinds of imports a generated module draws from.
#[derive(Default)]
pub struct Pools {
    /// WASI 0.2 functions the adapter implements, with their signatures.
    pub adapted: Vec<Import>,
    /// WASI 0.2 functions the adapter leaves to the unsupported policy.
    pub unsupported: Vec<Import>,
    /// WASI 0.2 functions with a signature that is not theirs.
    pub wrong: Vec<Import>,
    pub preview1: Vec<Import>,
    pub preview1_wrong: Vec<Import>,
    /// Other modules (some of which the option sets allow), other WASI
    /// versions, unknown interfaces and functions.
    pub unknown: Vec<Import>,
    /// Memories, tables and globals.
    pub non_func: Vec<Import>,
    /// Module descriptions for `wasm_smith::Config::exports`, with weights.
    pub exports: Vec<(&'static str, u32, Vec<u8>)>,
}

fn conv(v: &[wasmparser::ValType]) -> Vec<ValType> {
    v.iter()
        .map(|t| match t {
            wasmparser::ValType::I32 => ValType::I32,
            wasmparser::ValType::I64 => ValType::I64,
            wasmparser::ValType::F32 => ValType::F32,
            wasmparser::ValType::F64 => ValType::F64,
            wasmparser::ValType::V128 => ValType::V128,
            wasmparser::ValType::Ref(_) => ValType::Ref(RefType::FUNCREF),
        })
        .collect()
}

fn func(module: &str, name: &str, params: Vec<ValType>, results: Vec<ValType>) -> Import {
    Import { module: module.into(), name: name.into(), ty: EntityType::Function(0), sig: Some((params, results)) }
}

/// A signature near `params -> results` that is not it.
fn wrong_sig(rng: &mut Rng, params: &[ValType], results: &[ValType]) -> (Vec<ValType>, Vec<ValType>) {
    let (mut p, mut r) = (params.to_vec(), results.to_vec());
    loop {
        match rng.below(5) {
            0 => p.push(ValType::I32),
            1 if !p.is_empty() => {
                p.pop();
            }
            2 if !p.is_empty() => {
                let i = rng.below(p.len());
                p[i] = if p[i] == ValType::I32 { ValType::I64 } else { ValType::I32 };
            }
            3 => {
                if r.is_empty() {
                    r.push(ValType::I32)
                } else {
                    r.clear()
                }
            }
            _ => r.push(ValType::F64),
        }
        if p != params || r != results {
            return (p, r);
        }
    }
}

/// Module names under which a toolchain may import WASI 0.2 interface `i`,
/// and the field for `f` under that name.
fn wasi_names(i: &str, f: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = ["0.2.0", "0.2.3", "0.2.6", "0.2.12", "0.2.99", "0.2.0-rc-2023-12-05"]
        .iter()
        .map(|v| (format!("{i}@{v}"), f.to_string()))
        .collect();
    let cm32 = match f.strip_prefix("[resource-drop]") {
        Some(r) => format!("{r}_drop"),
        None => f.to_string(),
    };
    out.push((format!("cm32p2|{i}@0.2"), cm32));
    out
}

const EXPORTS: &[(&str, u32, &str)] = &[
    (
        "command",
        8,
        r#"(module (memory (export "memory") 1)
             (global (export "__stack_pointer") (mut i32) (i32.const 65536))
             (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
             (func (export "wasi:cli/run@0.2.0#run") (result i32) unreachable))"#,
    ),
    (
        "command-0.2.6",
        2,
        r#"(module (memory (export "memory") 2 100)
             (global (export "__stack_pointer") (mut i32) (i32.const 65536))
             (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
             (func (export "wasi:cli/run@0.2.6#run") (result i32) unreachable))"#,
    ),
    (
        "reactor",
        3,
        r#"(module (memory (export "memory") 1)
             (global (export "__stack_pointer") (mut i32) (i32.const 65536))
             (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
             (func (export "hello") (param i32) (result i32) unreachable))"#,
    ),
    (
        "cm32p2",
        2,
        r#"(module (memory (export "memory") 1)
             (global (export "__stack_pointer") (mut i32) (i32.const 65536))
             (func (export "cm32p2_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
             (func (export "cm32p2|wasi:cli/run@0.2|run") (result i32) unreachable))"#,
    ),
    (
        "has-_start",
        1,
        r#"(module (memory (export "memory") 1)
             (global (export "__stack_pointer") (mut i32) (i32.const 65536))
             (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
             (func (export "_start"))
             (func (export "wasi:cli/run@0.2.0#run") (result i32) unreachable))"#,
    ),
    (
        "no-realloc",
        1,
        r#"(module (memory (export "memory") 1)
             (global (export "__stack_pointer") (mut i32) (i32.const 65536))
             (func (export "wasi:cli/run@0.2.0#run") (result i32) unreachable))"#,
    ),
    (
        "realloc-wrong",
        1,
        r#"(module (memory (export "memory") 1)
             (global (export "__stack_pointer") (mut i32) (i32.const 65536))
             (func (export "cabi_realloc") (param i32 i32 i32) (result i32) unreachable)
             (func (export "wasi:cli/run@0.2.0#run") (result i32) unreachable))"#,
    ),
    (
        "run-wrong",
        1,
        r#"(module (memory (export "memory") 1)
             (global (export "__stack_pointer") (mut i32) (i32.const 65536))
             (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
             (func (export "wasi:cli/run@0.2.0#run") (param i32)))"#,
    ),
    (
        "memory64",
        1,
        r#"(module (memory (export "memory") i64 1)
             (global (export "__stack_pointer") (mut i32) (i32.const 65536))
             (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
             (func (export "wasi:cli/run@0.2.0#run") (result i32) unreachable))"#,
    ),
    (
        "shared-memory",
        1,
        r#"(module (memory (export "memory") 1 10 shared)
             (global (export "__stack_pointer") (mut i32) (i32.const 65536))
             (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
             (func (export "wasi:cli/run@0.2.0#run") (result i32) unreachable))"#,
    ),
    (
        "no-memory",
        1,
        r#"(module (global (export "__stack_pointer") (mut i32) (i32.const 65536))
             (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
             (func (export "wasi:cli/run@0.2.0#run") (result i32) unreachable))"#,
    ),
    (
        "no-stack-pointer",
        1,
        r#"(module (memory (export "memory") 1)
             (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
             (func (export "wasi:cli/run@0.2.0#run") (result i32) unreachable))"#,
    ),
    (
        "stack-pointer-i64",
        1,
        r#"(module (memory (export "memory") 1)
             (global (export "__stack_pointer") (mut i64) (i64.const 65536))
             (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
             (func (export "wasi:cli/run@0.2.0#run") (result i32) unreachable))"#,
    ),
    (
        "stack-pointer-immutable",
        1,
        r#"(module (memory (export "memory") 1)
             (global (export "__stack_pointer") i32 (i32.const 65536))
             (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
             (func (export "wasi:cli/run@0.2.0#run") (result i32) unreachable))"#,
    ),
    ("nothing", 1, "(module)"),
];

/// Module names the option sets allow, and what else unknown imports use.
pub const ALLOWED: &[&str] = &["env", "my \"env\" #1"];

impl Pools {
    pub fn new() -> Pools {
        let mut rng = Rng::new(0x5eed, 0);
        let mut p = Pools::default();
        let unsupported: std::collections::BTreeSet<(String, String)> = wasi_backport::coverage()
            .expect("coverage of the built-in adapter")
            .into_iter()
            .filter(|c| c.fidelity == Fidelity::Unsupported)
            .map(|c| (c.interface, c.function))
            .collect();
        for f in Catalog::get().functions() {
            let (params, results) = (conv(&f.sig.params), conv(&f.sig.results));
            let names = wasi_names(&f.interface, &f.name);
            let is_unsupported = unsupported.contains(&(f.interface.clone(), f.name.clone()));
            for (i, (module, name)) in names.iter().enumerate() {
                // Every function under its 0.2.0 name; the other spellings
                // for some of them, to keep the pools balanced.
                if i == 0 || rng.chance(15) {
                    let imp = func(module, name, params.clone(), results.clone());
                    if is_unsupported {
                        p.unsupported.push(imp);
                    } else {
                        p.adapted.push(imp);
                    }
                }
            }
            if rng.chance(30) {
                let (module, name) = rng.pick(&names).clone();
                let (wp, wr) = wrong_sig(&mut rng, &params, &results);
                p.wrong.push(func(&module, &name, wp, wr));
            }
        }
        for name in preview1::names() {
            let sig = preview1::signature(name).unwrap();
            let (params, results) = (conv(&sig.params), conv(&sig.results));
            p.preview1.push(func("wasi_snapshot_preview1", name, params.clone(), results.clone()));
            let (wp, wr) = wrong_sig(&mut rng, &params, &results);
            p.preview1_wrong.push(func("wasi_snapshot_preview1", name, wp, wr));
        }
        p.preview1_wrong.push(func("wasi_snapshot_preview1", "fd_bogus", vec![ValType::I32], vec![ValType::I32]));
        p.preview1_wrong.push(func("wasi_snapshot_preview1", "", vec![], vec![]));
        let i32_ = || vec![ValType::I32];
        for (module, name) in [
            ("env", "f"),
            ("env", "with space"),
            ("env", "quote\"d \\ and #hash"),
            ("env", "ctrl\u{1}\u{7f}"),
            ("env", "é ünïcode ☃"),
            ("my \"env\" #1", "g"),
            ("host", "h"),
            ("", ""),
            ("wasi:io/streams@0.3.0", "[method]output-stream.write"),
            ("wasi:io/streams", "[method]output-stream.write"),
            ("wasi:io/streams@0.2", "[method]output-stream.write"),
            ("wasi:io/streams@0.2.x", "[method]output-stream.write"),
            ("wasi:nope/nothing@0.2.0", "f"),
            ("wasi:io/streams@0.2.0", "no-such-function"),
            ("wasi:cli/stdout@0.2.0", "[resource-drop]stdout"),
            ("cm32p2|wasi:io/streams@0.2.0", "input-stream_drop"),
            ("cm32p2|env", "f"),
            ("wasi_snapshot_preview2", "fd_write"),
            ("wasi_unstable", "fd_write"),
            ("__main_module__", "cabi_realloc"),
        ] {
            p.unknown.push(func(module, name, i32_(), i32_()));
            p.unknown.push(func(module, name, vec![], vec![]));
        }
        let mem = |min, memory64, shared| {
            EntityType::Memory(MemoryType {
                minimum: min,
                maximum: if shared { Some(min + 1) } else { None },
                memory64,
                shared,
                page_size_log2: None,
            })
        };
        let glob = |t, mutable| EntityType::Global(GlobalType { val_type: t, mutable, shared: false });
        let table = EntityType::Table(TableType {
            element_type: RefType::FUNCREF,
            minimum: 1,
            maximum: None,
            table64: false,
            shared: false,
        });
        for (module, name, ty) in [
            ("env", "memory", mem(1, false, false)),
            ("env", "memory64", mem(1, true, false)),
            ("env", "shared", mem(1, false, true)),
            ("wasi_snapshot_preview1", "memory", mem(1, false, false)),
            ("wasi:cli/environment@0.2.0", "memory", mem(1, false, false)),
            ("env", "__stack_pointer", glob(ValType::I32, true)),
            ("env", "g64", glob(ValType::I64, false)),
            ("wasi_snapshot_preview1", "g", glob(ValType::I32, false)),
            ("env", "table", table),
            ("host", "table", table),
        ] {
            let imp = Import { module: module.into(), name: name.into(), ty, sig: None };
            if module_of(std::slice::from_ref(&imp)).is_some() {
                p.non_func.push(imp);
            }
        }
        for (name, weight, wat) in EXPORTS {
            let wasm = wat::parse_str(wat).expect("export shape parses");
            // wasm-smith validates it with the default features.
            if wasmparser::Validator::new().validate_all(&wasm).is_ok() {
                p.exports.push((name, *weight, wasm));
            }
        }
        p
    }

    /// The imports available to one generated module: a random selection
    /// from a random mix of the pools.
    pub fn pick(&self, rng: &mut Rng) -> Vec<Import> {
        let mut out = Vec::new();
        let mut take = |rng: &mut Rng, pool: &[Import], n: usize| {
            for _ in 0..n {
                if !pool.is_empty() {
                    out.push(rng.pick(pool).clone());
                }
            }
        };
        // Mostly imports that adapt, so that the merge and the checks of
        // its output run; the rest of the time a mix that is refused or
        // needs a policy or an allowed module.
        let mode = rng.below(10);
        let n = 1 + rng.below(24);
        take(rng, &self.adapted, n);
        if rng.chance(40) {
            let k = rng.below(6);
            take(rng, &self.preview1, k);
        }
        if mode >= 5 {
            let k = 1 + rng.below(3);
            take(rng, &self.unsupported, k);
        }
        if mode >= 7 {
            let k = 1 + rng.below(2);
            take(rng, &self.unknown, k);
            let k = rng.below(2);
            take(rng, &self.non_func, k);
        }
        if mode >= 9 {
            let k = rng.below(2);
            take(rng, &self.wrong, k);
            let k = rng.below(2);
            take(rng, &self.preview1_wrong, k);
        }
        out
    }

    /// An export shape for `wasm_smith::Config::exports`, by weight.
    pub fn pick_exports(&self, rng: &mut Rng) -> (&'static str, &[u8]) {
        let total: u32 = self.exports.iter().map(|e| e.1).sum();
        let mut at = rng.below(total as usize) as u32;
        for (name, w, wasm) in &self.exports {
            if at < *w {
                return (name, wasm);
            }
            at -= w;
        }
        unreachable!()
    }
}

/// A module that only imports `imports` (a module description for
/// `wasm_smith::Config::available_imports`), if the default validator takes it.
pub fn module_of(imports: &[Import]) -> Option<Vec<u8>> {
    let mut types = TypeSection::new();
    let mut section = ImportSection::new();
    let mut n = 0;
    for imp in imports {
        let ty = match (&imp.sig, imp.ty) {
            (Some((p, r)), _) => {
                types.ty().function(p.iter().copied(), r.iter().copied());
                n += 1;
                EntityType::Function(n - 1)
            }
            (None, ty) => ty,
        };
        section.import(&imp.module, &imp.name, ty);
    }
    let mut m = Module::new();
    m.section(&types);
    m.section(&section);
    let wasm = m.finish();
    wasmparser::Validator::new().validate_all(&wasm).is_ok().then_some(wasm)
}

impl Pools {
    /// Import names (module, field) of every pooled function with signature
    /// `params -> results`, right or wrong for that name.
    pub fn with_signature(&self, params: &[wasmparser::ValType], results: &[wasmparser::ValType]) -> Vec<(&str, &str)> {
        let (p, r) = (conv(params), conv(results));
        [&self.adapted, &self.unsupported, &self.preview1, &self.wrong, &self.preview1_wrong, &self.unknown]
            .into_iter()
            .flatten()
            .filter(|i| i.sig.as_ref().is_some_and(|(ip, ir)| *ip == p && *ir == r))
            .map(|i| (i.module.as_str(), i.name.as_str()))
            .collect()
    }
}
