//! The invariants the adapter artefact must keep, checked on its bytes: it is
//! merged into programs that do not expect it, so it may not bring data,
//! tables, a start function or fixed addresses, and it may import only
//! preview1 and the handful of items it shares with the program.
use wasmparser::{Operator, Parser, Payload, TypeRef, ValType, Validator};

use super::{
    HOST_POLLABLE, MAIN_MODULE, MEMORY_IMPORT, REALLOC_IMPORT, RUN_IMPORT, SOCKETS_ONLY_PREFIX, STACK_POINTER_IMPORT,
    START, WAITS_ONLY_PREFIX,
};
use crate::check::preview1;
use crate::wasi::{Catalog, CoreSig, PREVIEW1};

/// Every broken invariant, one line each; empty when the artefact is sound.
pub fn verify(bytes: &[u8]) -> Vec<String> {
    let mut problems = Vec::new();
    if let Err(e) = Validator::new().validate_all(bytes) {
        return vec![format!("not valid wasm: {e}")];
    }
    let mut types = Vec::new();
    let mut func_types = Vec::new();
    let mut func_imports = 0;
    let (mut host_pollable, mut waits_only, mut called) = (None, false, std::collections::BTreeSet::new());
    for payload in Parser::new(0).parse_all(bytes) {
        let Ok(payload) = payload else { return vec!["unparseable".into()] };
        match payload {
            Payload::TypeSection(s) => types.extend(s.into_iter_err_on_gc_types().flatten()),
            Payload::ImportSection(s) => {
                for i in s.into_imports().flatten() {
                    if let TypeRef::Func(_) = i.ty {
                        func_imports += 1;
                    }
                    let what = format!("import `{}` `{}`", i.module, i.name);
                    match (i.module, i.ty) {
                        (PREVIEW1, TypeRef::Func(t)) => {
                            let sig = sig_of(&types[t as usize]);
                            // A runtime extension's functions (WAMR's sockets) are
                            // kept only for runtimes that have them (`classify`).
                            let known = preview1::signature(i.name)
                                .or_else(|| crate::check::extension::find(i.name).map(|(_, sig)| sig));
                            if known != Some(sig.clone()) {
                                problems
                                    .push(format!("{what}: not a preview1 or extension function of signature {sig}"));
                            }
                        }
                        (MAIN_MODULE, TypeRef::Func(t)) => {
                            let sig = sig_of(&types[t as usize]);
                            use ValType::I32;
                            let want = match i.name {
                                REALLOC_IMPORT => CoreSig::new(&[I32, I32, I32, I32], &[I32]),
                                RUN_IMPORT => CoreSig::new(&[], &[I32]),
                                _ => {
                                    problems.push(format!("{what}: not something the program provides"));
                                    continue;
                                }
                            };
                            if sig != want {
                                problems.push(format!("{what}: signature {sig}, expected {want}"));
                            }
                        }
                        (MAIN_MODULE, TypeRef::Memory(m)) if i.name == MEMORY_IMPORT && !m.memory64 => {}
                        (MAIN_MODULE, TypeRef::Global(g))
                            if i.name == STACK_POINTER_IMPORT && g.mutable && g.content_type == ValType::I32 => {}
                        _ => problems.push(format!("{what}: not allowed")),
                    }
                }
            }
            Payload::FunctionSection(s) => func_types.extend(s.into_iter().flatten()),
            Payload::TableSection(_) => problems.push("has a table section".into()),
            Payload::MemorySection(_) => problems.push("defines a memory of its own".into()),
            Payload::DataSection(_) | Payload::DataCountSection { .. } => problems.push("has data".into()),
            Payload::ElementSection(_) => problems.push("has an element section".into()),
            Payload::StartSection { .. } => problems.push("has a start function".into()),
            Payload::GlobalSection(s) => {
                let globals: Vec<_> = s.into_iter().flatten().collect();
                let ok = globals.len() == 1 && globals[0].ty.mutable && globals[0].ty.content_type == ValType::I32;
                if !ok {
                    problems.push(format!(
                        "defines {} globals; only the state pointer (mut i32) is allowed",
                        globals.len()
                    ));
                }
            }
            Payload::ExportSection(s) => {
                let catalog = Catalog::get();
                for e in s.into_iter().flatten() {
                    if e.kind != wasmparser::ExternalKind::Func {
                        problems.push(format!("export `{}` is not a function", e.name));
                        continue;
                    }
                    if e.name == HOST_POLLABLE {
                        host_pollable = Some(e.index);
                    }
                    if [START, HOST_POLLABLE].contains(&e.name)
                        || e.name.starts_with(SOCKETS_ONLY_PREFIX)
                        || e.name.starts_with(WAITS_ONLY_PREFIX)
                    {
                        waits_only |= e.name.starts_with(WAITS_ONLY_PREFIX);
                        continue;
                    }
                    let known = e.name.split_once('#').and_then(|(i, f)| catalog.function(i, f));
                    match known {
                        None => problems.push(format!("export `{}` is not a WASI 0.2 function", e.name)),
                        Some(f) => {
                            // Exports are defined functions; imports come first.
                            let ty = e
                                .index
                                .checked_sub(func_imports)
                                .and_then(|i| func_types.get(i as usize))
                                .map(|&t| sig_of(&types[t as usize]));
                            if ty.as_ref() != Some(&f.sig) {
                                problems.push(format!(
                                    "export `{}` has signature {}, WASI says {}",
                                    e.name,
                                    ty.map(|t| t.to_string()).unwrap_or_default(),
                                    f.sig
                                ));
                            }
                        }
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let Ok(mut ops) = body.get_operators_reader() else { continue };
                while let Ok(op) = ops.read() {
                    if let Operator::Call { function_index } | Operator::ReturnCall { function_index } = op {
                        called.insert(function_index);
                    }
                }
            }
            _ => {}
        }
    }
    // The merge leaves out the code behind `waits-only` exports unless the
    // function that makes waiting pollables is reached; a copy of it the
    // compiler made, or inlined, would make them unseen.
    match host_pollable {
        Some(f) if !called.contains(&f) => {
            problems.push(format!("export `{HOST_POLLABLE}` is called from nowhere: the adapter's code bypasses it"))
        }
        None if waits_only => problems.push(format!("`{WAITS_ONLY_PREFIX}*` exports without `{HOST_POLLABLE}`")),
        _ => {}
    }
    problems
}

pub fn sig_of(f: &wasmparser::FuncType) -> CoreSig {
    CoreSig::new(f.params(), f.results())
}
