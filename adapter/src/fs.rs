//! wasi:filesystem/types — a descriptor is a preview1 fd. Paths go to the
//! host unchanged: the host's sandbox decides what they reach, so the
//! adapter never grants more than preview1 did.
use crate::errno::{error_code, result};
use crate::p1::{self, Fdstat, Filestat};
use crate::rt::{alloc, alloc_copy, state, Ret};
use crate::table::{Io, Kind, Resource, Stream};

// descriptor-flags (WIT order).
pub const READ: u8 = 1 << 0;
pub const WRITE: u8 = 1 << 1;
const FILE_INTEGRITY_SYNC: u8 = 1 << 2;
const DATA_INTEGRITY_SYNC: u8 = 1 << 3;
const REQUESTED_WRITE_SYNC: u8 = 1 << 4;
pub const MUTATE_DIRECTORY: u8 = 1 << 5;

/// `error-code::bad-descriptor`, for operations the descriptor's flags
/// forbid (as a WASIp2 host answers them).
const BAD_DESCRIPTOR: u8 = 3;
/// `error-code::is-directory`.
const IS_DIRECTORY: u8 = 14;

/// A descriptor: its preview1 fd, WASIp2 descriptor-flags and inheriting
/// rights.
pub struct Descriptor {
    pub fd: u32,
    pub flags: u8,
    /// The rights its fd passes on, once asked (see `inheriting`).
    pub inheriting: Option<u64>,
}

#[inline(always)]
pub fn descriptor(handle: u32) -> Descriptor {
    let (fd, flags, inheriting) = state().table.descriptor(handle);
    Descriptor { fd, flags, inheriting }
}

/// A new descriptor for `fd`; `close_fd` unless the fd is a preopen, which
/// stays open for the next `get-directories`.
#[inline(always)]
pub fn new_descriptor(fd: u32, flags: u8, close_fd: bool) -> u32 {
    state().table.push(Resource::Descriptor { fd, flags, inheriting: None }, close_fd)
}

/// Streams and listings it has keep a dropped descriptor's fd open: the
/// handle table closes it with the last of them.
#[export_name = "wasi:filesystem/types#[resource-drop]descriptor"]
extern "C" fn drop_descriptor(handle: u32) {
    state().table.drop_handle(handle, Kind::Descriptor);
}

fn err_at(ret: &Ret, off: usize, code: u8) {
    ret.u8(0, 1);
    ret.u8(off, code);
}

// ---- streams ---------------------------------------------------------------

/// A new file stream on `handle` at `offset`: `result<own<stream>,
/// error-code>` at `ret`. As on WASIp2 hosts, a directory is refused here
/// (reading it is `is-directory`, writing `bad-descriptor`), while the
/// access mode is checked when the stream is used (by the host).
fn new_stream(handle: u32, input: bool, io: Io, ret: *mut u8) {
    let ret = Ret(ret);
    let d = descriptor(handle);
    // SAFETY: an all-zero Fdstat is valid (integers only), and `st` is
    // writable for fd_fdstat_get.
    let (errno, st) = unsafe {
        let mut st: Fdstat = core::mem::zeroed();
        (p1::fd_fdstat_get(d.fd, &mut st), st)
    };
    if errno != p1::ESUCCESS {
        return err_at(&ret, 4, error_code(errno));
    }
    if st.filetype == p1::FILETYPE_DIRECTORY {
        return err_at(&ret, 4, if input { IS_DIRECTORY } else { BAD_DESCRIPTOR });
    }
    let s = Stream { fd: d.fd, io, closed: false, ready: false };
    let res = if input { Resource::Input(s) } else { Resource::Output(s) };
    ret.u8(0, 0);
    ret.u32(4, state().table.push_child(res, handle));
}

#[export_name = "wasi:filesystem/types#[method]descriptor.read-via-stream"]
extern "C" fn read_via_stream(handle: u32, offset: u64, ret: *mut u8) {
    new_stream(handle, true, Io::At(offset), ret);
}

#[export_name = "wasi:filesystem/types#[method]descriptor.write-via-stream"]
extern "C" fn write_via_stream(handle: u32, offset: u64, ret: *mut u8) {
    new_stream(handle, false, Io::At(offset), ret);
}

#[export_name = "wasi:filesystem/types#[method]descriptor.append-via-stream"]
extern "C" fn append_via_stream(handle: u32, ret: *mut u8) {
    new_stream(handle, false, Io::Append, ret);
}

// ---- reads and writes at an offset -----------------------------------------

/// `result<tuple<list<u8>, bool>, error-code>`: at most 64 KiB per call, and
/// end of file only when nothing was read, as WASIp2 hosts do.
#[export_name = "wasi:filesystem/types#[method]descriptor.read"]
extern "C" fn read(handle: u32, len: u64, offset: u64, ret: *mut u8) {
    let ret = Ret(ret);
    let d = descriptor(handle);
    if d.flags & READ == 0 {
        return err_at(&ret, 4, BAD_DESCRIPTOR);
    }
    let want = (len as usize).min(crate::streams::READ_MAX);
    let (errno, list, n) = crate::fs_read::pread_list(d.fd, want, offset);
    if errno != p1::ESUCCESS {
        return err_at(&ret, 4, error_code(errno));
    }
    ret.u8(0, 0);
    ret.list(4, list, n);
    ret.u8(12, (n == 0) as u8);
}

/// `result<filesize, error-code>`: one `fd_pwrite` straight from the list.
#[export_name = "wasi:filesystem/types#[method]descriptor.write"]
extern "C" fn write(handle: u32, buf: *mut u8, len: usize, offset: u64, ret: *mut u8) {
    // What was learnt of a path may not hold after this.
    forget_inode();
    let ret = Ret(ret);
    let d = descriptor(handle);
    if d.flags & WRITE == 0 {
        return err_at(&ret, 8, BAD_DESCRIPTOR);
    }
    let iov = p1::Iovec { buf, len };
    let mut n = 0;
    // SAFETY: the iovec is the list argument (canonical ABI: `len` bytes at
    // `buf`), which the host only reads; it writes a `size` into the local.
    match unsafe { p1::fd_pwrite(d.fd, &iov, 1, offset, &mut n) } {
        p1::ESUCCESS => {
            ret.u8(0, 0);
            ret.u64(8, n as u64);
        }
        errno => err_at(&ret, 8, error_code(errno)),
    }
}

// ---- descriptor state ------------------------------------------------------

#[export_name = "wasi:filesystem/types#[method]descriptor.advise"]
extern "C" fn advise(handle: u32, offset: u64, len: u64, advice: u32, ret: *mut u8) {
    // The advice enums list the same six cases in the same order.
    // SAFETY: fd_advise takes no pointers.
    result(ret, 1, unsafe { p1::fd_advise(descriptor(handle).fd, offset, len, advice) });
}

#[export_name = "wasi:filesystem/types#[method]descriptor.sync-data"]
extern "C" fn sync_data(handle: u32, ret: *mut u8) {
    // SAFETY: fd_datasync takes no pointers.
    result(ret, 1, unsafe { p1::fd_datasync(descriptor(handle).fd) });
}

#[export_name = "wasi:filesystem/types#[method]descriptor.sync"]
extern "C" fn sync(handle: u32, ret: *mut u8) {
    // SAFETY: fd_sync takes no pointers.
    result(ret, 1, unsafe { p1::fd_sync(descriptor(handle).fd) });
}

/// The flags it was opened with: preview1 rights are advisory on most hosts,
/// so they say less than what the program asked for.
#[export_name = "wasi:filesystem/types#[method]descriptor.get-flags"]
extern "C" fn get_flags(handle: u32, ret: *mut u8) {
    let ret = Ret(ret);
    ret.u8(0, 0);
    ret.u8(1, descriptor(handle).flags);
}

/// preview1 filetype → descriptor-type.
pub fn descriptor_type(filetype: u8) -> u8 {
    match filetype {
        1 => 1,     // block-device
        2 => 2,     // character-device
        3 => 3,     // directory
        4 => 6,     // regular-file
        5 | 6 => 7, // socket (dgram, stream)
        7 => 5,     // symbolic-link
        _ => 0,     // unknown
    }
}

#[export_name = "wasi:filesystem/types#[method]descriptor.get-type"]
extern "C" fn get_type(handle: u32, ret: *mut u8) {
    // SAFETY: an all-zero Fdstat is valid (integers only).
    let mut st: Fdstat = unsafe { core::mem::zeroed() };
    // SAFETY: the host writes an Fdstat into the local.
    let errno = unsafe { p1::fd_fdstat_get(descriptor(handle).fd, &mut st) };
    result(ret, 1, errno);
    if errno == p1::ESUCCESS {
        Ret(ret).u8(1, descriptor_type(st.filetype));
    }
}

#[export_name = "wasi:filesystem/types#[method]descriptor.set-size"]
extern "C" fn set_size(handle: u32, size: u64, ret: *mut u8) {
    // What was learnt of a path may not hold after this.
    forget_inode();
    // SAFETY: fd_filestat_set_size takes no pointers.
    result(ret, 1, unsafe { p1::fd_filestat_set_size(descriptor(handle).fd, size) });
}

// ---- timestamps ------------------------------------------------------------

/// A `new-timestamp` (lowered: case, seconds, nanoseconds) as preview1's
/// nanoseconds and `fstflags` bits; `set`/`now` are the bits for one clock.
fn new_timestamp(case: u32, secs: u64, nanos: u32, set: u32, now: u32) -> Result<(u64, u32), p1::Errno> {
    match case {
        0 => Ok((0, 0)),
        1 => Ok((0, now)),
        _ => secs
            .checked_mul(1_000_000_000)
            .and_then(|ns| ns.checked_add(nanos as u64))
            .map(|ns| (ns, set))
            .ok_or(p1::EOVERFLOW),
    }
}

/// Both timestamps of a `set-times` call, or the errno to report.
#[allow(clippy::too_many_arguments)]
fn times(a: u32, a_s: u64, a_ns: u32, m: u32, m_s: u64, m_ns: u32) -> Result<(u64, u64, u32), p1::Errno> {
    let (atim, abits) = new_timestamp(a, a_s, a_ns, p1::FSTFLAGS_ATIM, p1::FSTFLAGS_ATIM_NOW)?;
    let (mtim, mbits) = new_timestamp(m, m_s, m_ns, p1::FSTFLAGS_MTIM, p1::FSTFLAGS_MTIM_NOW)?;
    Ok((atim, mtim, abits | mbits))
}

#[export_name = "wasi:filesystem/types#[method]descriptor.set-times"]
#[allow(clippy::too_many_arguments)]
extern "C" fn set_times(handle: u32, a: u32, a_s: u64, a_ns: u32, m: u32, m_s: u64, m_ns: u32, ret: *mut u8) {
    // What was learnt of a path may not hold after this.
    forget_inode();
    let errno = match times(a, a_s, a_ns, m, m_s, m_ns) {
        // SAFETY: fd_filestat_set_times takes no pointers.
        Ok((atim, mtim, bits)) => unsafe { p1::fd_filestat_set_times(descriptor(handle).fd, atim, mtim, bits) },
        Err(errno) => errno,
    };
    result(ret, 1, errno);
}

#[export_name = "wasi:filesystem/types#[method]descriptor.set-times-at"]
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn set_times_at(
    handle: u32,
    path_flags: u32,
    path: *const u8,
    path_len: usize,
    a: u32,
    a_s: u64,
    a_ns: u32,
    m: u32,
    m_s: u64,
    m_ns: u32,
    ret: *mut u8,
) {
    // What was learnt of a path may not hold after this.
    forget_inode();
    let errno = match times(a, a_s, a_ns, m, m_s, m_ns) {
        Ok((atim, mtim, bits)) => {
            // SAFETY: `path` is a string argument (canonical ABI: `path_len` bytes in the
            // program's memory), which the host only reads.
            unsafe {
                p1::path_filestat_set_times(descriptor(handle).fd, path_flags & 1, path, path_len, atim, mtim, bits)
            }
        }
        Err(errno) => errno,
    };
    result(ret, 1, errno);
}

// ---- stat and identity -----------------------------------------------------

/// A timestamp as `option<datetime>` at `off`: preview1 has no "unknown",
/// and hosts write 0 for it.
fn datetime(ret: &Ret, off: usize, ns: u64) {
    if ns == 0 {
        return ret.u8(off, 0);
    }
    ret.u8(off, 1);
    ret.u64(off + 8, ns / 1_000_000_000);
    ret.u32(off + 16, (ns % 1_000_000_000) as u32);
}

/// `result<descriptor-stat, error-code>` from a preview1 filestat.
#[inline(always)]
fn stat_result(errno: p1::Errno, st: &Filestat, ret: *mut u8) {
    let ret = Ret(ret);
    if errno != p1::ESUCCESS {
        return err_at(&ret, 8, error_code(errno));
    }
    ret.u8(0, 0);
    ret.u8(8, descriptor_type(st.filetype));
    ret.u64(16, st.nlink);
    ret.u64(24, st.size);
    datetime(&ret, 32, st.atim);
    datetime(&ret, 56, st.mtim);
    datetime(&ret, 80, st.ctim);
}

pub fn filestat(fd: u32) -> (p1::Errno, Filestat) {
    // SAFETY: an all-zero Filestat is valid (integers only).
    let mut st: Filestat = unsafe { core::mem::zeroed() };
    // SAFETY: the host writes a Filestat into the local.
    let errno = unsafe { p1::fd_filestat_get(fd, &mut st) };
    (errno, st)
}

/// # Safety
/// `path` points to `len` readable bytes.
unsafe fn filestat_at(fd: u32, path_flags: u32, path: *const u8, len: usize) -> (p1::Errno, Filestat) {
    // SAFETY: an all-zero Filestat is valid (integers only); the host reads
    // `len` bytes at `path` (the caller's contract) and writes a Filestat
    // into the local.
    unsafe {
        let mut st: Filestat = core::mem::zeroed();
        let errno = p1::path_filestat_get(fd, path_flags & 1, path, len, &mut st);
        (errno, st)
    }
}

#[export_name = "wasi:filesystem/types#[method]descriptor.stat"]
extern "C" fn stat(handle: u32, ret: *mut u8) {
    let (errno, st) = filestat(descriptor(handle).fd);
    stat_result(errno, &st, ret);
}

#[export_name = "wasi:filesystem/types#[method]descriptor.stat-at"]
unsafe extern "C" fn stat_at(handle: u32, path_flags: u32, path: *const u8, len: usize, ret: *mut u8) {
    let fd = descriptor(handle).fd;
    // SAFETY: `path` is a string argument (canonical ABI: `len` bytes in the
    // program's memory), which the host only reads.
    let (errno, st) = unsafe { filestat_at_known(fd, path_flags, path, len, true) };
    stat_result(errno, &st, ret);
}

#[export_name = "wasi:filesystem/types#[method]descriptor.is-same-object"]
extern "C" fn is_same_object(a: u32, b: u32) -> u32 {
    let (ea, sa) = filestat(descriptor(a).fd);
    let (eb, sb) = filestat(descriptor(b).fd);
    (ea == p1::ESUCCESS && eb == p1::ESUCCESS && sa.dev == sb.dev && sa.ino == sb.ino) as u32
}

fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// From device and inode only: wasi-libc reports `lower` as `st_ino`, which
/// must not change when the file does. For one device, `lower` is a
/// bijection of the inode, so distinct files keep distinct numbers.
#[inline(always)]
fn hash_result(errno: p1::Errno, st: &Filestat, ret: *mut u8) {
    let ret = Ret(ret);
    if errno != p1::ESUCCESS {
        return err_at(&ret, 8, error_code(errno));
    }
    ret.u8(0, 0);
    ret.u64(8, st.ino ^ mix(st.dev));
    ret.u64(16, st.dev ^ mix(st.ino));
}

#[export_name = "wasi:filesystem/types#[method]descriptor.metadata-hash"]
extern "C" fn metadata_hash(handle: u32, ret: *mut u8) {
    let (errno, st) = filestat(descriptor(handle).fd);
    hash_result(errno, &st, ret);
}

#[export_name = "wasi:filesystem/types#[method]descriptor.metadata-hash-at"]
unsafe extern "C" fn metadata_hash_at(handle: u32, path_flags: u32, path: *const u8, len: usize, ret: *mut u8) {
    let fd = descriptor(handle).fd;
    // SAFETY: `path` is a string argument (canonical ABI: `len` bytes in the
    // program's memory), which the host only reads.
    let (errno, st) = unsafe { filestat_at_known(fd, path_flags, path, len, false) };
    hash_result(errno, &st, ret);
}

/// Longest path `Known` keeps.
const KNOWN_PATH_MAX: usize = 255;

/// What was just learnt of one path. wasi-libc's `stat` asks
/// `metadata-hash-at` of a path (not following a final symbolic link) and
/// then `stat-at` of it (for `st_ino`),
/// and its `readdir` asks `metadata-hash-at` of each entry a listing hands
/// out (for `d_ino`): each would cost one more `path_filestat_get`. Used
/// once, by the next `stat-at` or `metadata-hash-at` of the same directory
/// fd, flags and path; forgotten when a path goes or is renamed over.
#[repr(C)]
pub struct Known {
    fd: u32,
    follow: u32,
    /// The whole filestat (else only `dev` and `ino`, from a listing).
    full: bool,
    /// `stat-at` learnt it: only `metadata-hash-at` may use it (device and
    /// inode do not change while the path stays, a size and times may).
    by_stat: bool,
    st: Filestat,
    /// 0: nothing known.
    len: usize,
    path: [u8; KNOWN_PATH_MAX],
}

pub fn forget_inode() {
    state().known.len = 0;
}

/// Notes `st` for `path` (`len` bytes, looked up in `fd`, following
/// symbolic links if `follow` is 1); `full` if all of it is known.
///
/// # Safety
/// `path` points to `len` readable bytes.
#[inline(always)]
pub unsafe fn note(fd: u32, follow: u32, path: *const u8, len: usize, st: Filestat, full: bool) {
    let k = &mut state().known;
    k.len = 0;
    if len == 0 || len > KNOWN_PATH_MAX || st.ino == 0 {
        return;
    }
    // SAFETY: the caller's `len` readable bytes, into the state's array of
    // KNOWN_PATH_MAX >= len bytes.
    unsafe { core::ptr::copy_nonoverlapping(path, k.path.as_mut_ptr(), len) };
    k.st = st;
    (k.fd, k.follow, k.full, k.by_stat, k.len) = (fd, follow, full, false, len);
}

/// `path_filestat_get`, or what was just learnt of the path if that is
/// enough (`need_full`: the whole filestat, else device and inode); what the
/// host says is noted for the next call.
///
/// # Safety
/// `path` points to `len` readable bytes.
#[inline(always)]
unsafe fn filestat_at_known(
    fd: u32,
    path_flags: u32,
    path: *const u8,
    len: usize,
    need_full: bool,
) -> (p1::Errno, Filestat) {
    let follow = path_flags & 1;
    let k = &mut state().known;
    // What a lookup that does not follow a final symbolic link found is
    // also what one that follows it finds, if the path is no such link
    // (wasi-libc's `stat` hashes without following, then stats following).
    let flags_agree = k.follow == follow || (k.follow == 0 && k.full && k.st.filetype != p1::FILETYPE_SYMBOLIC_LINK);
    let same = k.len == len && k.fd == fd && flags_agree && (k.full || !need_full) && !(need_full && k.by_stat) && {
        // SAFETY: the caller's `len` readable bytes, and as many of the
        // noted path (`len` is its length here, at most KNOWN_PATH_MAX).
        unsafe { crate::rt::same_bytes(path, k.path.as_ptr(), len) }
    };
    if same {
        k.len = 0;
        // SAFETY: Filestat is plain integers.
        return (p1::ESUCCESS, unsafe { core::ptr::read(&k.st) });
    }
    // SAFETY: the caller's contract.
    let (errno, st) = unsafe { filestat_at(fd, path_flags, path, len) };
    if errno == p1::ESUCCESS {
        // SAFETY: as above.
        unsafe { note(fd, follow, path, len, st, true) };
        state().known.by_stat = need_full;
    } else {
        k.len = 0;
    }
    (errno, st)
}

// ---- paths -----------------------------------------------------------------

/// The rights `handle`'s fd passes on to what it opens: kept in the
/// descriptor once asked of the host (`ask_inheriting`), since preview1
/// rights only shrink and the adapter never shrinks them, so opening a file
/// costs the host call a wasip1 build makes, not two.
#[inline(always)]
fn inheriting(handle: u32, dir: &Descriptor) -> Result<u64, p1::Errno> {
    match dir.inheriting {
        Some(r) => Ok(r),
        None => ask_inheriting(handle, dir.fd),
    }
}

/// `fd_fdstat_get` of `fd` for the rights it passes on, kept in `handle`'s
/// descriptor.
fn ask_inheriting(handle: u32, fd: u32) -> Result<u64, p1::Errno> {
    // SAFETY: an all-zero Fdstat is valid (integers only).
    let mut st: Fdstat = unsafe { core::mem::zeroed() };
    // SAFETY: the host writes an Fdstat into the local.
    let errno = unsafe { p1::fd_fdstat_get(fd, &mut st) };
    if errno != p1::ESUCCESS {
        return Err(errno);
    }
    *state().table.inheriting(handle) = Some(st.rights_inheriting);
    Ok(st.rights_inheriting)
}

/// `open-at`. Rights are asked for as a preview1 program would: everything
/// the directory passes on except what the access mode rules out, so hosts
/// that enforce rights grant the same as to a wasip1 build.
#[export_name = "wasi:filesystem/types#[method]descriptor.open-at"]
unsafe extern "C" fn open_at(
    handle: u32,
    path_flags: u32,
    path: *const u8,
    path_len: usize,
    open_flags: u32,
    flags: u32,
    ret: *mut u8,
) {
    // What was learnt of a path may not hold after this.
    forget_inode();
    let r = Ret(ret);
    let dir = descriptor(handle);
    let flags = flags as u8;
    let inheriting = match inheriting(handle, &dir) {
        Ok(r) => r,
        Err(errno) => return err_at(&r, 4, error_code(errno)),
    };
    let mut rights = !(p1::RIGHTS_FD_DATASYNC
        | p1::RIGHTS_FD_READ
        | p1::RIGHTS_FD_WRITE
        | p1::RIGHTS_FD_ALLOCATE
        | p1::RIGHTS_FD_READDIR
        | p1::RIGHTS_FD_FILESTAT_SET_SIZE);
    if flags & READ != 0 {
        rights |= p1::RIGHTS_FD_READ | p1::RIGHTS_FD_READDIR;
    }
    if flags & WRITE != 0 {
        rights |=
            p1::RIGHTS_FD_DATASYNC | p1::RIGHTS_FD_WRITE | p1::RIGHTS_FD_ALLOCATE | p1::RIGHTS_FD_FILESTAT_SET_SIZE;
    }
    let mut fdflags = 0;
    if flags & FILE_INTEGRITY_SYNC != 0 {
        fdflags |= p1::FDFLAGS_SYNC;
    }
    if flags & DATA_INTEGRITY_SYNC != 0 {
        fdflags |= p1::FDFLAGS_DSYNC;
    }
    if flags & REQUESTED_WRITE_SYNC != 0 {
        fdflags |= p1::FDFLAGS_RSYNC;
    }
    let open = |inheriting: u64| {
        let mut fd = 0;
        // open-flags and lookupflags have the same bits in both versions.
        // SAFETY: `path` is a string argument (canonical ABI: `path_len`
        // bytes in the program's memory), which the host only reads. It
        // writes the new fd into the local.
        let errno = unsafe {
            p1::path_open(
                dir.fd,
                path_flags & 1,
                path,
                path_len,
                open_flags & 0xf,
                rights & inheriting,
                inheriting,
                fdflags,
                &mut fd,
            )
        };
        (errno, fd)
    };
    let (mut errno, mut fd) = open(inheriting);
    if errno == p1::ENOTCAPABLE {
        // The rights were kept from an earlier open: the program may have
        // dropped some since, with preview1's `fd_fdstat_set_rights`.
        match ask_inheriting(handle, dir.fd) {
            Ok(fresh) if fresh != inheriting => (errno, fd) = open(fresh),
            _ => {}
        }
    }
    if errno != p1::ESUCCESS {
        return err_at(&r, 4, error_code(errno));
    }
    r.u8(0, 0);
    r.u32(4, new_descriptor(fd, flags & 0x3f, true));
}

#[export_name = "wasi:filesystem/types#[method]descriptor.create-directory-at"]
unsafe extern "C" fn create_directory_at(handle: u32, path: *const u8, len: usize, ret: *mut u8) {
    // What was learnt of a path may not hold after this.
    forget_inode();
    // SAFETY: `path` is a string argument (canonical ABI: `len` bytes in the
    // program's memory), which the host only reads.
    result(ret, 1, unsafe { p1::path_create_directory(descriptor(handle).fd, path, len) });
}

#[export_name = "wasi:filesystem/types#[method]descriptor.remove-directory-at"]
unsafe extern "C" fn remove_directory_at(handle: u32, path: *const u8, len: usize, ret: *mut u8) {
    // A path that goes takes what is known of it along.
    forget_inode();
    // SAFETY: `path` is a string argument (canonical ABI: `len` bytes in the
    // program's memory), which the host only reads.
    result(ret, 1, unsafe { p1::path_remove_directory(descriptor(handle).fd, path, len) });
}

#[export_name = "wasi:filesystem/types#[method]descriptor.unlink-file-at"]
unsafe extern "C" fn unlink_file_at(handle: u32, path: *const u8, len: usize, ret: *mut u8) {
    // A path that goes takes what is known of it along.
    forget_inode();
    // SAFETY: `path` is a string argument (canonical ABI: `len` bytes in the
    // program's memory), which the host only reads.
    result(ret, 1, unsafe { p1::path_unlink_file(descriptor(handle).fd, path, len) });
}

#[export_name = "wasi:filesystem/types#[method]descriptor.link-at"]
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn link_at(
    handle: u32,
    old_flags: u32,
    old: *const u8,
    old_len: usize,
    new_dir: u32,
    new: *const u8,
    new_len: usize,
    ret: *mut u8,
) {
    // What was learnt of a path may not hold after this.
    forget_inode();
    let (from, to) = (descriptor(handle).fd, descriptor(new_dir).fd);
    // SAFETY: `old` and `new` are string arguments (canonical ABI: `old_len`
    // and `new_len` bytes in the program's memory), which the host only reads.
    result(ret, 1, unsafe { p1::path_link(from, old_flags & 1, old, old_len, to, new, new_len) });
}

#[export_name = "wasi:filesystem/types#[method]descriptor.rename-at"]
unsafe extern "C" fn rename_at(
    handle: u32,
    old: *const u8,
    old_len: usize,
    new_dir: u32,
    new: *const u8,
    new_len: usize,
    ret: *mut u8,
) {
    // The new path may name another file now.
    forget_inode();
    let (from, to) = (descriptor(handle).fd, descriptor(new_dir).fd);
    // SAFETY: `old` and `new` are string arguments (canonical ABI: `old_len`
    // and `new_len` bytes in the program's memory), which the host only reads.
    result(ret, 1, unsafe { p1::path_rename(from, old, old_len, to, new, new_len) });
}

/// Preview1 takes the link's target first and the directory second.
#[export_name = "wasi:filesystem/types#[method]descriptor.symlink-at"]
unsafe extern "C" fn symlink_at(
    handle: u32,
    old: *const u8,
    old_len: usize,
    new: *const u8,
    new_len: usize,
    ret: *mut u8,
) {
    // What was learnt of a path may not hold after this.
    forget_inode();
    // SAFETY: `old` and `new` are string arguments (canonical ABI: `old_len`
    // and `new_len` bytes in the program's memory), which the host only reads.
    result(ret, 1, unsafe { p1::path_symlink(old, old_len, descriptor(handle).fd, new, new_len) });
}

/// `result<string, error-code>`. Preview1 truncates a target that does not
/// fit (Node's host says `nobufs` instead), so a full buffer is read again
/// into one twice the size, up to a mebibyte.
#[export_name = "wasi:filesystem/types#[method]descriptor.readlink-at"]
unsafe extern "C" fn readlink_at(handle: u32, path: *const u8, len: usize, ret: *mut u8) {
    let r = Ret(ret);
    let fd = descriptor(handle).fd;
    let mut cap = 256;
    loop {
        let buf = state().scratch(cap);
        let mut n = 0;
        // SAFETY: the host reads the string argument (canonical ABI: `len`
        // bytes at `path`), writes at most `cap` bytes into scratch, which
        // holds that many, and a `size` into the local.
        let errno = unsafe { p1::path_readlink(fd, path, len, buf, cap, &mut n) };
        if errno == p1::ENOBUFS && cap < 1 << 20 {
            cap *= 2;
            continue;
        }
        if errno != p1::ESUCCESS {
            return err_at(&r, 4, error_code(errno));
        }
        if n < cap {
            r.u8(0, 0);
            return r.list(4, alloc_copy(buf, n), n);
        }
        cap *= 2;
    }
}

/// `option<error-code>` for an `error` from a stream of this adapter's: it
/// carries the preview1 errno.
#[export_name = "wasi:filesystem/types#filesystem-error-code"]
extern "C" fn filesystem_error_code(err: u32, ret: *mut u8) {
    let (errno, socket) = state().table.error(err);
    let ret = Ret(ret);
    if socket {
        // A socket's error is a network one (`network-error-code`).
        return ret.u8(0, 0);
    }
    ret.u8(0, 1);
    ret.u8(1, error_code(errno as p1::Errno));
}

/// An empty list for results with nothing in them.
pub fn empty_list() -> *mut u8 {
    alloc(0, 1)
}
