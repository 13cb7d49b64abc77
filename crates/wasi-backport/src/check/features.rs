//! Which wasm features a module uses, by name (the names `wasm-tools
//! --features` takes). A feature is used when the module no longer validates
//! without it; validation is the only complete account of what each
//! instruction and type needs.
use std::collections::BTreeSet;

use wasmparser::{Validator, WasmFeatures as F};

/// Every feature the gate and the lock file track, with the validator bits
/// that turning it off removes, and the proposal it is part of, if any.
/// A whole proposal comes before its part (see [`used`]).
const TRACKED: &[(&str, F, Option<&str>)] = &[
    ("mutable-global", F::MUTABLE_GLOBAL, None),
    ("saturating-float-to-int", F::SATURATING_FLOAT_TO_INT, None),
    ("sign-extension", F::SIGN_EXTENSION, None),
    ("multi-value", F::MULTI_VALUE, None),
    // The proposal proper: what remains without its overlong encoding bit.
    ("reference-types", F::REFERENCE_TYPES.difference(F::CALL_INDIRECT_OVERLONG), None),
    ("call-indirect-overlong", F::REFERENCE_TYPES, Some("reference-types")),
    ("bulk-memory", F::BULK_MEMORY.difference(F::BULK_MEMORY_OPT), None),
    ("bulk-memory-opt", F::BULK_MEMORY, Some("bulk-memory")),
    ("simd", F::SIMD, None),
    ("relaxed-simd", F::RELAXED_SIMD, None),
    ("threads", F::THREADS, None),
    ("shared-everything-threads", F::SHARED_EVERYTHING_THREADS, None),
    ("tail-call", F::TAIL_CALL, None),
    ("multi-memory", F::MULTI_MEMORY, None),
    ("exceptions", F::EXCEPTIONS, None),
    ("legacy-exceptions", F::LEGACY_EXCEPTIONS, None),
    ("memory64", F::MEMORY64, None),
    ("extended-const", F::EXTENDED_CONST, None),
    ("function-references", F::FUNCTION_REFERENCES, None),
    ("gc", F::GC, None),
    ("custom-page-sizes", F::CUSTOM_PAGE_SIZES, None),
    ("wide-arithmetic", F::WIDE_ARITHMETIC, None),
    ("stack-switching", F::STACK_SWITCHING, None),
];

/// The names of every tracked feature.
pub const NAMES: [&str; TRACKED.len()] = {
    let mut names = [""; TRACKED.len()];
    let mut i = 0;
    while i < TRACKED.len() {
        names[i] = TRACKED[i].0;
        i += 1;
    }
    names
};

/// Whether `name` is a feature the gate knows.
pub fn is_known(name: &str) -> bool {
    NAMES.contains(&name)
}

fn validates(bytes: &[u8], features: F) -> bool {
    Validator::new_with_features(features).validate_all(bytes).is_ok()
}

/// The tracked features the valid module `bytes` uses.
///
/// `call-indirect-overlong` and `bulk-memory-opt` are parts of
/// `reference-types` and `bulk-memory`: they are reported only when the
/// whole proposal is not, so a module is described by the fewest features.
pub fn used(bytes: &[u8]) -> BTreeSet<&'static str> {
    let all = F::all();
    let none = TRACKED.iter().fold(all, |f, (_, bits, _)| f.difference(*bits));
    let mut out = BTreeSet::new();
    if validates(bytes, none) {
        return out;
    }
    for (name, bits, part_of) in TRACKED {
        if part_of.is_some_and(|whole| out.contains(whole)) {
            continue;
        }
        if !validates(bytes, all.difference(*bits)) {
            out.insert(*name);
        }
    }
    out
}

/// Whether the valid module `bytes` validates without every feature that
/// `allowed` refuses: then [`used`] names none of them. One validation, for
/// the common case of a module within its runtime's features.
pub fn within(bytes: &[u8], allowed: impl Fn(&str) -> bool) -> bool {
    let refused = TRACKED.iter().filter(|(name, ..)| !allowed(name)).fold(F::empty(), |f, (_, bits, _)| f | *bits);
    validates(bytes, F::all().difference(refused))
}
