//! Taking the program's core module out of the component that
//! `cargo build --target wasm32-wasip2` makes by default.
//!
//! wasm-component-ld (through wit-component) wraps the linked module in a
//! component with up to three helpers next to it: the preview1 adapter (when
//! the module imports `wasi_snapshot_preview1`), a shim module of indirect
//! calls and a fixup module that fills the shim's table. The helpers exist to
//! lift the module to WASIp2; wasi-backport goes the other way, so only the
//! main module is kept, and its preview1 imports go straight to the host.
use wasmparser::{KnownCustom, Parser, Payload, TypeRef};

use crate::error::{Error, Result};

/// What one core module of the component is.
#[derive(Debug, PartialEq, Eq)]
enum Role {
    Main,
    /// wit-component's preview1 adapter (it imports the main module).
    Adapter,
    /// wit-component's shim or fixup module (tables and trampolines only).
    Helper,
}

struct Found<'a> {
    name: Option<String>,
    bytes: &'a [u8],
    role: Role,
}

/// The main module of a component of the shape cargo makes, and a note on
/// what was left behind.
pub fn main_module(bytes: &[u8]) -> Result<(&[u8], String)> {
    let mut modules: Vec<(std::ops::Range<usize>, Option<String>)> = Vec::new();
    let mut names: Vec<(u32, String)> = Vec::new();
    let mut depth = 0u32;
    // wit-component wraps exports in nested components that hold only types
    // and functions; a module inside one is code this reading would miss.
    let mut nested_modules = 0;
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.map_err(|e| Error::InvalidInput(format!("not a valid component: {e}")))? {
            Payload::ModuleSection { unchecked_range, .. } => {
                if depth == 0 {
                    modules.push((unchecked_range.start as usize..unchecked_range.end as usize, None));
                } else {
                    nested_modules += 1;
                }
                depth += 1;
            }
            Payload::ComponentSection { .. } => depth += 1,
            Payload::End(_) if depth > 0 => depth -= 1,
            Payload::CustomSection(c) if depth == 0 => {
                if let KnownCustom::ComponentName(reader) = c.as_known() {
                    for n in reader.into_iter().flatten() {
                        if let wasmparser::ComponentName::CoreModules(map) = n {
                            names.extend(map.into_iter().flatten().map(|n| (n.index, n.name.to_string())));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for (i, name) in names {
        if let Some(m) = modules.get_mut(i as usize) {
            m.1 = Some(name);
        }
    }
    let found: Vec<Found<'_>> = modules
        .into_iter()
        .map(|(range, name)| {
            let bytes = &bytes[range];
            Found { role: role(name.as_deref(), bytes), name, bytes }
        })
        .collect();
    let mains: Vec<&Found<'_>> = found.iter().filter(|f| f.role == Role::Main).collect();
    if nested_modules > 0 || mains.len() != 1 {
        return Err(Error::InvalidInput(format!(
            "this component is not the shape `cargo build --target wasm32-wasip2` makes: it holds {}; \
             expected one main module, optionally with wit-component's preview1 adapter, shim and fixup modules",
            describe(&found, nested_modules)
        )));
    }
    let main = mains[0];
    let dropped: Vec<String> = found.iter().filter(|f| f.role != Role::Main).map(label).collect();
    let note = format!(
        "took the main module {} out of the component{}",
        label(main),
        if dropped.is_empty() { String::new() } else { format!(", leaving {}", dropped.join(", ")) }
    );
    Ok((main.bytes, note))
}

/// By wit-component's names where the component has them, else by shape:
/// the adapter imports `__main_module__`, helpers have no memory.
fn role(name: Option<&str>, bytes: &[u8]) -> Role {
    match name {
        Some(n) if n.starts_with("wit-component:adapter:") => return Role::Adapter,
        Some(n) if n.starts_with("wit-component:") => return Role::Helper,
        _ => {}
    }
    let mut memory = false;
    for payload in Parser::new(0).parse_all(bytes).flatten() {
        match payload {
            Payload::ImportSection(s) => {
                for imp in s.into_imports().flatten() {
                    if imp.module == "__main_module__" {
                        return Role::Adapter;
                    }
                    memory |= matches!(imp.ty, TypeRef::Memory(_));
                }
            }
            Payload::MemorySection(s) => memory |= s.count() > 0,
            _ => {}
        }
    }
    if memory {
        Role::Main
    } else {
        Role::Helper
    }
}

fn label(f: &Found<'_>) -> String {
    let what = match f.role {
        Role::Main => "main module",
        Role::Adapter => "preview1 adapter",
        Role::Helper => "helper module",
    };
    match &f.name {
        Some(n) => format!("`{n}` ({what}, {} bytes)", f.bytes.len()),
        None => format!("an unnamed {what} ({} bytes)", f.bytes.len()),
    }
}

fn describe(found: &[Found<'_>], nested_modules: usize) -> String {
    let mut parts: Vec<String> = found.iter().map(label).collect();
    if nested_modules > 0 {
        parts.push(format!("{nested_modules} more inside nested components"));
    }
    if parts.is_empty() {
        return "no core module".into();
    }
    format!("{} core module(s): {}", found.len(), parts.join(", "))
}
