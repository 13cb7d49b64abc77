//! The code section. The program's bodies are copied as they are, with
//! only the function indices of `call`, `return_call` and `ref.func`
//! rewritten in place at their width (wasm-ld pads them to five bytes), so
//! each body keeps its bytes and its offset in the section, and DWARF stays
//! true; the adapter's bodies and the stubs follow. Where an index does not
//! fit its width (code not from wasm-ld, or rewritten since), every body is
//! re-encoded instead, as before.
use wasm_encoder::reencode::Reencode;
use wasm_encoder::{CodeSection, Encode, SectionId};

use super::layout::{Hollow, Layout};
use super::remap::Remap;
use crate::adapter::Adapter;
use crate::error::{Error, Result};
use crate::read::{leb_width, Module};
use crate::write::{Part, Patch};

/// How the program's code reached the output.
pub enum Placement {
    /// Every body at its offset in the section, bytes unchanged but for
    /// function indices: debug info still holds.
    InPlace,
    /// Bytes unchanged but every body moved (the function count needs a
    /// longer number): debug info does not hold.
    Moved { why: String },
    /// Re-encoded: sizes and offsets changed.
    Reencoded { why: String },
}

pub struct Code<'a> {
    pub parts: Vec<Part<'a>>,
    pub placement: Placement,
}

pub fn code<'a>(m: &Module<'a>, a: &Adapter<'_>, layout: &Layout) -> Result<Code<'a>> {
    let bad = |e: wasm_encoder::reencode::Error<String>| Error::Internal(format!("re-encoding code: {e}"));
    // The adapter's bodies and the stubs, re-encoded, as they follow the
    // program's.
    let mut tail = CodeSection::new();
    let mut adapt = Remap::adapter(&layout.adapter, &layout.types, &layout.globals);
    for &f in &layout.adapter_bodies {
        match layout.hollow.get(&f) {
            Some(Hollow::Zero) => {
                tail.function(&zero_body(a.func_type(f).results()));
                continue;
            }
            Some(Hollow::Trap) => {
                let mut body = wasm_encoder::Function::new([]);
                body.instruction(&wasm_encoder::Instruction::Unreachable).instruction(&wasm_encoder::Instruction::End);
                tail.function(&body);
                continue;
            }
            None => {}
        }
        adapt.parse_function_body(&mut tail, a.bodies[(f - a.num_imports()) as usize].clone()).map_err(bad)?;
    }
    for stub in &layout.stubs {
        tail.function(&stub.body());
    }

    let Some(code) = &m.code else {
        let mut parts = Vec::new();
        if !tail.is_empty() {
            let mut section = vec![SectionId::Code as u8];
            tail.encode(&mut section);
            parts.push(Part::Owned(section));
        }
        return Ok(Code { parts, placement: Placement::InPlace });
    };

    let entries = code.entries();
    let mut patches = Vec::new();
    for r in &m.func_refs {
        let to = if r.call { layout.callee(r.func) } else { layout.program[r.func as usize] };
        if to == r.func {
            continue;
        }
        let width = leb_width(&m.bytes[r.at as usize..]);
        match Patch::new(r.at - entries.start as u32, to, width) {
            Some(p) => patches.push(p),
            None => {
                let caller = m.func_at(r.at);
                let why = format!(
                    "function {caller} names function {} with a {width}-byte index at offset {:#x}, too short for its new index {to} (wasm-ld pads indices to 5 bytes; this code was not linked by it, or was rewritten since)",
                    r.func, r.at
                );
                return reencoded(m, layout, tail, why);
            }
        }
    }

    let tail_bytes = entries_of(&tail);
    let count = m.bodies.len() as u32 + tail.len();
    let (count_leb, placement) = match Patch::new(0, count, code.count_width) {
        Some(p) => (p.bytes[..p.len as usize].to_vec(), Placement::InPlace),
        None => {
            let why = format!(
                "the function count ({count}) needs a longer number than the input's {} byte(s), which moves every body",
                code.count_width
            );
            let mut v = Vec::new();
            count.encode(&mut v);
            (v, Placement::Moved { why })
        }
    };
    let size = (count_leb.len() + entries.len() + tail_bytes.len()) as u32;
    let mut head = vec![SectionId::Code as u8];
    // The section's size keeps its width where it can, for tools that map
    // module offsets too.
    let size_width = m.bytes[..code.contents.start].iter().rev().skip(1).take_while(|b| *b & 0x80 != 0).count() + 1;
    match Patch::new(0, size, size_width) {
        Some(p) => head.extend_from_slice(&p.bytes[..p.len as usize]),
        None => size.encode(&mut head),
    }
    head.extend_from_slice(&count_leb);
    let parts = vec![Part::Owned(head), Part::Patched { bytes: &m.bytes[entries], patches }, Part::Owned(tail_bytes)];
    Ok(Code { parts, placement })
}

/// Today's way, for code whose indices cannot be patched in place: every
/// body re-encoded with its indices remapped.
fn reencoded<'a>(m: &Module<'a>, layout: &Layout, tail: CodeSection, why: String) -> Result<Code<'a>> {
    let bad = |e: wasm_encoder::reencode::Error<String>| Error::Internal(format!("re-encoding code: {e}"));
    let mut code = CodeSection::new();
    let mut program = Remap::program(&layout.program).calling(&layout.through);
    for body in &m.bodies {
        program.parse_function_body(&mut code, body.clone()).map_err(bad)?;
    }
    let tail_count = tail.len();
    let tail_bytes = entries_of(&tail);
    let mut section = vec![SectionId::Code as u8];
    let count = code.len() + tail_count;
    let mut body = Vec::new();
    count.encode(&mut body);
    body.extend_from_slice(&entries_of(&code));
    body.extend_from_slice(&tail_bytes);
    body.encode(&mut section);
    Ok(Code { parts: vec![Part::Owned(section)], placement: Placement::Reencoded { why } })
}

/// The size-prefixed bodies of `code`, without the section's size and count.
fn entries_of(code: &CodeSection) -> Vec<u8> {
    let mut v = Vec::new();
    code.encode(&mut v);
    let skip = leb_width(&v);
    let skip = skip + leb_width(&v[skip..]);
    v.split_off(skip)
}

/// A body that returns zero of each result type (see `Layout::hollow`).
fn zero_body(results: &[wasmparser::ValType]) -> wasm_encoder::Function {
    use wasm_encoder::Instruction as I;
    let mut f = wasm_encoder::Function::new([]);
    for r in results {
        f.instruction(&match r {
            wasmparser::ValType::I32 => I::I32Const(0),
            wasmparser::ValType::I64 => I::I64Const(0),
            wasmparser::ValType::F32 => I::F32Const(0.0.into()),
            wasmparser::ValType::F64 => I::F64Const(0.0.into()),
            _ => I::Unreachable,
        });
    }
    f.instruction(&I::End);
    f
}
