//! Joining the adapter to the program: one function index space with the
//! adapted imports replaced by adapter functions, only the adapter functions
//! the program reaches, every index in the program's code remapped, and
//! every other section and feature of the program kept.
use std::collections::BTreeMap;

use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{
    CodeSection, CustomSection, EntityType, ExportKind, ExportSection, FunctionSection, GlobalSection,
    ImportSection, Module as Encoder, RawSection, SectionId, TypeSection,
};
use wasmparser::{ExternalKind, TypeRef, ValType};

use crate::adapter::{self, Adapter};
use crate::classify::{Class, Classified};
use crate::error::{Error, Refusal, Result};
use crate::read::{Module, Slot};
use crate::wasi::{CoreSig, PREVIEW1};
use crate::{Options, Unsupported};

mod names;
mod remap;
mod synth;

use remap::Remap;
use synth::Synth;

/// The adapted module and what the user should know about it.
pub struct Merged {
    pub wasm: Vec<u8>,
    pub warnings: Vec<String>,
}

/// Where every function of the output comes from, in output index order.
struct Plan {
    /// Output index of each of the program's functions (adapted imports map
    /// to the adapter function or stub that replaces them).
    main_funcs: Vec<u32>,
    /// Output index of each adapter function (u32::MAX where not kept).
    adapter_funcs: Vec<u32>,
    /// How many function imports the output has.
    num_imports: u32,
    /// Adapter imports appended to the program's imports: (name, type).
    new_imports: Vec<(String, u32)>,
    /// Adapter functions kept, in output order (adapter indices).
    adapter_bodies: Vec<u32>,
    /// Stubs for unsupported imports, in output order.
    stubs: Vec<Synth>,
    adapter_types: Vec<u32>,
    adapter_globals: Vec<u32>,
    /// The `_start` export to add (output index), for commands.
    start: Option<u32>,
}

pub fn merge(m: &Module<'_>, a: &Adapter<'_>, classes: &[Classified], opts: &Options) -> Result<Merged> {
    refuse(m, classes, opts)?;
    let mut warnings = Vec::new();
    let plan = plan(m, a, classes, opts, &mut warnings)?;
    let wasm = emit(m, a, classes, &plan, &mut warnings)?;
    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
        .validate_all(&wasm)
        .map_err(|e| Error::Internal(format!("the adapted module does not validate: {e}")))?;
    Ok(Merged { wasm, warnings })
}

/// The program's function imports with their classes: (position among all
/// imports, function index, import, class, type index).
fn func_imports<'m>(
    m: &'m Module<'_>,
    classes: &'m [Classified],
) -> impl Iterator<Item = (usize, usize, &'m crate::read::Import<'m>, &'m Classified, u32)> {
    m.imports
        .iter()
        .zip(classes)
        .enumerate()
        .filter_map(|(pos, (imp, c))| match imp.ty {
            TypeRef::Func(ty) | TypeRef::FuncExact(ty) => Some((pos, imp, c, ty)),
            _ => None,
        })
        .enumerate()
        .map(|(func, (pos, imp, c, ty))| (pos, func, imp, c, ty))
}

/// Fails with every import that cannot be handled, naming who calls it.
fn refuse(m: &Module<'_>, classes: &[Classified], opts: &Options) -> Result<()> {
    let mut refusals = Vec::new();
    let mut callers_of = BTreeMap::new();
    // Each import's function index, for the ones that are functions.
    let mut func_of = vec![None; classes.len()];
    for (pos, func, ..) in func_imports(m, classes) {
        func_of[pos] = Some(func as u32);
    }
    for (c, func) in classes.iter().zip(func_of) {
        let reason = match &c.class {
            Class::Refused { reason } => Some(reason.clone()),
            Class::Unsupported { reason, .. } if opts.unsupported == Unsupported::Fail => Some(format!(
                "{reason} (choose --unsupported=trap or --unsupported=error-result to adapt it anyway)"
            )),
            _ => None,
        };
        if let Some(reason) = reason {
            if let Some(func) = func {
                callers_of.insert(func, refusals.len());
            }
            refusals.push(Refusal {
                module: c.module.clone(),
                name: c.name.clone(),
                signature: c.signature.clone(),
                reason,
                callers: Vec::new(),
            });
        }
    }
    if refusals.is_empty() {
        return Ok(());
    }
    for (callee, callers) in names::callers(m, &callers_of.keys().copied().collect())? {
        refusals[callers_of[&callee]].callers = callers;
    }
    Err(Error::Refused(refusals))
}

fn is_run_export(name: &str) -> bool {
    name == "cm32p2|wasi:cli/run@0.2|run"
        || name
            .strip_prefix("wasi:cli/run@0.2.")
            .and_then(|rest| rest.strip_suffix("#run"))
            .is_some_and(|patch| !patch.is_empty())
}

fn plan(m: &Module<'_>, a: &Adapter<'_>, classes: &[Classified], opts: &Options, warnings: &mut Vec<String>) -> Result<Plan> {
    // The adapter functions the program needs.
    let run = m.exports.iter().find(|e| e.kind == ExternalKind::Func && is_run_export(e.name));
    let is_command = run.is_some() && m.export(adapter::START).is_none();
    let mut roots = Vec::new();
    for c in classes {
        if let Class::Adapted { export } = &c.class {
            roots.push(a.exports[export.as_str()]);
        }
    }
    if is_command {
        roots.push(a.exports[adapter::START]);
    }
    let reached = a.reachable(roots)?;

    // Imports: the program's kept ones, then the adapter's preview1 ones
    // that the program does not import already.
    let mut present = BTreeMap::new();
    let mut next = 0u32;
    let mut main_funcs = vec![u32::MAX; m.func_types.len()];
    for (_, func, imp, c, _) in func_imports(m, classes) {
        if matches!(c.class, Class::Preview1 | Class::Allowed) {
            main_funcs[func] = next;
            present.insert((imp.module, imp.name), next);
            next += 1;
        }
    }
    let mut adapter_funcs = vec![u32::MAX; a.num_imports() as usize + a.bodies.len()];
    let mut new_imports = Vec::new();
    let mut main_links = Vec::new();
    for &f in reached.iter().take_while(|&&f| f < a.num_imports()) {
        let imp = &a.func_imports[f as usize];
        if imp.module == PREVIEW1 {
            adapter_funcs[f as usize] = *present.entry((PREVIEW1, imp.name)).or_insert_with(|| {
                new_imports.push((imp.name.to_string(), imp.ty));
                next += 1;
                next - 1
            });
        } else {
            main_links.push(f);
        }
    }
    let num_imports = next;

    // The program's own functions, then the adapter's, then stubs.
    for (i, slot) in main_funcs.iter_mut().enumerate().skip(m.func_imports as usize) {
        *slot = num_imports + (i as u32 - m.func_imports);
    }
    let mut next = num_imports + m.bodies.len() as u32;
    let mut adapter_bodies = Vec::new();
    for &f in reached.iter().filter(|&&f| f >= a.num_imports()) {
        adapter_funcs[f as usize] = next;
        adapter_bodies.push(f);
        next += 1;
    }
    let mut stubs = Vec::new();
    for (_, func, _, c, ty) in func_imports(m, classes) {
        match &c.class {
            Class::Adapted { export } => main_funcs[func] = adapter_funcs[a.exports[export.as_str()] as usize],
            Class::Unsupported { function, .. } => {
                let stub = Synth::for_unsupported(function, ty, opts.unsupported);
                if opts.unsupported == Unsupported::ErrorResult && matches!(stub, Synth::Trap { .. }) {
                    warnings.push(format!(
                        "`{}` `{}` has no error result to return; it traps when called",
                        c.module, c.name
                    ));
                }
                main_funcs[func] = next;
                stubs.push(stub);
                next += 1;
            }
            _ => {}
        }
    }

    // What the adapter takes from the program.
    for f in main_links {
        let name = a.func_imports[f as usize].name;
        let export = match name {
            adapter::RUN_IMPORT => run.map(|e| e.index),
            adapter::REALLOC_IMPORT => m.export("cabi_realloc").or(m.export("cm32p2_realloc")).map(|e| e.index),
            _ => None,
        };
        let Some(index) = export else {
            return Err(Error::Incompatible(format!(
                "the module does not export `{name}`, which the adapter needs for the imports it replaces"
            )));
        };
        let want = a.func_type(f);
        let got = m.func_type(index);
        if want.params() != got.params() || want.results() != got.results() {
            return Err(Error::Incompatible(format!("the module's `{name}` export has the wrong signature")));
        }
        adapter_funcs[f as usize] = main_funcs[index as usize];
    }

    let adapter_types = types_for(m, a);
    let adapter_globals = globals_for(m, a, !reached.is_empty())?;
    if !reached.is_empty() {
        match m.memory_types.first() {
            None => return Err(Error::Incompatible("the module has no memory for the adapter to share".into())),
            Some(t) if t.memory64 => {
                return Err(Error::Incompatible(
                    "the module's memory is 64-bit (memory64); the adapter is built for 32-bit memory".into(),
                ))
            }
            _ => {}
        }
    }
    let start = is_command.then(|| adapter_funcs[a.exports[adapter::START] as usize]);
    Ok(Plan { main_funcs, adapter_funcs, num_imports, new_imports, adapter_bodies, stubs, adapter_types, adapter_globals, start })
}

/// Output type index of each adapter type: a plain function type the
/// program already has, or a new one after the program's types.
fn types_for(m: &Module<'_>, a: &Adapter<'_>) -> Vec<u32> {
    let mut existing = BTreeMap::new();
    for (i, (f, simple)) in m.type_list.iter().enumerate().rev() {
        if let (Some(f), true) = (f, simple) {
            existing.insert(CoreSig::new(f.params(), f.results()).to_string(), i as u32);
        }
    }
    let mut next = m.type_list.len() as u32;
    let mut added = BTreeMap::new();
    a.types
        .iter()
        .map(|t| {
            let key = CoreSig::new(t.params(), t.results()).to_string();
            *existing.get(&key).unwrap_or_else(|| {
                added.entry(key).or_insert_with(|| {
                    next += 1;
                    next - 1
                })
            })
        })
        .collect()
}

/// Output index of each adapter global: its imported stack pointer is the
/// program's; its own globals follow the program's.
fn globals_for(m: &Module<'_>, a: &Adapter<'_>, needed: bool) -> Result<Vec<u32>> {
    let sp = match names::global_named(m, "__stack_pointer")? {
        Some(g) => Some(g),
        // wasm-ld makes the stack pointer the first global when the name
        // section is stripped.
        None => m.globals.clone().and_then(|s| {
            let first = s.into_iter().next()?.ok()?;
            (first.ty.mutable && first.ty.content_type == ValType::I32).then_some(m.global_imports)
        }),
    };
    let total = m.global_imports + m.globals_defined;
    let mut out = Vec::new();
    for _ in 0..a.global_imports {
        match sp {
            Some(sp) => out.push(sp),
            None if !needed => out.push(u32::MAX),
            None => {
                return Err(Error::Incompatible(
                    "cannot find the module's stack pointer (`__stack_pointer`) for the adapter to share".into(),
                ))
            }
        }
    }
    out.extend((0..a.globals.len() as u32).map(|i| total + i));
    Ok(out)
}

fn emit(m: &Module<'_>, a: &Adapter<'_>, classes: &[Classified], plan: &Plan, warnings: &mut Vec<String>) -> Result<Vec<u8>> {
    let bad = |e: wasm_encoder::reencode::Error<std::convert::Infallible>| Error::Internal(e.to_string());
    let mut main = Remap::main(&plan.main_funcs);
    let mut adapt = Remap::adapter(&plan.adapter_funcs, &plan.adapter_types, &plan.adapter_globals);
    let mut out = Encoder::new();
    let mut dropped_dwarf = Vec::new();

    let customs_after = |out: &mut Encoder, slot: Slot, dropped: &mut Vec<String>| -> Result<()> {
        for (_, c) in m.customs.iter().filter(|(s, _)| *s == slot) {
            match c.name() {
                n if n.starts_with("component-type") => {}
                n if n.starts_with(".debug_") => dropped.push(n.to_string()),
                "name" => {
                    let names = names::remap(m, a, c.data(), plan)?;
                    out.section(&names);
                }
                _ => {
                    out.section(&CustomSection { name: c.name().into(), data: c.data().into() });
                }
            }
        }
        Ok(())
    };
    customs_after(&mut out, Slot::Start0, &mut dropped_dwarf)?;

    // Types: the program's, exactly, then the adapter's new ones.
    let mut types = TypeSection::new();
    if let Some(s) = m.types.clone() {
        RoundtripReencoder.parse_type_section(&mut types, s).map_err(bad)?;
    }
    let mut added: Vec<(u32, usize)> =
        plan.adapter_types.iter().enumerate().filter(|(_, &t)| t >= m.type_list.len() as u32).map(|(i, &t)| (t, i)).collect();
    added.sort();
    added.dedup_by_key(|(t, _)| *t);
    for (_, i) in added {
        let f = &a.types[i];
        let conv = |v: &[ValType]| v.iter().map(|t| RoundtripReencoder.val_type(*t).unwrap()).collect::<Vec<_>>();
        types.ty().function(conv(f.params()), conv(f.results()));
    }
    if !types.is_empty() {
        out.section(&types);
    }
    customs_after(&mut out, Slot::Type, &mut dropped_dwarf)?;

    // Imports.
    let mut imports = ImportSection::new();
    for (imp, c) in m.imports.iter().zip(classes) {
        let keep = !matches!(imp.ty, TypeRef::Func(_) | TypeRef::FuncExact(_))
            || matches!(c.class, Class::Preview1 | Class::Allowed);
        if keep {
            let ty = main.entity_type(imp.ty).map_err(bad)?;
            imports.import(imp.module, imp.name, ty);
        }
    }
    for (name, ty) in &plan.new_imports {
        imports.import(PREVIEW1, name, EntityType::Function(plan.adapter_types[*ty as usize]));
    }
    if !imports.is_empty() {
        out.section(&imports);
    }
    customs_after(&mut out, Slot::Import, &mut dropped_dwarf)?;

    // Function types of the defined functions.
    let mut functions = FunctionSection::new();
    for &t in &m.func_types[m.func_imports as usize..] {
        functions.function(t);
    }
    for &f in &plan.adapter_bodies {
        functions.function(plan.adapter_types[a.func_types[(f - a.num_imports()) as usize] as usize]);
    }
    for stub in &plan.stubs {
        functions.function(stub.ty());
    }
    if !functions.is_empty() {
        out.section(&functions);
    }
    customs_after(&mut out, Slot::Function, &mut dropped_dwarf)?;

    if let Some(s) = m.tables.clone() {
        let mut t = wasm_encoder::TableSection::new();
        main.parse_table_section(&mut t, s).map_err(bad)?;
        out.section(&t);
    }
    customs_after(&mut out, Slot::Table, &mut dropped_dwarf)?;
    if let Some(s) = m.memories.clone() {
        let mut t = wasm_encoder::MemorySection::new();
        main.parse_memory_section(&mut t, s).map_err(bad)?;
        out.section(&t);
    }
    customs_after(&mut out, Slot::Memory, &mut dropped_dwarf)?;
    if let Some(s) = m.tags.clone() {
        let mut t = wasm_encoder::TagSection::new();
        main.parse_tag_section(&mut t, s).map_err(bad)?;
        out.section(&t);
    }
    customs_after(&mut out, Slot::Tag, &mut dropped_dwarf)?;

    let mut globals = GlobalSection::new();
    if let Some(s) = m.globals.clone() {
        main.parse_global_section(&mut globals, s).map_err(bad)?;
    }
    if !plan.adapter_bodies.is_empty() {
        for g in &a.globals {
            adapt.parse_global(&mut globals, g.clone()).map_err(bad)?;
        }
    }
    if !globals.is_empty() {
        out.section(&globals);
    }
    customs_after(&mut out, Slot::Global, &mut dropped_dwarf)?;

    let mut exports = ExportSection::new();
    if let Some(s) = m.export_section.clone() {
        main.parse_export_section(&mut exports, s).map_err(bad)?;
    }
    if let Some(start) = plan.start {
        exports.export(adapter::START, ExportKind::Func, start);
    }
    if !exports.is_empty() {
        out.section(&exports);
    }
    customs_after(&mut out, Slot::Export, &mut dropped_dwarf)?;

    if let Some(f) = m.start {
        out.section(&wasm_encoder::StartSection { function_index: plan.main_funcs[f as usize] });
    }
    customs_after(&mut out, Slot::Start, &mut dropped_dwarf)?;
    if let Some(s) = m.elements.clone() {
        let mut t = wasm_encoder::ElementSection::new();
        main.parse_element_section(&mut t, s).map_err(bad)?;
        out.section(&t);
    }
    customs_after(&mut out, Slot::Element, &mut dropped_dwarf)?;
    if let Some(count) = m.data_count {
        out.section(&wasm_encoder::DataCountSection { count });
    }
    customs_after(&mut out, Slot::DataCount, &mut dropped_dwarf)?;

    let mut code = CodeSection::new();
    for body in &m.bodies {
        main.parse_function_body(&mut code, body.clone()).map_err(bad)?;
    }
    for &f in &plan.adapter_bodies {
        adapt.parse_function_body(&mut code, a.bodies[(f - a.num_imports()) as usize].clone()).map_err(bad)?;
    }
    for stub in &plan.stubs {
        code.function(&stub.body());
    }
    if !code.is_empty() {
        out.section(&code);
    }
    customs_after(&mut out, Slot::Code, &mut dropped_dwarf)?;
    if let Some(s) = m.data.clone() {
        out.section(&RawSection { id: SectionId::Data as u8, data: &m.bytes[s.range().start as usize..s.range().end as usize] });
    }
    customs_after(&mut out, Slot::Data, &mut dropped_dwarf)?;

    if !dropped_dwarf.is_empty() {
        warnings.push(format!(
            "removed DWARF ({}): moving the code invalidates its offsets, and stale debug info misleads debuggers",
            dropped_dwarf.join(", ")
        ));
    }
    Ok(out.finish())
}
