//! wasi-backport: rewrite a WASIp2 core module so that it imports only
//! `wasi_snapshot_preview1`, and check that a module does.
//!
//! The pipeline is read → classify → merge → check. [`adapt`] takes a core
//! module (or the component `cargo build --target wasm32-wasip2` makes),
//! sorts its imports (WASIp2 functions are replaced by the built-in
//! adapter, preview1 ones pass through), links in the adapter functions the
//! module reaches, and gates the result. [`check()`] is the gate on its own,
//! against a runtime [`Profile`]; [`Lock`] records an import table so that
//! drift can be caught; [`classify_imports`] and [`coverage`] explain.
//!
//! Everything works on bytes and returns typed errors; the library prints
//! nothing and touches no files.
//!
//! ```
//! use wasi_backport::{adapt, check, classify_imports, Class, Lock, Options, Profile};
//!
//! // A WASIp2 program in miniature: it writes to stdout through
//! // wasi:cli/stdout and wasi:io/streams, as Rust's std does.
//! let program = wat::parse_str(r#"(module
//!   (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $stdout (result i32)))
//!   (import "wasi:io/streams@0.2.4" "[method]output-stream.blocking-write-and-flush"
//!     (func $write (param i32 i32 i32 i32)))
//!   (memory (export "memory") 1)
//!   (global $__stack_pointer (mut i32) (i32.const 65536))
//!   (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
//!   (func (export "wasi:cli/run@0.2.0#run") (result i32)
//!     (call $write (call $stdout) (i32.const 0) (i32.const 3) (i32.const 64))
//!     (i32.const 0))
//!   (data (i32.const 0) "hi\n"))"#)?;
//!
//! // What will happen to each import.
//! let classes = classify_imports(&program, &Options::default())?;
//! assert!(classes.iter().all(|c| matches!(c.class, Class::Adapted { .. })));
//!
//! // Adapt, then gate the result for WAMR.
//! let adapted = adapt(&program, &Options::default())?;
//! let wamr = Profile::builtin("wamr").expect("a built-in profile");
//! assert_eq!(check(&adapted.wasm, &wamr)?, vec![]);
//!
//! // The lock a CI job would commit, and the drift it would report.
//! let lock = Lock::of(&adapted.wasm)?;
//! assert!(lock.to_string().contains("import wasi_snapshot_preview1 fd_write"));
//! assert!(lock.drift(&Lock::of(&adapted.wasm)?).is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Errors say what is wrong in terms a caller can act on:
//!
//! ```
//! use wasi_backport::{adapt, Error, Options};
//!
//! let sockets = wat::parse_str(r#"(module
//!   (import "wasi:sockets/tcp-create-socket@0.2.0" "create-tcp-socket" (func (param i32 i32)))
//!   (memory (export "memory") 1))"#)?;
//! match adapt(&sockets, &Options::default()) {
//!     Err(Error::Refused(refusals)) => {
//!         assert_eq!(refusals[0].name, "create-tcp-socket");
//!         assert!(refusals[0].reason.contains("sockets"));
//!     }
//!     other => panic!("expected a refusal, got {other:?}"),
//! }
//! assert!(matches!(adapt(b"not wasm", &Options::default()), Err(Error::InvalidInput(_))));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
use std::collections::BTreeSet;

pub mod adapter;
pub mod check;
mod classify;
mod error;
mod merge;
mod padded;
mod read;
pub mod wasi;
mod write;

pub use check::lock::{Drift, Entry, Lock};
pub use check::{check, Profile, Violation, Why};
pub use classify::{Class, Classified};
pub use error::{Error, Refusal, Result};
pub use write::Output;

#[doc(hidden)]
pub use padded::pad_function_indices;

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
    /// The runtime the output is for (default: [`Profile::default`], the
    /// witx set with any wasm feature). Preview1 imports of the input pass
    /// through only if this runtime provides them (so functions of a
    /// runtime extension it lists, such as WAMR's `sock_*`, pass through,
    /// and witx functions it lacks are refused, naming their callers), and
    /// the output is gated against it: [`Error::NotOnRuntime`] names what
    /// the adapted module needs that the runtime lacks.
    ///
    /// ```
    /// use wasi_backport::{adapt, Error, Options, Profile};
    /// let program = wat::parse_str(r#"(module
    ///   (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32)))
    ///   (memory (export "memory") 1)
    ///   (global $__stack_pointer (mut i32) (i32.const 65536))
    ///   (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
    ///   (func (export "wasi:cli/run@0.2.0#run") (result i32) (call $exit (i32.const 0)) (i32.const 0)))"#)?;
    /// let wamr = Options { runtime: Profile::builtin("wamr").unwrap(), ..Default::default() };
    /// adapt(&program, &wamr)?;
    /// // A runtime with no preview1 function cannot run the adapter's proc_exit.
    /// let bare = Options { runtime: Profile::parse("name bare\n")?, ..Default::default() };
    /// match adapt(&program, &bare) {
    ///     Err(Error::NotOnRuntime { runtime, violations }) => {
    ///         assert_eq!(runtime, "bare");
    ///         assert!(violations[0].to_string().starts_with("wasi_snapshot_preview1::proc_exit"));
    ///     }
    ///     other => panic!("expected the runtime gate to refuse, got {other:?}"),
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub runtime: Profile,
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

/// An adapted module that borrows the input's unchanged parts (its code,
/// debug info and other custom sections): what [`adapt_parts`] returns, to
/// write out without holding a second copy of the input.
#[derive(Clone, Debug)]
pub struct AdaptedParts<'a> {
    pub output: Output<'a>,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
}

/// Rewrites the core module `wasm` so that it imports only preview1.
pub fn adapt(wasm: &[u8], options: &Options) -> Result<Adapted> {
    adapt_with_adapter(wasm, adapter::WASM, options)
}

/// [`adapt`], with the output as parts of which the unchanged ones borrow
/// from `wasm`; [`Output::write_to`] writes them out.
///
/// ```
/// use wasi_backport::{adapt, adapt_parts, Options};
/// let program = wat::parse_str(r#"(module
///   (import "wasi:cli/exit@0.2.0" "exit" (func $exit (param i32)))
///   (memory (export "memory") 1)
///   (global $__stack_pointer (mut i32) (i32.const 65536))
///   (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
///   (func (export "wasi:cli/run@0.2.0#run") (result i32) (call $exit (i32.const 0)) (i32.const 0)))"#)?;
/// let parts = adapt_parts(&program, &Options::default())?;
/// let mut file = Vec::new();
/// parts.output.write_to(&mut file)?;
/// assert_eq!(file, adapt(&program, &Options::default())?.wasm);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn adapt_parts<'a>(wasm: &'a [u8], options: &Options) -> Result<AdaptedParts<'a>> {
    adapt_parts_with_adapter(wasm, adapter::WASM, options)
}

/// [`adapt`] with another build of the adapter (as `adapter-build --out`
/// writes one): for measuring adapter variants side by side.
#[doc(hidden)]
pub fn adapt_with_adapter(wasm: &[u8], adapter_wasm: &[u8], options: &Options) -> Result<Adapted> {
    let parts = adapt_parts_with_adapter(wasm, adapter_wasm, options)?;
    Ok(Adapted { wasm: parts.output.to_vec(), warnings: parts.warnings, notes: parts.notes })
}

fn adapt_parts_with_adapter<'a>(wasm: &'a [u8], adapter_wasm: &[u8], options: &Options) -> Result<AdaptedParts<'a>> {
    let (wasm, note) = read::input(wasm)?;
    let module = read::module(wasm)?;
    let adapter = adapter::Adapter::parse(adapter_wasm)?;
    let classes = classify::classify(&module, &adapter, &options.allow_imports, &options.runtime);
    let merged = merge::merge(&module, &adapter, &classes, options)?;
    // The merge validated its output; the gate reads the import list the
    // merge wrote. What the runtime lacks (the adapter's own imports, or
    // features) is the user's to know; anything else would be a bug.
    let (mut lacking, mut refused) = (Vec::new(), Vec::new());
    for (module, name, sig) in merged.imports.iter().filter(|(module, ..)| !options.allow_imports.contains(module)) {
        if let Some(why) = check::import(module, name, sig.as_ref(), Some(&options.runtime)) {
            let signature = sig.as_ref().map_or_else(|| "(not a function)".to_string(), |s| s.to_string());
            let on_runtime = matches!(why, Why::NotOnRuntime { .. } | Why::ExtensionNotOnRuntime { .. });
            let v = Violation::Import { module: module.clone(), name: name.clone(), signature, why };
            if on_runtime {
                lacking.push(v)
            } else {
                refused.push(v.to_string())
            }
        }
    }
    if !refused.is_empty() {
        return Err(Error::Internal(format!("output fails the preview1 gate: {}", refused.join("; "))));
    }
    if options.runtime.limits_features() {
        lacking.extend(check::feature_violations(&merged.output.to_vec(), &options.runtime));
    }
    if !lacking.is_empty() {
        return Err(Error::NotOnRuntime { runtime: options.runtime.name().to_string(), violations: lacking });
    }
    Ok(AdaptedParts { output: merged.output, warnings: merged.warnings, notes: note.into_iter().collect() })
}

/// Every WASI 0.2 function with how faithfully the built-in adapter
/// implements it on preview1.
///
/// ```
/// use wasi_backport::adapter::coverage::Fidelity;
/// let list = wasi_backport::coverage()?;
/// let write = list.iter().find(|c| c.function == "[method]output-stream.blocking-write-and-flush").unwrap();
/// assert_eq!(write.fidelity, Fidelity::Exact);
/// assert!(list.iter().any(|c| c.interface == "wasi:sockets/tcp" && c.fidelity == Fidelity::Unsupported));
/// # Ok::<(), wasi_backport::Error>(())
/// ```
pub fn coverage() -> Result<Vec<adapter::coverage::Coverage>> {
    coverage_for(&Profile::default())
}

/// [`coverage`] for programs adapted for `runtime` (as with
/// [`Options::runtime`]): `wasi:sockets` is implemented where the runtime
/// has WAMR's socket extension, and unsupported elsewhere.
///
/// ```
/// use wasi_backport::adapter::coverage::Fidelity;
/// use wasi_backport::{coverage_for, Profile};
/// let on = |rt: &str| {
///     let list = coverage_for(&Profile::builtin(rt).unwrap()).unwrap();
///     list.into_iter().find(|c| c.function == "[method]tcp-socket.start-connect").unwrap().fidelity
/// };
/// assert_eq!(on("wasmtime"), Fidelity::Unsupported);
/// assert_ne!(on("wamr"), Fidelity::Unsupported);
/// ```
pub fn coverage_for(runtime: &Profile) -> Result<Vec<adapter::coverage::Coverage>> {
    let mut list = adapter::coverage::coverage(adapter::WASM)?;
    let adapter = adapter::Adapter::parse(adapter::WASM)?;
    if !classify::extensions_on(&adapter, runtime) {
        for c in list.iter_mut().filter(|c| c.interface.starts_with("wasi:sockets/")) {
            c.fidelity = adapter::coverage::Fidelity::Unsupported;
            c.note = classify::unsupported_reason(&c.interface).to_string();
        }
    }
    Ok(list)
}

/// Every import of the core module `wasm` (or of the main module of a
/// component cargo made), with what [`adapt`] would do with it.
pub fn classify_imports(wasm: &[u8], options: &Options) -> Result<Vec<Classified>> {
    let (wasm, _) = read::input(wasm)?;
    let module = read::module(wasm)?;
    let adapter = adapter::Adapter::parse(adapter::WASM)?;
    Ok(classify::classify(&module, &adapter, &options.allow_imports, &options.runtime))
}
