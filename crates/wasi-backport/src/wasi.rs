//! What the library knows of WASI 0.2: every function of the interfaces in
//! `wit/`, its core signature under the canonical ABI, and how to return the
//! interface's "unsupported" error from it. Also the parsing of import names,
//! both `wasi:pkg/iface@0.2.x` and the build-targets `cm32p2|…` form.
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use wasmparser::ValType;
use wit_parser::abi::{AbiVariant, WasmType};
use wit_parser::{Resolve, SizeAlign, Type, TypeDefKind};

/// The WIT packages, in dependency order.
const WIT: &[(&str, &str)] = &[
    ("io.wit", include_str!("../wit/io.wit")),
    ("clocks.wit", include_str!("../wit/clocks.wit")),
    ("random.wit", include_str!("../wit/random.wit")),
    ("cli.wit", include_str!("../wit/cli.wit")),
    ("filesystem.wit", include_str!("../wit/filesystem.wit")),
    ("sockets.wit", include_str!("../wit/sockets.wit")),
];

/// A core function type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CoreSig {
    pub params: Vec<ValType>,
    pub results: Vec<ValType>,
}

impl CoreSig {
    pub fn new(params: &[ValType], results: &[ValType]) -> CoreSig {
        CoreSig { params: params.to_vec(), results: results.to_vec() }
    }

    /// Reads the form `Display` writes, e.g. `(i32,i64)->(i32)` (number
    /// types only).
    ///
    /// ```
    /// use wasi_backport::wasi::CoreSig;
    /// let sig = CoreSig::parse("(i32,i64)->(i32)").unwrap();
    /// assert_eq!(sig.to_string(), "(i32,i64)->(i32)");
    /// assert!(CoreSig::parse("(i32)->(u8)").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<CoreSig> {
        let list = |s: &str| -> Option<Vec<ValType>> {
            let inner = s.strip_prefix('(')?.strip_suffix(')')?;
            if inner.is_empty() {
                return Some(Vec::new());
            }
            inner
                .split(',')
                .map(|t| match t {
                    "i32" => Some(ValType::I32),
                    "i64" => Some(ValType::I64),
                    "f32" => Some(ValType::F32),
                    "f64" => Some(ValType::F64),
                    _ => None,
                })
                .collect()
        };
        let (params, results) = text.split_once("->")?;
        Some(CoreSig { params: list(params)?, results: list(results)? })
    }
}

impl fmt::Display for CoreSig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |v: &[ValType]| v.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(",");
        write!(f, "({})->({})", list(&self.params), list(&self.results))
    }
}

/// How a function can report the interface's "unsupported" error: it returns
/// `result<_, error-code>` through a return pointer (the last parameter), so
/// the error is the byte `1` at the pointer and `case` at `offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorReturn {
    pub offset: u32,
    pub case: u32,
}

/// One WASI 0.2 function.
#[derive(Clone, Debug)]
pub struct Function {
    /// e.g. `wasi:io/streams`.
    pub interface: String,
    /// e.g. `[method]output-stream.write`.
    pub name: String,
    pub sig: CoreSig,
    /// Set where the function can return `unsupported`/`not-supported`.
    pub error_return: Option<ErrorReturn>,
}

impl Function {
    pub fn is_resource_drop(&self) -> bool {
        self.name.starts_with("[resource-drop]")
    }
}

/// Every function of the WASI 0.2 interfaces this crate knows.
pub struct Catalog {
    funcs: BTreeMap<(String, String), Function>,
}

impl Catalog {
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| Catalog::load().expect("the WIT bundled with wasi-backport parses"))
    }

    fn load() -> anyhow::Result<Catalog> {
        let mut resolve = Resolve::default();
        for (path, text) in WIT {
            resolve.push_source(path, text)?;
        }
        let mut sizes = SizeAlign::default();
        sizes.fill(&resolve)?;
        let mut funcs = BTreeMap::new();
        for (_, iface) in resolve.interfaces.iter() {
            let pkg = &resolve.packages[iface.package.expect("named interface")].name;
            let iname = format!("{}:{}/{}", pkg.namespace, pkg.name, iface.name.as_deref().unwrap_or(""));
            for (name, id) in &iface.types {
                if let TypeDefKind::Resource = resolve.types[*id].kind {
                    let f = Function {
                        interface: iname.clone(),
                        name: format!("[resource-drop]{name}"),
                        sig: CoreSig::new(&[ValType::I32], &[]),
                        error_return: None,
                    };
                    funcs.insert((iname.clone(), f.name.clone()), f);
                }
            }
            for (name, func) in &iface.functions {
                let abi = resolve.wasm_signature(AbiVariant::GuestImport, func);
                let core = |v: &[WasmType]| v.iter().map(|t| core_type(*t)).collect::<Vec<_>>();
                let sig = CoreSig::new(&core(&abi.params), &core(&abi.results));
                let error_return =
                    if abi.retptr { func.result.and_then(|t| error_return(&resolve, &sizes, &t)) } else { None };
                let f = Function { interface: iname.clone(), name: name.clone(), sig, error_return };
                funcs.insert((iname.clone(), name.clone()), f);
            }
        }
        Ok(Catalog { funcs })
    }

    pub fn function(&self, interface: &str, name: &str) -> Option<&Function> {
        self.funcs.get(&(interface.to_string(), name.to_string()))
    }

    pub fn has_interface(&self, interface: &str) -> bool {
        self.funcs.keys().any(|(i, _)| i == interface)
    }

    pub fn functions(&self) -> impl Iterator<Item = &Function> {
        self.funcs.values()
    }
}

fn core_type(t: WasmType) -> ValType {
    match t {
        WasmType::I32 | WasmType::Pointer | WasmType::Length => ValType::I32,
        WasmType::I64 | WasmType::PointerOrI64 => ValType::I64,
        WasmType::F32 => ValType::F32,
        WasmType::F64 => ValType::F64,
    }
}

/// For `result<T, E>` where `E` is an error-code enum with an `unsupported`
/// (filesystem) or `not-supported` (sockets) case: where that case goes.
fn error_return(resolve: &Resolve, sizes: &SizeAlign, ty: &Type) -> Option<ErrorReturn> {
    let Type::Id(id) = ty else { return None };
    let TypeDefKind::Result(r) = &resolve.types[*id].kind else { return None };
    let err = r.err?;
    let case = enum_case(resolve, &err, &["unsupported", "not-supported"])?;
    let offset = sizes.payload_offset(wit_parser::Int::U8, [r.ok.as_ref(), r.err.as_ref()]);
    Some(ErrorReturn { offset: offset.size_wasm32() as u32, case })
}

fn enum_case(resolve: &Resolve, ty: &Type, names: &[&str]) -> Option<u32> {
    let Type::Id(mut id) = *ty else { return None };
    loop {
        match &resolve.types[id].kind {
            TypeDefKind::Type(Type::Id(next)) => id = *next,
            TypeDefKind::Enum(e) => {
                return e.cases.iter().position(|c| names.contains(&c.name.as_str())).map(|i| i as u32)
            }
            _ => return None,
        }
    }
}

/// An import's module and field, read as a WASI function name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WasiName {
    /// A WASI 0.2 function: interface without version, function name in the
    /// WIT form (`[resource-drop]x` even where the import said `x_drop`).
    V02 { interface: String, function: String, version: String },
    /// A `wasi:` import of another major/minor version (0.1 is not named this
    /// way; 0.3 and later are out of scope).
    OtherVersion { interface: String, version: String },
    /// `wasi_snapshot_preview1`.
    Preview1,
    /// Not WASI.
    NotWasi,
}

pub const PREVIEW1: &str = "wasi_snapshot_preview1";

impl WasiName {
    pub fn parse(module: &str, field: &str) -> WasiName {
        if module == PREVIEW1 {
            return WasiName::Preview1;
        }
        let (module, field, cm32) = match module.strip_prefix("cm32p2|") {
            Some(rest) => (rest, cm32_field(field), true),
            None => (module, field.to_string(), false),
        };
        if !module.starts_with("wasi:") {
            return WasiName::NotWasi;
        }
        let (interface, version) = match module.split_once('@') {
            Some((i, v)) => (i.to_string(), v.to_string()),
            None => (module.to_string(), String::new()),
        };
        let is_02 = if cm32 {
            version == "0.2"
        } else {
            version.strip_prefix("0.2.").is_some_and(|patch| {
                !patch.is_empty() && patch.split(['-', '+']).next().unwrap().parse::<u32>().is_ok()
            })
        };
        if is_02 {
            WasiName::V02 { interface, function: field, version }
        } else {
            WasiName::OtherVersion { interface, version }
        }
    }
}

/// The build-targets document names a resource drop `r_drop`; WIT says
/// `[resource-drop]r`. Other names are the same in both.
fn cm32_field(field: &str) -> String {
    match field.strip_suffix("_drop") {
        Some(r) if !r.starts_with('[') => format!("[resource-drop]{r}"),
        _ => field.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_versioned_and_cm32p2_names() {
        assert_eq!(
            WasiName::parse("wasi:io/streams@0.2.4", "[resource-drop]input-stream"),
            WasiName::V02 {
                interface: "wasi:io/streams".into(),
                function: "[resource-drop]input-stream".into(),
                version: "0.2.4".into()
            }
        );
        assert_eq!(
            WasiName::parse("cm32p2|wasi:io/streams@0.2", "input-stream_drop"),
            WasiName::V02 {
                interface: "wasi:io/streams".into(),
                function: "[resource-drop]input-stream".into(),
                version: "0.2".into()
            }
        );
        assert!(matches!(WasiName::parse("wasi:io/streams@0.3.0", "x"), WasiName::OtherVersion { .. }));
        assert!(matches!(WasiName::parse("wasi:io/streams", "x"), WasiName::OtherVersion { .. }));
        assert_eq!(WasiName::parse("wasi_snapshot_preview1", "fd_write"), WasiName::Preview1);
        assert_eq!(WasiName::parse("env", "f"), WasiName::NotWasi);
    }

    #[test]
    fn computes_signatures_and_error_returns() {
        let c = Catalog::get();
        let f = c.function("wasi:filesystem/types", "[method]descriptor.open-at").unwrap();
        assert_eq!(f.sig.to_string(), "(i32,i32,i32,i32,i32,i32,i32)->()");
        assert_eq!(f.error_return, Some(ErrorReturn { offset: 4, case: 27 }));
        let f = c.function("wasi:filesystem/types", "[method]descriptor.stat").unwrap();
        assert_eq!(f.error_return, Some(ErrorReturn { offset: 8, case: 27 }));
        let f = c.function("wasi:sockets/tcp", "[method]tcp-socket.start-bind").unwrap();
        assert_eq!(f.sig.params.len(), 15);
        assert_eq!(f.error_return, Some(ErrorReturn { offset: 1, case: 2 }));
        let f = c.function("wasi:io/streams", "[method]input-stream.read").unwrap();
        assert_eq!(f.sig.to_string(), "(i32,i64,i32)->()");
        assert_eq!(f.error_return, None);
        assert!(c.function("wasi:cli/terminal-input", "[resource-drop]terminal-input").is_some());
    }
}
