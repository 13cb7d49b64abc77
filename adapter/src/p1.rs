//! The preview1 functions the adapter calls, with their witx core signatures.
//! Errno results are `i32` as in the core signatures the gate checks.

pub type Errno = i32;
pub const ESUCCESS: Errno = 0;
pub const EPIPE: Errno = 64;

pub const CLOCK_REALTIME: u32 = 0;
pub const CLOCK_MONOTONIC: u32 = 1;

pub const EVENTTYPE_CLOCK: u8 = 0;
pub const EVENTTYPE_FD_READ: u8 = 1;
pub const EVENTTYPE_FD_WRITE: u8 = 2;

pub const FILETYPE_CHARACTER_DEVICE: u8 = 2;
pub const RIGHTS_FD_SEEK: u64 = 1 << 2;
pub const RIGHTS_FD_TELL: u64 = 1 << 5;

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

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    pub fn args_get(argv: *mut *mut u8, buf: *mut u8) -> Errno;
    pub fn args_sizes_get(argc: *mut usize, size: *mut usize) -> Errno;
    pub fn environ_get(environ: *mut *mut u8, buf: *mut u8) -> Errno;
    pub fn environ_sizes_get(count: *mut usize, size: *mut usize) -> Errno;
    pub fn clock_res_get(id: u32, out: *mut u64) -> Errno;
    pub fn clock_time_get(id: u32, precision: u64, out: *mut u64) -> Errno;
    pub fn fd_fdstat_get(fd: u32, out: *mut Fdstat) -> Errno;
    pub fn fd_read(fd: u32, iovs: *const Iovec, n: usize, nread: *mut usize) -> Errno;
    pub fn fd_write(fd: u32, iovs: *const Iovec, n: usize, nwritten: *mut usize) -> Errno;
    pub fn poll_oneoff(subs: *const Subscription, events: *mut Event, n: usize, nevents: *mut usize) -> Errno;
    pub fn proc_exit(code: u32) -> !;
    pub fn random_get(buf: *mut u8, len: usize) -> Errno;
}
