//! Which wasm features a module uses, by name (the names `wasm-tools
//! --features` takes). A feature is used when the module no longer validates
//! without it; validation is the only complete account of what each
//! instruction and type needs.
use std::collections::BTreeSet;

use wasmparser::{Validator, WasmFeatures as F};

/// Every feature the gate and the lock file track, with the validator bits
/// that turning it off removes. Features that include another come first
/// (see [`used`]).
const TRACKED: &[(&str, F)] = &[
    ("mutable-global", F::MUTABLE_GLOBAL),
    ("saturating-float-to-int", F::SATURATING_FLOAT_TO_INT),
    ("sign-extension", F::SIGN_EXTENSION),
    ("multi-value", F::MULTI_VALUE),
    // The proposal proper: what remains without its overlong encoding bit.
    ("reference-types", F::REFERENCE_TYPES.difference(F::CALL_INDIRECT_OVERLONG)),
    ("call-indirect-overlong", F::REFERENCE_TYPES),
    ("bulk-memory", F::BULK_MEMORY.difference(F::BULK_MEMORY_OPT)),
    ("bulk-memory-opt", F::BULK_MEMORY),
    ("simd", F::SIMD),
    ("relaxed-simd", F::RELAXED_SIMD),
    ("threads", F::THREADS),
    ("shared-everything-threads", F::SHARED_EVERYTHING_THREADS),
    ("tail-call", F::TAIL_CALL),
    ("multi-memory", F::MULTI_MEMORY),
    ("exceptions", F::EXCEPTIONS),
    ("legacy-exceptions", F::LEGACY_EXCEPTIONS),
    ("memory64", F::MEMORY64),
    ("extended-const", F::EXTENDED_CONST),
    ("function-references", F::FUNCTION_REFERENCES),
    ("gc", F::GC),
    ("custom-page-sizes", F::CUSTOM_PAGE_SIZES),
    ("wide-arithmetic", F::WIDE_ARITHMETIC),
    ("stack-switching", F::STACK_SWITCHING),
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
    let none = TRACKED.iter().fold(all, |f, (_, bits)| f.difference(*bits));
    let mut out = BTreeSet::new();
    if validates(bytes, none) {
        return out;
    }
    for (name, bits) in TRACKED {
        let part_of = match *name {
            "call-indirect-overlong" => Some("reference-types"),
            "bulk-memory-opt" => Some("bulk-memory"),
            _ => None,
        };
        if part_of.is_some_and(|whole| out.contains(whole)) {
            continue;
        }
        if !validates(bytes, all.difference(*bits)) {
            out.insert(*name);
        }
    }
    out
}
