//! Calls through forwarders. wasi-libc's bindings wrap many WASI imports in
//! a function whose whole body hands its parameters on (`monotonic_clock_now`,
//! `filesystem_descriptor_drop_own`, `poll_method_pollable_block`, ...). On a
//! WASIp2 host that wrapper calls the host; once adapted it calls the
//! adapter, one call frame more per WASI call than a wasip1 build makes, and
//! call frames are what interpreters such as WAMR's pay most for. So the
//! program's `call`s and `return_call`s of such a wrapper name the function
//! that replaces its import instead. The wrapper itself stays, and
//! `ref.func` still names it, so that tables, exports and function identity
//! see no change.
use std::collections::BTreeMap;

use wasmparser::{FunctionBody, Operator};

use super::layout::Layout;
use crate::read::Module;

/// A forwarder with this many parameters or more is not worth a look: its
/// body would be longer than [`LONGEST`].
const LONGEST: u64 = 1 + 2 * 24 + 6 + 1;

/// The program's functions whose calls go straight to what replaces the
/// import they forward to: (program function index, output function index).
pub fn plan(m: &Module<'_>, layout: &Layout) -> BTreeMap<u32, u32> {
    let mut through = BTreeMap::new();
    for (k, body) in m.bodies.iter().enumerate() {
        let func = m.func_imports + k as u32;
        let Some(ty) = m.func_types.get(func as usize).and_then(|&t| m.type_list.get(t as usize)) else { continue };
        // A plain type is one canonical type whatever its index: the
        // replacement, declared with the import's plain type or one of the
        // same signature, then fits every call site of the wrapper.
        let (true, Some(sig)) = (ty.plain, &ty.func) else { continue };
        let Some(import) = forwards_to(body, sig.params().len()) else { continue };
        if import >= m.func_imports || !layout.replaces(m, import) {
            continue;
        }
        let Some(import_ty) = m.type_list.get(m.func_types[import as usize] as usize) else { continue };
        if import_ty.plain && import_ty.func.as_ref() == Some(sig) {
            through.insert(func, layout.program[import as usize]);
        }
    }
    through
}

/// The function `body` calls, where its whole body is `local.get 0` …
/// `local.get params-1`, one `call` and `end`, with no locals of its own.
fn forwards_to(body: &FunctionBody<'_>, params: usize) -> Option<u32> {
    if body.range().end - body.range().start > LONGEST {
        return None;
    }
    if body.get_locals_reader().ok()?.get_count() != 0 {
        return None;
    }
    let mut ops = body.get_operators_reader().ok()?;
    for i in 0..params {
        match ops.read().ok()? {
            Operator::LocalGet { local_index } if local_index as usize == i => {}
            _ => return None,
        }
    }
    let Operator::Call { function_index } = ops.read().ok()? else { return None };
    match (ops.read().ok()?, ops.eof()) {
        (Operator::End, true) => Some(function_index),
        _ => None,
    }
}
