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
    /// Those of them whose bodies are replaced, and with what.
    pub hollow: BTreeMap<u32, Hollow>,
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
    /// Adapter functions that stand in for imports of a type that is not
    /// plain (from a rec group, a subtype, `exact`): declared with that
    /// type, so that `call_indirect`, `ref.func` and casts see the type the
    /// program's code expects.
    pub body_types: BTreeMap<u32, u32>,
    /// The program's forwarders to replaced imports, whose calls name the
    /// replacement itself: (program function, output function). See
    /// [`super::through`].
    pub through: BTreeMap<u32, u32>,
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

    /// The output type of adapter function `f` (one the output has).
    pub fn adapter_type(&self, a: &Adapter<'_>, f: u32) -> u32 {
        match self.body_types.get(&f) {
            Some(&ty) => ty,
            None => self.types[a.func_types[(f - a.num_imports()) as usize] as usize],
        }
    }

    /// Output index of the program's function `func` where it is called
    /// (`call`, `return_call`): a forwarder's calls name what it forwards to.
    pub fn callee(&self, func: u32) -> u32 {
        self.through.get(&func).copied().unwrap_or(self.program[func as usize])
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

/// What an adapter function kept in the output does instead of its own body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hollow {
    /// Returns zero: socket-only code in a program that adapts no
    /// `wasi:sockets` function, where no stream is a socket's.
    Zero,
    /// Traps: code that asks the host about pollables, in a program that
    /// cannot make a pollable that is not always ready. It cannot run.
    Trap,
}

pub fn plan(
    m: &Module<'_>,
    a: &Adapter<'_>,
    classes: &[Classified],
    opts: &Options,
    warnings: &mut Vec<String>,
) -> Result<Layout> {
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
    let sockets =
        classes.iter().any(|c| matches!(&c.class, Class::Adapted { export } if export.starts_with("wasi:sockets/")));
    let mut hollow = BTreeMap::new();
    if !sockets {
        hollow.extend(a.exported_with(adapter::SOCKETS_ONLY_PREFIX).into_iter().map(|f| (f, Hollow::Zero)));
    }
    let mut reached = a.reachable(roots.iter().copied(), &hollow)?;
    // Without a pollable that waits on the host, `poll_marks` finds every
    // pollable ready before it would ask the host.
    let waits = a.exports.get(adapter::HOST_POLLABLE).is_none_or(|f| reached.binary_search(f).is_ok());
    if !waits {
        hollow.extend(a.exported_with(adapter::WAITS_ONLY_PREFIX).into_iter().map(|f| (f, Hollow::Trap)));
        reached = a.reachable(roots, &hollow)?;
    }
    hollow.retain(|f, _| reached.binary_search(f).is_ok());

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
        .map(|(f, out)| {
            out.ok_or_else(|| Error::Internal(format!("function {f} of the program has no place in the output")))
        })
        .collect::<Result<Vec<u32>>>()?;

    // What the adapter takes from the program.
    for f in from_program {
        let name = a.func_imports[f as usize].name;
        let export = match name {
            adapter::RUN_IMPORT => run,
            adapter::REALLOC_IMPORT => m.export_func("cabi_realloc").or_else(|| m.export_func("cm32p2_realloc")),
            _ => None,
        };
        let Some((index, export)) = export.map(|e| (e.index, e.name)) else {
            return Err(Error::Incompatible(format!(
                "the module does not export `{name}`, which the adapter needs for the imports it replaces"
            )));
        };
        let want = a.func_type(f);
        let Some(got) = m.func_type(index) else {
            return Err(Error::Incompatible(format!(
                "the module's `{export}` export has a shared function type (shared-everything threads), which the adapter cannot call"
            )));
        };
        if want.params() != got.params() || want.results() != got.results() {
            return Err(Error::Incompatible(format!("the module's `{export}` export has the wrong signature")));
        }
        adapter_map[f as usize] = Some(program[index as usize]);
    }

    // An import of a type that is not plain is replaced by an adapter
    // function of that very type (the signatures are the same; classify
    // checked), so that the program's code sees no change of type.
    let mut by_body: BTreeMap<u32, Vec<(u32, &Classified)>> = BTreeMap::new();
    for (_, _, _, c, ty) in func_imports(m, classes) {
        if let Class::Adapted { export } = &c.class {
            by_body.entry(a.exports[export.as_str()]).or_default().push((ty, c));
        }
    }
    let mut body_types = BTreeMap::new();
    for (f, uses) in by_body {
        let odd = uses.iter().find(|(ty, _)| !m.type_list.get(*ty as usize).is_some_and(|t| t.plain));
        let Some(&(ty, c)) = odd else { continue };
        if let Some((_, other)) = uses.iter().find(|(t, _)| *t != ty) {
            return Err(Error::Incompatible(format!(
                "`{}` `{}` and `{}` `{}` are the same WASI function imported with different types (one from a rec group or a subtype), and one adapter function cannot have both",
                c.module, c.name, other.module, other.name
            )));
        }
        if f < a.num_imports() {
            return Err(Error::Internal(format!("adapter export {f} is an import")));
        }
        body_types.insert(f, ty);
    }

    let (types, added_types) = types_for(m, a);
    let globals = globals_for(m, a, !reached.is_empty())?;
    let writes_errors = stubs.iter().any(|s| matches!(s, Synth::ErrorReturn { .. }));
    memory(m, !reached.is_empty(), writes_errors)?;
    let start = match is_command {
        true => adapter_map[a.exports[adapter::START] as usize],
        false => None,
    };
    let mut layout = Layout {
        program,
        adapter: adapter_map,
        kept_imports,
        new_imports,
        adapter_bodies,
        hollow,
        stubs,
        types,
        added_types,
        globals,
        start,
        body_types,
        through: BTreeMap::new(),
        program_defined,
    };
    layout.through = super::through::plan(m, &layout);
    Ok(layout)
}

/// What the adapter (`adapter`: its code is merged) and the error-result
/// stubs (`stubs`, which write `err(unsupported)` through a pointer) need of
/// the module's memory. Both work on memory 0, which must be the program's
/// linear memory, the one the canonical ABI's pointers point into: the
/// memory the module exports as `memory` (as wasm-ld and the component
/// model have it). The adapter also grows it for its state, in 64 KiB pages.
fn memory(m: &Module<'_>, adapter: bool, stubs: bool) -> Result<()> {
    if !adapter && !stubs {
        return Ok(());
    }
    let who = if adapter {
        "the adapter works on the program's memory"
    } else {
        "`--unsupported=error-result` writes the error through the program's memory"
    };
    let Some(t) = m.memory_types.first() else {
        return Err(Error::Incompatible(format!("the module has no memory, and {who}")));
    };
    if t.memory64 {
        return Err(Error::Incompatible(format!(
            "the module's memory is 64-bit (memory64), and {who} with 32-bit pointers"
        )));
    }
    let exported = m.exports.iter().find(|e| e.name == "memory" && e.kind == ExternalKind::Memory);
    match exported {
        Some(e) if e.index != 0 => {
            return Err(Error::Incompatible(format!(
                "the module exports memory {} as `memory`, and {who}, which must be memory 0 (multi-memory modules must have their linear memory first)",
                e.index
            )))
        }
        None if m.memory_types.len() > 1 => {
            return Err(Error::Incompatible(format!(
                "the module has {} memories and exports none as `memory`, so which is its linear memory is unknown, and {who}",
                m.memory_types.len()
            )))
        }
        _ => {}
    }
    if !adapter {
        return Ok(());
    }
    if let Some(log2) = t.page_size_log2.filter(|&l| l != 16) {
        return Err(Error::Incompatible(format!(
            "the module's memory has a custom page size of {} byte(s) (custom-page-sizes); the adapter grows memory for its state in 64 KiB pages",
            1u64 << log2.min(63)
        )));
    }
    // A 32-bit memory with 64 KiB pages has at most 65536 pages: a maximum
    // below that caps it.
    if let Some(max) = t.maximum.filter(|&max| max < 1 << 16) {
        return Err(Error::Incompatible(format!(
            "the module's memory has a maximum size ({max} pages, initially {}): the adapter keeps its state in pages it adds with `memory.grow` when first called, and a capped memory may have none to give, so WASI calls would trap; link without a maximum (wasm-ld's --max-memory)",
            t.initial
        )));
    }
    Ok(())
}

/// Output type index of each adapter type (a plain function type the
/// program already has, or a new one after the program's types), and the
/// adapter types added, in output order.
fn types_for(m: &Module<'_>, a: &Adapter<'_>) -> (Vec<u32>, Vec<u32>) {
    let mut existing = BTreeMap::new();
    for (i, t) in m.type_list.iter().enumerate().rev() {
        if let (Some(f), true) = (&t.func, t.plain) {
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

/// The stack pointer of a module without a name section that says which
/// global it is: the first global, where the module has wasm-ld's layout
/// beyond doubt. wasm-ld makes `__stack_pointer` the first global, a mutable
/// i32 set to the top of the stack (16-byte aligned, within the initial
/// memory), and, without threads or PIC, the only mutable one. Taking a
/// global that is not the stack pointer would corrupt memory at run time,
/// so anything else is `None` (and the adapt is refused).
fn wasm_ld_stack_pointer(m: &Module<'_>) -> Option<u32> {
    let first = m.globals.clone()?.into_iter().next()?.ok()?;
    let ty = first.ty;
    if !ty.mutable || ty.content_type != ValType::I32 || ty.shared {
        return None;
    }
    if m.global_types.iter().filter(|g| g.mutable).count() != 1 {
        return None;
    }
    let mut ops = first.init_expr.get_operators_reader();
    let top = match (ops.read().ok()?, ops.read().ok()?, ops.eof()) {
        (wasmparser::Operator::I32Const { value }, wasmparser::Operator::End, true) => value,
        _ => return None,
    };
    let memory = m.memory_types.first()?;
    let size = memory.initial.saturating_mul(1 << memory.page_size_log2.unwrap_or(16).min(16));
    let g = m.global_imports;
    // A name section that gives the global another name says it is not.
    if names::global_name(m, g).is_some_and(|n| n != "__stack_pointer") {
        return None;
    }
    (top > 0 && top % 16 == 0 && u64::from(top as u32) <= size).then_some(g)
}

/// Output index of each adapter global: its imported stack pointer is the
/// program's; its own globals follow the program's.
fn globals_for(m: &Module<'_>, a: &Adapter<'_>, needed: bool) -> Result<Vec<Option<u32>>> {
    let sp = match names::global_named(m, "__stack_pointer")? {
        Some(g) => Some(g),
        None => wasm_ld_stack_pointer(m),
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
            "cannot tell which global is the module's stack pointer, which the adapter shares: no name section calls one `__stack_pointer`, \
             and the first global is not unmistakably wasm-ld's (a mutable i32, the module's only mutable global, \
             initialised to a 16-byte-aligned address within the initial memory); keep the name section (do not strip it)"
                .into(),
        ));
    }
    let total = m.global_imports + m.globals_defined;
    let mut out = vec![sp; a.global_imports as usize];
    out.extend((0..a.globals.len() as u32).map(|i| Some(total + i)));
    Ok(out)
}
