//! wasi-backport: rewrite a WASIp2 core module so that it imports only
//! `wasi_snapshot_preview1`, and check that a module does.
//!
//! The pipeline is read → classify → merge → check:
//! [`adapt`] validates the input, sorts its imports (WASIp2 functions are
//! replaced by the built-in adapter, preview1 ones pass through), links in
//! the adapter functions the module reaches, and runs the [`check`] gate on
//! the result before returning it.
//!
//! ```no_run
//! let input = std::fs::read("app.wasm")?;
//! let out = wasi_backport::adapt(&input, &wasi_backport::Options::default())?;
//! assert!(wasi_backport::check(&out.wasm)?.is_empty());
//! std::fs::write("app.p1.wasm", &out.wasm)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
use std::collections::BTreeSet;

pub mod adapter;
pub mod check;
mod classify;
mod error;
mod merge;
mod read;
pub mod wasi;

pub use check::lock::{Drift, Entry, Lock};
pub use check::{check, Profile, Violation, Why};
pub use classify::{Class, Classified};
pub use error::{Error, Refusal, Result};

/// What to do with a WASIp2 function preview1 cannot provide.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unsupported {
    /// Refuse to adapt, naming each such import and its callers.
    #[default]
    Fail,
    /// Adapt; the function traps if it is ever called.
    Trap,
    /// Adapt; the function returns its interface's `unsupported` /
    /// `not-supported` error where it has one (resource drops do nothing;
    /// anything else traps, with a warning).
    ErrorResult,
}

/// Options for [`adapt`].
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub unsupported: Unsupported,
    /// Import modules that are neither WASIp2 nor preview1 and are kept as
    /// they are (the host must provide them).
    pub allow_imports: BTreeSet<String>,
}

/// An adapted module.
#[derive(Clone, Debug)]
pub struct Adapted {
    pub wasm: Vec<u8>,
    /// Things the user should know, such as DWARF that was removed.
    pub warnings: Vec<String>,
    /// What was done besides adapting, such as taking the main module out
    /// of a component.
    pub notes: Vec<String>,
}

/// Rewrites the core module `wasm` so that it imports only preview1.
pub fn adapt(wasm: &[u8], options: &Options) -> Result<Adapted> {
    adapt_with_adapter(wasm, adapter::WASM, options)
}

/// [`adapt`] with another build of the adapter (as `adapter-build --out`
/// writes one): for measuring adapter variants side by side.
#[doc(hidden)]
pub fn adapt_with_adapter(wasm: &[u8], adapter_wasm: &[u8], options: &Options) -> Result<Adapted> {
    let (wasm, note) = read::input(wasm)?;
    let module = read::module(wasm)?;
    let adapter = adapter::Adapter::parse(adapter_wasm)?;
    let classes = classify::classify(&module, &adapter, &options.allow_imports);
    let merged = merge::merge(&module, &adapter, &classes, options)?;
    // The merge validated its output; the gate only reads the imports.
    let violations = check::imports(&read::index(&merged.wasm)?, None);
    let allowed: Vec<_> = violations
        .iter()
        .filter(|v| !matches!(v, Violation::Import { module, .. } if options.allow_imports.contains(module)))
        .collect();
    if !allowed.is_empty() {
        let list: Vec<_> = allowed.iter().map(|v| v.to_string()).collect();
        return Err(Error::Internal(format!("output fails the preview1 gate: {}", list.join("; "))));
    }
    Ok(Adapted { wasm: merged.wasm, warnings: merged.warnings, notes: note.into_iter().collect() })
}

/// Every import of the core module `wasm` (or of the main module of a
/// component cargo made), with what [`adapt`] would do with it.
pub fn classify_imports(wasm: &[u8], options: &Options) -> Result<Vec<Classified>> {
    let (wasm, _) = read::input(wasm)?;
    let module = read::module(wasm)?;
    let adapter = adapter::Adapter::parse(adapter::WASM)?;
    Ok(classify::classify(&module, &adapter, &options.allow_imports))
}
