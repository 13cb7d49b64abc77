//! Run-time support: the state page, the handle table, scratch memory, and
//! allocation of lists through the program's `cabi_realloc`.
use core::arch::wasm32;
use core::hint::black_box;
use core::ptr::null_mut;

const PAGE: usize = 65536;

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

/// What a handle refers to. One table holds every resource the adapter
/// hands out; a handle is the entry's index plus one, so 0 is never valid.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Free = 0,
    InputStream,
    OutputStream,
    /// A pollable ready at `data` (monotonic nanoseconds; `u64::MAX`: never).
    PollClock,
    /// A pollable ready when `fd` can be read.
    PollRead,
    /// A pollable ready when `fd` can be written.
    PollWrite,
    /// A pollable that is always ready.
    PollReady,
    /// An `error` carrying the preview1 errno in `fd`.
    Error,
    TerminalInput,
    TerminalOutput,
    /// A filesystem descriptor: `flags` are its WASIp2 descriptor-flags.
    Descriptor,
    /// A directory listing; `aux` is its buffer, `data` the next cookie.
    DirectoryStream,
}

/// Stream flags.
pub const CLOSED: u8 = 1;
/// Reads or writes at the position in `data` (a file stream).
pub const POSITIONED: u8 = 2;
/// Writes go at the end of the file.
pub const APPEND: u8 = 4;

pub const fn kind_bit(kind: Kind) -> u32 {
    1 << kind as u32
}

pub const POLLABLES: u32 =
    kind_bit(Kind::PollClock) | kind_bit(Kind::PollRead) | kind_bit(Kind::PollWrite) | kind_bit(Kind::PollReady);

/// `Entry::life` bits. Freeing the entry closes its fd.
pub const CLOSE_FD: u8 = 1;
/// The program dropped it; it stays until its last child is gone.
const DROPPED: u8 = 2;

#[derive(Clone, Copy)]
#[repr(C)]
pub struct Entry {
    pub kind: Kind,
    pub flags: u8,
    /// `CLOSE_FD`, `DROPPED`: how the table frees it.
    pub life: u8,
    _pad: u8,
    /// The preview1 fd; for a free entry, the next free handle (0: none).
    pub fd: u32,
    pub data: u64,
    /// The entry this one is a child of (0: none); see `State::push_child`.
    pub parent: u32,
    pub aux: u32,
    /// How many live entries name this one as their parent.
    children: u32,
    _pad2: u32,
}

impl Entry {
    pub fn new(kind: Kind, fd: u32, data: u64) -> Entry {
        Entry { kind, flags: 0, life: 0, _pad: 0, fd, data, parent: 0, aux: 0, children: 0, _pad2: 0 }
    }
}

/// Bytes of random data `random_u64` draws at once: 32 answers per host
/// call.
const RANDOM_POOL: usize = 256;

#[repr(C)]
pub struct State {
    table: *mut Entry,
    table_cap: usize,
    table_len: usize,
    free_head: u32,
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
    /// Directory-listing buffers no listing uses now (a linked list).
    pub free_dir_buffers: *mut u8,
    /// The preopens, scanned once: `preopen_count` records of (fd, name
    /// pointer, name length, descriptor-flags), names in adapter memory.
    pub preopens: *mut [u32; 4],
    pub preopen_count: usize,
    pub preopens_scanned: bool,
}

pub fn state() -> &'static mut State {
    let mut s = state_get();
    if s.is_null() {
        // Zeroed memory is a valid empty state.
        s = grow(core::mem::size_of::<State>()) as *mut State;
        state_set(s);
    }
    // SAFETY: `s` is the state page, made above from fresh zeroed pages (a
    // valid empty State) and only ever reached through here. The adapter is
    // single-threaded and not reentrant (it calls the program only for
    // `cabi_realloc` and `run`, which do not call back into it), so the
    // references live within one export call; callers use each for one
    // operation at a time rather than holding two across each other.
    unsafe { &mut *s }
}

impl State {
    pub fn push(&mut self, entry: Entry) -> u32 {
        let index = if self.free_head != 0 {
            let index = (self.free_head - 1) as usize;
            // SAFETY: free_head names a freed entry: index < table_len.
            self.free_head = unsafe { (*self.table.add(index)).fd };
            index
        } else {
            if self.table_len == self.table_cap {
                self.grow_table();
            }
            self.table_len += 1;
            self.table_len - 1
        };
        // SAFETY: index < table_len <= table_cap: inside the table's pages.
        unsafe { self.table.add(index).write(entry) };
        (index + 1) as u32
    }

    fn grow_table(&mut self) {
        let cap = if self.table_cap == 0 { PAGE / 16 } else { self.table_cap * 2 };
        let table = grow(cap * core::mem::size_of::<Entry>()) as *mut Entry;
        // SAFETY: the old table holds table_len entries; the new one, fresh
        // pages of its own, holds cap > table_len.
        unsafe { core::ptr::copy_nonoverlapping(self.table, table, self.table_len) };
        // The old pages stay behind: adapter memory is never returned, and
        // doubling bounds the waste by the table's current size.
        self.table = table;
        self.table_cap = cap;
    }

    /// The live entry behind `handle`; traps on 0, out of range, free, or
    /// dropped by the program (a descriptor kept for its streams).
    pub fn entry(&mut self, handle: u32) -> &mut Entry {
        let e = self.slot(handle);
        if e.life & DROPPED != 0 {
            trap();
        }
        e
    }

    /// The entry behind `handle`, dropped or not; traps on 0, out of range, or free.
    fn slot(&mut self, handle: u32) -> &mut Entry {
        if handle == 0 || handle as usize > self.table_len {
            trap();
        }
        // SAFETY: 1 <= handle <= table_len, checked above: an entry in the
        // table, borrowed from `self`.
        let e = unsafe { &mut *self.table.add(handle as usize - 1) };
        if e.kind == Kind::Free {
            trap();
        }
        e
    }

    /// The entry behind `handle`, which must be of `kind`.
    pub fn get(&mut self, handle: u32, kind: Kind) -> &mut Entry {
        let e = self.entry(handle);
        if e.kind != kind {
            trap();
        }
        e
    }

    /// Adds `entry` as a child of `parent` (a pollable of its stream, a
    /// stream or listing of its descriptor); `remove` keeps the rules.
    pub fn push_child(&mut self, mut entry: Entry, parent: u32) -> u32 {
        self.entry(parent).children += 1;
        entry.parent = parent;
        self.push(entry)
    }

    /// The program drops `handle`, whose kind must be in `kinds`. The
    /// lifetime rules of WASIp2 hosts: an entry with live children traps
    /// ("resource has children"), except a descriptor, which stays open for
    /// its streams and listings (they may outlive it) until the last one goes.
    pub fn remove(&mut self, handle: u32, kinds: u32) {
        let e = self.entry(handle);
        if kinds & kind_bit(e.kind) == 0 {
            trap();
        }
        if e.children > 0 {
            if e.kind != Kind::Descriptor {
                trap();
            }
            e.life |= DROPPED;
            return;
        }
        self.free(handle);
    }

    /// Frees `handle`, and its parent if that was only waiting for it.
    fn free(&mut self, mut handle: u32) {
        loop {
            let free_head = self.free_head;
            let e = self.slot(handle);
            let (parent, life, fd) = (e.parent, e.life, e.fd);
            e.kind = Kind::Free;
            e.life = 0;
            e.fd = free_head;
            self.free_head = handle;
            if life & CLOSE_FD != 0 {
                // WASIp2 drops cannot fail; a failed close has nobody to tell.
                // SAFETY: fd_close takes no pointers.
                unsafe { crate::p1::fd_close(fd) };
            }
            if parent == 0 {
                return;
            }
            let p = self.slot(parent);
            p.children -= 1;
            if p.children > 0 || p.life & DROPPED == 0 {
                return;
            }
            handle = parent;
        }
    }

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
