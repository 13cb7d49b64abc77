//! The preview1 functions the adapter calls, with their witx core signatures.
//! Errno results are `i32` as in the core signatures the gate checks.

pub type Errno = i32;
pub const ESUCCESS: Errno = 0;
pub const EAGAIN: Errno = 6;
pub const EPIPE: Errno = 64;
pub const ENOTCAPABLE: Errno = 76;

pub const CLOCK_REALTIME: u32 = 0;
pub const CLOCK_MONOTONIC: u32 = 1;

pub const EVENTTYPE_CLOCK: u8 = 0;
pub const EVENTTYPE_FD_READ: u8 = 1;
pub const EVENTTYPE_FD_WRITE: u8 = 2;

pub const ENOBUFS: Errno = 42;
pub const EOVERFLOW: Errno = 61;

pub const FILETYPE_CHARACTER_DEVICE: u8 = 2;
pub const FILETYPE_DIRECTORY: u8 = 3;
pub const FILETYPE_SYMBOLIC_LINK: u8 = 7;

pub const RIGHTS_FD_DATASYNC: u64 = 1 << 0;
pub const RIGHTS_FD_READ: u64 = 1 << 1;
pub const RIGHTS_FD_SEEK: u64 = 1 << 2;
pub const RIGHTS_FD_TELL: u64 = 1 << 5;
pub const RIGHTS_FD_WRITE: u64 = 1 << 6;
pub const RIGHTS_FD_ALLOCATE: u64 = 1 << 8;
pub const RIGHTS_PATH_CREATE_DIRECTORY: u64 = 1 << 9;
pub const RIGHTS_PATH_CREATE_FILE: u64 = 1 << 10;
pub const RIGHTS_FD_READDIR: u64 = 1 << 14;
pub const RIGHTS_PATH_RENAME_TARGET: u64 = 1 << 17;
pub const RIGHTS_FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
pub const RIGHTS_PATH_SYMLINK: u64 = 1 << 24;
pub const RIGHTS_PATH_REMOVE_DIRECTORY: u64 = 1 << 25;
pub const RIGHTS_PATH_UNLINK_FILE: u64 = 1 << 26;

pub const FDFLAGS_DSYNC: u32 = 1 << 1;
pub const FDFLAGS_RSYNC: u32 = 1 << 3;
pub const FDFLAGS_SYNC: u32 = 1 << 4;

pub const FSTFLAGS_ATIM: u32 = 1 << 0;
pub const FSTFLAGS_ATIM_NOW: u32 = 1 << 1;
pub const FSTFLAGS_MTIM: u32 = 1 << 2;
pub const FSTFLAGS_MTIM_NOW: u32 = 1 << 3;

/// An iovec / ciovec: a (pointer, length) pair in linear memory.
#[repr(C)]
pub struct Iovec {
    pub buf: *mut u8,
    pub len: usize,
}

/// `subscription`: 48 bytes, the union's payload at offset 16.
#[repr(C)]
pub struct Subscription {
    pub userdata: u64,
    pub tag: u8,
    pub _pad: [u8; 7],
    /// clock: id (u32) | fd_readwrite: fd (u32)
    pub id_or_fd: u32,
    pub _pad2: u32,
    pub timeout: u64,
    pub precision: u64,
    pub flags: u16,
    pub _pad3: [u16; 3],
}

/// `event`: 32 bytes.
#[repr(C)]
pub struct Event {
    pub userdata: u64,
    pub error: u16,
    pub kind: u8,
    pub _pad: [u8; 5],
    pub nbytes: u64,
    pub flags: u16,
    pub _pad2: [u16; 3],
}

/// `fdstat`: 24 bytes.
#[repr(C)]
pub struct Fdstat {
    pub filetype: u8,
    pub _pad: u8,
    pub flags: u16,
    pub _pad2: u32,
    pub rights_base: u64,
    pub rights_inheriting: u64,
}

/// `filestat`: 64 bytes.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Filestat {
    pub dev: u64,
    pub ino: u64,
    pub filetype: u8,
    pub _pad: [u8; 7],
    pub nlink: u64,
    pub size: u64,
    pub atim: u64,
    pub mtim: u64,
    pub ctim: u64,
}

/// `prestat`: tag 0 is a directory, whose name is `name_len` bytes.
#[repr(C)]
pub struct Prestat {
    pub tag: u8,
    pub _pad: [u8; 3],
    pub name_len: usize,
}

/// `dirent`: 24 bytes, followed by the name (not NUL-terminated).
#[repr(C)]
pub struct Dirent {
    pub next: u64,
    pub ino: u64,
    pub namlen: u32,
    pub filetype: u8,
    pub _pad: [u8; 3],
}

// The layouts above are the host's: preview1 reads and writes these structs
// in the program's memory as the witx defines them (wasm32: `usize` and
// pointers are 4 bytes). Checked here, at compile time, field by field, so
// a mistake in a `#[repr(C)]` struct cannot reach a host. Sizes, alignments
// and offsets are those of `wasi_snapshot_preview1.witx` (typenames.witx).
macro_rules! layout {
    ($t:ty, size $size:literal, align $align:literal, $($field:ident @ $off:literal),* $(,)?) => {
        const _: () = assert!(core::mem::size_of::<$t>() == $size);
        const _: () = assert!(core::mem::align_of::<$t>() == $align);
        $(const _: () = assert!(core::mem::offset_of!($t, $field) == $off);)*
    };
}
// `iovec` / `ciovec`: buf, buf_len.
layout!(Iovec, size 8, align 4, buf @ 0, len @ 4);
// `subscription`: userdata, then the `subscription_u` union: its tag (an
// `eventtype`) at 8, its payload at 16 — `subscription_clock` (id, timeout,
// precision, flags) or `subscription_fd_readwrite` (file_descriptor at 16).
layout!(Subscription, size 48, align 8, userdata @ 0, tag @ 8, id_or_fd @ 16, timeout @ 24, precision @ 32, flags @ 40);
// `event`: userdata, error (errno, u16), type (eventtype), then
// `event_fd_readwrite` (nbytes, flags) at 16.
layout!(Event, size 32, align 8, userdata @ 0, error @ 8, kind @ 10, nbytes @ 16, flags @ 24);
// `fdstat`: fs_filetype, fs_flags (u16), fs_rights_base, fs_rights_inheriting.
layout!(Fdstat, size 24, align 8, filetype @ 0, flags @ 2, rights_base @ 8, rights_inheriting @ 16);
// `filestat`: dev, ino, filetype, nlink, size, atim, mtim, ctim.
layout!(Filestat, size 64, align 8, dev @ 0, ino @ 8, filetype @ 16, nlink @ 24, size @ 32, atim @ 40, mtim @ 48, ctim @ 56);
// `prestat`: the union's tag (preopentype), then `prestat_dir.pr_name_len`.
layout!(Prestat, size 8, align 4, tag @ 0, name_len @ 4);
// `dirent`: d_next, d_ino, d_namlen, d_type; the name follows the struct.
layout!(Dirent, size 24, align 8, next @ 0, ino @ 8, namlen @ 16, filetype @ 20);
// `size` and pointers, which the host reads and writes as 32-bit values.
const _: () = assert!(core::mem::size_of::<usize>() == 4 && core::mem::size_of::<*mut u8>() == 4);

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    pub fn args_get(argv: *mut *mut u8, buf: *mut u8) -> Errno;
    pub fn args_sizes_get(argc: *mut usize, size: *mut usize) -> Errno;
    pub fn environ_get(environ: *mut *mut u8, buf: *mut u8) -> Errno;
    pub fn environ_sizes_get(count: *mut usize, size: *mut usize) -> Errno;
    pub fn clock_res_get(id: u32, out: *mut u64) -> Errno;
    pub fn clock_time_get(id: u32, precision: u64, out: *mut u64) -> Errno;
    pub fn fd_advise(fd: u32, offset: u64, len: u64, advice: u32) -> Errno;
    pub fn fd_close(fd: u32) -> Errno;
    pub fn fd_datasync(fd: u32) -> Errno;
    pub fn fd_fdstat_get(fd: u32, out: *mut Fdstat) -> Errno;
    pub fn fd_filestat_get(fd: u32, out: *mut Filestat) -> Errno;
    pub fn fd_filestat_set_size(fd: u32, size: u64) -> Errno;
    pub fn fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, fst_flags: u32) -> Errno;
    pub fn fd_pread(fd: u32, iovs: *const Iovec, n: usize, offset: u64, nread: *mut usize) -> Errno;
    pub fn fd_prestat_get(fd: u32, out: *mut Prestat) -> Errno;
    pub fn fd_prestat_dir_name(fd: u32, path: *mut u8, len: usize) -> Errno;
    pub fn fd_pwrite(fd: u32, iovs: *const Iovec, n: usize, offset: u64, nwritten: *mut usize) -> Errno;
    pub fn fd_readdir(fd: u32, buf: *mut u8, len: usize, cookie: u64, used: *mut usize) -> Errno;
    pub fn fd_sync(fd: u32) -> Errno;
    pub fn path_create_directory(fd: u32, path: *const u8, len: usize) -> Errno;
    pub fn path_filestat_get(fd: u32, flags: u32, path: *const u8, len: usize, out: *mut Filestat) -> Errno;
    pub fn path_filestat_set_times(
        fd: u32,
        flags: u32,
        path: *const u8,
        len: usize,
        atim: u64,
        mtim: u64,
        fst_flags: u32,
    ) -> Errno;
    pub fn path_link(
        old_fd: u32,
        old_flags: u32,
        old_path: *const u8,
        old_len: usize,
        new_fd: u32,
        new_path: *const u8,
        new_len: usize,
    ) -> Errno;
    pub fn path_open(
        fd: u32,
        dirflags: u32,
        path: *const u8,
        len: usize,
        oflags: u32,
        rights_base: u64,
        rights_inheriting: u64,
        fdflags: u32,
        out: *mut u32,
    ) -> Errno;
    pub fn path_readlink(fd: u32, path: *const u8, len: usize, buf: *mut u8, buf_len: usize, used: *mut usize)
        -> Errno;
    pub fn path_remove_directory(fd: u32, path: *const u8, len: usize) -> Errno;
    pub fn path_rename(fd: u32, old: *const u8, old_len: usize, new_fd: u32, new: *const u8, new_len: usize) -> Errno;
    pub fn path_symlink(old: *const u8, old_len: usize, fd: u32, new: *const u8, new_len: usize) -> Errno;
    pub fn path_unlink_file(fd: u32, path: *const u8, len: usize) -> Errno;
    pub fn fd_read(fd: u32, iovs: *const Iovec, n: usize, nread: *mut usize) -> Errno;
    pub fn fd_write(fd: u32, iovs: *const Iovec, n: usize, nwritten: *mut usize) -> Errno;
    pub fn poll_oneoff(subs: *const Subscription, events: *mut Event, n: usize, nevents: *mut usize) -> Errno;
    pub fn proc_exit(code: u32) -> !;
    pub fn random_get(buf: *mut u8, len: usize) -> Errno;
}

// ---- WAMR's socket extension -----------------------------------------------
//
// Functions WAMR's libc-wasi registers in the `wasi_snapshot_preview1`
// namespace beyond the witx (`wasi_socket_ext.h`; signatures unchanged from
// WAMR 1.1.0 through 2.4.x). The adapter imports them only from
// `wasi:sockets` code, which the merge keeps only for a runtime whose
// profile has them. Numbers are in host byte order, not network order.

/// `__wasi_addr_t`: 24 bytes. `kind` 0 is IPv4: `bytes[0..4]` the address,
/// `bytes[4..6]` the port. `kind` 1 is IPv6: `bytes[0..16]` the eight
/// groups in textual order (each a little-endian u16), `bytes[16..18]` the port.
#[repr(C)]
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SockAddr {
    pub kind: u32,
    pub bytes: [u8; 20],
}

/// `__wasi_addr_info_t`: an address and its socket type.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct AddrInfo {
    pub addr: SockAddr,
    pub socktype: u32,
}

/// `__wasi_addr_info_hints_t`.
#[repr(C)]
pub struct AddrInfoHints {
    /// 0 datagram, 1 stream.
    pub socktype: u32,
    /// 0 IPv4, 1 IPv6, 2 either.
    pub family: u32,
    pub enabled: u8,
    pub _pad: [u8; 3],
}

// wasi_socket_ext.h: `__wasi_addr_t` is a u32 kind and a union of
// `__wasi_addr_ip4_port_t` (4 address bytes then a u16 port) and
// `__wasi_addr_ip6_port_t` (8 u16 groups then a u16 port); the info record
// adds a u32 socket type; the hints are type, family, hints_enabled (u8).
layout!(SockAddr, size 24, align 4, kind @ 0, bytes @ 4);
layout!(AddrInfo, size 28, align 4, addr @ 0, socktype @ 24);
layout!(AddrInfoHints, size 12, align 4, socktype @ 0, family @ 4, enabled @ 8);

pub const FDFLAGS_NONBLOCK: u32 = 1 << 2;
pub const EINPROGRESS: Errno = 26;
pub const EALREADY: Errno = 7;
pub const EISCONN: Errno = 30;

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    pub fn fd_fdstat_set_flags(fd: u32, flags: u32) -> Errno;
    pub fn sock_accept(fd: u32, flags: u32, out: *mut u32) -> Errno;
    pub fn sock_shutdown(fd: u32, how: u32) -> Errno;
    pub fn sock_open(pool_fd: u32, family: u32, socktype: u32, out: *mut u32) -> Errno;
    pub fn sock_bind(fd: u32, addr: *const SockAddr) -> Errno;
    pub fn sock_connect(fd: u32, addr: *const SockAddr) -> Errno;
    pub fn sock_listen(fd: u32, backlog: u32) -> Errno;
    pub fn sock_addr_local(fd: u32, out: *mut SockAddr) -> Errno;
    pub fn sock_addr_remote(fd: u32, out: *mut SockAddr) -> Errno;
    pub fn sock_addr_resolve(
        host: *const u8,
        service: *const u8,
        hints: *const AddrInfoHints,
        out: *mut AddrInfo,
        out_len: usize,
        found: *mut usize,
    ) -> Errno;
    pub fn sock_recv_from(
        fd: u32,
        iovs: *const Iovec,
        n: usize,
        flags: u32,
        from: *mut SockAddr,
        nread: *mut usize,
    ) -> Errno;
    pub fn sock_send_to(
        fd: u32,
        iovs: *const Iovec,
        n: usize,
        flags: u32,
        to: *const SockAddr,
        nwritten: *mut usize,
    ) -> Errno;
    pub fn sock_set_ipv6_only(fd: u32, on: u32) -> Errno;
    pub fn sock_set_keep_alive(fd: u32, on: u32) -> Errno;
    pub fn sock_get_keep_alive(fd: u32, out: *mut bool) -> Errno;
    pub fn sock_set_tcp_keep_idle(fd: u32, secs: u32) -> Errno;
    pub fn sock_get_tcp_keep_idle(fd: u32, out: *mut u32) -> Errno;
    pub fn sock_set_tcp_keep_intvl(fd: u32, secs: u32) -> Errno;
    pub fn sock_get_tcp_keep_intvl(fd: u32, out: *mut u32) -> Errno;
    pub fn sock_set_ip_ttl(fd: u32, ttl: u32) -> Errno;
    pub fn sock_get_ip_ttl(fd: u32, out: *mut u8) -> Errno;
    pub fn sock_set_recv_buf_size(fd: u32, size: u32) -> Errno;
    pub fn sock_get_recv_buf_size(fd: u32, out: *mut usize) -> Errno;
    pub fn sock_set_send_buf_size(fd: u32, size: u32) -> Errno;
    pub fn sock_get_send_buf_size(fd: u32, out: *mut usize) -> Errno;
}
