//! wasm-smith modules shaped like WASIp2 programs: imports from
//! [`Pools::pick`], exports from [`Pools::pick_exports`], a name section
//! that names the stack pointer (as wasm-ld's does; sometimes wrongly), and
//! half of the time every function index in the code written as a 5-byte
//! LEB, as wasm-ld writes them (the merge patches those in place).
use arbitrary::{Arbitrary, Unstructured};
use wasm_encoder::{IndirectNameMap, NameMap, NameSection};
use wasmparser::{ExternalKind, Parser, Payload, TypeRef};

use crate::pools::{module_of, Pools};
use crate::rng::Rng;

pub struct Generated {
    pub wasm: Vec<u8>,
}

pub fn generate(pools: &Pools, rng: &mut Rng) -> Option<Generated> {
    let imports = pools.pick(rng);
    let available = module_of(&imports)?;
    let (_, exports) = pools.pick_exports(rng);
    let len = 64 + rng.below(3000);
    let data = rng.bytes(len);
    let mut u = Unstructured::new(&data);
    let mut config = wasm_smith::Config::arbitrary(&mut u).ok()?;
    config.available_imports = Some(available);
    config.exports = Some(exports.to_vec());
    config.max_imports = 200;
    config.max_type_size = 1_000_000;
    config.max_types = config.max_types.min(40);
    // Imports count too; fewer than 64 functions are validated serially.
    config.max_funcs = 60;
    config.max_instructions = config.max_instructions.min(80);
    config.max_globals = config.max_globals.min(12);
    config.max_memories = config.max_memories.min(3);
    config.max_tables = config.max_tables.min(3);
    config.max_tags = config.max_tags.min(4);
    config.max_exports = config.max_exports.min(12);
    config.max_data_segments = config.max_data_segments.min(6);
    config.max_element_segments = config.max_element_segments.min(6);
    config.max_elements = config.max_elements.min(40);
    config.max_table_elements = config.max_table_elements.min(1000);
    config.max_memory32_bytes = config.max_memory32_bytes.min(1 << 24);
    config.max_memory64_bytes = config.max_memory64_bytes.min(1 << 24);
    if rng.chance(30) {
        config.min_uleb_size = 5;
    }
    config.generate_custom_sections = rng.chance(25);
    if rng.chance(8) {
        // 64 bodies or more are validated in parallel, in chunks.
        config.min_funcs = 70;
        config.max_funcs = 140;
        config.max_instructions = config.max_instructions.min(8);
    }
    let module = wasm_smith::Module::new(config, &mut u).ok()?;
    let mut wasm = module.to_bytes();
    if rng.chance(85) {
        wasm = with_names(&wasm, rng)?;
    }
    if rng.chance(50) {
        wasm = pad_calls(&wasm)?;
    }
    Some(Generated { wasm })
}

/// Counts of a module's index spaces, and its stack pointer export.
#[derive(Default)]
struct Shape {
    funcs: u32,
    globals: Vec<(wasmparser::ValType, bool)>,
    sp_export: Option<u32>,
}

fn shape(wasm: &[u8]) -> Option<Shape> {
    let mut s = Shape::default();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.ok()? {
            Payload::ImportSection(r) => {
                for imp in r.into_imports() {
                    match imp.ok()?.ty {
                        TypeRef::Func(_) | TypeRef::FuncExact(_) => s.funcs += 1,
                        TypeRef::Global(g) => s.globals.push((g.content_type, g.mutable)),
                        _ => {}
                    }
                }
            }
            Payload::FunctionSection(r) => s.funcs += r.count(),
            Payload::GlobalSection(r) => {
                for g in r {
                    let g = g.ok()?;
                    s.globals.push((g.ty.content_type, g.ty.mutable));
                }
            }
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e.ok()?;
                    if e.kind == ExternalKind::Global && e.name == "__stack_pointer" {
                        s.sp_export = Some(e.index);
                    }
                }
            }
            _ => {}
        }
    }
    Some(s)
}

const ODD_NAMES: &[&str] = &["", "with space", "q\"uote", "é☃", "wasi-backport:state", "__stack_pointer", "_start"];

/// `wasm` with a name section appended: function names for some
/// functions, locals now and then, and global names that call the exported
/// stack pointer (or, now and then, another global or none) `__stack_pointer`.
fn with_names(wasm: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    let s = shape(wasm)?;
    let mut names = NameSection::new();
    if rng.chance(30) {
        names.module("fuzzed");
    }
    if rng.chance(70) {
        let mut map = NameMap::new();
        for i in 0..s.funcs + u32::from(rng.chance(5)) {
            if rng.chance(60) {
                let name = if rng.chance(10) { rng.pick(ODD_NAMES).to_string() } else { format!("f{i}") };
                map.append(i, &name);
            }
        }
        if rng.chance(3) {
            map.append(0, "out-of-order");
        }
        names.functions(&map);
    }
    if rng.chance(20) && s.funcs > 0 {
        let mut locals = IndirectNameMap::new();
        let mut map = NameMap::new();
        map.append(0, "l0");
        locals.append(rng.below(s.funcs as usize + 1) as u32, &map);
        names.locals(&locals);
    }
    let sp = match rng.below(20) {
        0 => None,
        1 if !s.globals.is_empty() => Some(rng.below(s.globals.len()) as u32),
        2 => Some(s.globals.len() as u32 + rng.below(3) as u32),
        _ => s.sp_export,
    };
    if let Some(sp) = sp {
        let mut map = NameMap::new();
        for i in 0..s.globals.len() as u32 {
            if i == sp {
                map.append(i, "__stack_pointer");
            } else if rng.chance(30) {
                map.append(i, &format!("g{i}"));
            }
        }
        if sp >= s.globals.len() as u32 {
            map.append(sp, "__stack_pointer");
        }
        names.globals(&map);
    }
    if rng.chance(10) && s.funcs > 0 {
        let mut labels = IndirectNameMap::new();
        let mut map = NameMap::new();
        map.append(rng.below(3) as u32, "label");
        labels.append(rng.below(s.funcs as usize) as u32, &map);
        names.labels(&labels);
    }
    let mut out = wasm.to_vec();
    let mut data = names.as_custom().data.into_owned();
    if rng.chance(4) && !data.is_empty() {
        // A broken name section: validation does not read it, the merge does.
        let at = rng.below(data.len());
        if rng.chance(50) {
            data.truncate(at);
        } else {
            data[at] ^= 0x80;
        }
    }
    let section = wasm_encoder::CustomSection { name: "name".into(), data: data.into() };
    out.push(0);
    wasm_encoder::Encode::encode(&section, &mut out);
    Some(out)
}

/// `wasm` with its function indices padded as wasm-ld writes them.
pub fn pad_calls(wasm: &[u8]) -> Option<Vec<u8>> {
    wasi_backport::pad_function_indices(wasm).ok()
}
