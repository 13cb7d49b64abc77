//! Sorting a module's imports into what the merge does with each.
use std::collections::BTreeSet;

use crate::adapter::{export_name, Adapter};
use crate::check::{self, Profile};
use crate::read::Module;
use crate::wasi::{Catalog, Function, WasiName};

/// What becomes of one import.
#[derive(Clone, Debug)]
pub enum Class {
    /// Implemented by the adapter export of this name.
    Adapted { export: String },
    /// A preview1 function with its witx signature, or a function of a
    /// runtime extension with the extension's (WAMR's `sock_open`), that the
    /// target runtime provides: kept as it is.
    Preview1,
    /// A WASI 0.2 function preview1 cannot provide; the unsupported policy
    /// decides.
    Unsupported { function: Function, reason: &'static str },
    /// Not WASI, and the user allowed it.
    Allowed,
    /// Cannot be kept or adapted.
    Refused { reason: String },
}

#[derive(Clone, Debug)]
pub struct Classified {
    pub module: String,
    pub name: String,
    /// The core signature, or the import's kind for non-functions.
    pub signature: String,
    pub class: Class,
}

/// Why preview1 cannot stand in for an interface the adapter leaves out.
pub(crate) fn unsupported_reason(interface: &str) -> &'static str {
    if interface.starts_with("wasi:sockets/") {
        "preview1 cannot create, bind, connect or resolve sockets (WAMR's socket extension can: `--runtime wamr`)"
    } else if interface == "wasi:clocks/timezone" {
        "preview1 has no time-zone information"
    } else {
        "the adapter has no preview1 implementation of it"
    }
}

/// Whether `runtime` provides every runtime-extension function the adapter
/// imports (WAMR's sockets), with the same signature: then the adapter's
/// `wasi:sockets` functions, which call them, are used; else those stay
/// under the `--unsupported` policy.
pub(crate) fn extensions_on(adapter: &Adapter<'_>, runtime: &Profile) -> bool {
    adapter.func_imports.iter().all(|i| {
        i.module != crate::wasi::PREVIEW1
            || crate::check::preview1::signature(i.name).is_some()
            || runtime.signature(i.name) == Some(crate::adapter::verify::sig_of(&adapter.types[i.ty as usize]))
    })
}

/// Classifies every import of `module`; `allowed` lists non-WASI import
/// modules the user accepts as they are; `runtime` is the target, whose
/// preview1 functions (and extension functions) pass through.
pub fn classify(
    module: &Module<'_>,
    adapter: &Adapter<'_>,
    allowed: &BTreeSet<String>,
    runtime: &Profile,
) -> Vec<Classified> {
    let catalog = Catalog::get();
    let sockets = extensions_on(adapter, runtime);
    module
        .imports
        .iter()
        .map(|imp| {
            let (signature, sig) = imp.signature(module);
            let refused = |reason: String| Class::Refused { reason };
            let class = match (WasiName::parse(imp.module, imp.name), &sig) {
                (_, None) if allowed.contains(imp.module) => Class::Allowed,
                _ if imp.is_shared(module) => refused(
                    "a shared function type (shared-everything threads); WASI functions are not shared, and neither \
                     preview1 hosts nor the adapter provide shared ones"
                        .into(),
                ),
                (_, None) => refused(format!("a {signature} import; preview1 hosts provide only functions")),
                (WasiName::Preview1, Some(sig)) => {
                    match check::import(imp.module, imp.name, Some(sig), Some(runtime)) {
                        Some(check::Why::UnknownFunction) => refused("not a wasi_snapshot_preview1 function".into()),
                        Some(why) => refused(why.reason(&signature)),
                        None => Class::Preview1,
                    }
                }
                (WasiName::V02 { interface, function, .. }, Some(sig)) => match catalog.function(&interface, &function)
                {
                    None if catalog.has_interface(&interface) => {
                        refused(format!("`{function}` is not a function of {interface} in WASI 0.2"))
                    }
                    None => refused(format!("unknown WASI 0.2 interface {interface}")),
                    Some(f) if &f.sig != sig => refused(format!("wrong signature: WASI 0.2 lowers it to {}", f.sig)),
                    Some(f) => {
                        let export = export_name(&interface, &function);
                        let adapted = sockets || !interface.starts_with("wasi:sockets/");
                        if adapted && adapter.exports.contains_key(export.as_str()) {
                            Class::Adapted { export }
                        } else {
                            Class::Unsupported { function: f.clone(), reason: unsupported_reason(&interface) }
                        }
                    }
                },
                (WasiName::OtherVersion { interface, version }, _) => refused(if version.is_empty() {
                    format!("{interface} without a version; WASI 0.2 imports name one (`@0.2.x`)")
                } else {
                    format!("WASI version {version} of {interface}; only 0.2.x can be adapted")
                }),
                (WasiName::NotWasi, _) if allowed.contains(imp.module) => Class::Allowed,
                (WasiName::NotWasi, _) => {
                    refused("not a WASI import (allow its module with --allow-import to keep it)".into())
                }
            };
            Classified { module: imp.module.to_string(), name: imp.name.to_string(), signature, class }
        })
        .collect()
}
