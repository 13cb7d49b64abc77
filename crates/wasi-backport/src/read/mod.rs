//! Reading the input: validation, and an index of the module's sections that
//! later stages walk without parsing the whole module again.
use std::ops::Range;

use wasmparser::{
    BinaryReaderError, CustomSectionReader, Encoding, ExternalKind, FuncType, FunctionBody, Parser, Payload, RecGroup,
    SectionLimited, TypeRef, ValidPayload, Validator, WasmFeatures,
};

use crate::error::{Error, Result};

mod bodies;
pub mod component;

pub use bodies::FuncRef;

/// The core module to work on: `bytes` itself, or the main module of the
/// component cargo makes (with a note on what was left behind).
pub fn input(bytes: &[u8]) -> Result<(&[u8], Option<String>)> {
    if Parser::is_component(bytes) {
        let (main, note) = component::main_module(bytes)?;
        return Ok((main, Some(note)));
    }
    Ok((bytes, None))
}

/// The known sections in the order a module must have them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    Start0,
    Type,
    Import,
    Function,
    Table,
    Memory,
    Tag,
    Global,
    Export,
    Start,
    Element,
    DataCount,
    Code,
    Data,
}

pub struct Import<'a> {
    pub module: &'a str,
    pub name: &'a str,
    pub ty: TypeRef,
}

pub struct Export<'a> {
    pub name: &'a str,
    pub kind: ExternalKind,
    pub index: u32,
}

/// A parsed, validated core module.
pub struct Module<'a> {
    pub bytes: &'a [u8],
    pub types: Option<SectionLimited<'a, RecGroup>>,
    /// Every type in index order.
    pub type_list: Vec<TypeInfo>,
    pub imports: Vec<Import<'a>>,
    /// Type index of every function, imported ones first.
    pub func_types: Vec<u32>,
    pub func_imports: u32,
    pub global_imports: u32,
    pub globals_defined: u32,
    /// Every global's type, imported ones first.
    pub global_types: Vec<wasmparser::GlobalType>,
    pub tables: Option<SectionLimited<'a, wasmparser::Table<'a>>>,
    pub memories: Option<SectionLimited<'a, wasmparser::MemoryType>>,
    /// Every memory's type, imported ones first.
    pub memory_types: Vec<wasmparser::MemoryType>,
    pub tags: Option<SectionLimited<'a, wasmparser::TagType>>,
    pub globals: Option<SectionLimited<'a, wasmparser::Global<'a>>>,
    pub exports: Vec<Export<'a>>,
    pub export_section: Option<SectionLimited<'a, wasmparser::Export<'a>>>,
    pub start: Option<u32>,
    pub elements: Option<SectionLimited<'a, wasmparser::Element<'a>>>,
    pub data_count: Option<u32>,
    pub bodies: Vec<FunctionBody<'a>>,
    /// The code section, where there is one.
    pub code: Option<Code>,
    /// Every function index the code names, in code order (filled in by
    /// [`module`], which decodes the code; empty after [`index`]).
    pub func_refs: Vec<FuncRef>,
    pub data: Option<SectionLimited<'a, wasmparser::Data<'a>>>,
    /// Custom sections, each with the known section it followed.
    pub customs: Vec<(Slot, CustomSectionReader<'a>)>,
}

/// One type of the module.
#[derive(Clone, Debug)]
pub struct TypeInfo {
    /// The function type, where it is one (shared or not).
    pub func: Option<FuncType>,
    /// A plain function type: a rec group of one, final, no supertype, not
    /// shared; one canonical type whatever its index, so a function of any
    /// such type with the same signature may stand in for another.
    pub plain: bool,
    /// `shared` (shared-everything threads).
    pub shared: bool,
}

/// Where the code section's parts are in the module's bytes.
#[derive(Clone, Debug)]
pub struct Code {
    /// The section's contents (after its id and size): the offsets DWARF
    /// gives for code are relative to its start.
    pub contents: Range<usize>,
    /// Bytes of the function count that opens the contents.
    pub count_width: usize,
}

impl Code {
    /// The function bodies, each with its size, back to back.
    pub fn entries(&self) -> Range<usize> {
        self.contents.start + self.count_width..self.contents.end
    }
}

impl Import<'_> {
    /// The core signature of a function import, with its text; for other
    /// imports, their kind as the text. A function of a `shared` type has
    /// no core signature a WASI host provides: its text is `shared(…)->(…)`
    /// (see [`Import::is_shared`]).
    pub fn signature(&self, m: &Module<'_>) -> (String, Option<crate::wasi::CoreSig>) {
        let kind = match self.ty {
            TypeRef::Func(t) | TypeRef::FuncExact(t) => {
                let Some(info) = m.type_list.get(t as usize) else { return ("func".into(), None) };
                let Some(f) = &info.func else { return ("func".into(), None) };
                let sig = crate::wasi::CoreSig::new(f.params(), f.results());
                if info.shared {
                    return (format!("shared{sig}"), None);
                }
                return (sig.to_string(), Some(sig));
            }
            TypeRef::Memory(_) => "memory",
            TypeRef::Table(_) => "table",
            TypeRef::Global(_) => "global",
            TypeRef::Tag(_) => "tag",
        };
        (kind.to_string(), None)
    }

    /// Whether this is a function import of a `shared` type.
    pub fn is_shared(&self, m: &Module<'_>) -> bool {
        match self.ty {
            TypeRef::Func(t) | TypeRef::FuncExact(t) => m.type_list.get(t as usize).is_some_and(|i| i.shared),
            _ => false,
        }
    }
}

impl<'a> Module<'a> {
    /// The index of the function whose body holds byte `at` of the code.
    pub fn func_at(&self, at: u32) -> u32 {
        let body = self.bodies.partition_point(|b| b.range().end <= u64::from(at));
        self.func_imports + body as u32
    }

    /// The type of function `func`, if it has one that is not `shared`.
    pub fn func_type(&self, func: u32) -> Option<&FuncType> {
        let info = self.type_list.get(*self.func_types.get(func as usize)? as usize)?;
        info.func.as_ref().filter(|_| !info.shared)
    }

    pub fn export(&self, name: &str) -> Option<&Export<'a>> {
        self.exports.iter().find(|e| e.name == name)
    }

    /// The export called `name` if it is a function.
    pub fn export_func(&self, name: &str) -> Option<&Export<'a>> {
        self.export(name).filter(|e| e.kind == ExternalKind::Func)
    }
}

/// Validates `bytes` with every feature wasmparser knows and indexes them,
/// in one pass over the module (function bodies in parallel).
pub fn module(bytes: &[u8]) -> Result<Module<'_>> {
    check_header(bytes)?;
    if u32::try_from(bytes.len()).is_err() {
        return Err(Error::InvalidInput("larger than 4 GiB, which no wasm32 toolchain writes".into()));
    }
    let invalid = |e: BinaryReaderError| Error::InvalidInput(format!("not a valid module: {e}"));
    let mut validator = Validator::new_with_features(WasmFeatures::all());
    let mut funcs = Vec::new();
    let mut first_error = None;
    let mut m = walk(bytes, |payload| {
        if first_error.is_none() {
            match validator.payload(payload) {
                Ok(ValidPayload::Func(func, body)) => funcs.push((func, body)),
                Ok(_) => {}
                Err(e) => first_error = Some(e),
            }
        }
    })?;
    // A module-level error after some bodies is reported after theirs, as a
    // validator reading front to back would.
    let refs = bodies::validate(funcs);
    match (refs, first_error) {
        (Err(body), Some(module)) if body.offset() < module.offset() => return Err(invalid(body)),
        (_, Some(module)) => return Err(invalid(module)),
        (Err(body), None) => return Err(invalid(body)),
        (Ok(refs), None) => m.func_refs = refs,
    }
    Ok(m)
}

fn check_header(bytes: &[u8]) -> Result<()> {
    if bytes.len() < 8 || &bytes[0..4] != b"\0asm" {
        return Err(Error::InvalidInput("not a WebAssembly binary (no `\\0asm` header)".into()));
    }
    if Parser::is_component(bytes) {
        return Err(Error::InvalidInput(
            "this is a component, and a core module was expected \
             (`wasi-backport adapt` takes the component cargo builds and writes a core module)"
                .into(),
        ));
    }
    Ok(())
}

/// Indexes `bytes`, showing each payload to `also` first. Errors are the
/// parser's: a malformed module.
fn walk<'a>(bytes: &'a [u8], mut also: impl FnMut(&Payload<'a>)) -> Result<Module<'a>> {
    let mut m = Module {
        bytes,
        types: None,
        type_list: Vec::new(),
        imports: Vec::new(),
        func_types: Vec::new(),
        func_imports: 0,
        global_imports: 0,
        globals_defined: 0,
        global_types: Vec::new(),
        tables: None,
        memories: None,
        memory_types: Vec::new(),
        tags: None,
        globals: None,
        exports: Vec::new(),
        export_section: None,
        start: None,
        elements: None,
        data_count: None,
        bodies: Vec::new(),
        code: None,
        func_refs: Vec::new(),
        data: None,
        customs: Vec::new(),
    };
    let mut slot = Slot::Start0;
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| Error::InvalidInput(format!("not a valid module: {e}")))?;
        also(&payload);
        match payload {
            Payload::Version { encoding: Encoding::Component, .. } => {
                return Err(Error::InvalidInput("this is a component, and a core module was expected".into()))
            }
            Payload::TypeSection(s) => {
                slot = Slot::Type;
                for group in s.clone() {
                    let group = group?;
                    let alone = !group.is_explicit_rec_group();
                    for sub in group.into_types() {
                        let shared = sub.composite_type.shared;
                        let plain = alone && sub.is_final && sub.supertype_idxs.is_empty() && !shared;
                        let func = match &sub.composite_type.inner {
                            wasmparser::CompositeInnerType::Func(f) => Some(f.clone()),
                            _ => None,
                        };
                        let plain = plain && func.is_some();
                        m.type_list.push(TypeInfo { func, plain, shared });
                    }
                }
                m.types = Some(s);
            }
            Payload::ImportSection(s) => {
                slot = Slot::Import;
                for imp in s.into_imports() {
                    let imp = imp?;
                    match imp.ty {
                        TypeRef::Func(t) | TypeRef::FuncExact(t) => {
                            m.func_types.push(t);
                            m.func_imports += 1;
                        }
                        TypeRef::Global(t) => {
                            m.global_imports += 1;
                            m.global_types.push(t);
                        }
                        TypeRef::Memory(t) => m.memory_types.push(t),
                        _ => {}
                    }
                    m.imports.push(Import { module: imp.module, name: imp.name, ty: imp.ty });
                }
            }
            Payload::FunctionSection(s) => {
                slot = Slot::Function;
                for t in s {
                    m.func_types.push(t?);
                }
            }
            Payload::TableSection(s) => {
                slot = Slot::Table;
                m.tables = Some(s);
            }
            Payload::MemorySection(s) => {
                slot = Slot::Memory;
                for t in s.clone() {
                    m.memory_types.push(t?);
                }
                m.memories = Some(s);
            }
            Payload::TagSection(s) => {
                slot = Slot::Tag;
                m.tags = Some(s);
            }
            Payload::GlobalSection(s) => {
                slot = Slot::Global;
                m.globals_defined = s.count();
                for g in s.clone() {
                    m.global_types.push(g?.ty);
                }
                m.globals = Some(s);
            }
            Payload::ExportSection(s) => {
                slot = Slot::Export;
                for e in s.clone() {
                    let e = e?;
                    m.exports.push(Export { name: e.name, kind: e.kind, index: e.index });
                }
                m.export_section = Some(s);
            }
            Payload::StartSection { func, .. } => {
                slot = Slot::Start;
                m.start = Some(func);
            }
            Payload::ElementSection(s) => {
                slot = Slot::Element;
                m.elements = Some(s);
            }
            Payload::DataCountSection { count, .. } => {
                slot = Slot::DataCount;
                m.data_count = Some(count);
            }
            Payload::CodeSectionStart { unchecked_range, .. } => {
                slot = Slot::Code;
                // The parser has read the whole section, so the range holds.
                let contents = unchecked_range.start as usize..unchecked_range.end as usize;
                let count_width = leb_width(&bytes[contents.start..]);
                m.code = Some(Code { contents, count_width });
            }
            Payload::CodeSectionEntry(body) => m.bodies.push(body),
            Payload::DataSection(s) => {
                slot = Slot::Data;
                m.data = Some(s);
            }
            Payload::CustomSection(c) => {
                if c.name() == "linking" || c.name().starts_with("reloc.") {
                    return Err(Error::InvalidInput(
                        "this is an object file (it has a `linking` section), not a linked module".into(),
                    ));
                }
                m.customs.push((slot, c));
            }
            _ => {}
        }
    }
    Ok(m)
}

/// The length of the unsigned LEB128 number at the start of `bytes`.
pub fn leb_width(bytes: &[u8]) -> usize {
    bytes.iter().position(|b| b & 0x80 == 0).map_or(bytes.len(), |i| i + 1)
}
