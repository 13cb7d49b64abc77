//! The gate: a module may import only preview1 functions, each with its
//! exact witx signature, and, against a runtime [`Profile`], only the
//! functions and wasm features that runtime provides. A runtime's profile
//! may add functions of a runtime extension (WAMR's sockets, see
//! [`extension`]) to the preview1 namespace, each with its exact signature.
use std::fmt;

use crate::error::Result;
use crate::read;
use crate::wasi::{CoreSig, PREVIEW1};

pub mod extension;
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
    /// A function of a runtime extension (not in the witx), such as WAMR's
    /// `sock_open`, that the profile's runtime does not provide.
    ExtensionNotOnRuntime { extension: &'static str, runtime: String },
    /// A function of a runtime extension with a signature other than the
    /// extension's.
    WrongExtensionSignature { extension: &'static str, expected: String },
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
            Why::NotOnRuntime { .. } | Why::ExtensionNotOnRuntime { .. } => "not-on-runtime",
            Why::WrongExtensionSignature { .. } => "wrong-signature",
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

impl Why {
    /// Why, in words, for an import of core signature (or kind) `signature`.
    pub fn reason(&self, signature: &str) -> String {
        match self {
            Why::NotPreview1 => "not a wasi_snapshot_preview1 import".into(),
            Why::NotAFunction => format!("a {signature} import; preview1 hosts provide only functions"),
            Why::UnknownFunction => "not a preview1 function".into(),
            Why::WrongSignature { expected } => format!("wrong signature: preview1 defines {expected}"),
            Why::NotOnRuntime { runtime } => format!("not supported by the chosen runtime ({runtime})"),
            Why::ExtensionNotOnRuntime { extension, runtime } => format!(
                "not preview1 but a function of {}; not supported by the chosen runtime ({runtime})",
                extension_about(extension)
            ),
            Why::WrongExtensionSignature { extension, expected } => {
                format!("wrong signature: {} defines {expected}", extension_about(extension))
            }
            Why::SharedFunction => {
                "a shared function type (shared-everything threads); preview1 functions are not shared".into()
            }
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::Import { module, name, signature, why } => {
                write!(f, "{module}::{name} {signature}: {}", why.reason(signature))
            }
            Violation::Feature { feature, runtime } => {
                write!(f, "feature {feature}: not supported by the chosen runtime ({runtime})")
            }
        }
    }
}

fn extension_about(name: &str) -> &'static str {
    extension::ALL.iter().find(|e| e.name == name).map_or("a runtime extension", |e| e.about)
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
    out.extend(feature_violations(bytes, profile));
    Ok(out)
}

/// The wasm features the valid module `bytes` uses that `profile`'s
/// runtime lacks.
pub(crate) fn feature_violations(bytes: &[u8], profile: &Profile) -> Vec<Violation> {
    if !profile.limits_features() || features::within(bytes, |f| profile.has_feature(f)) {
        return Vec::new();
    }
    let runtime = profile.name().to_string();
    features::used(bytes)
        .into_iter()
        .filter(|f| !profile.has_feature(f))
        .map(|feature| Violation::Feature { feature, runtime: runtime.clone() })
        .collect()
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
            why.map(|why| Violation::Import { module: imp.module.into(), name: imp.name.into(), signature, why })
        })
        .collect()
}

/// Why the gate refuses one import (`sig` is `None` for one that is not a
/// function), if it does. Without a profile: against the witx set.
pub(crate) fn import(module: &str, name: &str, sig: Option<&CoreSig>, profile: Option<&Profile>) -> Option<Why> {
    let runtime = || profile.map_or("preview1", |p| p.name()).to_string();
    let provided = profile.is_none_or(|p| p.has_function(name));
    match (module == PREVIEW1, sig) {
        (_, None) => Some(Why::NotAFunction),
        (false, Some(_)) => Some(Why::NotPreview1),
        (true, Some(sig)) => match (preview1::signature(name), extension::find(name)) {
            (Some(want), _) if &want != sig => Some(Why::WrongSignature { expected: want.to_string() }),
            (Some(_), _) if !provided => Some(Why::NotOnRuntime { runtime: runtime() }),
            (Some(_), _) => None,
            (None, Some((ext, want))) if &want != sig => {
                Some(Why::WrongExtensionSignature { extension: ext.name, expected: want.to_string() })
            }
            (None, Some((ext, _))) if profile.is_none() || !provided => {
                Some(Why::ExtensionNotOnRuntime { extension: ext.name, runtime: runtime() })
            }
            (None, Some(_)) => None,
            (None, None) => Some(Why::UnknownFunction),
        },
    }
}
