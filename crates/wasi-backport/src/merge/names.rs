//! The name section: kept through the merge with every index remapped, the
//! adapter's function names added; also name look-ups for messages.
use std::collections::{BTreeMap, BTreeSet};

use wasm_encoder::reencode::utils;
use wasm_encoder::{IndirectNameMap, NameMap, NameSection};
use wasmparser::{Name, NameSectionReader};

use super::layout::Layout;
use super::Remap;
use crate::adapter::Adapter;
use crate::error::{Error, Result};
use crate::read::Module;

fn section<'a>(m: &Module<'a>) -> Option<NameSectionReader<'a>> {
    m.customs
        .iter()
        .find(|(_, c)| c.name() == "name")
        .map(|(_, c)| NameSectionReader::new(wasmparser::BinaryReader::new(c.data(), c.data_offset())))
}

fn function_names<'a>(m: &Module<'a>) -> BTreeMap<u32, &'a str> {
    let mut out = BTreeMap::new();
    for sub in section(m).into_iter().flatten().flatten() {
        if let Name::Function(map) = sub {
            out.extend(map.into_iter().flatten().map(|n| (n.index, n.name)));
        }
    }
    out
}

/// The index of the global called `name` in the name section.
pub fn global_named(m: &Module<'_>, name: &str) -> Result<Option<u32>> {
    for sub in section(m).into_iter().flatten().flatten() {
        if let Name::Global(map) = sub {
            return Ok(map.into_iter().flatten().find(|n| n.name == name).map(|n| n.index));
        }
    }
    Ok(None)
}

/// The name the name section gives global `global`, if any.
pub fn global_name<'a>(m: &Module<'a>, global: u32) -> Option<&'a str> {
    for sub in section(m).into_iter().flatten().flatten() {
        if let Name::Global(map) = sub {
            return map.into_iter().flatten().find(|n| n.index == global).map(|n| n.name);
        }
    }
    None
}

/// For each function in `targets`, the functions that call it or take its
/// reference, by name where the module has one (from the function indices
/// noted when the code was validated).
pub fn callers(m: &Module<'_>, targets: &BTreeSet<u32>) -> BTreeMap<u32, Vec<String>> {
    let names = function_names(m);
    let mut seen = BTreeSet::new();
    let mut out: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for r in m.func_refs.iter().filter(|r| targets.contains(&r.func)) {
        let caller = m.func_at(r.at);
        if seen.insert((r.func, caller)) {
            let name = names.get(&caller).map_or_else(|| format!("func[{caller}]"), |n| n.to_string());
            out.entry(r.func).or_default().push(name);
        }
    }
    out
}

/// The program's name section for the output: program names remapped (the
/// replaced imports' names go, the adapter's functions bring theirs), global
/// names with the adapter's state global added.
pub fn remap(m: &Module<'_>, a: &Adapter<'_>, data: &[u8], layout: &Layout) -> Result<NameSection> {
    // Validation does not look inside custom sections: a broken name
    // section is bad input, and names of items the module does not have
    // are skipped.
    let bad = |e: String| Error::InvalidInput(format!("malformed name section: {e}"));
    let reader = NameSectionReader::new(wasmparser::BinaryReader::new(data, 0));
    let mut out = NameSection::new();
    let mut program = Remap::program(&layout.program);
    // The program's functions that the output keeps, and where.
    let kept = |f: u32| match layout.program.get(f as usize) {
        Some(&out) if !layout.replaces(m, f) => Some(out),
        _ => None,
    };
    for sub in reader {
        let sub = sub.map_err(|e| bad(e.to_string()))?;
        match sub {
            Name::Function(map) => {
                let mut all = Vec::new();
                for n in map {
                    let n = n.map_err(|e| bad(e.to_string()))?;
                    if let Some(out) = kept(n.index) {
                        all.push((out, n.name.to_string()));
                    }
                }
                for (i, (name, _)) in layout.new_import_range().zip(&layout.new_imports) {
                    all.push((i, format!("wasi_snapshot_preview1::{name}")));
                }
                for (i, &f) in layout.adapter_range().zip(&layout.adapter_bodies) {
                    all.push((i, a.func_names.get(&f).copied().unwrap_or("wasi-backport:adapter").to_string()));
                }
                for (i, stub) in layout.stub_range().zip(&layout.stubs) {
                    all.push((i, stub.name().to_string()));
                }
                out.functions(&name_map(all));
            }
            Name::Local(map) => out.locals(&indirect(map, kept).map_err(bad)?),
            Name::Label(map) => out.labels(&indirect(map, kept).map_err(bad)?),
            Name::Global(map) => {
                let globals = m.global_types.len() as u32;
                let mut all = Vec::new();
                for n in map {
                    let n = n.map_err(|e| bad(e.to_string()))?;
                    if n.index < globals {
                        all.push((n.index, n.name.to_string()));
                    }
                }
                if layout.has_adapter_code() {
                    for i in 0..a.globals.len() as u32 {
                        all.push((globals + i, "wasi-backport:state".to_string()));
                    }
                }
                out.globals(&name_map(all));
            }
            other => {
                utils::parse_custom_name_subsection(&mut program, &mut out, other).map_err(|e| bad(e.to_string()))?
            }
        }
    }
    Ok(out)
}

/// A name map in index order, one name per index (the first given).
fn name_map(mut all: Vec<(u32, String)>) -> NameMap {
    all.sort_by_key(|(i, _)| *i);
    all.dedup_by_key(|(i, _)| *i);
    let mut names = NameMap::new();
    for (i, n) in &all {
        names.append(*i, n);
    }
    names
}

/// Local and label names move with their function; the maps of functions
/// the output does not keep go.
fn indirect(
    map: wasmparser::IndirectNameMap<'_>,
    kept: impl Fn(u32) -> Option<u32>,
) -> Result<IndirectNameMap, String> {
    let mut out = Vec::new();
    for n in map {
        let n = n.map_err(|e| e.to_string())?;
        let Some(func) = kept(n.index) else { continue };
        let mut all = Vec::new();
        for inner in n.names {
            let inner = inner.map_err(|e| e.to_string())?;
            all.push((inner.index, inner.name.to_string()));
        }
        out.push((func, name_map(all)));
    }
    out.sort_by_key(|(i, _)| *i);
    out.dedup_by_key(|(i, _)| *i);
    let mut map = IndirectNameMap::new();
    for (i, names) in &out {
        map.append(*i, names);
    }
    Ok(map)
}
