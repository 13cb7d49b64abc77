//! Which WASIp2 functions the adapter implements, and how faithfully: read
//! from the artefact itself (its exports, and the fidelity table that
//! adapter-build embeds as the `wasi-backport:fidelity` custom section).
use std::collections::BTreeMap;

use wasmparser::{Parser, Payload};

use crate::error::{Error, Result};
use crate::wasi::Catalog;

/// The custom section that carries `adapter/fidelity.tsv`.
pub const SECTION: &str = "wasi-backport:fidelity";

/// How close a function comes to what a WASIp2 host does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fidelity {
    /// The same behaviour.
    Exact,
    /// The same observable result, by other means.
    Emulated,
    /// Differs where preview1 lacks the concept; the note says how.
    Approximate,
    /// Not implemented: the `--unsupported` policy decides.
    Unsupported,
}

impl Fidelity {
    pub fn as_str(self) -> &'static str {
        match self {
            Fidelity::Exact => "exact",
            Fidelity::Emulated => "emulated",
            Fidelity::Approximate => "approximate",
            Fidelity::Unsupported => "unsupported",
        }
    }
}

/// One WASI 0.2 function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// e.g. `wasi:io/streams`.
    pub interface: String,
    /// e.g. `[method]output-stream.write`.
    pub function: String,
    pub fidelity: Fidelity,
    pub note: String,
}

/// Every function of WASI 0.2 (all interfaces the catalog knows), each with
/// what the adapter artefact `wasm` does for it. Errors when the artefact's
/// exports and its fidelity table disagree.
pub fn coverage(wasm: &[u8]) -> Result<Vec<Coverage>> {
    let bad = |m: String| Error::Internal(format!("adapter coverage: {m}"));
    let mut exports = Vec::new();
    let mut table = None;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| bad(e.to_string()))? {
            Payload::ExportSection(s) => {
                for e in s {
                    exports.push(e.map_err(|e| bad(e.to_string()))?.name.to_string());
                }
            }
            Payload::CustomSection(c) if c.name() == SECTION => {
                table = Some(std::str::from_utf8(c.data()).map_err(|e| bad(e.to_string()))?.to_string());
            }
            _ => {}
        }
    }
    let table = table.ok_or_else(|| bad(format!("no `{SECTION}` section")))?;
    let rows = parse_table(&table).map_err(bad)?;
    let exported: Vec<&String> = exports.iter().filter(|e| e.contains('#')).collect();
    for e in &exported {
        if !rows.contains_key(e.as_str()) {
            return Err(bad(format!("export `{e}` has no fidelity row")));
        }
    }
    for name in rows.keys() {
        if !exported.iter().any(|e| e == name) {
            return Err(bad(format!("fidelity row `{name}` names no export")));
        }
    }
    // The catalog is a map by (interface, function): already sorted, unique.
    let out = Catalog::get()
        .functions()
        .map(|f| {
            let key = crate::adapter::export_name(&f.interface, &f.name);
            let (fidelity, note) = match rows.get(key.as_str()) {
                Some((fid, note)) => (*fid, note.clone()),
                None => (Fidelity::Unsupported, crate::classify::unsupported_reason(&f.interface).to_string()),
            };
            Coverage { interface: f.interface.clone(), function: f.name.clone(), fidelity, note }
        })
        .collect();
    Ok(out)
}

/// `export<TAB>fidelity[<TAB>note]` rows; `#` lines are comments.
pub fn parse_table(text: &str) -> std::result::Result<BTreeMap<&str, (Fidelity, String)>, String> {
    let mut rows = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let name = cols.next().unwrap_or_default();
        let fidelity = match cols.next() {
            Some("exact") => Fidelity::Exact,
            Some("emulated") => Fidelity::Emulated,
            Some("approximate") => Fidelity::Approximate,
            other => {
                return Err(format!("line {}: fidelity {other:?}: expected exact, emulated or approximate", i + 1))
            }
        };
        let note = cols.next().unwrap_or_default().to_string();
        if fidelity != Fidelity::Exact && note.is_empty() {
            return Err(format!("line {}: `{name}` is {} and says not how", i + 1, fidelity.as_str()));
        }
        if rows.insert(name, (fidelity, note)).is_some() {
            return Err(format!("line {}: `{name}` twice", i + 1));
        }
    }
    Ok(rows)
}
