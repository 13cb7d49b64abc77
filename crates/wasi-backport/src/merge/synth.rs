//! Functions the merge writes itself: stand-ins for unsupported imports.
use wasm_encoder::{Function, Instruction, MemArg};

use crate::wasi::Function as WasiFunction;
use crate::Unsupported;

pub enum Synth {
    /// `unreachable`.
    Trap { ty: u32 },
    /// Does nothing (drops of resources the program can never obtain).
    Noop { ty: u32 },
    /// Writes `err(unsupported)` through the return pointer in `retptr`.
    ErrorReturn { ty: u32, retptr: u32, offset: u32, case: u32 },
}

impl Synth {
    pub fn for_unsupported(f: &WasiFunction, ty: u32, policy: Unsupported) -> Synth {
        match (policy, f.error_return) {
            (Unsupported::ErrorResult, _) if f.is_resource_drop() => Synth::Noop { ty },
            (Unsupported::ErrorResult, Some(e)) => {
                Synth::ErrorReturn { ty, retptr: f.sig.params.len() as u32 - 1, offset: e.offset, case: e.case }
            }
            _ => Synth::Trap { ty },
        }
    }

    pub fn ty(&self) -> u32 {
        match *self {
            Synth::Trap { ty } | Synth::Noop { ty } | Synth::ErrorReturn { ty, .. } => ty,
        }
    }

    pub fn body(&self) -> Function {
        let mut f = Function::new([]);
        let byte = |offset: u32| MemArg {
            offset: offset as u64,
            align: 0,
            target: wasm_encoder::MemArgTarget::Memory(0),
            ordering: None,
        };
        match *self {
            Synth::Trap { .. } => {
                f.instruction(&Instruction::Unreachable);
            }
            Synth::Noop { .. } => {}
            Synth::ErrorReturn { retptr, offset, case, .. } => {
                f.instruction(&Instruction::LocalGet(retptr));
                f.instruction(&Instruction::I32Const(1));
                f.instruction(&Instruction::I32Store8(byte(0)));
                f.instruction(&Instruction::LocalGet(retptr));
                f.instruction(&Instruction::I32Const(case as i32));
                f.instruction(&Instruction::I32Store8(byte(offset)));
            }
        }
        f.instruction(&Instruction::End);
        f
    }

    pub fn name(&self) -> &'static str {
        match self {
            Synth::Trap { .. } => "wasi-backport:unsupported-trap",
            Synth::Noop { .. } => "wasi-backport:unsupported-noop",
            Synth::ErrorReturn { .. } => "wasi-backport:unsupported-error",
        }
    }
}
