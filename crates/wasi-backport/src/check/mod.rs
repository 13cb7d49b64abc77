//! The gate: a module may import only preview1 functions, each with its
//! exact witx signature, and, against a runtime [`Profile`], only the
//! functions and wasm features that runtime provides.
use std::fmt;

use crate::error::Result;
use crate::read;
use crate::wasi::{CoreSig, PREVIEW1};

pub mod features;
pub mod lock;
pub mod preview1;
pub mod profile;

pub use profile::Profile;

/// Why an import is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Why {
    /// Its module is not `wasi_snapshot_preview1`.
    NotPreview1,
    /// A memory, table, global or tag: preview1 hosts provide functions only.
    NotAFunction,
    /// No preview1 function has this name.
    UnknownFunction,
    /// The witx signature differs.
    WrongSignature { expected: String },
    /// A preview1 function the profile's runtime does not provide.
    NotOnRuntime { runtime: String },
    /// A function import of a `shared` type (shared-everything threads):
    /// preview1 functions are not shared.
    SharedFunction,
}

impl Why {
    /// A stable kebab-case name, for machine-readable output.
    pub fn code(&self) -> &'static str {
        match self {
            Why::NotPreview1 => "not-preview1",
            Why::NotAFunction => "not-a-function",
            Why::UnknownFunction => "unknown-function",
            Why::WrongSignature { .. } => "wrong-signature",
            Why::NotOnRuntime { .. } => "not-on-runtime",
            Why::SharedFunction => "shared-function",
        }
    }
}

/// One thing the gate refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Violation {
    Import {
        module: String,
        name: String,
        /// Core signature, e.g. `(i32,i32)->(i32)`, or the import's kind
        /// (`memory`, `table`, …) for non-functions.
        signature: String,
        why: Why,
    },
    /// The module uses a wasm feature the profile's runtime lacks.
    Feature { feature: &'static str, runtime: String },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::Import { module, name, signature, why } => {
                write!(f, "{module}::{name} {signature}: ")?;
                match why {
                    Why::NotPreview1 => write!(f, "not a wasi_snapshot_preview1 import"),
                    Why::NotAFunction => write!(f, "a {signature} import; preview1 hosts provide only functions"),
                    Why::UnknownFunction => write!(f, "not a preview1 function"),
                    Why::WrongSignature { expected } => write!(f, "wrong signature: preview1 defines {expected}"),
                    Why::NotOnRuntime { runtime } => write!(f, "not supported by the chosen runtime ({runtime})"),
                    Why::SharedFunction => {
                        write!(f, "a shared function type (shared-everything threads); preview1 functions are not shared")
                    }
                }
            }
            Violation::Feature { feature, runtime } => {
                write!(f, "feature {feature}: not supported by the chosen runtime ({runtime})")
            }
        }
    }
}

/// Everything in the core module `bytes` that `profile` refuses: imports
/// that are not preview1 functions with their witx signatures or that the
/// runtime lacks, then wasm features the runtime lacks. Errors only when
/// `bytes` is not a valid core module.
///
/// ```
/// use wasi_backport::{check, Profile, Violation};
/// let wasm = wat::parse_str(r#"(module
///     (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
///     (import "wasi:cli/stdout@0.2.0" "get-stdout" (func (result i32))))"#)?;
/// let violations = check(&wasm, &Profile::default())?;
/// assert_eq!(violations.len(), 1);
/// assert!(matches!(&violations[0], Violation::Import { name, .. } if name == "get-stdout"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check(bytes: &[u8], profile: &Profile) -> Result<Vec<Violation>> {
    let module = read::module(bytes)?;
    let mut out = imports(&module, Some(profile));
    if profile.limits_features() {
        for feature in features::used(bytes) {
            if !profile.has_feature(feature) {
                out.push(Violation::Feature { feature, runtime: profile.name().to_string() });
            }
        }
    }
    Ok(out)
}

/// The import part of the gate on a module already read; without a profile,
/// against the witx set.
pub(crate) fn imports(m: &read::Module<'_>, profile: Option<&Profile>) -> Vec<Violation> {
    m.imports
        .iter()
        .filter_map(|imp| {
            let (signature, sig) = imp.signature(m);
            let why = match imp.is_shared(m) {
                true => Some(Why::SharedFunction),
                false => import(imp.module, imp.name, sig.as_ref(), profile),
            };
            why.map(|why| Violation::Import {
                module: imp.module.into(),
                name: imp.name.into(),
                signature,
                why,
            })
        })
        .collect()
}

/// Why the gate refuses one import (`sig` is `None` for one that is not a
/// function), if it does.
pub(crate) fn import(module: &str, name: &str, sig: Option<&CoreSig>, profile: Option<&Profile>) -> Option<Why> {
    match (module == PREVIEW1, sig) {
        (_, None) => Some(Why::NotAFunction),
        (false, Some(_)) => Some(Why::NotPreview1),
        (true, Some(sig)) => match preview1::signature(name) {
            None => Some(Why::UnknownFunction),
            Some(want) if &want != sig => Some(Why::WrongSignature { expected: want.to_string() }),
            Some(_) => match profile {
                Some(p) if !p.has_function(name) => Some(Why::NotOnRuntime { runtime: p.name().to_string() }),
                _ => None,
            },
        },
    }
}
