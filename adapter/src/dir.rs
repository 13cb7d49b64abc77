//! Directory listings over `fd_readdir`. Each listing reads a batch of
//! entries into a buffer of its own and hands them out one by one, asking
//! the host again from the last cookie when the batch runs out (hosts may
//! cost a whole directory scan per call, so one call per entry would be
//! quadratic). Buffers come back to a free list when listings end.
use crate::errno::error_code;
use crate::fs::{descriptor, descriptor_type};
use crate::p1::{self, Dirent};
use crate::rt::{alloc_copy, grow, state, Ret};
use crate::table::{Kind, Resource};

/// The least a first batch holds. It is sized from the directory's own
/// size (see `first_cap`), and batches grow up to `MAX_CAP` while they come
/// back full: a host that scans the whole directory per call (wasmtime's
/// preview1 host) is then asked once or twice for a large directory, not
/// once per 16 KiB of it.
const FIRST_CAP: usize = 16384;
const MAX_CAP: usize = 256 << 10;
const DIRENT: usize = core::mem::size_of::<Dirent>();

/// Sits in front of a buffer's bytes.
#[repr(C, align(8))]
struct Buffer {
    next: *mut Buffer,
    cap: usize,
    /// Bytes the last `fd_readdir` filled, and how far the listing got.
    used: usize,
    pos: usize,
    /// The last call did not fill the buffer: no entries after these.
    last: bool,
}

impl Buffer {
    fn bytes(&mut self) -> *mut u8 {
        // SAFETY: every Buffer heads an allocation of `size_of::<Buffer>() +
        // cap` bytes (see `take`): one past the header is still inside it.
        unsafe { (self as *mut Buffer).add(1) as *mut u8 }
    }
}

/// An empty buffer of at least `cap` bytes, reused if one is free.
fn take(cap: usize) -> *mut Buffer {
    let st = state();
    let mut link: *mut *mut u8 = &mut st.free_dir_buffers;
    // SAFETY: `link` points at the list's head in the state, or at the
    // `next` field of a buffer on the list; every buffer on the list is a
    // header made below (given back by `give`), at the start of pages of its
    // own from `grow`, with `cap` bytes behind it; none is in use.
    unsafe {
        while !(*link).is_null() {
            let b = *link as *mut Buffer;
            if (*b).cap >= cap {
                *link = (*b).next as *mut u8;
                return reset(b);
            }
            link = &mut (*b).next as *mut *mut Buffer as *mut *mut u8;
        }
        let b = grow(core::mem::size_of::<Buffer>() + cap) as *mut Buffer;
        (*b).cap = cap;
        reset(b)
    }
}

/// # Safety
/// `b` is a buffer header from `take`.
unsafe fn reset(b: *mut Buffer) -> *mut Buffer {
    // SAFETY: the caller's contract; nothing else refers to `b` now.
    unsafe {
        (*b).next = core::ptr::null_mut();
        (*b).used = 0;
        (*b).pos = 0;
        (*b).last = false;
    }
    b
}

fn give(b: *mut Buffer) {
    let st = state();
    // SAFETY: `b` is a listing's buffer from `take`, which the listing gives
    // up here: no one else refers to it.
    unsafe { (*b).next = st.free_dir_buffers as *mut Buffer };
    st.free_dir_buffers = b as *mut u8;
}

/// A listing's buffer (0: none yet), fd, the cookie of its next batch, and
/// its directory's device (0: unknown).
#[inline(always)]
fn listing(handle: u32) -> (u32, u32, u64, u64) {
    match *state().table.get(handle) {
        Resource::Listing { fd, buffer, cookie, dev } => (buffer, fd, cookie, dev),
        _ => crate::rt::trap(),
    }
}

#[inline(always)]
fn set_listing(handle: u32, new_buffer: Option<*mut Buffer>, new_cookie: Option<u64>) {
    if let Resource::Listing { buffer, cookie, .. } = state().table.get(handle) {
        if let Some(b) = new_buffer {
            *buffer = b as u32;
        }
        if let Some(c) = new_cookie {
            *cookie = c;
        }
    }
}

/// `result<own<directory-entry-stream>, error-code>`; the listing starts at
/// cookie 0 whatever other listings of the directory did.
#[export_name = "wasi:filesystem/types#[method]descriptor.read-directory"]
extern "C" fn read_directory(handle: u32, ret: *mut u8) {
    let d = descriptor(handle);
    let ret = Ret(ret);
    ret.u8(0, 0);
    let listing = Resource::Listing { fd: d.fd, buffer: 0, cookie: 0, dev: 0 };
    ret.u32(4, state().table.push_child(listing, handle));
}

#[export_name = "wasi:filesystem/types#[resource-drop]directory-entry-stream"]
extern "C" fn drop_directory_stream(handle: u32) {
    let buffer = listing(handle).0;
    state().table.drop_handle(handle, Kind::Listing);
    if buffer != 0 {
        give(buffer as *mut Buffer);
    }
}

/// `result<option<directory-entry>, error-code>`, skipping `.` and `..`.
#[export_name = "wasi:filesystem/types#[method]directory-entry-stream.read-directory-entry"]
extern "C" fn read_directory_entry(handle: u32, ret: *mut u8) {
    let r = Ret(ret);
    loop {
        let (buffer, fd, cookie, mut dev) = listing(handle);
        let mut b = buffer as *mut Buffer;
        if b.is_null() {
            let cap;
            (cap, dev) = first_cap(handle, fd);
            b = take(cap);
            set_listing(handle, Some(b), None);
        }
        // SAFETY: `b` is this listing's buffer (from `take`), which only
        // this listing refers to; the reference ends with this iteration.
        let buf = unsafe { &mut *b };
        if buf.pos + DIRENT <= buf.used {
            // SAFETY: pos + DIRENT <= used <= cap: a whole dirent header
            // lies in the buffer's bytes (not aligned: names come between).
            let (at, d) = unsafe {
                let at = buf.bytes().add(buf.pos);
                (at, core::ptr::read_unaligned(at as *const Dirent))
            };
            let end = buf.pos + DIRENT + d.namlen as usize;
            if end <= buf.used {
                buf.pos = end;
                set_listing(handle, None, Some(d.next));
                // SAFETY: the name's `namlen` bytes end at `end <= used`,
                // inside the buffer; the reads are within that length.
                let (name, dots) = unsafe {
                    let name = at.add(DIRENT);
                    let dots = match d.namlen {
                        1 => *name == b'.',
                        2 => *name == b'.' && *name.add(1) == b'.',
                        _ => false,
                    };
                    (name, dots)
                };
                if dots {
                    continue;
                }
                let len = d.namlen as usize;
                remember(dev, fd, d.ino, d.filetype, name, len);
                r.u8(0, 0);
                r.u8(4, 1);
                r.u8(8, descriptor_type(d.filetype));
                r.list(12, alloc_copy(name, len), len);
                return;
            }
        }
        // This batch is used up (or ends in a cut-off entry).
        if buf.last {
            r.u8(0, 0);
            return r.u8(4, 0);
        }
        if buf.used == buf.cap && (buf.pos == 0 || buf.cap < MAX_CAP) {
            // A full batch: the next one twice as large (and at least so
            // for one entry larger than the whole buffer).
            let bigger = take(buf.cap * 2);
            give(b);
            b = bigger;
            set_listing(handle, Some(bigger), None);
        }
        // SAFETY: as above; `b` may be the bigger buffer now.
        let buf = unsafe { &mut *b };
        let mut used = 0;
        // SAFETY: the host writes at most `cap` bytes into the buffer's bytes,
        // and a `size` into the local.
        let errno = unsafe { p1::fd_readdir(fd, buf.bytes(), buf.cap, cookie, &mut used) };
        if errno != p1::ESUCCESS {
            r.u8(0, 1);
            return r.u8(4, error_code(errno));
        }
        buf.used = used;
        buf.pos = 0;
        buf.last = used < buf.cap;
    }
}

/// The first batch's size, from the directory's: a preview1 entry is a
/// 24-byte header and the name, which file systems store in about half that
/// (ext4: 8 bytes and the name rounded up to 4; tmpfs reports 20 bytes an
/// entry). The same stat gives the device `remember` needs, kept in the
/// listing and returned; without it (the host refuses, or says 0) the
/// listing notes nothing.
fn first_cap(handle: u32, fd: u32) -> (usize, u64) {
    let (errno, st) = crate::fs::filestat(fd);
    if errno != p1::ESUCCESS {
        return (FIRST_CAP, 0);
    }
    if let Resource::Listing { dev, .. } = state().table.get(handle) {
        *dev = st.dev;
    }
    ((st.size.min(MAX_CAP as u64) as usize * 2).clamp(FIRST_CAP, MAX_CAP).next_power_of_two(), st.dev)
}

/// Notes the inode of the entry just handed out: wasi-libc's `readdir`
/// asks `metadata-hash-at` of each entry next (its `d_ino`), which the
/// listing already answers (see `fs::Known`). Directories are left out
/// (one may be a mount point, whose own inode the listing does not show), as
/// are symbolic links (a hash that follows one is the target's) and entries
/// whose inode the host does not give (0). The device is the directory's,
/// asked once per listing (`first_cap`); unknown (0), nothing is noted.
#[inline(always)]
fn remember(dev: u64, fd: u32, ino: u64, filetype: u8, name: *const u8, len: usize) {
    crate::fs::forget_inode();
    if ino == 0 || dev == 0 || filetype == p1::FILETYPE_DIRECTORY || filetype == p1::FILETYPE_SYMBOLIC_LINK {
        return;
    }
    // SAFETY: an all-zero Filestat is valid (integers only).
    let st = p1::Filestat { dev, ino, ..unsafe { core::mem::zeroed() } };
    // SAFETY: `name` is the entry's `len` bytes in the listing's buffer.
    unsafe { crate::fs::note(fd, 0, name, len, st, false) };
}
