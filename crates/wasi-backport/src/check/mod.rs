//! The gate: a module may import only preview1 functions, each with its
//! exact witx signature.
use crate::error::Result;
use crate::read;
use crate::wasi::PREVIEW1;

pub mod preview1;

/// One import the gate refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub module: String,
    pub name: String,
    /// Core signature, or the import's kind for non-functions.
    pub signature: String,
    pub reason: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}::{} {}: {}", self.module, self.name, self.signature, self.reason)
    }
}

/// Every import of `bytes` that is not a preview1 function with its witx
/// signature. Errors only when `bytes` is not a valid core module.
pub fn check(bytes: &[u8]) -> Result<Vec<Violation>> {
    Ok(violations(&read::module(bytes)?))
}

/// The gate on a module already read and validated.
pub(crate) fn violations(m: &read::Module<'_>) -> Vec<Violation> {
    let mut out = Vec::new();
    for imp in &m.imports {
        let (signature, sig) = imp.signature(m);
        let reason = match (imp.module == PREVIEW1, sig) {
            (_, None) => Some(format!("a {signature} import; preview1 hosts provide only functions")),
            (false, Some(_)) => Some("not a wasi_snapshot_preview1 import".to_string()),
            (true, Some(sig)) => match preview1::signature(imp.name) {
                None => Some("not a preview1 function".to_string()),
                Some(want) if want != sig => Some(format!("wrong signature: preview1 defines {want}")),
                Some(_) => None,
            },
        };
        if let Some(reason) = reason {
            out.push(Violation { module: imp.module.into(), name: imp.name.into(), signature, reason });
        }
    }
    out
}
