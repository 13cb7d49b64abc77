//! Validating the output without reading what cannot have changed: every
//! module-level section and the adapter's and stubs' bodies are validated;
//! the program's bodies, whose bytes are the input's but for function
//! indices that name functions of the same types, were validated when the
//! input was read, and are counted but not validated again (unless the
//! merge says they must be). Custom sections, which the validator does
//! not read, are skipped rather than copied together.
use wasmparser::{Chunk, Parser, ValidPayload, Validator, WasmFeatures};

use crate::error::{Error, Result};
use crate::write::{Output, Part};

pub fn output(out: &Output<'_>, program_bodies: usize, revalidate: bool) -> Result<()> {
    let invalid = |e: wasmparser::BinaryReaderError| Error::Internal(format!("the adapted module does not validate: {e}"));
    let mut validator = Validator::new_with_features(WasmFeatures::all());
    let mut body = 0usize;
    // The parser reads the parts between custom sections; after one, a new
    // parser picks up at the next part's offset (behind a header of its own,
    // which the validator has seen already).
    let mut parser: Option<Parser> = Some(Parser::new(0));
    let mut offset = 0u64;
    let mut feed = |parser: &mut Parser, mut data: &[u8], eof: bool| -> Result<()> {
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
            match validator.payload(&payload).map_err(invalid)? {
                ValidPayload::Func(func, b) => {
                    if body >= program_bodies || revalidate {
                        func.into_validator(Default::default()).validate(&b).map_err(invalid)?;
                    }
                    body += 1;
                }
                ValidPayload::End(_) => return Ok(()),
                _ => {}
            }
        }
    };
    let resume = |offset: u64| -> Result<Parser> {
        let mut p = Parser::new(offset - 8);
        match p.parse(b"\0asm\x01\0\0\0", false) {
            Ok(Chunk::Parsed { consumed: 8, .. }) => Ok(p),
            _ => Err(Error::Internal("cannot resume parsing the adapted module".into())),
        }
    };
    for part in &out.parts {
        let len = Output { parts: Vec::new() }.len_of(part) as u64;
        let data: std::borrow::Cow<'_, [u8]> = match part {
            Part::Custom { .. } => {
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
            None => parser.insert(resume(offset)?),
        };
        feed(p, &data, false)?;
        offset += len;
    }
    let p = match &mut parser {
        Some(p) => p,
        None => parser.insert(resume(offset)?),
    };
    feed(p, &[], true)
}
