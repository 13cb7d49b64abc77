//! Index remapping for re-encoding the program's and the adapter's code.
use std::collections::BTreeMap;

use wasm_encoder::reencode::{utils, Error, Reencode};
use wasm_encoder::Instruction;
use wasmparser::Operator;

/// Maps function indices (and, for the adapter, type and global indices) of
/// one input module to the output's.
pub struct Remap<'a> {
    funcs: Funcs<'a>,
    types: Option<&'a [u32]>,
    globals: Option<&'a [Option<u32>]>,
    /// Callees that calls name another function (see `super::through`).
    through: Option<&'a BTreeMap<u32, u32>>,
}

enum Funcs<'a> {
    /// Every function has a place (the program's).
    All(&'a [u32]),
    /// Only the functions kept have one (the adapter's).
    Kept(&'a [Option<u32>]),
}

impl<'a> Remap<'a> {
    /// The program keeps its types and globals; only functions move.
    pub fn program(funcs: &'a [u32]) -> Remap<'a> {
        Remap { funcs: Funcs::All(funcs), types: None, globals: None, through: None }
    }

    /// With the calls (not `ref.func`) of the functions in `through` naming
    /// the output function given there.
    pub fn calling(self, through: &'a BTreeMap<u32, u32>) -> Remap<'a> {
        Remap { through: Some(through), ..self }
    }

    pub fn adapter(funcs: &'a [Option<u32>], types: &'a [u32], globals: &'a [Option<u32>]) -> Remap<'a> {
        Remap { funcs: Funcs::Kept(funcs), types: Some(types), globals: Some(globals), through: None }
    }
}

fn unplanned(what: &str, index: u32) -> Error<String> {
    Error::UserError(format!("{what} {index} has no place in the output"))
}

impl Reencode for Remap<'_> {
    type Error = String;

    fn instruction<'b>(&mut self, op: Operator<'b>) -> Result<Instruction<'b>, Error<String>> {
        let to = |f: &u32| self.through.and_then(|t| t.get(f)).copied();
        match op {
            Operator::Call { function_index: f } if let Some(to) = to(&f) => Ok(Instruction::Call(to)),
            Operator::ReturnCall { function_index: f } if let Some(to) = to(&f) => Ok(Instruction::ReturnCall(to)),
            op => utils::instruction(self, op),
        }
    }

    fn function_index(&mut self, func: u32) -> Result<u32, Error<String>> {
        let out = match self.funcs {
            Funcs::All(map) => map.get(func as usize).copied(),
            Funcs::Kept(map) => map.get(func as usize).copied().flatten(),
        };
        out.ok_or_else(|| unplanned("function", func))
    }

    fn type_index(&mut self, ty: u32) -> Result<u32, Error<String>> {
        match self.types {
            None => Ok(ty),
            Some(map) => map.get(ty as usize).copied().ok_or_else(|| unplanned("type", ty)),
        }
    }

    fn global_index(&mut self, global: u32) -> Result<u32, Error<String>> {
        match self.globals {
            None => Ok(global),
            Some(map) => map.get(global as usize).copied().flatten().ok_or_else(|| unplanned("global", global)),
        }
    }
}
