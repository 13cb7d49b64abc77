//! The output's index spaces, planned once: which function indices hold the
//! program's kept imports, the adapter's new preview1 imports, the program's
//! own functions, the adapter functions reached and the stubs; where the
//! adapter's types and globals go. The program's types, globals, tables,
//! memories, tags, data and elements keep their numbers; the adapter's are
//! appended after them.
use std::collections::BTreeMap;
use std::ops::Range;

use wasmparser::{ExternalKind, ValType};

use super::synth::Synth;
use super::{func_imports, names};
use crate::adapter::{self, Adapter};
use crate::classify::{Class, Classified};
use crate::error::{Error, Result};
use crate::read::Module;
use crate::wasi::{CoreSig, PREVIEW1};
use crate::{Options, Unsupported};

pub struct Layout {
    /// Output index of each of the program's functions, imports first; an
    /// adapted or unsupported import maps to what replaces it.
    pub program: Vec<u32>,
    /// Output index of each adapter function the output has (imports
    /// first), `None` for those not reached.
    pub adapter: Vec<Option<u32>>,
    /// How many of the program's function imports the output keeps; they
    /// come first, in their order.
    pub kept_imports: u32,
    /// Preview1 functions the adapter calls that the program does not
    /// import: (name, adapter type index), after the kept imports.
    pub new_imports: Vec<(String, u32)>,
    /// The adapter functions kept, in output order (adapter indices).
    pub adapter_bodies: Vec<u32>,
    /// Stand-ins for unsupported imports, in output order.
    pub stubs: Vec<Synth>,
    /// Output type index of each adapter type.
    pub types: Vec<u32>,
    /// The adapter types appended to the program's, in output order.
    pub added_types: Vec<u32>,
    /// Output index of each adapter global (its imported stack pointer is
    /// the program's); `None` where the output does not need it.
    pub globals: Vec<Option<u32>>,
    /// The `_start` export to add, for commands.
    pub start: Option<u32>,
    program_defined: u32,
}

impl Layout {
    /// Function imports of the output.
    pub fn imports(&self) -> u32 {
        self.kept_imports + self.new_imports.len() as u32
    }

    pub fn new_import_range(&self) -> Range<u32> {
        self.kept_imports..self.imports()
    }

    pub fn program_range(&self) -> Range<u32> {
        self.imports()..self.imports() + self.program_defined
    }

    pub fn adapter_range(&self) -> Range<u32> {
        let start = self.program_range().end;
        start..start + self.adapter_bodies.len() as u32
    }

    pub fn stub_range(&self) -> Range<u32> {
        let start = self.adapter_range().end;
        start..start + self.stubs.len() as u32
    }

    /// Whether the program's function `func` is an import that the output
    /// replaces (by an adapter function or a stub).
    pub fn replaces(&self, m: &Module<'_>, func: u32) -> bool {
        func < m.func_imports && self.program[func as usize] >= self.imports()
    }

    /// Whether the adapter's state globals are in the output.
    pub fn has_adapter_code(&self) -> bool {
        !self.adapter_bodies.is_empty()
    }
}

fn is_run_export(name: &str) -> bool {
    name == "cm32p2|wasi:cli/run@0.2|run"
        || name
            .strip_prefix("wasi:cli/run@0.2.")
            .and_then(|rest| rest.strip_suffix("#run"))
            .is_some_and(|patch| !patch.is_empty())
}

pub fn plan(m: &Module<'_>, a: &Adapter<'_>, classes: &[Classified], opts: &Options, warnings: &mut Vec<String>) -> Result<Layout> {
    // The adapter functions the program needs.
    let run = m.exports.iter().find(|e| e.kind == ExternalKind::Func && is_run_export(e.name));
    let is_command = run.is_some() && m.export(adapter::START).is_none();
    let mut roots = Vec::new();
    for c in classes {
        if let Class::Adapted { export } = &c.class {
            roots.push(a.exports[export.as_str()]);
        }
    }
    if is_command {
        roots.push(a.exports[adapter::START]);
    }
    let reached = a.reachable(roots)?;

    // Imports: the program's kept ones, then the adapter's preview1 ones
    // that the program does not import already.
    let mut present = BTreeMap::new();
    let mut next = 0u32;
    let mut program: Vec<Option<u32>> = vec![None; m.func_types.len()];
    for (_, func, imp, c, _) in func_imports(m, classes) {
        if matches!(c.class, Class::Preview1 | Class::Allowed) {
            program[func] = Some(next);
            present.insert((imp.module, imp.name), next);
            next += 1;
        }
    }
    let kept_imports = next;
    let mut adapter_map = vec![None; a.num_imports() as usize + a.bodies.len()];
    let mut new_imports = Vec::new();
    let mut from_program = Vec::new();
    for &f in reached.iter().take_while(|&&f| f < a.num_imports()) {
        let imp = &a.func_imports[f as usize];
        if imp.module == PREVIEW1 {
            adapter_map[f as usize] = Some(*present.entry((PREVIEW1, imp.name)).or_insert_with(|| {
                new_imports.push((imp.name.to_string(), imp.ty));
                next += 1;
                next - 1
            }));
        } else {
            from_program.push(f);
        }
    }

    // The program's own functions, then the adapter's, then stubs.
    let program_defined = m.bodies.len() as u32;
    for (i, slot) in program.iter_mut().enumerate().skip(m.func_imports as usize) {
        *slot = Some(next + (i as u32 - m.func_imports));
    }
    next += program_defined;
    let mut adapter_bodies = Vec::new();
    for &f in reached.iter().filter(|&&f| f >= a.num_imports()) {
        adapter_map[f as usize] = Some(next);
        adapter_bodies.push(f);
        next += 1;
    }
    let mut stubs = Vec::new();
    for (_, func, _, c, ty) in func_imports(m, classes) {
        match &c.class {
            Class::Adapted { export } => program[func] = adapter_map[a.exports[export.as_str()] as usize],
            Class::Unsupported { function, .. } => {
                let stub = Synth::for_unsupported(function, ty, opts.unsupported);
                if opts.unsupported == Unsupported::ErrorResult && matches!(stub, Synth::Trap { .. }) {
                    warnings.push(format!(
                        "`{}` `{}` has no error result to return; it traps when called",
                        c.module, c.name
                    ));
                }
                program[func] = Some(next);
                stubs.push(stub);
                next += 1;
            }
            _ => {}
        }
    }
    // The merge refuses every other class before planning.
    let program = program
        .into_iter()
        .enumerate()
        .map(|(f, out)| out.ok_or_else(|| Error::Internal(format!("function {f} of the program has no place in the output"))))
        .collect::<Result<Vec<u32>>>()?;

    // What the adapter takes from the program.
    for f in from_program {
        let name = a.func_imports[f as usize].name;
        let export = match name {
            adapter::RUN_IMPORT => run.map(|e| e.index),
            adapter::REALLOC_IMPORT => {
                m.export_func("cabi_realloc").or_else(|| m.export_func("cm32p2_realloc")).map(|e| e.index)
            }
            _ => None,
        };
        let Some(index) = export else {
            return Err(Error::Incompatible(format!(
                "the module does not export `{name}`, which the adapter needs for the imports it replaces"
            )));
        };
        let want = a.func_type(f);
        let got = m.func_type(index);
        if want.params() != got.params() || want.results() != got.results() {
            return Err(Error::Incompatible(format!("the module's `{name}` export has the wrong signature")));
        }
        adapter_map[f as usize] = Some(program[index as usize]);
    }

    let (types, added_types) = types_for(m, a);
    let globals = globals_for(m, a, !reached.is_empty())?;
    if !reached.is_empty() {
        match m.memory_types.first() {
            None => return Err(Error::Incompatible("the module has no memory for the adapter to share".into())),
            Some(t) if t.memory64 => {
                return Err(Error::Incompatible(
                    "the module's memory is 64-bit (memory64); the adapter is built for 32-bit memory".into(),
                ))
            }
            _ => {}
        }
    }
    let start = match is_command {
        true => adapter_map[a.exports[adapter::START] as usize],
        false => None,
    };
    Ok(Layout {
        program,
        adapter: adapter_map,
        kept_imports,
        new_imports,
        adapter_bodies,
        stubs,
        types,
        added_types,
        globals,
        start,
        program_defined,
    })
}

/// Output type index of each adapter type (a plain function type the
/// program already has, or a new one after the program's types), and the
/// adapter types added, in output order.
fn types_for(m: &Module<'_>, a: &Adapter<'_>) -> (Vec<u32>, Vec<u32>) {
    let mut existing = BTreeMap::new();
    for (i, (f, simple)) in m.type_list.iter().enumerate().rev() {
        if let (Some(f), true) = (f, simple) {
            existing.insert(CoreSig::new(f.params(), f.results()).to_string(), i as u32);
        }
    }
    let mut added = BTreeMap::new();
    let mut order = Vec::new();
    let map = a
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let key = CoreSig::new(t.params(), t.results()).to_string();
            if let Some(&t) = existing.get(&key) {
                return t;
            }
            *added.entry(key).or_insert_with(|| {
                order.push(i as u32);
                m.type_list.len() as u32 + order.len() as u32 - 1
            })
        })
        .collect();
    (map, order)
}

/// Output index of each adapter global: its imported stack pointer is the
/// program's; its own globals follow the program's.
fn globals_for(m: &Module<'_>, a: &Adapter<'_>, needed: bool) -> Result<Vec<Option<u32>>> {
    let sp = match names::global_named(m, "__stack_pointer")? {
        Some(g) => Some(g),
        // wasm-ld makes the stack pointer the first global when the name
        // section is stripped.
        None => m.globals.clone().and_then(|s| {
            let first = s.into_iter().next()?.ok()?;
            (first.ty.mutable && first.ty.content_type == ValType::I32).then_some(m.global_imports)
        }),
    };
    // The name is the linker's word, not a validated fact: the global must
    // exist and be what a stack pointer is.
    if let Some(g) = sp {
        match m.global_types.get(g as usize) {
            Some(t) if t.mutable && t.content_type == ValType::I32 && !t.shared => {}
            Some(_) if !needed => {}
            Some(t) => {
                return Err(Error::Incompatible(format!(
                    "the global named `__stack_pointer` (global {g}) is {}{}, not a mutable i32, so it cannot be the stack pointer the adapter shares",
                    if t.mutable { "mutable " } else { "immutable " },
                    t.content_type
                )))
            }
            None if !needed => {}
            None => {
                return Err(Error::Incompatible(format!(
                    "the name section calls global {g} `__stack_pointer`, and the module has no such global"
                )))
            }
        }
    }
    if needed && sp.is_none() && a.global_imports > 0 {
        return Err(Error::Incompatible(
            "cannot find the module's stack pointer (`__stack_pointer`) for the adapter to share".into(),
        ));
    }
    let total = m.global_imports + m.globals_defined;
    let mut out = vec![sp; a.global_imports as usize];
    out.extend((0..a.globals.len() as u32).map(|i| Some(total + i)));
    Ok(out)
}
