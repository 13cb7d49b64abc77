//! Validating the output without reading what cannot have changed: every
//! module-level section and the adapter's and stubs' bodies are validated;
//! the program's bodies, whose bytes are the input's but for function
//! indices that name functions of the same types, were validated when the
//! input was read, and are counted but not validated again (unless the
//! merge says they must be). Sections borrowed from the input are not
//! copied together with the rest: custom sections, which the validator does
//! not read, are skipped, and the data section is given to the validator
//! on its own.
use wasmparser::{
    BinaryReader, BinaryReaderError, Chunk, DataSectionReader, Parser, Payload, ValidPayload, Validator, WasmFeatures,
};

use crate::error::{Error, Result};
use crate::write::{Output, Part};

fn invalid(e: BinaryReaderError) -> Error {
    Error::Internal(format!("the adapted module does not validate: {e}"))
}

struct Check {
    validator: Validator,
    /// Bodies seen so far.
    body: usize,
    /// Bodies before this index are the program's.
    program_bodies: usize,
    revalidate: bool,
    /// The function section's count, until the code section has been read:
    /// a resumed parser must be told it (see `resume`).
    functions: Option<u32>,
}

impl Check {
    /// Validates the payloads `parser` reads from `data` (whole sections or
    /// bodies); at `eof`, the module's end.
    fn feed(&mut self, parser: &mut Parser, mut data: &[u8], eof: bool) -> Result<()> {
        loop {
            if data.is_empty() && !eof {
                return Ok(());
            }
            let (consumed, payload) = match parser.parse(data, eof).map_err(invalid)? {
                Chunk::Parsed { consumed, payload } => (consumed, payload),
                Chunk::NeedMoreData(_) => {
                    return Err(Error::Internal("the adapted module splits a section or body across parts".into()))
                }
            };
            data = &data[consumed..];
            match &payload {
                Payload::FunctionSection(s) => self.functions = Some(s.count()),
                Payload::CodeSectionStart { .. } => self.functions = None,
                _ => {}
            }
            match self.validator.payload(&payload).map_err(invalid)? {
                ValidPayload::Func(func, b) => {
                    if self.body >= self.program_bodies || self.revalidate {
                        func.into_validator(Default::default()).validate(&b).map_err(invalid)?;
                    }
                    self.body += 1;
                }
                ValidPayload::End(_) => return Ok(()),
                _ => {}
            }
        }
    }
}

/// A parser that picks up at `offset`, behind a header of its own (which
/// the validator has seen already) and, where the function section has been
/// read and the code section not yet, a stand-in function section of the
/// same count: the parser checks the code section's count against it.
fn resume(offset: u64, functions: Option<u32>) -> Result<Parser> {
    let mut prelude = b"\0asm\x01\0\0\0".to_vec();
    if let Some(count) = functions {
        let mut contents = Vec::new();
        wasm_encoder::Encode::encode(&count, &mut contents);
        contents.resize(contents.len() + count as usize, 0);
        prelude.push(wasm_encoder::SectionId::Function as u8);
        wasm_encoder::Encode::encode(&contents[..], &mut prelude);
    }
    let mut p = Parser::new(offset.saturating_sub(prelude.len() as u64));
    let mut data = &prelude[..];
    while !data.is_empty() {
        match p.parse(data, false) {
            Ok(Chunk::Parsed { consumed, .. }) => data = &data[consumed..],
            _ => return Err(Error::Internal("cannot resume parsing the adapted module".into())),
        }
    }
    Ok(p)
}

pub fn output(out: &Output<'_>, program_bodies: usize, revalidate: bool) -> Result<()> {
    let mut check = Check {
        validator: Validator::new_with_features(WasmFeatures::all()),
        body: 0,
        program_bodies,
        revalidate,
        functions: None,
    };
    let mut parser: Option<Parser> = Some(Parser::new(0));
    let mut offset = 0u64;
    for part in &out.parts {
        let len = part.len() as u64;
        let data: std::borrow::Cow<'_, [u8]> = match part {
            Part::Section { head, contents } => {
                if head.first() == Some(&(wasm_encoder::SectionId::Data as u8)) {
                    let reader = BinaryReader::new(contents, offset + head.len() as u64);
                    let data = DataSectionReader::new(reader).map_err(invalid)?;
                    check.validator.payload(&Payload::DataSection(data)).map_err(invalid)?;
                }
                parser = None;
                offset += len;
                continue;
            }
            Part::Owned(v) => v.into(),
            // The sizes and boundaries are the input's; the patched
            // indices matter only where the bodies are validated again.
            Part::Patched { patches, .. } if revalidate && !patches.is_empty() => {
                Output { parts: vec![part.clone()] }.to_vec().into()
            }
            Part::Patched { bytes, .. } => (*bytes).into(),
        };
        let p = match &mut parser {
            Some(p) => p,
            None => parser.insert(resume(offset, check.functions)?),
        };
        check.feed(p, &data, false)?;
        offset += len;
    }
    let p = match &mut parser {
        Some(p) => p,
        None => parser.insert(resume(offset, check.functions)?),
    };
    check.feed(p, &[], true)
}
