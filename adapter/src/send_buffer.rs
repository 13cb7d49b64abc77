//! Writes to a socket's output stream without blocking, as WASIp2 promises:
//! `check-write` permits up to a buffer's worth, and what the host's
//! non-blocking fd does not take at once waits in a buffer of the stream's
//! own until the fd has room. (A program writing to a peer in the same
//! process would otherwise block on itself for ever.)
//!
//! Buffers are adapter pages of `SIZE` bytes, on a free list once their
//! stream has sent everything; the first word of a free one links the next.
//!
//! The entry points other files call are exported as
//! `wasi-backport:sockets-only:*`: when a program adapts no `wasi:sockets`
//! function, no stream is a socket's, and the merge gives these functions
//! bodies that return zero (nothing held back, success), so that the code
//! behind them is left out of the program.
use crate::io::wait_for;
use crate::p1::{self, Iovec};
use crate::rt::{grow, state};
use crate::table::{Io, Resource, Stream, Wait};

/// What `check-write` permits on a socket with nothing held back.
pub const SIZE: usize = 65536;

/// A buffer from the free list, or fresh pages.
fn take() -> *mut u8 {
    let st = state();
    let b = st.free_send_buffers;
    if b.is_null() {
        return grow(SIZE);
    }
    // SAFETY: a free buffer's first word links the next (see `give`).
    st.free_send_buffers = unsafe { (b as *mut *mut u8).read() };
    b
}

fn give(b: *mut u8) {
    let st = state();
    // SAFETY: `b` is a buffer of SIZE bytes from `take` no stream uses now.
    unsafe { (b as *mut *mut u8).write(st.free_send_buffers) };
    st.free_send_buffers = b;
}

/// Writes what it can of `len` bytes at `buf` to the non-blocking `fd`
/// (`block`: all of them, waiting for room). Returns how many went, or
/// the errno of a failure.
fn send(fd: u32, buf: *const u8, len: usize, block: bool) -> Result<usize, p1::Errno> {
    let mut done = 0;
    while done < len {
        // SAFETY: done < len: inside the caller's `len` bytes at `buf`.
        let iov = Iovec { buf: unsafe { buf.add(done) } as *mut u8, len: len - done };
        let mut n = 0;
        // SAFETY: the host reads the iovec's bytes and writes a size.
        match unsafe { p1::fd_write(fd, &iov, 1, &mut n) } {
            p1::ESUCCESS if n == 0 => return Err(p1::EPIPE),
            p1::ESUCCESS => done += n,
            p1::EAGAIN if block => {
                wait_for(Wait::Write(fd), true);
            }
            p1::EAGAIN => break,
            errno => return Err(errno),
        }
    }
    Ok(done)
}

/// Sends what output stream `handle` (a socket's) holds back: without
/// waiting, or with `block` until all of it is gone. Returns whether
/// nothing is left.
fn flush_held(handle: u32, block: bool) -> Result<bool, p1::Errno> {
    let s = *state().table.output(handle);
    let Io::Socket { buf, held } = s.io else { return Ok(true) };
    if held == 0 {
        return Ok(true);
    }
    let buf = buf as *mut u8;
    let sent = send(s.fd, buf, held as usize, block)?;
    let left = held as usize - sent;
    if left == 0 {
        give(buf);
        state().table.output(handle).io = Io::Socket { buf: 0, held: 0 };
        state().held_streams -= 1;
        return Ok(true);
    }
    // SAFETY: both ranges lie in the buffer's `held` bytes; `copy` allows
    // the overlap.
    unsafe { core::ptr::copy(buf.add(sent), buf, left) };
    state().table.output(handle).io = Io::Socket { buf: buf as u32, held: left as u32 };
    Ok(false)
}

/// Sends what output stream `handle` holds back (`block`: all of it):
/// 0 when nothing is left, -1 when some is, else the errno of a failure.
#[inline(never)]
#[export_name = "wasi-backport:sockets-only:flush"]
pub extern "C" fn flush(handle: u32, block: bool) -> i32 {
    match flush_held(handle, block) {
        Ok(true) => 0,
        Ok(false) => -1,
        Err(errno) => errno,
    }
}

/// `check-write`: a buffer's worth once nothing is held back, else 0; or
/// the negated errno of a failure.
#[inline(never)]
#[export_name = "wasi-backport:sockets-only:permit"]
pub extern "C" fn permit(handle: u32) -> i64 {
    match flush_held(handle, false) {
        Ok(true) => SIZE as i64,
        Ok(false) => 0,
        Err(errno) => -(errno as i64),
    }
}

/// Writes `len` bytes: what the fd does not take now is held back (up to
/// `SIZE`; more than `check-write` permitted waits for room), or with
/// `block` everything is sent before it returns.
///
/// Returns the errno of a failure, or ESUCCESS.
#[inline(never)]
#[export_name = "wasi-backport:sockets-only:write"]
pub extern "C" fn write(handle: u32, buf: *const u8, len: usize, block: bool) -> p1::Errno {
    match write_held(handle, buf, len, block) {
        Ok(()) => p1::ESUCCESS,
        Err(errno) => errno,
    }
}

fn write_held(handle: u32, buf: *const u8, len: usize, block: bool) -> Result<(), p1::Errno> {
    match crate::tcp::nonblocking_stream(handle) {
        p1::ESUCCESS => {}
        errno => return Err(errno),
    }
    // Bytes held back go first; a program that writes before `check-write`
    // said it may waits for them here.
    flush_held(handle, true)?;
    let fd = state().table.output(handle).fd;
    let sent = send(fd, buf, len, block)?;
    let mut left = len - sent;
    if left > SIZE {
        // SAFETY: sent + (left - SIZE) <= len: inside the caller's bytes.
        send(fd, unsafe { buf.add(sent) }, left - SIZE, true)?;
        left = SIZE;
    }
    if left == 0 {
        return Ok(());
    }
    let b = take();
    // SAFETY: the last `left` (<= SIZE) of the caller's `len` bytes, into
    // a buffer of SIZE bytes of the adapter's.
    unsafe { core::ptr::copy_nonoverlapping(buf.add(len - left), b, left) };
    state().table.output(handle).io = Io::Socket { buf: b as u32, held: left as u32 };
    state().held_streams += 1;
    Ok(())
}

/// WASIp2 hosts send what a write left over in the background; the adapter
/// has no background, so every wait (`poll`, `block`, a blocking read)
/// first sends what it can of every stream's held-back bytes, and waits
/// only briefly while some remain. Returns whether some remain.
#[inline(never)]
#[export_name = "wasi-backport:sockets-only:pump"]
pub extern "C" fn pump() -> bool {
    if state().held_streams == 0 {
        return false;
    }
    for h in 1..state().table.end() {
        if let Some((Resource::Output(Stream { io: Io::Socket { held: 1.., .. }, .. }), _)) = state().table.peek(h) {
            // A failure shows at the stream's next call.
            let _ = flush_held(h, false);
        }
    }
    state().held_streams > 0
}

/// The stream goes: what it holds back is sent first (as WASIp2 hosts
/// finish a pending write before dropping), and its buffer freed.
#[inline(never)]
#[export_name = "wasi-backport:sockets-only:drop"]
pub extern "C" fn drop_stream(handle: u32) {
    if flush_held(handle, true).is_err() {
        // The bytes cannot go anywhere; the buffer is still the stream's.
        if let Io::Socket { buf, held } = state().table.output(handle).io {
            if held > 0 {
                give(buf as *mut u8);
                state().held_streams -= 1;
            }
        }
    }
}
