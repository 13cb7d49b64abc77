//! The name section: kept through the merge with every index remapped, the
//! adapter's function names added; also name look-ups for messages.
use std::collections::{BTreeMap, BTreeSet};

use wasm_encoder::reencode::utils;
use wasm_encoder::{IndirectNameMap, NameMap, NameSection};
use wasmparser::{Name, NameSectionReader, Operator};

use super::{Plan, Remap};
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

/// For each function in `targets`, the functions that call it or take its
/// reference, by name where the module has one.
pub fn callers(m: &Module<'_>, targets: &BTreeSet<u32>) -> Result<BTreeMap<u32, Vec<String>>> {
    let names = function_names(m);
    let mut out: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for (i, body) in m.bodies.iter().enumerate() {
        let caller = m.func_imports + i as u32;
        let mut seen = BTreeSet::new();
        let mut ops = body.get_operators_reader().map_err(|e| Error::InvalidInput(e.to_string()))?;
        while !ops.eof() {
            let op = ops.read().map_err(|e| Error::InvalidInput(e.to_string()))?;
            if let Operator::Call { function_index } | Operator::ReturnCall { function_index } | Operator::RefFunc { function_index } = op {
                if targets.contains(&function_index) && seen.insert(function_index) {
                    let name = names.get(&caller).map_or_else(|| format!("func[{caller}]"), |n| n.to_string());
                    out.entry(function_index).or_default().push(name);
                }
            }
        }
    }
    Ok(out)
}

/// The program's name section for the output: program names remapped (the
/// replaced imports' names go, the adapter's functions bring theirs), global
/// names with the adapter's state global added.
pub fn remap(m: &Module<'_>, a: &Adapter<'_>, data: &[u8], plan: &Plan) -> Result<NameSection> {
    // Validation does not look inside custom sections: a broken name
    // section is bad input, and names of functions the module does not
    // have are skipped.
    let bad = |e: String| Error::InvalidInput(format!("malformed name section: {e}"));
    let exists = |f: u32| (f as usize) < plan.main_funcs.len();
    let reader = NameSectionReader::new(wasmparser::BinaryReader::new(data, 0));
    let mut out = NameSection::new();
    let mut main = Remap::main(&plan.main_funcs);
    for sub in reader {
        let sub = sub.map_err(|e| bad(e.to_string()))?;
        match sub {
            Name::Function(map) => {
                let mut all = Vec::new();
                for n in map {
                    let n = n.map_err(|e| bad(e.to_string()))?;
                    if !exists(n.index) {
                        continue;
                    }
                    let is_replaced_import = n.index < m.func_imports && plan.main_funcs[n.index as usize] >= plan.num_imports;
                    if !is_replaced_import {
                        all.push((plan.main_funcs[n.index as usize], n.name.to_string()));
                    }
                }
                for (f, &out_index) in plan.adapter_funcs.iter().enumerate() {
                    let new_import = out_index != u32::MAX
                        && (f as u32) < a.num_imports()
                        && out_index >= plan.num_imports - plan.new_imports.len() as u32;
                    let defined = out_index != u32::MAX && (f as u32) >= a.num_imports();
                    if new_import {
                        all.push((out_index, format!("wasi_snapshot_preview1::{}", a.func_imports[f].name)));
                    } else if defined {
                        let name = a.func_names.get(&(f as u32)).copied().unwrap_or("wasi-backport:adapter");
                        all.push((out_index, name.to_string()));
                    }
                }
                let first_stub = plan.num_imports + m.bodies.len() as u32 + plan.adapter_bodies.len() as u32;
                for (i, stub) in plan.stubs.iter().enumerate() {
                    all.push((first_stub + i as u32, stub.name().to_string()));
                }
                all.sort();
                all.dedup_by_key(|(i, _)| *i);
                let mut names = NameMap::new();
                for (i, n) in &all {
                    names.append(*i, n);
                }
                out.functions(&names);
            }
            Name::Local(map) => out.locals(&indirect(map, &plan.main_funcs).map_err(bad)?),
            Name::Label(map) => out.labels(&indirect(map, &plan.main_funcs).map_err(bad)?),
            Name::Global(map) => {
                let mut names = NameMap::new();
                for n in map {
                    let n = n.map_err(|e| bad(e.to_string()))?;
                    names.append(n.index, n.name);
                }
                if !plan.adapter_bodies.is_empty() {
                    let first = m.global_imports + m.globals_defined;
                    for i in 0..a.globals.len() as u32 {
                        names.append(first + i, "wasi-backport:state");
                    }
                }
                out.globals(&names);
            }
            other => utils::parse_custom_name_subsection(&mut main, &mut out, other).map_err(|e| bad(e.to_string()))?,
        }
    }
    Ok(out)
}

/// Local and label names move with their function; a name map for a function
/// the merge replaced is dropped.
fn indirect(map: wasmparser::IndirectNameMap<'_>, funcs: &[u32]) -> std::result::Result<IndirectNameMap, String> {
    let mut out = Vec::new();
    for n in map {
        let n = n.map_err(|e| e.to_string())?;
        let Some(&func) = funcs.get(n.index as usize) else { continue };
        let mut names = NameMap::new();
        for inner in n.names {
            let inner = inner.map_err(|e| e.to_string())?;
            names.append(inner.index, inner.name);
        }
        out.push((func, names));
    }
    out.sort_by_key(|(i, _)| *i);
    let mut map = IndirectNameMap::new();
    for (i, names) in &out {
        map.append(*i, names);
    }
    Ok(map)
}
