//! Index remapping for re-encoding the program's and the adapter's code.
use std::convert::Infallible;

use wasm_encoder::reencode::{Error, Reencode};

/// Maps function indices (and, for the adapter, type and global indices) of
/// one input module to the output's.
pub struct Remap<'a> {
    funcs: &'a [u32],
    types: Option<&'a [u32]>,
    globals: Option<&'a [u32]>,
}

impl<'a> Remap<'a> {
    /// The program keeps its types and globals; only functions move.
    pub fn main(funcs: &'a [u32]) -> Remap<'a> {
        Remap { funcs, types: None, globals: None }
    }

    pub fn adapter(funcs: &'a [u32], types: &'a [u32], globals: &'a [u32]) -> Remap<'a> {
        Remap { funcs, types: Some(types), globals: Some(globals) }
    }
}

fn get(map: &[u32], index: u32) -> u32 {
    let out = map[index as usize];
    debug_assert_ne!(out, u32::MAX, "index {index} was not planned");
    out
}

impl Reencode for Remap<'_> {
    type Error = Infallible;

    fn function_index(&mut self, func: u32) -> Result<u32, Error> {
        Ok(get(self.funcs, func))
    }

    fn type_index(&mut self, ty: u32) -> Result<u32, Error> {
        Ok(self.types.map_or(ty, |m| get(m, ty)))
    }

    fn global_index(&mut self, global: u32) -> Result<u32, Error> {
        Ok(self.globals.map_or(global, |m| get(m, global)))
    }
}
