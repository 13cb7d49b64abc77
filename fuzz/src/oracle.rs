//! What must hold of every input, under every option set in [`option_sets`]:
//!
//! - no call into the library panics, and none returns `Error::Internal`
//!   (`adapt`, `adapt_parts`, `check`, `classify_imports`, `Lock::of`);
//! - `classify_imports` and `adapt` agree: an input `adapt` finds invalid
//!   is invalid to `classify_imports`; one with a refused import (or an
//!   unsupported one under the fail policy) is refused by `adapt`, and an
//!   input `adapt` refuses has such an import;
//! - every output
//!   - validates with the features the input validates with and the
//!     adapter's, and no more: the merge adds no feature;
//!   - keeps the program's exports (adding `_start` at most) and its
//!     custom sections but `component-type*`, `name` (remapped) and DWARF;
//!   - passes the gate of the runtime it was adapted for (preview1, or
//!     WAMR's profile): `check(out, runtime)` finds nothing but imports
//!     from allowed modules;
//!   - is a fixpoint: `adapt(out)` with the same options succeeds and gives
//!     `out` again, byte for byte (every import of `out` classifies as
//!     preview1 or allowed; nothing is left to adapt, `_start` is there
//!     already, and the adapter's types are found among `out`'s);
//!   - is deterministic: adapting the input again, and writing
//!     `adapt_parts`' output, give the same bytes;
//! - the import lock of the input and of the first output round-trips
//!   through its text (`Lock::parse(lock.to_string()) == lock`).
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Once, OnceLock};

use wasi_backport::check::features;
use wasi_backport::{
    adapt, adapt_parts, check, classify_imports, Class, Error, Lock, Options, Profile, Unsupported, Violation,
};
use wasmparser::{Validator, WasmFeatures as F};

/// One option set's run: its name, its classification, and its output or
/// why it had none.
type Seen<'a> = (&'a str, String, Result<Vec<u8>, &'static str>);

/// A property that did not hold, with what was seen.
#[derive(Clone, Debug)]
pub struct Finding {
    pub kind: &'static str,
    pub detail: String,
}

impl Finding {
    fn new(kind: &'static str, detail: impl Into<String>) -> Finding {
        Finding { kind, detail: detail.into() }
    }

    /// What makes two findings the same bug, roughly: the kind and the
    /// message without numbers (offsets, indices) or quoted names.
    pub fn key(&self) -> String {
        let mut key = String::from(self.kind);
        key.push(':');
        let mut quoted = false;
        for c in self.detail.chars().take(160) {
            match c {
                '`' => quoted = !quoted,
                _ if quoted => {}
                '0'..='9' => {
                    if !key.ends_with('#') {
                        key.push('#')
                    }
                }
                c => key.push(c),
            }
        }
        key
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind, self.detail)
    }
}

/// What the options made of one input.
#[derive(Clone, Copy, Debug, Default)]
pub struct Outcome {
    pub adapted: u64,
    pub invalid: u64,
    pub refused: u64,
    pub incompatible: u64,
}

impl std::ops::AddAssign for Outcome {
    fn add_assign(&mut self, o: Outcome) {
        self.adapted += o.adapted;
        self.invalid += o.invalid;
        self.refused += o.refused;
        self.incompatible += o.incompatible;
    }
}

/// The option sets every input is adapted under: each unsupported policy,
/// with and without allowed modules, and for WAMR (whose socket extension
/// the adapter's `wasi:sockets` uses; its features are limited).
pub fn option_sets() -> Vec<(&'static str, Options)> {
    let allow = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    let with = |unsupported, allow_imports| Options { unsupported, allow_imports, ..Options::default() };
    vec![
        ("fail", with(Unsupported::Fail, BTreeSet::new())),
        ("trap+allow", with(Unsupported::Trap, allow(crate::pools::ALLOWED))),
        ("error-result", with(Unsupported::ErrorResult, BTreeSet::new())),
        ("error-result+allow", with(Unsupported::ErrorResult, allow(&["env", "host", "wasi_snapshot_preview1"]))),
        (
            "wamr",
            Options {
                unsupported: Unsupported::ErrorResult,
                runtime: Profile::builtin("wamr").expect("built-in profile"),
                ..Options::default()
            },
        ),
    ]
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Panics are findings, reported with their message and location; the
/// default hook would print each one.
pub fn quiet_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name().is_some_and(|n| n.starts_with("wb-fuzz")) {
                let msg = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{msg}{at}")));
            } else {
                default(info)
            }
        }));
    });
}

fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, Finding> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let msg = LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or_else(|| {
            payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default()
        });
        Finding::new("panic", format!("{what} panicked: {msg}"))
    })
}

fn no_internal<T>(what: &str, r: wasi_backport::Result<T>) -> Result<wasi_backport::Result<T>, Finding> {
    match r {
        Err(Error::Internal(m)) => Err(Finding::new("internal", format!("{what} returned Internal: {m}"))),
        r => Ok(r),
    }
}

/// The validator bits of each feature name `features::used` reports
/// (as `check::features` defines them).
fn bits(name: &str) -> F {
    match name {
        "mutable-global" => F::MUTABLE_GLOBAL,
        "saturating-float-to-int" => F::SATURATING_FLOAT_TO_INT,
        "sign-extension" => F::SIGN_EXTENSION,
        "multi-value" => F::MULTI_VALUE,
        "reference-types" | "call-indirect-overlong" => F::REFERENCE_TYPES,
        "bulk-memory" | "bulk-memory-opt" => F::BULK_MEMORY,
        "simd" => F::SIMD,
        "relaxed-simd" => F::RELAXED_SIMD,
        "threads" => F::THREADS,
        "shared-everything-threads" => F::SHARED_EVERYTHING_THREADS,
        "tail-call" => F::TAIL_CALL,
        "multi-memory" => F::MULTI_MEMORY,
        "exceptions" => F::EXCEPTIONS,
        "legacy-exceptions" => F::LEGACY_EXCEPTIONS,
        "memory64" => F::MEMORY64,
        "extended-const" => F::EXTENDED_CONST,
        "function-references" => F::FUNCTION_REFERENCES,
        "gc" => F::GC,
        "custom-page-sizes" => F::CUSTOM_PAGE_SIZES,
        "wide-arithmetic" => F::WIDE_ARITHMETIC,
        "stack-switching" => F::STACK_SWITCHING,
        _ => F::all(),
    }
}

const TRACKED: &[&str] = &features::NAMES;

/// Every feature but the tracked ones: what any module may use.
fn untracked() -> F {
    TRACKED.iter().fold(F::all(), |f, n| f.difference(bits(n)))
}

fn features_of(wasm: &[u8]) -> F {
    features::used(wasm).iter().fold(untracked(), |f, n| f | bits(n))
}

/// The features of the adapter, which the output may use besides the input's.
fn adapter_features() -> F {
    static A: OnceLock<F> = OnceLock::new();
    *A.get_or_init(|| features_of(wasi_backport::adapter::WASM))
}

fn validates(wasm: &[u8], f: F) -> bool {
    Validator::new_with_features(f).validate_all(wasm).is_ok()
}

/// The features an output of `input` may use: those the input validates
/// with and the adapter's. (For a component, any: its main module is what
/// is adapted.)
fn allowed_features(input: &[u8]) -> F {
    if wasmparser::Parser::is_component(input) {
        return F::all();
    }
    let f = features_of(input) | adapter_features();
    if validates(input, f) {
        f
    } else {
        F::all()
    }
}

fn first_difference(a: &[u8], b: &[u8]) -> String {
    let at = a.iter().zip(b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    format!("lengths {} and {}, first difference at byte {at}", a.len(), b.len())
}

/// The import lock of `wasm`, which must round-trip through its text.
fn lock_round_trip(what: &str, wasm: &[u8]) -> Result<(), Finding> {
    let lock = no_internal(what, guarded(what, || Lock::of(wasm))?)?;
    if let Ok(lock) = lock {
        let text = lock.to_string();
        let parsed = guarded(what, || Lock::parse(&text))?;
        match parsed {
            Ok(p) if p == lock => {}
            Ok(p) => {
                let d = lock.drift(&p);
                return Err(Finding::new("lock", format!("{what}: the lock does not read back as written:\n{d}")));
            }
            Err(e) => return Err(Finding::new("lock", format!("{what}: the lock does not read back: {e}\n{text}"))),
        }
    }
    Ok(())
}

fn kind_of(e: &Error) -> &'static str {
    match e {
        Error::InvalidInput(_) => "invalid-input",
        Error::Refused(_) => "refused",
        Error::Incompatible(_) => "incompatible",
        Error::Internal(_) => "internal",
        _ => "other",
    }
}

fn kind(r: &wasi_backport::Result<impl Sized>) -> &'static str {
    r.as_ref().map_or_else(kind_of, |_| "ok")
}

/// A core module's exports (name, kind) and custom sections (name,
/// contents), in order.
#[allow(clippy::type_complexity)]
fn outline(wasm: &[u8]) -> Option<(Vec<(String, wasmparser::ExternalKind)>, Vec<(String, Vec<u8>)>)> {
    let mut exports = Vec::new();
    let mut customs = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        match payload.ok()? {
            wasmparser::Payload::ExportSection(s) => {
                for e in s {
                    let e = e.ok()?;
                    exports.push((e.name.to_string(), e.kind));
                }
            }
            wasmparser::Payload::CustomSection(c) => customs.push((c.name().to_string(), c.data().to_vec())),
            _ => {}
        }
    }
    Some((exports, customs))
}

/// The README's promise: the merge keeps every export of the program and
/// adds `_start` at most; it keeps every custom section, in order and as it
/// was, but `component-type*` (dropped), `name` (remapped) and DWARF
/// (dropped, with a warning, where the code moved).
fn kept(input: &[u8], out: &[u8]) -> Result<(), String> {
    if wasmparser::Parser::is_component(input) {
        return Ok(());
    }
    let (Some((in_exports, in_customs)), Some((out_exports, out_customs))) = (outline(input), outline(out)) else {
        return Err("the input or the output does not parse".into());
    };
    let mut added: Vec<_> = out_exports.iter().filter(|e| !in_exports.contains(e)).collect();
    added.retain(|(n, k)| !(n == "_start" && *k == wasmparser::ExternalKind::Func));
    if !added.is_empty()
        || in_exports.iter().any(|e| !out_exports.contains(e))
        || out_exports.len() > in_exports.len() + 1
    {
        return Err(format!("exports changed: {in_exports:?} became {out_exports:?}"));
    }
    let plain =
        |c: &&(String, Vec<u8>)| c.0 != "name" && !c.0.starts_with("component-type") && !c.0.starts_with(".debug_");
    let a: Vec<_> = in_customs.iter().filter(plain).collect();
    let b: Vec<_> = out_customs.iter().filter(plain).collect();
    if a != b {
        let names = |v: &[&(String, Vec<u8>)]| v.iter().map(|c| c.0.clone()).collect::<Vec<_>>();
        return Err(format!("custom sections changed: {:?} became {:?}", names(&a), names(&b)));
    }
    if out_customs.iter().any(|c| c.0.starts_with("component-type")) {
        return Err("a component-type section is left".into());
    }
    Ok(())
}

/// Whether the costly checks (those that find a module's features, by
/// validating it once per feature) run for `input`: for one input in
/// `SAMPLE`, chosen by its bytes so that a replay does the same.
fn sampled(input: &[u8]) -> bool {
    use std::hash::{Hash, Hasher};
    const SAMPLE: u64 = 8;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    input.hash(&mut h);
    h.finish().is_multiple_of(SAMPLE)
}

/// Runs the oracle on `input`.
pub fn run(input: &[u8]) -> Result<Outcome, Finding> {
    let mut outcome = Outcome::default();
    let gate = Profile::default();
    let costly = sampled(input);

    // The gate, the classification and the lock on the input itself.
    let checked = no_internal("check(input)", guarded("check(input)", || check(input, &gate))?)?;
    if checked.is_ok() && costly {
        let wamr = Profile::builtin("wamr").expect("built-in profile");
        let _ = no_internal("check(input, wamr)", guarded("check(input, wamr)", || check(input, &wamr))?)?;
        lock_round_trip("Lock::of(input)", input)?;
    }

    let mut allowed: Option<F> = None;
    // Per option set that ran the battery: its classification and result.
    let mut seen: Vec<Seen<'_>> = Vec::new();
    let mut locked_output = false;
    for (name, opts) in option_sets() {
        let what = |s: &str| format!("{s} [{name}]");
        let classes = no_internal(
            &what("classify_imports(input)"),
            guarded(&what("classify_imports(input)"), || classify_imports(input, &opts))?,
        )?;
        let adapted = no_internal(&what("adapt(input)"), guarded(&what("adapt(input)"), || adapt(input, &opts))?)?;

        // classify_imports and adapt agree.
        let blocking = |c: &Class| match c {
            Class::Refused { .. } => true,
            Class::Unsupported { .. } => opts.unsupported == Unsupported::Fail,
            _ => false,
        };
        match (&classes, &adapted) {
            (Err(Error::InvalidInput(_)), Err(Error::InvalidInput(_))) => {}
            (Err(Error::InvalidInput(e)), r) => {
                return Err(Finding::new(
                    "disagree",
                    format!("{}: classify_imports finds the input invalid ({e}), adapt gives {}", what(""), kind(r)),
                ))
            }
            (Err(e), _) => return Err(Finding::new("disagree", format!("{}: classify_imports fails: {e}", what("")))),
            (Ok(_), Err(Error::InvalidInput(m))) if !m.contains("name section") => {
                return Err(Finding::new(
                    "disagree",
                    format!("{}: adapt finds the input invalid ({m}), classify_imports does not", what("")),
                ))
            }
            (Ok(cs), r) => {
                let blocked = cs.iter().any(|c| blocking(&c.class));
                if blocked != matches!(r, Err(Error::Refused(_))) && !matches!(r, Err(Error::InvalidInput(_))) {
                    return Err(Finding::new(
                        "disagree",
                        format!(
                            "{}: classify_imports {} a blocking import, adapt gives {}",
                            what(""),
                            if blocked { "has" } else { "has no" },
                            kind(r)
                        ),
                    ));
                }
            }
        }

        // Options that classify every import the same way for the same
        // runtime (and leave no unsupported import to a policy) give the
        // same result, and the battery below need not run again.
        // The runtime is part of the key: its gate may refuse an output
        // another runtime takes.
        let same_as = match &classes {
            Ok(cs) if !cs.iter().any(|c| matches!(c.class, Class::Unsupported { .. })) => {
                Some(format!("{} {cs:?}", opts.runtime.name()))
            }
            _ => None,
        };
        let result: Result<&[u8], &'static str> = match &adapted {
            Ok(a) => Ok(&a.wasm),
            Err(e) => Err(kind_of(e)),
        };
        if let Some((prev_name, _, prev)) = same_as.as_ref().and_then(|k| seen.iter().find(|(_, pk, _)| pk == k)) {
            let prev: Result<&[u8], &'static str> = prev.as_ref().map(|v| v.as_slice()).map_err(|k| *k);
            if prev != result {
                let show = |r: Result<&[u8], &str>| r.map_or_else(|k| k.to_string(), |v| format!("{} bytes", v.len()));
                return Err(Finding::new(
                    "options",
                    format!(
                        "{}: the same classification as [{prev_name}], another result: {} against {}",
                        what(""),
                        show(result),
                        show(prev)
                    ),
                ));
            }
            match adapted {
                Ok(_) => outcome.adapted += 1,
                Err(Error::InvalidInput(_)) => outcome.invalid += 1,
                Err(Error::Refused(_)) => outcome.refused += 1,
                Err(_) => outcome.incompatible += 1,
            }
            continue;
        }
        if let Some(k) = same_as {
            seen.push((name, k, result.map(|v| v.to_vec())));
        }

        let out = match adapted {
            Err(Error::InvalidInput(_)) => {
                // Reading does not depend on the options.
                outcome.invalid += 1;
                if matches!(classes, Err(Error::InvalidInput(_))) {
                    return Ok(outcome);
                }
                continue;
            }
            Err(Error::Refused(_)) => {
                outcome.refused += 1;
                continue;
            }
            Err(_) => {
                outcome.incompatible += 1;
                continue;
            }
            Ok(a) => a.wasm,
        };
        outcome.adapted += 1;

        // Deterministic, and the same when written from its parts.
        let again =
            no_internal(&what("adapt(input) again"), guarded(&what("adapt(input) again"), || adapt(input, &opts))?)?;
        match again {
            Ok(a) if a.wasm == out => {}
            Ok(a) => {
                return Err(Finding::new(
                    "nondeterministic",
                    format!("{}: {}", what("adapt twice"), first_difference(&out, &a.wasm)),
                ))
            }
            Err(e) => {
                return Err(Finding::new(
                    "nondeterministic",
                    format!("{}: second adapt fails: {e}", what("adapt twice")),
                ))
            }
        }
        let parts = guarded(&what("adapt_parts"), || {
            adapt_parts(input, &opts).map(|p| {
                let mut v = Vec::new();
                p.output.write_to(&mut v).map(|_| v)
            })
        })?;
        match parts {
            Ok(Ok(v)) if v == out => {}
            Ok(Ok(v)) => {
                return Err(Finding::new(
                    "parts",
                    format!("{}: {}", what("adapt_parts differs from adapt"), first_difference(&out, &v)),
                ))
            }
            Ok(Err(e)) => return Err(Finding::new("parts", format!("{}: write_to fails: {e}", what("adapt_parts")))),
            Err(e) => return Err(Finding::new("parts", format!("{}: adapt_parts fails: {e}", what("adapt_parts")))),
        }

        // Valid with the input's and the adapter's features.
        // (Finding the input's features validates it once per feature: on
        // the sample only; otherwise any feature.)
        let features = if costly { *allowed.get_or_insert_with(|| allowed_features(input)) } else { F::all() };
        if let Err(e) = Validator::new_with_features(features).validate_all(&out) {
            let detail = if validates(&out, F::all()) {
                format!("{}: the output uses a feature neither the input nor the adapter uses: {e}", what(""))
            } else {
                format!("{}: the output does not validate: {e}", what(""))
            };
            return Err(Finding::new("invalid-output", detail));
        }

        // The program's exports and custom sections are kept.
        if let Err(m) = kept(input, &out) {
            return Err(Finding::new("kept", format!("{}: {m}", what(""))));
        }

        // The gate of the runtime it was adapted for.
        let violations =
            no_internal(&what("check(output)"), guarded(&what("check(output)"), || check(&out, &opts.runtime))?)?;
        match violations {
            Ok(v) => {
                let left: Vec<String> = v
                    .iter()
                    .filter(|v| !matches!(v, Violation::Import { module, .. } if opts.allow_imports.contains(module)))
                    .map(|v| v.to_string())
                    .collect();
                if !left.is_empty() {
                    return Err(Finding::new(
                        "gate",
                        format!("{}: the output fails the preview1 gate: {}", what(""), left.join("; ")),
                    ));
                }
            }
            Err(e) => return Err(Finding::new("gate", format!("{}: check(output) fails: {e}", what("")))),
        }

        // A fixpoint.
        let classes = no_internal(
            &what("classify_imports(output)"),
            guarded(&what("classify_imports(output)"), || classify_imports(&out, &opts))?,
        )?;
        match classes {
            Ok(cs) => {
                if let Some(c) = cs.iter().find(|c| !matches!(c.class, Class::Preview1 | Class::Allowed)) {
                    return Err(Finding::new(
                        "fixpoint",
                        format!(
                            "{}: the output's import `{}` `{}` classifies as {:?}",
                            what(""),
                            c.module,
                            c.name,
                            c.class
                        ),
                    ));
                }
            }
            Err(e) => {
                return Err(Finding::new("fixpoint", format!("{}: classify_imports(output) fails: {e}", what(""))))
            }
        }
        let twice = no_internal(&what("adapt(output)"), guarded(&what("adapt(output)"), || adapt(&out, &opts))?)?;
        match twice {
            Ok(a) if a.wasm == out => {}
            Ok(a) => {
                return Err(Finding::new(
                    "fixpoint",
                    format!("{}: adapting the output changes it: {}", what(""), first_difference(&out, &a.wasm)),
                ))
            }
            Err(e) => return Err(Finding::new("fixpoint", format!("{}: adapting the output fails: {e}", what("")))),
        }

        if !locked_output && costly {
            locked_output = true;
            lock_round_trip(&what("Lock::of(output)"), &out)?;
        }
    }
    Ok(outcome)
}
