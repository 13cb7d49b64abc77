//! wasi:io — errors, pollables and the stdio streams.
use crate::clocks::time;
use crate::p1::{self, Iovec};
use crate::rt::{kind_bit, state, trap, Entry, Kind, Ret, APPEND, CLOSED, POLLABLES, POSITIONED};

/// Most bytes one read returns, and what `check-write` permits. Writes are
/// always complete, so the permit only bounds how much wasi-libc hands over
/// per call.
pub const READ_MAX: usize = 65536;
const WRITE_PERMIT: u64 = 1 << 20;

// ---- wasi:io/error ---------------------------------------------------------

#[export_name = "wasi:io/error#[resource-drop]error"]
extern "C" fn drop_error(handle: u32) {
    state().remove(handle, kind_bit(Kind::Error));
}

/// "errno N" with N the preview1 errno: the text is implementation-defined,
/// and building it digit by digit keeps string constants out of the adapter.
#[export_name = "wasi:io/error#[method]error.to-debug-string"]
extern "C" fn error_to_debug_string(handle: u32, ret: *mut u8) {
    let errno = state().get(handle, Kind::Error).fd;
    let mut digits = [0u8; 10];
    let (mut n, mut v) = (0, errno);
    loop {
        digits[n] = b'0' + (v % 10) as u8;
        n += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let len = 6 + n;
    let s = crate::rt::alloc(len, 1);
    // SAFETY: `s` is a program allocation of `len` = 6 + n bytes; the
    // writes are at 0 .. 6 + n.
    unsafe {
        s.write(b'e');
        s.add(1).write(b'r');
        s.add(2).write(b'r');
        s.add(3).write(b'n');
        s.add(4).write(b'o');
        s.add(5).write(b' ');
        for i in 0..n {
            s.add(6 + i).write(digits[n - 1 - i]);
        }
    }
    Ret(ret).list(0, s, len);
}

// ---- wasi:io/poll ----------------------------------------------------------

#[export_name = "wasi:io/poll#[resource-drop]pollable"]
extern "C" fn drop_pollable(handle: u32) {
    state().remove(handle, POLLABLES);
}

fn pollable(handle: u32) -> Entry {
    let e = *state().entry(handle);
    if kind_bit(e.kind) & POLLABLES == 0 {
        trap();
    }
    e
}

/// The longest one `poll_oneoff` waits: a day, under the `int` milliseconds
/// of poll(2), where WAMR passes a timeout (hosts refuse or mishandle larger
/// ones). Waiting longer, for a far deadline or one that never comes
/// (`u64::MAX`, where a duration saturates), is several such waits.
const LONGEST_WAIT: u64 = 86_400 * 1_000_000_000;

/// How long a probe lets the host look at fds: Node answers fd
/// subscriptions next to a zero timeout with the timeout alone, so `ready`
/// would be false for a stream with data; given a millisecond, it polls
/// the fds before its timer fires. Only a probe that finds nothing waits.
const PROBE_WAIT: u64 = 1_000_000;

/// Polls `n` pollables (handles at `handles`) and marks the ready ones, one
/// byte each, in scratch. Waits until at least one is ready unless `probe`,
/// in which case it only looks. Returns how many are ready and the marks.
///
/// # Safety
/// `handles` points to `n` readable `u32`s (a `list<borrow<pollable>>`).
unsafe fn poll_marks(handles: *const u32, n: usize, probe: bool) -> (usize, *const u8) {
    // Scratch layout, claimed at once so it cannot move: marks, then up to
    // n + 1 subscriptions (48 bytes) and as many events (32 bytes).
    // Scratch starts on a page, and `marks_len` is a multiple of 8, so the
    // structs are aligned. Every `i` below is < n, every mark in scratch.
    let marks_len = (n + 7) & !7;
    let ready = state().scratch(marks_len + (n + 1) * 80);
    // SAFETY: inside scratch, which holds marks_len + (n + 1) * 80 bytes.
    let subs = unsafe { ready.add(marks_len) } as *mut p1::Subscription;
    let mut now = None;
    let mut count = 0;
    let mut earliest = u64::MAX;
    let (mut fds, mut clocks) = (0, 0);
    for i in 0..n {
        // SAFETY: i < n: a handle of the caller's list.
        let e = pollable(unsafe { *handles.add(i) });
        let is_ready = match e.kind {
            Kind::PollReady => true,
            Kind::PollClock => {
                let t = *now.get_or_insert_with(|| time(p1::CLOCK_MONOTONIC));
                earliest = earliest.min(e.data);
                clocks += 1;
                e.data <= t
            }
            _ => {
                fds += 1;
                false
            }
        };
        // SAFETY: i < n <= marks_len: a mark in scratch.
        unsafe { *ready.add(i) = is_ready as u8 };
        count += is_ready as usize;
    }
    if count > 0 || (probe && fds == 0) {
        return (count, ready);
    }

    // One subscription per fd pollable (userdata: its index), and one for the
    // earliest deadline, as a relative timeout (some hosts mishandle absolute
    // ones) of at most LONGEST_WAIT. A probe waits no more than PROBE_WAIT.
    // SAFETY: fds <= n: fds + 1 subscriptions (48 bytes each) then fds + 1
    // events (32 bytes each) fit in the (n + 1) * 80 bytes after the marks.
    let events = unsafe { subs.add(fds + 1) } as *mut p1::Event;
    let mut k = 0;
    for i in 0..n {
        // SAFETY: i < n: a handle of the caller's list.
        let e = pollable(unsafe { *handles.add(i) });
        let tag = match e.kind {
            Kind::PollRead => p1::EVENTTYPE_FD_READ,
            Kind::PollWrite => p1::EVENTTYPE_FD_WRITE,
            _ => continue,
        };
        // SAFETY: k < fds (one per fd pollable): subscription k is in
        // scratch, aligned, and referred to by nothing else.
        let s = unsafe { &mut *subs.add(k) };
        // SAFETY: an all-zero subscription is valid (integers only).
        *s = unsafe { core::mem::zeroed() };
        s.userdata = i as u64;
        s.tag = tag;
        s.id_or_fd = e.fd;
        k += 1;
    }
    let timeout = if probe {
        Some(PROBE_WAIT)
    } else if clocks > 0 {
        // `now` was read when the clocks were looked at.
        Some(earliest.saturating_sub(now.unwrap_or(0)).min(LONGEST_WAIT))
    } else {
        None
    };
    if let Some(timeout) = timeout {
        // SAFETY: k == fds: the last of the fds + 1 subscriptions, as above.
        let s = unsafe { &mut *subs.add(k) };
        // SAFETY: an all-zero subscription is valid (integers only).
        *s = unsafe { core::mem::zeroed() };
        s.userdata = u64::MAX;
        s.tag = p1::EVENTTYPE_CLOCK;
        s.id_or_fd = p1::CLOCK_MONOTONIC;
        s.timeout = timeout;
        k += 1;
    }
    let mut nevents = 0;
    // SAFETY: the host reads the k subscriptions written above and writes at
    // most k events (room for fds + 1 >= k) and a `size` into the local.
    if unsafe { p1::poll_oneoff(subs, events, k, &mut nevents) } != p1::ESUCCESS {
        // Some hosts (Node) refuse fd subscriptions they cannot watch.
        // WASIp2 reports errors as readiness: mark every fd pollable ready
        // and let the next read or write find out.
        if fds == 0 {
            trap();
        }
        for i in 0..n {
            // SAFETY: i < n: a handle of the caller's list, and a mark.
            unsafe {
                let kind = pollable(*handles.add(i)).kind;
                if (kind == Kind::PollRead || kind == Kind::PollWrite) && *ready.add(i) == 0 {
                    *ready.add(i) = 1;
                    count += 1;
                }
            }
        }
        return (count, ready);
    }

    let mut clock_fired = false;
    for j in 0..nevents {
        // SAFETY: j < nevents <= k: an event the host wrote; a userdata
        // other than u64::MAX is checked against n before it names a mark.
        unsafe {
            let ev = &*events.add(j);
            if ev.userdata == u64::MAX {
                clock_fired = true;
            } else if (ev.userdata as usize) < n && *ready.add(ev.userdata as usize) == 0 {
                // An fd event with an error still counts: WASIp2 reports errors
                // as readiness and leaves them to the next operation.
                *ready.add(ev.userdata as usize) = 1;
                count += 1;
            }
        }
    }
    if clock_fired && !probe {
        let t = time(p1::CLOCK_MONOTONIC);
        for i in 0..n {
            // SAFETY: i < n: a handle of the caller's list, and a mark.
            unsafe {
                let e = pollable(*handles.add(i));
                if e.kind == Kind::PollClock && e.data <= t && *ready.add(i) == 0 {
                    *ready.add(i) = 1;
                    count += 1;
                }
            }
        }
    }
    (count, ready)
}

/// `list<u32>`: the indices of the ready pollables, after waiting for one.
#[export_name = "wasi:io/poll#poll"]
unsafe extern "C" fn poll(handles: *const u32, n: usize, ret: *mut u8) {
    if n == 0 {
        trap();
    }
    let (mut count, mut marks) = (0, core::ptr::null());
    while count == 0 {
        // SAFETY: `handles` is the list argument: `n` handles (canonical ABI).
        (count, marks) = unsafe { poll_marks(handles, n, false) };
    }
    let list = crate::rt::alloc(count * 4, 4) as *mut u32;
    let mut k = 0;
    for i in 0..n {
        // SAFETY: i < n: a mark poll_marks wrote; k < count, the number of
        // marks set, so element k is inside the list allocated for `count`.
        unsafe {
            if *marks.add(i) != 0 {
                *list.add(k) = i as u32;
                k += 1;
            }
        }
    }
    Ret(ret).list(0, list as *const u8, count);
}

/// Whether one pollable is ready now, or (`block`) once it is.
fn poll_one(handle: u32, probe: bool) -> bool {
    loop {
        // SAFETY: a list of one handle, this local.
        let (count, _) = unsafe { poll_marks(&handle, 1, probe) };
        if count > 0 || probe {
            return count > 0;
        }
    }
}

#[export_name = "wasi:io/poll#[method]pollable.ready"]
extern "C" fn pollable_ready(handle: u32) -> u32 {
    poll_one(handle, true) as u32
}

#[export_name = "wasi:io/poll#[method]pollable.block"]
extern "C" fn pollable_block(handle: u32) {
    poll_one(handle, false);
}

// ---- wasi:io/streams -------------------------------------------------------
//
// Return areas: result<list<u8>, stream-error> and result<_, stream-error> put
// the tag at 0 and the error at 4 (its handle at 8); result<u64,
// stream-error> puts the value or the error at 8 (its handle at 12).

/// Traps while a pollable of the stream lives; a file stream lets go of
/// its descriptor, which may close the fd (see `State::remove`).
#[export_name = "wasi:io/streams#[resource-drop]input-stream"]
extern "C" fn drop_input_stream(handle: u32) {
    state().remove(handle, kind_bit(Kind::InputStream));
}

#[export_name = "wasi:io/streams#[resource-drop]output-stream"]
extern "C" fn drop_output_stream(handle: u32) {
    state().remove(handle, kind_bit(Kind::OutputStream));
}

/// Writes `err(e)` with the stream-error at `off`: `closed` for end of
/// stream or a broken pipe, else `last-operation-failed` with a new error.
/// Either way the stream is closed from now on.
fn stream_error(stream: u32, kind: Kind, errno: p1::Errno, ret: &Ret, off: usize) {
    let st = state();
    st.get(stream, kind).flags |= CLOSED;
    ret.u8(0, 1);
    if errno == p1::ESUCCESS || errno == p1::EPIPE {
        ret.u8(off, 1);
    } else {
        ret.u8(off, 0);
        ret.u32(off + 4, st.push(Entry::new(Kind::Error, errno as u32, 0)));
    }
}

fn is_closed(stream: u32, kind: Kind) -> bool {
    state().get(stream, kind).flags & CLOSED != 0
}

/// One read from `stream` into `buf`: `fd_read`, or for a file stream
/// `fd_pread` at the stream's own position, which then advances.
fn read_into(stream: u32, buf: *mut u8, len: usize) -> (p1::Errno, usize) {
    let e = *state().get(stream, Kind::InputStream);
    let iov = Iovec { buf, len };
    let mut n = 0;
    // Callers pass `len` writable bytes at `buf` (a list buffer or scratch).
    let errno = if e.flags & POSITIONED != 0 {
        // SAFETY: the host writes at most `len` bytes at `buf`, and a `size`
        // into the local.
        unsafe { p1::fd_pread(e.fd, &iov, 1, e.data, &mut n) }
    } else {
        // SAFETY: as above.
        unsafe { p1::fd_read(e.fd, &iov, 1, &mut n) }
    };
    if errno == p1::ESUCCESS && e.flags & POSITIONED != 0 {
        state().get(stream, Kind::InputStream).data += n as u64;
    }
    (errno, n)
}

/// Whether a non-blocking operation on `stream` may go ahead now: files
/// always can; a pipe or terminal is asked of the host.
fn can_read_now(stream: u32) -> bool {
    let e = *state().get(stream, Kind::InputStream);
    e.flags & POSITIONED != 0 || fd_ready(e.fd, p1::EVENTTYPE_FD_READ)
}

/// Reads up to `len` bytes straight into a new list; `nonblocking` first
/// checks that a read would not block and returns an empty list if it would.
fn read(stream: u32, len: u64, nonblocking: bool, ret: *mut u8) {
    let ret = Ret(ret);
    if is_closed(stream, Kind::InputStream) {
        return stream_error(stream, Kind::InputStream, p1::ESUCCESS, &ret, 4);
    }
    if len == 0 || (nonblocking && !can_read_now(stream)) {
        ret.u8(0, 0);
        return ret.list(4, crate::rt::alloc(0, 1), 0);
    }
    let want = (len as usize).min(READ_MAX);
    let (buf, cap) = state().list_buffer(want);
    let (errno, n) = read_into(stream, buf, want);
    if errno != p1::ESUCCESS || n == 0 {
        state().unused_buffer(buf, cap);
        return stream_error(stream, Kind::InputStream, errno, &ret, 4);
    }
    let buf = if n < cap { crate::rt::shrink(buf, cap, n) } else { buf };
    ret.u8(0, 0);
    ret.list(4, buf, n);
}

/// Whether `fd` is ready for `event` now, asked of the host without waiting.
fn fd_ready(fd: u32, event: u8) -> bool {
    let kind = if event == p1::EVENTTYPE_FD_READ { Kind::PollRead } else { Kind::PollWrite };
    let st = state();
    let h = st.push(Entry::new(kind, fd, 0));
    let ready = poll_one(h, true);
    st.remove(h, POLLABLES);
    ready
}

#[export_name = "wasi:io/streams#[method]input-stream.read"]
extern "C" fn input_read(stream: u32, len: u64, ret: *mut u8) {
    read(stream, len, true, ret);
}

#[export_name = "wasi:io/streams#[method]input-stream.blocking-read"]
extern "C" fn input_blocking_read(stream: u32, len: u64, ret: *mut u8) {
    read(stream, len, false, ret);
}

/// Reads and discards up to `len` bytes, through adapter scratch.
fn skip(stream: u32, len: u64, nonblocking: bool, ret: *mut u8) {
    let ret = Ret(ret);
    if is_closed(stream, Kind::InputStream) {
        return stream_error(stream, Kind::InputStream, p1::ESUCCESS, &ret, 8);
    }
    if len == 0 || (nonblocking && !can_read_now(stream)) {
        ret.u8(0, 0);
        return ret.u64(8, 0);
    }
    let want = (len as usize).min(READ_MAX);
    let (errno, n) = read_into(stream, state().scratch(want), want);
    if errno != p1::ESUCCESS || n == 0 {
        return stream_error(stream, Kind::InputStream, errno, &ret, 8);
    }
    ret.u8(0, 0);
    ret.u64(8, n as u64);
}

#[export_name = "wasi:io/streams#[method]input-stream.skip"]
extern "C" fn input_skip(stream: u32, len: u64, ret: *mut u8) {
    skip(stream, len, true, ret);
}

#[export_name = "wasi:io/streams#[method]input-stream.blocking-skip"]
extern "C" fn input_blocking_skip(stream: u32, len: u64, ret: *mut u8) {
    skip(stream, len, false, ret);
}

/// Files are always ready; pipes and terminals wait on the host.
#[export_name = "wasi:io/streams#[method]input-stream.subscribe"]
extern "C" fn input_subscribe(stream: u32) -> u32 {
    let e = *state().get(stream, Kind::InputStream);
    let kind = if e.flags & POSITIONED != 0 { Kind::PollReady } else { Kind::PollRead };
    state().push_child(Entry::new(kind, e.fd, 0), stream)
}

#[export_name = "wasi:io/streams#[method]output-stream.check-write"]
extern "C" fn output_check_write(stream: u32, ret: *mut u8) {
    let ret = Ret(ret);
    if is_closed(stream, Kind::OutputStream) {
        return stream_error(stream, Kind::OutputStream, p1::ESUCCESS, &ret, 8);
    }
    ret.u8(0, 0);
    ret.u64(8, WRITE_PERMIT);
}

/// Writes all `len` bytes at `buf` to `stream`: the iovec points into the
/// caller's memory, so nothing is copied. A file stream writes with
/// `fd_pwrite` at its own position (or, appending, at the file's end).
/// Returns the failing errno.
fn write_all(stream: u32, buf: *const u8, len: usize) -> p1::Errno {
    let e = *state().get(stream, Kind::OutputStream);
    let mut pos = e.data;
    if e.flags & APPEND != 0 {
        // Preview1 has no per-write append without reopening the fd, and an
        // fd flag would also move the descriptor's positioned writes.
        // SAFETY: an all-zero Filestat is valid (integers only).
        let mut st: p1::Filestat = unsafe { core::mem::zeroed() };
        // SAFETY: the host writes a Filestat into the local.
        let errno = unsafe { p1::fd_filestat_get(e.fd, &mut st) };
        if errno != p1::ESUCCESS {
            return errno;
        }
        pos = st.size;
    }
    let mut done = 0;
    while done < len {
        // SAFETY: done < len: inside the `len` bytes at `buf` (a list
        // argument of the caller's, or scratch).
        let iov = Iovec { buf: unsafe { buf.add(done) } as *mut u8, len: len - done };
        let mut n = 0;
        let errno = if e.flags & POSITIONED != 0 {
            // SAFETY: the host reads the `len - done` bytes of the iovec and
            // writes a `size` into the local.
            unsafe { p1::fd_pwrite(e.fd, &iov, 1, pos + done as u64, &mut n) }
        } else {
            // SAFETY: as above.
            unsafe { p1::fd_write(e.fd, &iov, 1, &mut n) }
        };
        if errno != p1::ESUCCESS {
            return errno;
        }
        if n == 0 {
            return p1::EPIPE;
        }
        done += n;
    }
    if e.flags & POSITIONED != 0 {
        state().get(stream, Kind::OutputStream).data = pos + len as u64;
    }
    p1::ESUCCESS
}

/// Shared by every write flavour: `result<_, stream-error>` at `ret`.
fn write(stream: u32, buf: *const u8, len: usize, ret: *mut u8) {
    let ret = Ret(ret);
    if is_closed(stream, Kind::OutputStream) {
        return stream_error(stream, Kind::OutputStream, p1::ESUCCESS, &ret, 4);
    }
    match write_all(stream, buf, len) {
        p1::ESUCCESS => ret.u8(0, 0),
        errno => stream_error(stream, Kind::OutputStream, errno, &ret, 4),
    }
}

#[export_name = "wasi:io/streams#[method]output-stream.write"]
extern "C" fn output_write(stream: u32, buf: *const u8, len: usize, ret: *mut u8) {
    write(stream, buf, len, ret);
}

#[export_name = "wasi:io/streams#[method]output-stream.blocking-write-and-flush"]
extern "C" fn output_blocking_write_and_flush(stream: u32, buf: *const u8, len: usize, ret: *mut u8) {
    write(stream, buf, len, ret);
}

/// Writes are never buffered, so flushing only reports a closed stream.
fn flush(stream: u32, ret: *mut u8) {
    let ret = Ret(ret);
    if is_closed(stream, Kind::OutputStream) {
        return stream_error(stream, Kind::OutputStream, p1::ESUCCESS, &ret, 4);
    }
    ret.u8(0, 0);
}

#[export_name = "wasi:io/streams#[method]output-stream.flush"]
extern "C" fn output_flush(stream: u32, ret: *mut u8) {
    flush(stream, ret);
}

#[export_name = "wasi:io/streams#[method]output-stream.blocking-flush"]
extern "C" fn output_blocking_flush(stream: u32, ret: *mut u8) {
    flush(stream, ret);
}

/// Stdio is always writable here: `check-write` never returns 0, so nothing
/// waits on this pollable for room.
#[export_name = "wasi:io/streams#[method]output-stream.subscribe"]
extern "C" fn output_subscribe(stream: u32) -> u32 {
    state().get(stream, Kind::OutputStream);
    state().push_child(Entry::new(Kind::PollReady, 0, 0), stream)
}

/// Writes `len` zero bytes from a zeroed stretch of scratch.
fn write_zeroes(stream: u32, len: u64, ret: *mut u8) {
    let mut left = len;
    let chunk = (len as usize).min(READ_MAX);
    let zeros = state().scratch(chunk);
    // SAFETY: scratch holds at least `chunk` bytes.
    unsafe { core::ptr::write_bytes(zeros, 0, chunk) };
    loop {
        let n = (left as usize).min(chunk);
        write(stream, zeros, n, ret);
        left -= n as u64;
        // SAFETY: `write` just wrote the result's tag at `ret`.
        if left == 0 || unsafe { *ret } != 0 {
            return;
        }
    }
}

#[export_name = "wasi:io/streams#[method]output-stream.write-zeroes"]
extern "C" fn output_write_zeroes(stream: u32, len: u64, ret: *mut u8) {
    write_zeroes(stream, len, ret);
}

#[export_name = "wasi:io/streams#[method]output-stream.blocking-write-zeroes-and-flush"]
extern "C" fn output_blocking_write_zeroes_and_flush(stream: u32, len: u64, ret: *mut u8) {
    write_zeroes(stream, len, ret);
}

/// Moves up to `len` bytes from `src` to `stream` through scratch (preview1
/// has no splice). `result<u64, stream-error>` at `ret`.
fn splice(stream: u32, src: u32, len: u64, nonblocking: bool, ret: *mut u8) {
    let r = Ret(ret);
    if is_closed(stream, Kind::OutputStream) {
        return stream_error(stream, Kind::OutputStream, p1::ESUCCESS, &r, 8);
    }
    if is_closed(src, Kind::InputStream) {
        return stream_error(src, Kind::InputStream, p1::ESUCCESS, &r, 8);
    }
    if len == 0 || (nonblocking && !can_read_now(src)) {
        r.u8(0, 0);
        return r.u64(8, 0);
    }
    let want = (len as usize).min(READ_MAX);
    let buf = state().scratch(want);
    let (errno, n) = read_into(src, buf, want);
    if errno != p1::ESUCCESS || n == 0 {
        return stream_error(src, Kind::InputStream, errno, &r, 8);
    }
    match write_all(stream, buf, n) {
        p1::ESUCCESS => {
            r.u8(0, 0);
            r.u64(8, n as u64);
        }
        errno => stream_error(stream, Kind::OutputStream, errno, &r, 8),
    }
}

#[export_name = "wasi:io/streams#[method]output-stream.splice"]
extern "C" fn output_splice(stream: u32, src: u32, len: u64, ret: *mut u8) {
    splice(stream, src, len, true, ret);
}

#[export_name = "wasi:io/streams#[method]output-stream.blocking-splice"]
extern "C" fn output_blocking_splice(stream: u32, src: u32, len: u64, ret: *mut u8) {
    splice(stream, src, len, false, ret);
}
