//! wasi:io/streams — input and output streams on a preview1 fd: stdio and
//! pipes, files (at a position of the stream's own), socket connections.
//!
//! Return areas: result<list<u8>, stream-error> and result<_, stream-error>
//! put the tag at 0 and the error at 4 (its handle at 8); result<u64,
//! stream-error> puts the value or the error at 8 (its handle at 12).
use crate::io::{host_pollable, ready_pollable, wait_for};
use crate::p1::{self, Iovec};
use crate::rt::{state, Ret};
use crate::send_buffer;
use crate::table::{Io, Kind, Resource, Stream, Wait};

/// Most bytes one read returns, and what `check-write` permits. Writes are
/// always complete, so the permit only bounds how much wasi-libc hands over
/// per call.
pub const READ_MAX: usize = 65536;
const WRITE_PERMIT: u64 = 1 << 20;

/// Traps while a pollable of the stream lives; a file stream lets go of
/// its descriptor, which may close the fd (see `table::keeps`).
#[export_name = "wasi:io/streams#[resource-drop]input-stream"]
extern "C" fn drop_input_stream(handle: u32) {
    state().table.drop_handle(handle, Kind::Input);
}

#[export_name = "wasi:io/streams#[resource-drop]output-stream"]
extern "C" fn drop_output_stream(handle: u32) {
    // A socket's stream sends what it holds back first. Any other holds
    // nothing back, and `drop_stream` finds that out itself (in a program
    // without sockets, the merge leaves it empty).
    send_buffer::drop_stream(handle);
    state().table.drop_handle(handle, Kind::Output);
}

/// Which way a stream goes; picks the table's typed accessor.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    In,
    Out,
}

#[inline(always)]
fn stream(handle: u32, dir: Dir) -> &'static mut Stream {
    let t = &mut state().table;
    match dir {
        Dir::In => t.input(handle),
        Dir::Out => t.output(handle),
    }
}

/// Writes `err(e)` with the stream-error at `off`: `closed` for end of
/// stream or a broken pipe, else `last-operation-failed` with a new error.
/// Either way the stream is closed from now on. Callers looked `handle` up
/// as the stream they use it as, so either kind will do here (one lookup
/// in place of one per direction).
fn stream_error(handle: u32, errno: p1::Errno, ret: &Ret, off: usize) {
    let s = match state().table.get(handle) {
        Resource::Input(s) | Resource::Output(s) => s,
        _ => crate::rt::trap(),
    };
    s.closed = true;
    let socket = matches!(s.io, Io::Socket { .. });
    ret.u8(0, 1);
    if errno == p1::ESUCCESS || errno == p1::EPIPE {
        ret.u8(off, 1);
    } else {
        ret.u8(off, 0);
        ret.u32(off + 4, state().table.push(Resource::Error { errno: errno as u16, socket }, false));
    }
}

/// The stream, unless it reports `closed` before any host call: it did
/// before, or it is the input of a socket whose receiving side was shut
/// down. The copy saves the caller a second lookup.
#[inline(always)]
fn open_stream(handle: u32, dir: Dir) -> Option<Stream> {
    let s = *stream(handle, dir);
    if s.closed {
        return None;
    }
    if let Io::Socket { .. } = s.io {
        if crate::tcp::shut(handle, dir == Dir::In) {
            return None;
        }
    }
    Some(s)
}

/// One read from `handle` into `buf`: `fd_read`, or for a file stream
/// `fd_pread` at the stream's own position, which then advances. A socket
/// read that finds no data returns EAGAIN unless `block`, which waits (see
/// `tcp::read_stream`).
#[inline(always)]
fn read_into(handle: u32, buf: *mut u8, len: usize, block: bool) -> (p1::Errno, usize) {
    let stream = state().table.input(handle);
    let s = *stream;
    stream.ready = false;
    if let Io::Socket { .. } = s.io {
        return match crate::tcp::read_stream(handle, s.fd, buf, len, block) {
            n @ 0.. => (p1::ESUCCESS, n as usize),
            errno => (-errno as p1::Errno, 0),
        };
    }
    let iov = Iovec { buf, len };
    let mut n = 0;
    // Callers pass `len` writable bytes at `buf` (a list buffer or scratch).
    let errno = match s.io {
        // SAFETY: the host writes at most `len` bytes at `buf`, and a `size`
        // into the local.
        Io::At(pos) => unsafe { p1::fd_pread(s.fd, &iov, 1, pos, &mut n) },
        // SAFETY: as above.
        _ => unsafe { p1::fd_read(s.fd, &iov, 1, &mut n) },
    };
    if let (p1::ESUCCESS, Io::At(pos)) = (errno, s.io) {
        // The entry looked up above: a host read adds no table entry, so
        // the table has not moved.
        stream.io = Io::At(pos + n as u64);
    }
    (errno, n)
}

/// Whether a non-blocking read of `handle` may go ahead now: files always
/// can, a socket is simply tried; a pipe or terminal is asked of the host.
fn can_read_now(handle: u32) -> bool {
    let s = *state().table.input(handle);
    s.io != Io::Plain || s.ready || wait_for(Wait::Read(s.fd), false)
}

/// Reads up to `len` bytes straight into a new list; `nonblocking` returns
/// an empty list where a read would block.
#[inline(always)]
fn read(handle: u32, len: u64, nonblocking: bool, ret: *mut u8) {
    let ret = Ret(ret);
    if open_stream(handle, Dir::In).is_none() {
        return stream_error(handle, p1::ESUCCESS, &ret, 4);
    }
    if len == 0 || (nonblocking && !can_read_now(handle)) {
        ret.u8(0, 0);
        return ret.list(4, crate::rt::alloc(0, 1), 0);
    }
    let want = (len as usize).min(READ_MAX);
    let (buf, cap) = state().list_buffer(want);
    let (errno, n) = read_into(handle, buf, want, !nonblocking);
    if errno == p1::EAGAIN {
        state().unused_buffer(buf, cap);
        ret.u8(0, 0);
        return ret.list(4, crate::rt::alloc(0, 1), 0);
    }
    if errno != p1::ESUCCESS || n == 0 {
        state().unused_buffer(buf, cap);
        return stream_error(handle, errno, &ret, 4);
    }
    let buf = if n < cap { crate::rt::shrink(buf, cap, n) } else { buf };
    ret.u8(0, 0);
    ret.list(4, buf, n);
}

#[export_name = "wasi:io/streams#[method]input-stream.read"]
extern "C" fn input_read(handle: u32, len: u64, ret: *mut u8) {
    read(handle, len, true, ret);
}

#[export_name = "wasi:io/streams#[method]input-stream.blocking-read"]
extern "C" fn input_blocking_read(handle: u32, len: u64, ret: *mut u8) {
    read(handle, len, false, ret);
}

/// Reads and discards up to `len` bytes, through adapter scratch.
fn skip(handle: u32, len: u64, nonblocking: bool, ret: *mut u8) {
    let ret = Ret(ret);
    if open_stream(handle, Dir::In).is_none() {
        return stream_error(handle, p1::ESUCCESS, &ret, 8);
    }
    if len == 0 || (nonblocking && !can_read_now(handle)) {
        ret.u8(0, 0);
        return ret.u64(8, 0);
    }
    let want = (len as usize).min(READ_MAX);
    let (errno, n) = read_into(handle, state().scratch(want), want, !nonblocking);
    if errno == p1::EAGAIN {
        ret.u8(0, 0);
        return ret.u64(8, 0);
    }
    if errno != p1::ESUCCESS || n == 0 {
        return stream_error(handle, errno, &ret, 8);
    }
    ret.u8(0, 0);
    ret.u64(8, n as u64);
}

#[export_name = "wasi:io/streams#[method]input-stream.skip"]
extern "C" fn input_skip(handle: u32, len: u64, ret: *mut u8) {
    skip(handle, len, true, ret);
}

#[export_name = "wasi:io/streams#[method]input-stream.blocking-skip"]
extern "C" fn input_blocking_skip(handle: u32, len: u64, ret: *mut u8) {
    skip(handle, len, false, ret);
}

/// Files are always ready; pipes, terminals and sockets wait on the host.
#[export_name = "wasi:io/streams#[method]input-stream.subscribe"]
extern "C" fn input_subscribe(handle: u32) -> u32 {
    let s = *state().table.input(handle);
    match s.io {
        Io::At(_) => ready_pollable(handle),
        _ => host_pollable(Wait::Read(s.fd), handle),
    }
}

#[export_name = "wasi:io/streams#[method]output-stream.check-write"]
extern "C" fn output_check_write(handle: u32, ret: *mut u8) {
    let ret = Ret(ret);
    let Some(s) = open_stream(handle, Dir::Out) else {
        return stream_error(handle, p1::ESUCCESS, &ret, 8);
    };
    let permit = match s.io {
        Io::Socket { .. } => send_buffer::permit(handle),
        _ => WRITE_PERMIT as i64,
    };
    if permit < 0 {
        return stream_error(handle, -permit as p1::Errno, &ret, 8);
    }
    ret.u8(0, 0);
    ret.u64(8, permit as u64);
}

/// Writes all `len` bytes at `buf` to `handle`: the iovec points into the
/// caller's memory, so nothing is copied. A file stream writes with
/// `fd_pwrite` at its own position (or, appending, at the file's end); a
/// socket holds back what the fd has no room for unless `block` (see
/// `send_buffer`). `s` is `handle`'s stream as just looked up. Returns the
/// failing errno.
#[inline(always)]
fn write_all(handle: u32, s: Stream, buf: *const u8, len: usize, block: bool) -> p1::Errno {
    if let Io::Socket { .. } = s.io {
        return send_buffer::write(handle, buf, len, block);
    }
    let mut pos = match s.io {
        Io::At(pos) => pos,
        Io::Append => {
            // Preview1 has no per-write append without reopening the fd, and
            // an fd flag would also move the descriptor's positioned writes.
            let mut st = core::mem::MaybeUninit::<p1::Filestat>::uninit();
            // SAFETY: the host writes a Filestat into the local.
            let errno = unsafe { p1::fd_filestat_get(s.fd, st.as_mut_ptr()) };
            if errno != p1::ESUCCESS {
                return errno;
            }
            // SAFETY: the host reported that it wrote the Filestat.
            unsafe { st.assume_init_ref() }.size
        }
        Io::Plain | Io::Socket { .. } => 0,
    };
    let positioned = matches!(s.io, Io::At(_) | Io::Append);
    // A file's size and times change (stdio may be a file too): what was
    // learnt of paths may not hold.
    crate::fs::forget_inode();
    let mut done = 0;
    while done < len {
        // SAFETY: done < len: inside the `len` bytes at `buf` (a list
        // argument of the caller's, or scratch).
        let iov = Iovec { buf: unsafe { buf.add(done) } as *mut u8, len: len - done };
        let mut n = 0;
        let errno = if positioned {
            // SAFETY: the host reads the `len - done` bytes of the iovec and
            // writes a `size` into the local.
            unsafe { p1::fd_pwrite(s.fd, &iov, 1, pos, &mut n) }
        } else {
            // SAFETY: as above.
            unsafe { p1::fd_write(s.fd, &iov, 1, &mut n) }
        };
        if errno != p1::ESUCCESS {
            return errno;
        }
        if n == 0 {
            return p1::EPIPE;
        }
        done += n;
        pos += n as u64;
    }
    if let Io::At(_) = s.io {
        state().table.output(handle).io = Io::At(pos);
    }
    p1::ESUCCESS
}

/// Shared by every write flavour: `result<_, stream-error>` at `ret`.
#[inline(always)]
fn write(handle: u32, buf: *const u8, len: usize, block: bool, ret: *mut u8) {
    let ret = Ret(ret);
    let Some(s) = open_stream(handle, Dir::Out) else {
        return stream_error(handle, p1::ESUCCESS, &ret, 4);
    };
    match write_all(handle, s, buf, len, block) {
        p1::ESUCCESS => ret.u8(0, 0),
        errno => stream_error(handle, errno, &ret, 4),
    }
}

#[export_name = "wasi:io/streams#[method]output-stream.write"]
extern "C" fn output_write(handle: u32, buf: *const u8, len: usize, ret: *mut u8) {
    write(handle, buf, len, false, ret);
}

#[export_name = "wasi:io/streams#[method]output-stream.blocking-write-and-flush"]
extern "C" fn output_blocking_write_and_flush(handle: u32, buf: *const u8, len: usize, ret: *mut u8) {
    write(handle, buf, len, true, ret);
}

/// Only a socket's stream holds bytes back (see `send_buffer`); other
/// writes are never buffered, so flushing them only reports a closed stream.
#[inline(always)]
fn flush(handle: u32, block: bool, ret: *mut u8) {
    let ret = Ret(ret);
    let Some(s) = open_stream(handle, Dir::Out) else {
        return stream_error(handle, p1::ESUCCESS, &ret, 4);
    };
    let errno = match s.io {
        Io::Socket { .. } => send_buffer::flush(handle, block),
        _ => 0,
    };
    if errno > 0 {
        return stream_error(handle, errno, &ret, 4);
    }
    ret.u8(0, 0);
}

#[export_name = "wasi:io/streams#[method]output-stream.flush"]
extern "C" fn output_flush(handle: u32, ret: *mut u8) {
    flush(handle, false, ret);
}

#[export_name = "wasi:io/streams#[method]output-stream.blocking-flush"]
extern "C" fn output_blocking_flush(handle: u32, ret: *mut u8) {
    flush(handle, true, ret);
}

/// A socket's stream is ready when its fd has room (then `check-write`
/// sends what it held back). Elsewhere `check-write` never returns 0
/// (writes complete before they return): always ready.
#[export_name = "wasi:io/streams#[method]output-stream.subscribe"]
extern "C" fn output_subscribe(handle: u32) -> u32 {
    let s = *state().table.output(handle);
    match s.io {
        Io::Socket { .. } => crate::tcp::subscribe_output(handle, s.fd),
        _ => ready_pollable(handle),
    }
}

/// Writes `len` zero bytes from a zeroed stretch of scratch.
fn write_zeroes(handle: u32, len: u64, block: bool, ret: *mut u8) {
    let mut left = len;
    let chunk = (len as usize).min(READ_MAX);
    let zeros = state().scratch(chunk);
    // SAFETY: scratch holds at least `chunk` bytes.
    unsafe { core::ptr::write_bytes(zeros, 0, chunk) };
    loop {
        let n = (left as usize).min(chunk);
        write(handle, zeros, n, block, ret);
        left -= n as u64;
        // SAFETY: `write` just wrote the result's tag at `ret`.
        if left == 0 || unsafe { *ret } != 0 {
            return;
        }
    }
}

#[export_name = "wasi:io/streams#[method]output-stream.write-zeroes"]
extern "C" fn output_write_zeroes(handle: u32, len: u64, ret: *mut u8) {
    write_zeroes(handle, len, false, ret);
}

#[export_name = "wasi:io/streams#[method]output-stream.blocking-write-zeroes-and-flush"]
extern "C" fn output_blocking_write_zeroes_and_flush(handle: u32, len: u64, ret: *mut u8) {
    write_zeroes(handle, len, true, ret);
}

/// Moves up to `len` bytes from `src` to `handle` through scratch (preview1
/// has no splice). `result<u64, stream-error>` at `ret`.
fn splice(handle: u32, src: u32, len: u64, nonblocking: bool, ret: *mut u8) {
    let r = Ret(ret);
    if open_stream(handle, Dir::Out).is_none() {
        return stream_error(handle, p1::ESUCCESS, &r, 8);
    }
    if open_stream(src, Dir::In).is_none() {
        return stream_error(src, p1::ESUCCESS, &r, 8);
    }
    if len == 0 || (nonblocking && !can_read_now(src)) {
        r.u8(0, 0);
        return r.u64(8, 0);
    }
    let want = (len as usize).min(READ_MAX);
    let buf = state().scratch(want);
    let (errno, n) = read_into(src, buf, want, !nonblocking);
    if errno == p1::EAGAIN {
        r.u8(0, 0);
        return r.u64(8, 0);
    }
    if errno != p1::ESUCCESS || n == 0 {
        return stream_error(src, errno, &r, 8);
    }
    // Reading may have sent what a socket stream held back: a fresh copy.
    match write_all(handle, *stream(handle, Dir::Out), buf, n, !nonblocking) {
        p1::ESUCCESS => {
            r.u8(0, 0);
            r.u64(8, n as u64);
        }
        errno => stream_error(handle, errno, &r, 8),
    }
}

#[export_name = "wasi:io/streams#[method]output-stream.splice"]
extern "C" fn output_splice(handle: u32, src: u32, len: u64, ret: *mut u8) {
    splice(handle, src, len, true, ret);
}

#[export_name = "wasi:io/streams#[method]output-stream.blocking-splice"]
extern "C" fn output_blocking_splice(handle: u32, src: u32, len: u64, ret: *mut u8) {
    splice(handle, src, len, false, ret);
}
