//! A mutation that keeps a core module valid: its function imports renamed
//! (another `@0.2.x` version, the `cm32p2|` spelling, another pooled
//! function of the same signature, which may be a WASI 0.2, preview1 or
//! unknown name), and now and then an export renamed away, so that real
//! code meets every class of import and the merge's other paths.
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasmparser::{Parser, Payload, TypeRef};

use crate::pools::Pools;
use crate::rng::Rng;

pub fn rename(rng: &mut Rng, wasm: &[u8], pools: &Pools) -> Option<Vec<u8>> {
    if Parser::is_component(wasm) {
        return None;
    }
    let mut types: Vec<Option<wasmparser::FuncType>> = Vec::new();
    let mut module = wasm_encoder::Module::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.ok()?;
        match &payload {
            Payload::TypeSection(s) => {
                for group in s.clone() {
                    for sub in group.ok()?.into_types() {
                        types.push(match sub.composite_type.inner {
                            wasmparser::CompositeInnerType::Func(f) => Some(f),
                            _ => None,
                        });
                    }
                }
            }
            Payload::ImportSection(s) => {
                let mut out = wasm_encoder::ImportSection::new();
                for imp in s.clone().into_imports() {
                    let imp = imp.ok()?;
                    let ty = RoundtripReencoder.entity_type(imp.ty).ok()?;
                    let (mut m, mut n) = (imp.module.to_string(), imp.name.to_string());
                    if let (TypeRef::Func(t), true) = (imp.ty, rng.chance(25)) {
                        match rng.below(4) {
                            0 => {
                                if let Some((i, _)) = m.split_once('@') {
                                    m = format!("{i}@0.2.{}", rng.below(20));
                                }
                            }
                            1 => {
                                if let Some((i, _)) = m.split_once('@') {
                                    m = format!("cm32p2|{i}@0.2");
                                    if let Some(r) = n.strip_prefix("[resource-drop]") {
                                        n = format!("{r}_drop");
                                    }
                                }
                            }
                            _ => {
                                let f = types.get(t as usize)?.as_ref()?;
                                let names = pools.with_signature(f.params(), f.results());
                                if !names.is_empty() {
                                    let (pm, pn) = *rng.pick(&names);
                                    (m, n) = (pm.to_string(), pn.to_string());
                                }
                            }
                        }
                    }
                    out.import(&m, &n, ty);
                }
                module.section(&out);
                continue;
            }
            Payload::ExportSection(s) if rng.chance(10) => {
                let mut out = wasm_encoder::ExportSection::new();
                let victim = rng.below(s.count().max(1) as usize);
                for (i, e) in s.clone().into_iter().enumerate() {
                    let e = e.ok()?;
                    let name = if i == victim { format!("{}-renamed", e.name) } else { e.name.to_string() };
                    out.export(&name, RoundtripReencoder.export_kind(e.kind).ok()?, e.index);
                }
                module.section(&out);
                continue;
            }
            Payload::CodeSectionEntry(_) => continue,
            _ => {}
        }
        if let Some((id, range)) = payload.as_section() {
            module.section(&wasm_encoder::RawSection { id, data: &wasm[range.start as usize..range.end as usize] });
        }
    }
    Some(module.finish())
}
