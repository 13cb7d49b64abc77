//! A module rewritten with every function index in its code as a 5-byte
//! LEB, as wasm-ld writes them: what the merge patches in place. For tests
//! and the fuzzer, which make such inputs from text or generated modules.
use wasmparser::{Operator, Parser, Payload};

use crate::error::{Error, Result};

/// `wasm` with the immediates of every `call`, `return_call` and
/// `ref.func` padded to five bytes; every other section as it was.
pub fn pad_function_indices(wasm: &[u8]) -> Result<Vec<u8>> {
    let bad = |e: wasmparser::BinaryReaderError| Error::InvalidInput(format!("not a valid module: {e}"));
    let mut module = wasm_encoder::Module::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(bad)?;
        match &payload {
            Payload::CodeSectionStart { unchecked_range: range, .. } => {
                let mut code = wasm_encoder::CodeSection::new();
                let section = wasm.get(range.start as usize..range.end as usize).ok_or_else(|| {
                    Error::InvalidInput("not a valid module: the code section runs past the end".into())
                })?;
                let reader = wasmparser::CodeSectionReader::new(wasmparser::BinaryReader::new(section, range.start))
                    .map_err(bad)?;
                for body in reader {
                    code.raw(&padded_body(wasm, &body.map_err(bad)?).map_err(bad)?);
                }
                module.section(&code);
            }
            Payload::CodeSectionEntry(_) => {}
            _ => {
                if let Some((id, range)) = payload.as_section() {
                    module.section(&wasm_encoder::RawSection {
                        id,
                        data: &wasm[range.start as usize..range.end as usize],
                    });
                }
            }
        }
    }
    Ok(module.finish())
}

fn padded_body(wasm: &[u8], body: &wasmparser::FunctionBody<'_>) -> wasmparser::Result<Vec<u8>> {
    let start = body.range().start as usize;
    let bytes = &wasm[start..body.range().end as usize];
    let mut out = Vec::new();
    let mut from = 0;
    let mut ops = body.get_operators_reader()?;
    while !ops.eof() {
        let (op, at) = ops.read_with_offset()?;
        if let Operator::Call { function_index }
        | Operator::ReturnCall { function_index }
        | Operator::RefFunc { function_index } = op
        {
            // The three opcodes are one byte; the index follows.
            out.extend_from_slice(&bytes[from..at as usize + 1 - start]);
            for i in 0..5 {
                let more = if i < 4 { 0x80 } else { 0 };
                out.push(((function_index >> (7 * i)) & 0x7f) as u8 | more);
            }
            from = ops.original_position() as usize - start;
        }
    }
    out.extend_from_slice(&bytes[from..]);
    Ok(out)
}
