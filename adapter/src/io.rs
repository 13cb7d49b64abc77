//! wasi:io/error and wasi:io/poll.
//!
//! Pollables are made here only (`Pollable`'s field is private to this
//! file): `ready_pollable` for one that is always ready, `host_pollable`
//! for one the host must be asked about. The code that asks (`wait`, and
//! `poll_host` behind `pollable.block` and `pollable.ready`) is exported
//! under `wasi-backport:waits-only:`: when nothing a program adapts reaches
//! `host_pollable` (exported as `wasi-backport:waits:pollable`), every
//! pollable it can make is ready, `poll_marks` never gets that far, and the
//! merge gives those functions a body that traps, leaving out the code
//! behind them.
use crate::clocks::time;
use crate::p1;
use crate::rt::{state, trap, Ret};
use crate::table::{Kind, Resource, Wait};

// ---- wasi:io/error ---------------------------------------------------------

#[export_name = "wasi:io/error#[resource-drop]error"]
extern "C" fn drop_error(handle: u32) {
    state().table.drop_handle(handle, Kind::Error);
}

/// "errno N" with N the preview1 errno: the text is implementation-defined,
/// and building it digit by digit keeps string constants out of the adapter.
#[export_name = "wasi:io/error#[method]error.to-debug-string"]
extern "C" fn error_to_debug_string(handle: u32, ret: *mut u8) {
    let errno = state().table.error(handle).0 as u32;
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

/// A pollable's table entry: what it waits for.
#[derive(Clone, Copy)]
pub struct Pollable(Wait);

impl Pollable {
    pub fn wait(self) -> Wait {
        self.0
    }
}

/// A new pollable that is always ready, a child of `parent`.
pub fn ready_pollable(parent: u32) -> u32 {
    state().table.push_child(Resource::Pollable(Pollable(Wait::Ready)), parent)
}

/// A new pollable the host is asked about (`wait` is not `Ready`), a
/// child of `parent` (0: none). Never inlined: the merge keeps the code
/// that asks the host (`wait`) for a program that can reach this function.
#[inline(never)]
#[export_name = "wasi-backport:waits:pollable"]
pub fn host_pollable(wait: Wait, parent: u32) -> u32 {
    let t = &mut state().table;
    if parent == 0 {
        t.push(Resource::Pollable(Pollable(wait)), false)
    } else {
        t.push_child(Resource::Pollable(Pollable(wait)), parent)
    }
}

#[export_name = "wasi:io/poll#[resource-drop]pollable"]
extern "C" fn drop_pollable(handle: u32) {
    state().table.drop_handle(handle, Kind::Pollable);
}

fn pollable(handle: u32) -> Wait {
    state().table.wait(handle)
}

/// The input stream a read pollable watches, if it is a stream's.
fn watched(handle: u32) -> Option<&'static mut crate::table::Stream> {
    let t = &mut state().table;
    match t.peek(handle) {
        Some((Resource::Pollable(p), parent)) if parent != 0 && matches!(p.wait(), Wait::Read(_)) => {
            match t.peek(parent) {
                Some((Resource::Input(s), _)) => Some(s),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Marks pollable `handle` ready: a stream it watches stays ready until read.
fn mark(handle: u32) {
    if let Some(s) = watched(handle) {
        s.ready = true;
    }
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
    let mut now = None;
    let mut count = 0;
    let mut earliest = u64::MAX;
    let (mut fds, mut clocks) = (0, 0);
    for i in 0..n {
        // SAFETY: i < n: a handle of the caller's list.
        let h = unsafe { *handles.add(i) };
        let is_ready = match pollable(h) {
            Wait::Ready => true,
            Wait::Clock(deadline) => {
                let t = *now.get_or_insert_with(|| time(p1::CLOCK_MONOTONIC));
                earliest = earliest.min(deadline);
                clocks += 1;
                deadline <= t
            }
            // A stream reported ready before and not read since.
            Wait::Read(_) if watched(h).is_some_and(|s| s.ready) => true,
            Wait::Read(_) | Wait::Write(_) => {
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
    // Some pollable waits on the host: it was made by `host_pollable`.
    // SAFETY: the caller's `handles`; `ready` is scratch of marks_len + (n +
    // 1) * 80 bytes, as `wait` needs; `now` was read if there are clocks.
    let count = unsafe { wait(handles, n, probe, ready, fds, clocks, earliest, now.unwrap_or(0)) };
    (count, ready)
}

/// The rest of `poll_marks` when no pollable is ready yet: one
/// `poll_oneoff` for the fd pollables (`fds` of the `n`) and the earliest
/// of the `clocks` deadlines (`earliest`, at monotonic time `now`), then
/// marks what it reports. Returns how many are ready.
///
/// # Safety
/// `handles` points to `n` readable `u32`s; `ready` to `n` marks rounded up
/// to 8 bytes, then (n + 1) * 80 bytes of scratch (see `poll_marks`).
#[inline(never)]
#[export_name = "wasi-backport:waits-only:wait"]
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn wait(
    handles: *const u32,
    n: usize,
    probe: bool,
    ready: *mut u8,
    fds: usize,
    clocks: usize,
    earliest: u64,
    now: u64,
) -> usize {
    let marks_len = (n + 7) & !7;
    // SAFETY: inside scratch, which holds marks_len + (n + 1) * 80 bytes.
    let subs = unsafe { ready.add(marks_len) } as *mut p1::Subscription;
    let mut count = 0;

    // One subscription per fd pollable (userdata: its index), and one for the
    // earliest deadline, as a relative timeout (some hosts mishandle absolute
    // ones) of at most LONGEST_WAIT. A probe waits no more than PROBE_WAIT.
    // SAFETY: fds <= n: fds + 1 subscriptions (48 bytes each) then fds + 1
    // events (32 bytes each) fit in the (n + 1) * 80 bytes after the marks.
    let events = unsafe { subs.add(fds + 1) } as *mut p1::Event;
    let mut k = 0;
    for i in 0..n {
        // SAFETY: i < n: a handle of the caller's list.
        let (tag, fd) = match pollable(unsafe { *handles.add(i) }) {
            Wait::Read(fd) => (p1::EVENTTYPE_FD_READ, fd),
            Wait::Write(fd) => (p1::EVENTTYPE_FD_WRITE, fd),
            _ => continue,
        };
        // SAFETY: k < fds (one per fd pollable): subscription k is in
        // scratch, aligned, and referred to by nothing else.
        let s = unsafe { &mut *subs.add(k) };
        // SAFETY: an all-zero subscription is valid (integers only).
        *s = unsafe { core::mem::zeroed() };
        s.userdata = i as u64;
        s.tag = tag;
        s.id_or_fd = fd;
        k += 1;
    }
    let timeout = if probe {
        Some(PROBE_WAIT)
    } else if clocks > 0 {
        // `now` was read when the clocks were looked at.
        Some(earliest.saturating_sub(now).min(LONGEST_WAIT))
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
                let fd_wait = matches!(pollable(*handles.add(i)), Wait::Read(_) | Wait::Write(_));
                if fd_wait && *ready.add(i) == 0 {
                    *ready.add(i) = 1;
                    count += 1;
                }
            }
        }
        return count;
    }

    let mut clock_fired = false;
    for j in 0..nevents {
        // SAFETY: j < nevents <= k: an event the host wrote; a userdata
        // other than u64::MAX is checked against n before it names a mark
        // and a handle of the caller's list.
        unsafe {
            let ev = &*events.add(j);
            if ev.userdata == u64::MAX {
                clock_fired = true;
            } else if (ev.userdata as usize) < n && *ready.add(ev.userdata as usize) == 0 {
                // An fd event with an error still counts: WASIp2 reports errors
                // as readiness and leaves them to the next operation.
                *ready.add(ev.userdata as usize) = 1;
                count += 1;
                mark(*handles.add(ev.userdata as usize));
            }
        }
    }
    if clock_fired && !probe {
        let t = time(p1::CLOCK_MONOTONIC);
        for i in 0..n {
            // SAFETY: i < n: a handle of the caller's list, and a mark.
            unsafe {
                let due = matches!(pollable(*handles.add(i)), Wait::Clock(deadline) if deadline <= t);
                if due && *ready.add(i) == 0 {
                    *ready.add(i) = 1;
                    count += 1;
                }
            }
        }
    }
    count
}

/// `list<u32>`: the indices of the ready pollables, after waiting for one.
#[export_name = "wasi:io/poll#poll"]
unsafe extern "C" fn poll(handles: *const u32, n: usize, ret: *mut u8) {
    if n == 0 {
        trap();
    }
    let (mut count, mut marks) = (0, core::ptr::null());
    while count == 0 {
        // While a socket stream holds bytes back, waits are short so that
        // they keep going out (see `send_buffer::pump`).
        let short = crate::send_buffer::pump();
        // SAFETY: `handles` is the list argument: `n` handles (canonical ABI).
        (count, marks) = unsafe { poll_marks(handles, n, short) };
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

/// Whether one pollable is ready now, or (`block`) once it is. A ready
/// pollable (every pollable, in a program that cannot reach
/// `host_pollable`) is answered here, without scratch or a loop.
#[inline(always)]
fn poll_one(handle: u32, probe: bool) -> bool {
    let short = probe || crate::send_buffer::pump();
    if let Wait::Ready = state().table.wait(handle) {
        return true;
    }
    poll_host(handle, probe, short)
}

/// The rest of `poll_one`, for a pollable that `host_pollable` made: the
/// merge leaves it out, with `wait`, where none can be made.
#[inline(never)]
#[export_name = "wasi-backport:waits-only:poll-one"]
extern "C" fn poll_host(handle: u32, probe: bool, mut short: bool) -> bool {
    loop {
        // SAFETY: a list of one handle, this local.
        let (count, _) = unsafe { poll_marks(&handle, 1, short) };
        if count > 0 || probe {
            return count > 0;
        }
        short = crate::send_buffer::pump();
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

/// Whether `wait` holds now (asked of the host without waiting), or with
/// `block`, once it does.
pub fn wait_for(wait: Wait, block: bool) -> bool {
    let h = host_pollable(wait, 0);
    let ready = poll_one(h, !block);
    state().table.drop_handle(h, Kind::Pollable);
    ready
}
