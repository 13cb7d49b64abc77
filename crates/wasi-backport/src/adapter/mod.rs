//! The built adapter (`crates/wasi-backport/adapter/wasi_backport_adapter.wasm`,
//! rebuilt from `adapter/` with `cargo run -p adapter-build`), embedded so
//! that `cargo install` users need no wasm target, and read into what the
//! merge needs.
use std::collections::BTreeMap;

use wasmparser::{FuncType, FunctionBody, Operator, Parser, Payload, TypeRef};

use crate::error::{Error, Result};

pub mod coverage;
pub mod verify;

/// The artefact's bytes.
pub const WASM: &[u8] = include_bytes!("../../adapter/wasi_backport_adapter.wasm");

/// The module the adapter imports the program's own items from.
pub const MAIN_MODULE: &str = "__main_module__";
/// Export names of the adapter functions standing in for the program's run.
pub const START: &str = "_start";
pub const RUN_IMPORT: &str = "wasi:cli/run#run";
pub const REALLOC_IMPORT: &str = "cabi_realloc";
pub const STACK_POINTER_IMPORT: &str = "__stack_pointer";
/// Exports of adapter functions only socket streams reach: for a program
/// that adapts no `wasi:sockets` function they get bodies returning zero,
/// so that what they call is left out (see the adapter's `send_buffer.rs`).
pub const SOCKETS_ONLY_PREFIX: &str = "wasi-backport:sockets-only:";
/// The adapter function every pollable that waits on the host is made by,
/// and the exports of the code that asks the host about such pollables: a
/// program from which the former is not reached gets bodies that trap for
/// the latter (see the adapter's `io.rs`).
pub const HOST_POLLABLE: &str = "wasi-backport:waits:pollable";
pub const WAITS_ONLY_PREFIX: &str = "wasi-backport:waits-only:";
pub const MEMORY_IMPORT: &str = "memory";

/// The export name under which the adapter implements a WASI function.
pub fn export_name(interface: &str, function: &str) -> String {
    format!("{interface}#{function}")
}

pub struct FuncImport<'a> {
    pub module: &'a str,
    pub name: &'a str,
    pub ty: u32,
}

/// The adapter, parsed.
pub struct Adapter<'a> {
    pub types: Vec<FuncType>,
    pub func_imports: Vec<FuncImport<'a>>,
    /// Type of every defined function.
    pub func_types: Vec<u32>,
    pub bodies: Vec<FunctionBody<'a>>,
    pub globals: Vec<wasmparser::Global<'a>>,
    pub global_imports: u32,
    pub exports: BTreeMap<&'a str, u32>,
    pub func_names: BTreeMap<u32, &'a str>,
}

impl<'a> Adapter<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<Adapter<'a>> {
        let bad = |m: String| Error::Internal(format!("embedded adapter: {m}"));
        let mut a = Adapter {
            types: Vec::new(),
            func_imports: Vec::new(),
            func_types: Vec::new(),
            bodies: Vec::new(),
            globals: Vec::new(),
            global_imports: 0,
            exports: BTreeMap::new(),
            func_names: BTreeMap::new(),
        };
        for payload in Parser::new(0).parse_all(bytes) {
            match payload.map_err(|e| bad(e.to_string()))? {
                Payload::TypeSection(s) => {
                    for t in s.into_iter_err_on_gc_types() {
                        a.types.push(t.map_err(|e| bad(e.to_string()))?);
                    }
                }
                Payload::ImportSection(s) => {
                    for i in s.into_imports() {
                        let i = i.map_err(|e| bad(e.to_string()))?;
                        match i.ty {
                            TypeRef::Func(ty) => a.func_imports.push(FuncImport { module: i.module, name: i.name, ty }),
                            TypeRef::Global(_) => a.global_imports += 1,
                            _ => {}
                        }
                    }
                }
                Payload::FunctionSection(s) => {
                    for t in s {
                        a.func_types.push(t.map_err(|e| bad(e.to_string()))?);
                    }
                }
                Payload::GlobalSection(s) => {
                    for g in s {
                        a.globals.push(g.map_err(|e| bad(e.to_string()))?);
                    }
                }
                Payload::ExportSection(s) => {
                    for e in s {
                        let e = e.map_err(|e| bad(e.to_string()))?;
                        a.exports.insert(e.name, e.index);
                    }
                }
                Payload::CodeSectionEntry(body) => a.bodies.push(body),
                Payload::CustomSection(c) => {
                    if let wasmparser::KnownCustom::Name(names) = c.as_known() {
                        for n in names {
                            if let Ok(wasmparser::Name::Function(map)) = n {
                                for naming in map.into_iter().flatten() {
                                    a.func_names.insert(naming.index, naming.name);
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(a)
    }

    pub fn num_imports(&self) -> u32 {
        self.func_imports.len() as u32
    }

    /// The type of function `func` (imports first).
    pub fn func_type(&self, func: u32) -> &FuncType {
        let n = self.num_imports();
        let ty = if func < n { self.func_imports[func as usize].ty } else { self.func_types[(func - n) as usize] };
        &self.types[ty as usize]
    }

    /// The functions exported with `prefix` (`SOCKETS_ONLY_PREFIX`,
    /// `WAITS_ONLY_PREFIX`).
    pub fn exported_with(&self, prefix: &str) -> Vec<u32> {
        self.exports.iter().filter(|(name, _)| name.starts_with(prefix)).map(|(_, &f)| f).collect()
    }

    /// Functions reachable from `roots`, in index order; what functions in
    /// `hollow` call does not count (their bodies will be replaced).
    pub fn reachable<V>(
        &self,
        roots: impl IntoIterator<Item = u32>,
        hollow: &std::collections::BTreeMap<u32, V>,
    ) -> Result<Vec<u32>> {
        let mut seen = vec![false; self.num_imports() as usize + self.bodies.len()];
        let mut work: Vec<u32> = roots.into_iter().collect();
        while let Some(f) = work.pop() {
            if std::mem::replace(&mut seen[f as usize], true) || hollow.contains_key(&f) {
                continue;
            }
            let Some(body) = f.checked_sub(self.num_imports()).map(|i| &self.bodies[i as usize]) else { continue };
            let mut ops = body.get_operators_reader().map_err(|e| Error::Internal(e.to_string()))?;
            while !ops.eof() {
                match ops.read().map_err(|e| Error::Internal(e.to_string()))? {
                    Operator::Call { function_index }
                    | Operator::ReturnCall { function_index }
                    | Operator::RefFunc { function_index } => work.push(function_index),
                    _ => {}
                }
            }
        }
        Ok((0..seen.len() as u32).filter(|&f| seen[f as usize]).collect())
    }
}
