//! Validating the function bodies, in parallel as `wasm-tools validate`
//! does, and noting on the way every function index the code names (the
//! immediates of `call`, `return_call` and `ref.func`), so that the merge can
//! patch them in place without decoding the code a second time.
use std::sync::Mutex;

use wasmparser::{
    BinaryReaderError, FrameKind, FrameStack, FuncToValidate, FuncValidatorAllocations, FunctionBody,
    ValidatorResources, VisitOperator,
};

/// One function index in the code: the position of its LEB immediate in the
/// module's bytes, and the index it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FuncRef {
    /// Modules are under 4 GiB (`read::module` checks).
    pub at: u32,
    pub func: u32,
    /// Named as a callee (`call`, `return_call`), not as a value
    /// (`ref.func`), whose identity tables and casts may compare.
    pub call: bool,
}

/// Bodies per unit of work: enough to amortise the queue, few enough that
/// two threads finish together on modules whose bodies vary in size.
const CHUNK: usize = 32;
/// Below this many bodies, threads cost more than they save.
const SERIAL_BELOW: usize = 64;

type Work<'a> = (usize, Vec<(FuncToValidate<ValidatorResources>, FunctionBody<'a>)>);
type Done = (usize, Result<Vec<FuncRef>, BinaryReaderError>);

/// Validates `funcs` and returns every
/// function index their code names, in code order; or the error of the
/// first body (in module order) that fails.
pub fn validate(
    funcs: Vec<(FuncToValidate<ValidatorResources>, FunctionBody<'_>)>,
) -> Result<Vec<FuncRef>, BinaryReaderError> {
    let total = funcs.len();
    let mut chunks: Vec<Work<'_>> = Vec::new();
    let mut it = funcs.into_iter();
    let mut first = 0;
    loop {
        let chunk: Vec<_> = it.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        let n = chunk.len();
        chunks.push((first, chunk));
        first += n;
    }
    let threads = if total < SERIAL_BELOW {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(chunks.len())
    };
    chunks.reverse();
    let queue = Mutex::new(chunks);
    let worker = || {
        let mut done: Vec<Done> = Vec::new();
        let mut allocs = FuncValidatorAllocations::default();
        loop {
            // A poisoned queue means another worker panicked; the scope
            // re-raises that panic, so stopping here loses nothing.
            let Some((first, chunk)) = queue.lock().ok().and_then(|mut q| q.pop()) else { break };
            let mut refs = Vec::new();
            let mut result = Ok(());
            for (func, body) in chunk {
                let mut v = func.into_validator(std::mem::take(&mut allocs));
                result = body_refs(&mut v, &body, &mut refs);
                allocs = v.into_allocations();
                if result.is_err() {
                    break;
                }
            }
            done.push((first, result.map(|()| refs)));
        }
        done
    };
    let mut done: Vec<Done> = if threads <= 1 {
        worker()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(worker)).collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
        })
    };
    done.sort_by_key(|(first, _)| *first);
    let mut out = Vec::new();
    for (_, refs) in done {
        out.extend(refs?);
    }
    Ok(out)
}

fn body_refs(
    v: &mut wasmparser::FuncValidator<ValidatorResources>,
    body: &FunctionBody<'_>,
    refs: &mut Vec<FuncRef>,
) -> Result<(), BinaryReaderError> {
    let mut reader = body.get_binary_reader();
    v.read_locals(&mut reader)?;
    reader.set_features(*v.features());
    while !reader.eof() {
        let at = reader.original_position();
        let mut tap = Tap { inner: v.visitor(at), at: at as u32, refs };
        reader.visit_operator(&mut tap)??;
    }
    reader.finish_expression(&v.visitor(reader.original_position()))
}

/// The validator's visitor, with the function-index immediates noted.
struct Tap<'r, V> {
    inner: V,
    /// Where the operator starts; the three that name functions have a
    /// one-byte opcode, so their immediate starts one byte later.
    at: u32,
    refs: &'r mut Vec<FuncRef>,
}

impl<V> Tap<'_, V> {
    fn note(&mut self, func: u32, call: bool) {
        self.refs.push(FuncRef { at: self.at + 1, func, call });
    }
}

impl<V: FrameStack> FrameStack for Tap<'_, V> {
    fn current_frame(&self) -> Option<FrameKind> {
        self.inner.current_frame()
    }
}

macro_rules! note {
    ($self:ident visit_call $f:ident) => {
        $self.note($f, true)
    };
    ($self:ident visit_return_call $f:ident) => {
        $self.note($f, true)
    };
    ($self:ident visit_ref_func $f:ident) => {
        $self.note($f, false)
    };
    ($self:ident $other:ident $($rest:ident)*) => {};
}

macro_rules! delegate {
    ($(@$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(,$arg: $argty)*)?) -> Self::Output {
                note!(self $visit $($($arg)*)?);
                self.inner.$visit($($($arg),*)?)
            }
        )*
    };
}

impl<'a, V: VisitOperator<'a>> VisitOperator<'a> for Tap<'_, V> {
    type Output = V::Output;

    // No SIMD operator names a function: those go straight through.
    fn simd_visitor(&mut self) -> Option<&mut dyn wasmparser::VisitSimdOperator<'a, Output = Self::Output>> {
        self.inner.simd_visitor()
    }

    wasmparser::for_each_visit_operator!(delegate);
}
