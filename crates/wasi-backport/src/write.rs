//! The adapted module as the parts it is made of: sections the merge wrote,
//! custom sections and function bodies borrowed from the input unchanged,
//! and the program's code with its function indices patched. Writing it
//! out copies each input byte once; nothing holds a second copy of the
//! input's code or debug info.
use std::io::{self, Write};

/// An adapted module, ready to write.
#[derive(Clone, Debug, Default)]
pub struct Output<'a> {
    pub(crate) parts: Vec<Part<'a>>,
}

#[derive(Clone, Debug)]
pub(crate) enum Part<'a> {
    /// Bytes the merge wrote (whole sections, or a section's head).
    Owned(Vec<u8>),
    /// A section borrowed from the input unchanged (a custom section, or
    /// the data): its id and size, then its contents.
    Section { head: Vec<u8>, contents: &'a [u8] },
    /// Input bytes with some LEB numbers rewritten in place, each to the
    /// same width.
    Patched { bytes: &'a [u8], patches: Vec<Patch> },
}

/// A number rewritten at `at` (relative to the patched bytes), as `len`
/// LEB bytes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Patch {
    pub at: u32,
    pub bytes: [u8; 5],
    pub len: u8,
}

impl Part<'_> {
    pub(crate) fn len(&self) -> usize {
        match self {
            Part::Owned(v) => v.len(),
            Part::Section { head, contents } => head.len() + contents.len(),
            Part::Patched { bytes, .. } => bytes.len(),
        }
    }
}

impl Patch {
    /// `value` as an unsigned LEB128 number of exactly `len` bytes (padded
    /// as wasm-ld writes indices), or `None` if it needs more.
    pub fn new(at: u32, value: u32, len: usize) -> Option<Patch> {
        if len == 0 || len > 5 || (len < 5 && u64::from(value) >= 1 << (7 * len)) {
            return None;
        }
        let mut bytes = [0; 5];
        for (i, b) in bytes.iter_mut().enumerate().take(len) {
            let more = if i + 1 < len { 0x80 } else { 0 };
            *b = ((value >> (7 * i)) & 0x7f) as u8 | more;
        }
        Some(Patch { at, bytes, len: len as u8 })
    }

    fn bytes(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }
}

impl<'a> Output<'a> {
    pub(crate) fn push_owned(&mut self, bytes: &[u8]) {
        match self.parts.last_mut() {
            Some(Part::Owned(v)) => v.extend_from_slice(bytes),
            _ => self.parts.push(Part::Owned(bytes.to_vec())),
        }
    }

    pub(crate) fn push(&mut self, part: Part<'a>) {
        match part {
            Part::Owned(v) => self.push_owned(&v),
            other => self.parts.push(other),
        }
    }

    /// The module's size in bytes.
    pub fn len(&self) -> usize {
        self.parts.iter().map(Part::len).sum()
    }

    /// Whether the module has no bytes (never, for a module the merge wrote).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the module to `w`.
    pub fn write_to(&self, w: &mut impl Write) -> io::Result<()> {
        for p in &self.parts {
            match p {
                Part::Owned(v) => w.write_all(v)?,
                Part::Section { head, contents } => {
                    w.write_all(head)?;
                    w.write_all(contents)?;
                }
                Part::Patched { bytes, patches } => {
                    let mut from = 0;
                    for patch in patches {
                        let at = patch.at as usize;
                        w.write_all(&bytes[from..at])?;
                        w.write_all(patch.bytes())?;
                        from = at + patch.len as usize;
                    }
                    w.write_all(&bytes[from..])?;
                }
            }
        }
        Ok(())
    }

    /// The module's bytes.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len());
        for p in &self.parts {
            match p {
                Part::Owned(v) => out.extend_from_slice(v),
                Part::Section { head, contents } => {
                    out.extend_from_slice(head);
                    out.extend_from_slice(contents);
                }
                Part::Patched { bytes, patches } => {
                    let start = out.len();
                    out.extend_from_slice(bytes);
                    for patch in patches {
                        out[start + patch.at as usize..][..patch.len as usize].copy_from_slice(patch.bytes());
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_leb() {
        assert_eq!(Patch::new(0, 3, 5).unwrap().bytes(), [0x83, 0x80, 0x80, 0x80, 0x00]);
        assert_eq!(Patch::new(0, 300, 2).unwrap().bytes(), [0xac, 0x02]);
        assert_eq!(Patch::new(0, 127, 1).unwrap().bytes(), [0x7f]);
        assert!(Patch::new(0, 128, 1).is_none());
        assert!(Patch::new(0, 1 << 14, 2).is_none());
        assert_eq!(Patch::new(0, u32::MAX, 5).unwrap().bytes(), [0xff, 0xff, 0xff, 0xff, 0x0f]);
    }

    #[test]
    fn written_and_collected_alike() {
        let input = [1u8, 2, 3, 4, 5, 6, 7, 8];
        let mut out = Output::default();
        out.push_owned(b"ab");
        out.push_owned(b"c");
        out.push(Part::Patched {
            bytes: &input,
            patches: vec![Patch::new(2, 9, 1).unwrap(), Patch::new(5, 200, 2).unwrap()],
        });
        out.push(Part::Section { head: vec![0, 2], contents: &input[..2] });
        let mut written = Vec::new();
        out.write_to(&mut written).unwrap();
        assert_eq!(written, out.to_vec());
        assert_eq!(written, [b'a', b'b', b'c', 1, 2, 9, 4, 5, 0xc8, 0x01, 8, 0, 2, 1, 2]);
        assert_eq!(out.len(), written.len());
    }
}
