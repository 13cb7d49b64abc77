//! Run-time support: the state page (with the handle table), scratch memory, and
//! allocation of lists through the program's `cabi_realloc`.
use core::arch::wasm32;
use core::hint::black_box;
use core::ptr::null_mut;

use crate::table::Table;

pub const PAGE: usize = 65536;

#[link(wasm_import_module = "__main_module__")]
extern "C" {
    /// The program's canonical-ABI allocator: every list and string handed
    /// back to the program is its own allocation, so the program can free it.
    fn cabi_realloc(old: *mut u8, old_size: usize, align: usize, new_size: usize) -> *mut u8;
}

/// Holds the address of the state page. `adapter-build` replaces this body
/// with `global.get` of a global it adds (Rust has no stable way to declare a
/// wasm global); the placeholder keeps the call opaque to the optimiser.
#[inline(never)]
#[export_name = "wasi-backport:state-get"]
extern "C" fn state_get() -> *mut State {
    black_box(null_mut())
}

/// Replaced by `global.set` of the same global; see `state_get`.
#[inline(never)]
#[export_name = "wasi-backport:state-set"]
extern "C" fn state_set(state: *mut State) {
    black_box(state);
}

pub fn trap() -> ! {
    wasm32::unreachable()
}

/// Fresh zeroed pages at the end of memory. They belong to the adapter alone:
/// the program's allocator only hands out memory it grew itself.
pub fn grow(bytes: usize) -> *mut u8 {
    let pages = bytes.div_ceil(PAGE);
    let old = wasm32::memory_grow(0, pages);
    if old == usize::MAX {
        trap();
    }
    (old * PAGE) as *mut u8
}

/// Bytes of random data `random_u64` draws at once: 128 answers per host
/// call, so that 1 KiB costs one host call as in a wasip1 build.
const RANDOM_POOL: usize = 1024;

#[repr(C)]
pub struct State {
    pub table: Table,
    scratch: *mut u8,
    scratch_cap: usize,
    /// A list buffer a read allocated but could not fill (end of stream):
    /// kept for the next read, since `cabi_realloc` cannot free.
    spare: *mut u8,
    spare_cap: usize,
    seed: [u64; 2],
    seeded: bool,
    /// Random bytes drawn ahead for `get-random-u64`; the last
    /// `random_left` of them are unused.
    random_pool: [u8; RANDOM_POOL],
    random_left: usize,
    /// Socket send buffers no stream uses now (a linked list).
    pub free_send_buffers: *mut u8,
    /// Output streams holding bytes back in a send buffer.
    pub held_streams: u32,
    /// What was just learnt of one path (see `fs::Known`).
    pub known: crate::fs::Known,
    /// Directory-listing buffers no listing uses now (a linked list).
    pub free_dir_buffers: *mut u8,
    /// The preopens, scanned once: `preopen_count` records of (fd, name
    /// pointer, name length, descriptor-flags), names in adapter memory.
    pub preopens: *mut [u32; 4],
    pub preopen_count: usize,
    pub preopens_scanned: bool,
    /// Where `clock_time_get` writes: a slot here costs no shadow-stack
    /// frame, which the clocks' few instructions would otherwise double.
    pub clock_out: u64,
}

/// Inlined: it is on every path, and WAMR's interpreter pays for each call
/// frame; the first call's set-up stays out of line.
#[inline(always)]
pub fn state() -> &'static mut State {
    let mut s = state_get();
    if s.is_null() {
        s = new_state();
    }
    // SAFETY: `s` is the state page, made above from fresh zeroed pages (a
    // valid empty State) and only ever reached through here. The adapter is
    // single-threaded and not reentrant (it calls the program only for
    // `cabi_realloc` and `run`, which do not call back into it), so the
    // references live within one export call; callers use each for one
    // operation at a time rather than holding two across each other.
    unsafe { &mut *s }
}

/// Zeroed memory is a valid empty state.
#[cold]
#[inline(never)]
fn new_state() -> *mut State {
    let s = grow(core::mem::size_of::<State>()) as *mut State;
    state_set(s);
    s
}

impl State {
    /// Adapter-owned memory of at least `len` bytes, valid until the next call.
    pub fn scratch(&mut self, len: usize) -> *mut u8 {
        if self.scratch.is_null() || self.scratch_cap < len {
            let cap = len.max(PAGE).next_power_of_two();
            self.scratch = grow(cap);
            self.scratch_cap = cap;
        }
        self.scratch
    }

    /// A buffer of at least `want` bytes for a list, and its allocated size.
    #[inline(always)]
    pub fn list_buffer(&mut self, want: usize) -> (*mut u8, usize) {
        if !self.spare.is_null() && self.spare_cap >= want {
            let b = (self.spare, self.spare_cap);
            self.spare = null_mut();
            return b;
        }
        (alloc(want, 1), want)
    }

    /// Takes back a buffer from `list_buffer` that ended up unused.
    pub fn unused_buffer(&mut self, buf: *mut u8, cap: usize) {
        if self.spare.is_null() || self.spare_cap < cap {
            let (old, old_cap) = (self.spare, self.spare_cap);
            self.spare = buf;
            self.spare_cap = cap;
            if old.is_null() {
                return;
            }
            // Two spares at once is rare; the smaller one shrinks to a byte.
            // SAFETY: `old` is an allocation of the program's of `old_cap`
            // bytes (from `alloc`), no longer referred to.
            unsafe { cabi_realloc(old, old_cap, 1, 1) };
        } else {
            // SAFETY: likewise `buf`, of `cap` bytes.
            unsafe { cabi_realloc(buf, cap, 1, 1) };
        }
    }

    /// Eight random bytes from the pool, refilled with one `random_get`
    /// when empty. Programs ask for 8 bytes at a time (getrandom's WASIp2
    /// backend fills any buffer that way), and a host call per 8 bytes is
    /// what made 1 KiB cost 32 times the wasip1 build's on WAMR. Bytes
    /// handed out are zeroed, so none is given twice or left behind.
    #[inline(always)]
    pub fn random_u64(&mut self) -> u64 {
        if self.random_left < 8 {
            crate::random::fill(self.random_pool.as_mut_ptr(), RANDOM_POOL);
            self.random_left = RANDOM_POOL;
        }
        self.random_left -= 8;
        // SAFETY: random_left + 8 <= RANDOM_POOL, so the 8 bytes are inside
        // the pool; u64 reads of them need no alignment.
        unsafe {
            let p = self.random_pool.as_mut_ptr().add(self.random_left);
            let v = (p as *const u64).read_unaligned();
            core::ptr::write_bytes(p, 0, 8);
            v
        }
    }

    pub fn insecure_seed(&mut self) -> [u64; 2] {
        if !self.seeded {
            crate::random::fill(self.seed.as_mut_ptr() as *mut u8, 16);
            self.seeded = true;
        }
        self.seed
    }
}

/// A new allocation from the program; traps if the program is out of memory.
pub fn alloc(size: usize, align: usize) -> *mut u8 {
    // SAFETY: a new allocation: no old pointer.
    let p = unsafe { cabi_realloc(null_mut(), 0, align, size) };
    if p.is_null() && size != 0 {
        trap();
    }
    p
}

/// Shrinks an allocation from `alloc` to `new_size` (> 0) bytes.
pub fn shrink(p: *mut u8, old_size: usize, new_size: usize) -> *mut u8 {
    // SAFETY: the caller's `p` is an allocation of `old_size` bytes from
    // `alloc` that only the adapter refers to yet.
    let p = unsafe { cabi_realloc(p, old_size, 1, new_size) };
    if p.is_null() {
        trap();
    }
    p
}

/// A copy of `len` bytes at `src` in a new allocation of the program's.
pub fn alloc_copy(src: *const u8, len: usize) -> *mut u8 {
    let p = alloc(len, 1);
    // SAFETY: `p` is a new allocation of `len` bytes, apart from `src`, which
    // callers pass with `len` readable bytes (adapter memory or a list).
    unsafe { core::ptr::copy_nonoverlapping(src, p, len) };
    p
}

/// Whether the `len` bytes at `a` and at `b` are equal, compared 8 bytes at
/// a time. Slice equality calls `memcmp`, a byte loop of 17 instructions a
/// byte behind a call frame; each directory entry wasi-libc's `readdir`
/// hands out costs one such comparison (see `fs::Known`).
///
/// # Safety
/// Both point to `len` readable bytes.
#[inline(always)]
pub unsafe fn same_bytes(a: *const u8, b: *const u8, len: usize) -> bool {
    let mut i = 0;
    while i + 8 <= len {
        // SAFETY: i + 8 <= len: inside both; unaligned reads.
        let (x, y) = unsafe { ((a.add(i) as *const u64).read_unaligned(), (b.add(i) as *const u64).read_unaligned()) };
        if x != y {
            return false;
        }
        i += 8;
    }
    while i < len {
        // SAFETY: i < len: inside both.
        if unsafe { *a.add(i) != *b.add(i) } {
            return false;
        }
        i += 1;
    }
    true
}

/// Writes into a canonical-ABI return area, whose layout the caller fixed.
/// The one place results are written: a `Ret` is made only of the `ret`
/// argument of an export (or an element of a list allocated for such
/// records, see `cli.rs`), and written at the offsets of that function's
/// result type, so each write is inside the area and aligned for its type.
pub struct Ret(pub *mut u8);

impl Ret {
    pub fn u8(&self, off: usize, v: u8) {
        // SAFETY: `off` is a field of the result's layout (see the type).
        unsafe { self.0.add(off).write(v) }
    }
    pub fn u16(&self, off: usize, v: u16) {
        // SAFETY: as above; the field is 2-aligned in the layout.
        unsafe { (self.0.add(off) as *mut u16).write(v) }
    }
    pub fn u32(&self, off: usize, v: u32) {
        // SAFETY: as above; the field is 4-aligned in the layout.
        unsafe { (self.0.add(off) as *mut u32).write(v) }
    }
    pub fn u64(&self, off: usize, v: u64) {
        // SAFETY: as above; the field is 8-aligned in the layout.
        unsafe { (self.0.add(off) as *mut u64).write(v) }
    }
    /// A `list`/`string` as (pointer, length) at `off`.
    pub fn list(&self, off: usize, ptr: *const u8, len: usize) {
        self.u32(off, ptr as u32);
        self.u32(off + 4, len as u32);
    }
}

/// Unwraps a preview1 result where the WASIp2 function has no error case.
pub fn check(errno: crate::p1::Errno) {
    if errno != crate::p1::ESUCCESS {
        trap();
    }
}
