//! Joining the adapter to the program: one function index space with the
//! adapted imports replaced by adapter functions, only the adapter functions
//! the program reaches, and every other section, feature and custom section
//! of the program kept. The program's code stays where it was, byte for
//! byte but for patched function indices (see [`code`]), so its DWARF holds.
use std::collections::BTreeMap;

use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{
    EntityType, ExportKind, ExportSection, FunctionSection, GlobalSection, ImportSection, Section, TypeSection,
};
use wasmparser::TypeRef;

use crate::adapter::{self, Adapter};
use crate::classify::{Class, Classified};
use crate::error::{Error, Refusal, Result};
use crate::read::{Module, Slot};
use crate::wasi::{CoreSig, PREVIEW1};
use crate::write::{Output, Part};
use crate::Options;

mod code;
pub mod layout;
mod names;
mod remap;
mod synth;
mod through;
mod validate;

use code::Placement;
use layout::Layout;
use remap::Remap;

/// The adapted module and what the user should know about it.
pub struct Merged<'a> {
    pub output: Output<'a>,
    pub warnings: Vec<String>,
    /// The output's imports: (module, name, core signature of a function).
    pub imports: Vec<(String, String, Option<CoreSig>)>,
}

pub fn merge<'a>(m: &Module<'a>, a: &Adapter<'_>, classes: &[Classified], opts: &Options) -> Result<Merged<'a>> {
    refuse(m, classes, opts)?;
    let mut warnings = Vec::new();
    let layout = layout::plan(m, a, classes, opts, &mut warnings)?;
    let (output, revalidate) = emit(m, a, classes, &layout, &mut warnings)?;
    validate::output(&output, m.bodies.len(), revalidate)?;
    let imports = imports_of(m, a, classes, &layout);
    Ok(Merged { output, warnings, imports })
}

/// The program's function imports with their classes: (position among all
/// imports, function index, import, class, type index).
pub(crate) fn func_imports<'m>(
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

fn keeps(imp: &crate::read::Import<'_>, c: &Classified) -> bool {
    !matches!(imp.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) || matches!(c.class, Class::Preview1 | Class::Allowed)
}

/// The output's import list, from the layout: what the gate checks.
fn imports_of(
    m: &Module<'_>,
    a: &Adapter<'_>,
    classes: &[Classified],
    layout: &Layout,
) -> Vec<(String, String, Option<CoreSig>)> {
    let mut out: Vec<_> = m
        .imports
        .iter()
        .zip(classes)
        .filter(|(imp, c)| keeps(imp, c))
        .map(|(imp, _)| (imp.module.to_string(), imp.name.to_string(), imp.signature(m).1))
        .collect();
    for (name, ty) in &layout.new_imports {
        let t = &a.types[*ty as usize];
        out.push((PREVIEW1.to_string(), name.clone(), Some(CoreSig::new(t.params(), t.results()))));
    }
    out
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
            Class::Unsupported { reason, .. } if opts.unsupported == crate::Unsupported::Fail => {
                Some(format!("{reason} (choose --unsupported=trap or --unsupported=error-result to adapt it anyway)"))
            }
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
    for (callee, callers) in names::callers(m, &callers_of.keys().copied().collect()) {
        refusals[callers_of[&callee]].callers = callers;
    }
    Err(Error::Refused(refusals))
}

/// Appends `s` with its id and size.
fn section(out: &mut Output<'_>, s: &impl Section) {
    let mut v = vec![s.id()];
    s.encode(&mut v);
    out.push_owned(&v);
}

/// Whether `func`'s replacement has a type the validator treats as the
/// import's own, so that the program's unchanged code needs no second look.
fn same_types(m: &Module<'_>, a: &Adapter<'_>, classes: &[Classified], layout: &Layout) -> bool {
    func_imports(m, classes).all(|(_, func, _, c, ty)| match &c.class {
        // A plain function type is one canonical type whatever its index;
        // the replacement has the same signature (classify checked it).
        // An import of another type gets a replacement of that very type
        // (see `Layout::body_types`).
        Class::Adapted { export } => {
            let f = a.exports[export.as_str()];
            let out_ty = layout.adapter_type(a, f);
            out_ty == ty || (m.type_list[ty as usize].plain && !layout.body_types.contains_key(&f))
        }
        _ => !layout.replaces(m, func as u32) || m.type_list[ty as usize].plain,
    })
}

/// Writes the output's sections, returning it and whether the program's
/// bodies must be validated again.
fn emit<'a>(
    m: &Module<'a>,
    a: &Adapter<'_>,
    classes: &[Classified],
    layout: &Layout,
    warnings: &mut Vec<String>,
) -> Result<(Output<'a>, bool)> {
    let bad = |e: wasm_encoder::reencode::Error<String>| Error::Internal(format!("re-encoding: {e}"));
    let bad_rt =
        |e: wasm_encoder::reencode::Error<std::convert::Infallible>| Error::Internal(format!("re-encoding: {e}"));
    let mut program = Remap::program(&layout.program);
    let mut adapt = Remap::adapter(&layout.adapter, &layout.types, &layout.globals);

    // The code first: whether its debug info still holds decides which
    // custom sections go.
    let code = code::code(m, a, layout)?;
    let moved = match &code.placement {
        Placement::InPlace => None,
        Placement::Moved { why } | Placement::Reencoded { why } => Some(why.clone()),
    };
    let dwarf_kept = moved.is_none();
    let revalidate =
        !matches!(code.placement, Placement::InPlace | Placement::Moved { .. }) || !same_types(m, a, classes, layout);

    let mut out = Output::default();
    out.push_owned(&m.bytes[..8]);
    let mut dropped_dwarf = Vec::new();
    let mut customs_after = |out: &mut Output<'a>, slot: Slot| -> Result<()> {
        for (_, c) in m.customs.iter().filter(|(s, _)| *s == slot) {
            match c.name() {
                n if n.starts_with("component-type") => {}
                n if n.starts_with(".debug_") && !dwarf_kept => dropped_dwarf.push(n.to_string()),
                "name" => section(out, &names::remap(m, a, c.data(), layout)?),
                _ => {
                    let contents = &m.bytes[c.range().start as usize..c.range().end as usize];
                    let mut head = vec![0u8];
                    wasm_encoder::Encode::encode(&(contents.len() as u32), &mut head);
                    out.push(Part::Section { head, contents });
                }
            }
        }
        Ok(())
    };
    customs_after(&mut out, Slot::Start0)?;

    // Types: the program's, exactly, then the adapter's new ones.
    let mut types = TypeSection::new();
    if let Some(s) = m.types.clone() {
        RoundtripReencoder.parse_type_section(&mut types, s).map_err(bad_rt)?;
    }
    for &i in &layout.added_types {
        let f = &a.types[i as usize];
        let conv = |v: &[wasmparser::ValType]| {
            v.iter().map(|t| RoundtripReencoder.val_type(*t)).collect::<Result<Vec<_>, _>>()
        };
        types.ty().function(conv(f.params()).map_err(bad_rt)?, conv(f.results()).map_err(bad_rt)?);
    }
    if !types.is_empty() {
        section(&mut out, &types);
    }
    customs_after(&mut out, Slot::Type)?;

    // Imports.
    let mut imports = ImportSection::new();
    for (imp, c) in m.imports.iter().zip(classes) {
        if keeps(imp, c) {
            let ty = program.entity_type(imp.ty).map_err(bad)?;
            imports.import(imp.module, imp.name, ty);
        }
    }
    for (name, ty) in &layout.new_imports {
        imports.import(PREVIEW1, name, EntityType::Function(layout.types[*ty as usize]));
    }
    if !imports.is_empty() {
        section(&mut out, &imports);
    }
    customs_after(&mut out, Slot::Import)?;

    // Function types of the defined functions.
    let mut functions = FunctionSection::new();
    for &t in &m.func_types[m.func_imports as usize..] {
        functions.function(t);
    }
    for &f in &layout.adapter_bodies {
        functions.function(layout.adapter_type(a, f));
    }
    for stub in &layout.stubs {
        functions.function(stub.ty());
    }
    if !functions.is_empty() {
        section(&mut out, &functions);
    }
    customs_after(&mut out, Slot::Function)?;

    if let Some(s) = m.tables.clone() {
        let mut t = wasm_encoder::TableSection::new();
        program.parse_table_section(&mut t, s).map_err(bad)?;
        section(&mut out, &t);
    }
    customs_after(&mut out, Slot::Table)?;
    if let Some(s) = m.memories.clone() {
        let mut t = wasm_encoder::MemorySection::new();
        program.parse_memory_section(&mut t, s).map_err(bad)?;
        section(&mut out, &t);
    }
    customs_after(&mut out, Slot::Memory)?;
    if let Some(s) = m.tags.clone() {
        let mut t = wasm_encoder::TagSection::new();
        program.parse_tag_section(&mut t, s).map_err(bad)?;
        section(&mut out, &t);
    }
    customs_after(&mut out, Slot::Tag)?;

    let mut globals = GlobalSection::new();
    if let Some(s) = m.globals.clone() {
        program.parse_global_section(&mut globals, s).map_err(bad)?;
    }
    if layout.has_adapter_code() {
        for g in &a.globals {
            adapt.parse_global(&mut globals, g.clone()).map_err(bad)?;
        }
    }
    if !globals.is_empty() {
        section(&mut out, &globals);
    }
    customs_after(&mut out, Slot::Global)?;

    let mut exports = ExportSection::new();
    if let Some(s) = m.export_section.clone() {
        program.parse_export_section(&mut exports, s).map_err(bad)?;
    }
    if let Some(start) = layout.start {
        exports.export(adapter::START, ExportKind::Func, start);
    }
    if !exports.is_empty() {
        section(&mut out, &exports);
    }
    customs_after(&mut out, Slot::Export)?;

    if let Some(f) = m.start {
        section(&mut out, &wasm_encoder::StartSection { function_index: layout.program[f as usize] });
    }
    customs_after(&mut out, Slot::Start)?;
    if let Some(s) = m.elements.clone() {
        let mut t = wasm_encoder::ElementSection::new();
        program.parse_element_section(&mut t, s).map_err(bad)?;
        section(&mut out, &t);
    }
    customs_after(&mut out, Slot::Element)?;
    if let Some(count) = m.data_count {
        section(&mut out, &wasm_encoder::DataCountSection { count });
    }
    customs_after(&mut out, Slot::DataCount)?;

    let _ = &code.placement;
    for part in code.parts {
        out.push(part);
    }
    customs_after(&mut out, Slot::Code)?;
    if let Some(s) = m.data.clone() {
        let contents = &m.bytes[s.range().start as usize..s.range().end as usize];
        let mut head = vec![wasm_encoder::SectionId::Data as u8];
        wasm_encoder::Encode::encode(&(contents.len() as u32), &mut head);
        out.push(Part::Section { head, contents });
    }
    customs_after(&mut out, Slot::Data)?;

    if let (false, Some(why)) = (dropped_dwarf.is_empty(), moved) {
        warnings.push(format!(
            "removed DWARF ({}): the program's code could not stay in place ({why}), and stale debug info misleads debuggers",
            dropped_dwarf.join(", ")
        ));
    }
    Ok((out, revalidate))
}
