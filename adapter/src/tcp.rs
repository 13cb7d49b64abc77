//! wasi:sockets/tcp and tcp-create-socket on WAMR's socket extension.
//!
//! States, checks and error codes follow the WASIp2 host (wasmtime): an
//! operation out of order is `invalid-state`, a second `start-X` before
//! its `finish-X` is `concurrency-conflict`, a `finish-X` without its start
//! `not-in-progress`, and a connection attempt's outcome (including
//! `access-denied`) is reported by `finish-connect`.
use crate::errno::{
    network_code, NET_CONCURRENCY_CONFLICT, NET_INVALID_ARGUMENT, NET_INVALID_STATE, NET_NOT_IN_PROGRESS,
    NET_NOT_SUPPORTED, NET_WOULD_BLOCK,
};
use crate::io::host_pollable;
use crate::network::{address, fail, from_flat, network, open, remote_ok, Flat};
use crate::p1::{self, SockAddr};
use crate::rt::{state, trap, Ret};
use crate::table::{Io, Kind, Pending, Resource, Stream, Tcp, TcpState, Wait};

/// The backlog `listen` uses unless the program sets one (wasmtime's).
const DEFAULT_BACKLOG: u32 = 128;

fn tcp(handle: u32) -> &'static mut Tcp {
    match state().table.get(handle) {
        Resource::Tcp(t) => t,
        _ => trap(),
    }
}

fn new_tcp(fd: u32, ipv6: bool, state: TcpState) -> Tcp {
    let remote = SockAddr { kind: 0, bytes: [0; 20] };
    let bound = state != TcpState::Default;
    Tcp {
        fd,
        ipv6,
        state,
        pending: Pending::None,
        bound,
        backlog: DEFAULT_BACKLOG,
        read_shut: false,
        write_shut: false,
        nonblocking: true,
        output: 0,
        remote,
    }
}

/// `result<own<tcp-socket>, error-code>`.
#[export_name = "wasi:sockets/tcp-create-socket#create-tcp-socket"]
extern "C" fn create_tcp_socket(family: u32, ret: *mut u8) {
    let ret = Ret(ret);
    if family > 1 {
        trap();
    }
    match open(family, 1) {
        Ok(fd) => {
            ret.u8(0, 0);
            ret.u32(4, state().table.push(Resource::Tcp(new_tcp(fd, family == 1, TcpState::Default)), true));
        }
        Err(errno) => fail(&ret, 4, network_code(errno)),
    }
}

#[export_name = "wasi:sockets/tcp#[resource-drop]tcp-socket"]
extern "C" fn drop_tcp_socket(handle: u32) {
    state().table.drop_handle(handle, Kind::Tcp);
}

/// The flattened `ip-socket-address` parameters of start-bind and
/// start-connect, gathered.
#[allow(clippy::too_many_arguments)]
fn flat(tag: u32, a: u32, b: u32, c: u32, d: u32, e: u32, f: u32, g: u32, h: u32, i: u32, j: u32, k: u32) -> Flat {
    (tag, [a, b, c, d, e, f, g, h, i, j, k])
}

/// Whether WASIp2 hosts take `a` as a unicast address (binding to a
/// broadcast or multicast address is `invalid-argument`).
fn unicast(a: &SockAddr) -> bool {
    if a.kind == 0 {
        !(a.bytes[..4] == [255, 255, 255, 255] || a.bytes[0] >> 4 == 14)
    } else {
        a.bytes[1] != 0xff
    }
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.start-bind"]
#[allow(clippy::too_many_arguments)]
extern "C" fn start_bind(
    handle: u32,
    net: u32,
    tag: u32,
    a: u32,
    b: u32,
    c: u32,
    d: u32,
    e: u32,
    f: u32,
    g: u32,
    h: u32,
    i: u32,
    j: u32,
    k: u32,
    ret: *mut u8,
) {
    let ret = Ret(ret);
    network(net);
    let t = tcp(handle);
    if t.pending != Pending::None {
        return fail(&ret, 1, NET_CONCURRENCY_CONFLICT);
    }
    if t.bound || t.state != TcpState::Default {
        return fail(&ret, 1, NET_INVALID_STATE);
    }
    let addr = match from_flat(flat(tag, a, b, c, d, e, f, g, h, i, j, k), t.ipv6) {
        Ok(addr) if unicast(&addr) => addr,
        _ => return fail(&ret, 1, NET_INVALID_ARGUMENT),
    };
    // SAFETY: the host reads the address from the local.
    let errno = unsafe { p1::sock_bind(t.fd, &addr) };
    if errno != p1::ESUCCESS {
        return fail(&ret, 1, network_code(errno));
    }
    t.bound = true;
    t.pending = Pending::Bind;
    ret.u8(0, 0);
}

/// `finish-X` of `start-X` that completed when it started.
fn finish(handle: u32, which: Pending, ret: *mut u8) {
    let ret = Ret(ret);
    let t = tcp(handle);
    if t.pending != which {
        return fail(&ret, 1, NET_NOT_IN_PROGRESS);
    }
    t.pending = Pending::None;
    ret.u8(0, 0);
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.finish-bind"]
extern "C" fn finish_bind(handle: u32, ret: *mut u8) {
    finish(handle, Pending::Bind, ret);
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.start-connect"]
#[allow(clippy::too_many_arguments)]
extern "C" fn start_connect(
    handle: u32,
    net: u32,
    tag: u32,
    a: u32,
    b: u32,
    c: u32,
    d: u32,
    e: u32,
    f: u32,
    g: u32,
    h: u32,
    i: u32,
    j: u32,
    k: u32,
    ret: *mut u8,
) {
    let ret = Ret(ret);
    network(net);
    let t = tcp(handle);
    if t.pending != Pending::None {
        return fail(&ret, 1, NET_CONCURRENCY_CONFLICT);
    }
    if t.state != TcpState::Default {
        return fail(&ret, 1, NET_INVALID_STATE);
    }
    let addr = match from_flat(flat(tag, a, b, c, d, e, f, g, h, i, j, k), t.ipv6) {
        Ok(addr) if unicast(&addr) && remote_ok(&addr) => addr,
        _ => return fail(&ret, 1, NET_INVALID_ARGUMENT),
    };
    // SAFETY: the host reads the address from the local.
    let errno = unsafe { p1::sock_connect(t.fd, &addr) };
    // Whatever the host said is for `finish-connect` to report.
    t.remote = addr;
    t.state = TcpState::Connecting { errno: errno as u16 };
    t.pending = Pending::Connect;
    ret.u8(0, 0);
}

/// `result<tuple<own<input-stream>, own<output-stream>>, error-code>` with
/// the two streams of a connection at `off` and `off + 4`: children of the
/// socket, which cannot be dropped before them.
fn streams(handle: u32, fd: u32, ret: &Ret, off: usize) {
    let s = Stream { fd, io: Io::Socket { buf: 0, held: 0 }, closed: false, ready: false };
    ret.u8(0, 0);
    ret.u32(off, state().table.push_child(Resource::Input(s), handle));
    let output = state().table.push_child(Resource::Output(s), handle);
    tcp(handle).output = output;
    ret.u32(off + 4, output);
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.finish-connect"]
extern "C" fn finish_connect(handle: u32, ret: *mut u8) {
    let ret = Ret(ret);
    let t = tcp(handle);
    let TcpState::Connecting { errno } = t.state else {
        return fail(&ret, 4, NET_NOT_IN_PROGRESS);
    };
    if t.pending != Pending::Connect {
        return fail(&ret, 4, NET_NOT_IN_PROGRESS);
    }
    let mut errno = errno as p1::Errno;
    if errno == p1::EINPROGRESS || errno == p1::EALREADY {
        // Connecting again is how the extension tells the outcome (it has
        // no SO_ERROR), and costs less than asking `poll_oneoff` first:
        // EALREADY while the attempt goes on, 0 or EISCONN once connected,
        // else the attempt's error.
        // SAFETY: the host reads the address from the socket's entry.
        errno = unsafe { p1::sock_connect(t.fd, &t.remote) };
        if errno == p1::EISCONN {
            errno = p1::ESUCCESS;
        }
        if errno == p1::EINPROGRESS || errno == p1::EALREADY {
            return fail(&ret, 4, NET_WOULD_BLOCK);
        }
    }
    let t = tcp(handle);
    t.pending = Pending::None;
    if errno != p1::ESUCCESS {
        let code = network_code(errno);
        t.state = TcpState::Closed { code };
        return fail(&ret, 4, code);
    }
    t.state = TcpState::Connected;
    t.bound = true;
    let fd = t.fd;
    streams(handle, fd, &ret, 4);
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.start-listen"]
extern "C" fn start_listen(handle: u32, ret: *mut u8) {
    let ret = Ret(ret);
    let t = tcp(handle);
    if t.pending != Pending::None {
        return fail(&ret, 1, NET_CONCURRENCY_CONFLICT);
    }
    if !t.bound || t.state != TcpState::Default {
        return fail(&ret, 1, NET_INVALID_STATE);
    }
    // SAFETY: takes no pointers.
    let errno = unsafe { p1::sock_listen(t.fd, t.backlog) };
    if errno != p1::ESUCCESS {
        return fail(&ret, 1, network_code(errno));
    }
    t.state = TcpState::Listening;
    t.pending = Pending::Listen;
    ret.u8(0, 0);
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.finish-listen"]
extern "C" fn finish_listen(handle: u32, ret: *mut u8) {
    finish(handle, Pending::Listen, ret);
}

/// `result<tuple<own<tcp-socket>, own<input-stream>, own<output-stream>>,
/// error-code>`.
#[export_name = "wasi:sockets/tcp#[method]tcp-socket.accept"]
extern "C" fn accept(handle: u32, ret: *mut u8) {
    let ret = Ret(ret);
    let t = *tcp(handle);
    if t.state != TcpState::Listening {
        return fail(&ret, 4, NET_INVALID_STATE);
    }
    let mut fd = 0;
    // SAFETY: the host writes the new fd into the local.
    let errno = unsafe { p1::sock_accept(t.fd, 0, &mut fd) };
    if errno != p1::ESUCCESS {
        return fail(&ret, 4, network_code(errno));
    }
    // WAMR ignores the flags of `sock_accept`: the new fd is blocking until
    // its streams are used (see `Tcp::nonblocking`).
    let mut conn = new_tcp(fd, t.ipv6, TcpState::Connected);
    conn.nonblocking = false;
    let conn = state().table.push(Resource::Tcp(conn), true);
    ret.u32(4, conn);
    streams(conn, fd, &ret, 8);
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.local-address"]
extern "C" fn local_address(handle: u32, ret: *mut u8) {
    let t = *tcp(handle);
    let r = Ret(ret);
    match t.state {
        TcpState::Closed { code } => fail(&r, 4, code),
        TcpState::Connecting { .. } => fail(&r, 4, NET_INVALID_STATE),
        _ if !t.bound => fail(&r, 4, NET_INVALID_STATE),
        _ => address(ret, p1::sock_addr_local, t.fd),
    }
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.remote-address"]
extern "C" fn remote_address(handle: u32, ret: *mut u8) {
    let t = *tcp(handle);
    let r = Ret(ret);
    match t.state {
        TcpState::Closed { code } => fail(&r, 4, code),
        TcpState::Connected => address(ret, p1::sock_addr_remote, t.fd),
        _ => fail(&r, 4, NET_INVALID_STATE),
    }
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.is-listening"]
extern "C" fn is_listening(handle: u32) -> u32 {
    (tcp(handle).state == TcpState::Listening) as u32
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.address-family"]
extern "C" fn address_family(handle: u32) -> u32 {
    tcp(handle).ipv6 as u32
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.set-listen-backlog-size"]
extern "C" fn set_listen_backlog_size(handle: u32, value: u64, ret: *mut u8) {
    let ret = Ret(ret);
    if value == 0 {
        return fail(&ret, 1, NET_INVALID_ARGUMENT);
    }
    let value = value.min(i32::MAX as u64) as u32;
    let t = tcp(handle);
    match t.state {
        TcpState::Default => t.backlog = value,
        TcpState::Listening => {
            // SAFETY: takes no pointers.
            if unsafe { p1::sock_listen(t.fd, value) } != p1::ESUCCESS {
                return fail(&ret, 1, NET_NOT_SUPPORTED);
            }
            t.backlog = value;
        }
        TcpState::Closed { code } => return fail(&ret, 1, code),
        _ => return fail(&ret, 1, NET_INVALID_STATE),
    }
    ret.u8(0, 0);
}

/// The fd socket options are read and set on: none while connecting, and
/// a failed connection's error after.
fn option_fd(handle: u32, ret: &Ret, off: usize) -> Option<u32> {
    let t = tcp(handle);
    match t.state {
        TcpState::Connecting { .. } => fail(ret, off, NET_INVALID_STATE),
        TcpState::Closed { code } => fail(ret, off, code),
        _ => return Some(t.fd),
    }
    None
}

/// Runs a setter on the socket's fd: `result<_, error-code>`.
fn set(handle: u32, ret: *mut u8, f: impl FnOnce(u32) -> p1::Errno) {
    let r = Ret(ret);
    if let Some(fd) = option_fd(handle, &r, 1) {
        crate::network::unit(ret, f(fd));
    }
}

/// Runs a getter on the socket's fd: `result<T, error-code>` with the
/// value (or the code) at `off`, written by `put`.
fn get<T: Default>(
    handle: u32,
    ret: *mut u8,
    off: usize,
    f: impl FnOnce(u32, *mut T) -> p1::Errno,
    put: impl FnOnce(&Ret, T),
) {
    let r = Ret(ret);
    let Some(fd) = option_fd(handle, &r, off) else { return };
    let mut v = T::default();
    match f(fd, &mut v) {
        p1::ESUCCESS => {
            r.u8(0, 0);
            put(&r, v);
        }
        errno => fail(&r, off, network_code(errno)),
    }
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.keep-alive-enabled"]
extern "C" fn keep_alive_enabled(handle: u32, ret: *mut u8) {
    // SAFETY: the host writes a bool into `out`, a local of `get`.
    get(handle, ret, 1, |fd, out| unsafe { p1::sock_get_keep_alive(fd, out) }, |r, v: bool| r.u8(1, v as u8));
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.set-keep-alive-enabled"]
extern "C" fn set_keep_alive_enabled(handle: u32, on: u32, ret: *mut u8) {
    // SAFETY: takes no pointers.
    set(handle, ret, |fd| unsafe { p1::sock_set_keep_alive(fd, on) });
}

/// Nanoseconds to the whole seconds the keep-alive options take, rounded
/// up and kept within Linux's limit for them.
fn seconds(ns: u64) -> u32 {
    ns.div_ceil(1_000_000_000).clamp(1, 32_767) as u32
}

/// `result<duration, error-code>` of a keep-alive time kept in seconds.
fn keep_alive_time(handle: u32, ret: *mut u8, getter: unsafe extern "C" fn(u32, *mut u32) -> p1::Errno) {
    // SAFETY: the host writes a u32 into `out`, a local of `get`.
    get(handle, ret, 8, |fd, out| unsafe { getter(fd, out) }, |r, s: u32| r.u64(8, s as u64 * 1_000_000_000));
}

fn set_keep_alive_time(handle: u32, ns: u64, ret: *mut u8, setter: unsafe extern "C" fn(u32, u32) -> p1::Errno) {
    if ns == 0 {
        return fail(&Ret(ret), 1, NET_INVALID_ARGUMENT);
    }
    // SAFETY: takes no pointers.
    set(handle, ret, |fd| unsafe { setter(fd, seconds(ns)) });
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.keep-alive-idle-time"]
extern "C" fn keep_alive_idle_time(handle: u32, ret: *mut u8) {
    keep_alive_time(handle, ret, p1::sock_get_tcp_keep_idle);
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.set-keep-alive-idle-time"]
extern "C" fn set_keep_alive_idle_time(handle: u32, ns: u64, ret: *mut u8) {
    set_keep_alive_time(handle, ns, ret, p1::sock_set_tcp_keep_idle);
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.keep-alive-interval"]
extern "C" fn keep_alive_interval(handle: u32, ret: *mut u8) {
    keep_alive_time(handle, ret, p1::sock_get_tcp_keep_intvl);
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.set-keep-alive-interval"]
extern "C" fn set_keep_alive_interval(handle: u32, ns: u64, ret: *mut u8) {
    set_keep_alive_time(handle, ns, ret, p1::sock_set_tcp_keep_intvl);
}

/// The extension has no `TCP_KEEPCNT`: `not-supported` (fidelity table).
#[export_name = "wasi:sockets/tcp#[method]tcp-socket.keep-alive-count"]
extern "C" fn keep_alive_count(handle: u32, ret: *mut u8) {
    let r = Ret(ret);
    if option_fd(handle, &r, 4).is_some() {
        fail(&r, 4, NET_NOT_SUPPORTED);
    }
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.set-keep-alive-count"]
extern "C" fn set_keep_alive_count(handle: u32, count: u32, ret: *mut u8) {
    let r = Ret(ret);
    if count == 0 {
        return fail(&r, 1, NET_INVALID_ARGUMENT);
    }
    if option_fd(handle, &r, 1).is_some() {
        fail(&r, 1, NET_NOT_SUPPORTED);
    }
}

/// IPv4's TTL; the extension has no IPv6 unicast hop limit (fidelity table).
#[export_name = "wasi:sockets/tcp#[method]tcp-socket.hop-limit"]
extern "C" fn hop_limit(handle: u32, ret: *mut u8) {
    crate::network::hop_limit(tcp(handle).ipv6, ret, |ret, off| option_fd(handle, ret, off));
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.set-hop-limit"]
extern "C" fn set_hop_limit(handle: u32, value: u32, ret: *mut u8) {
    crate::network::set_hop_limit(tcp(handle).ipv6, value, ret, |ret, off| option_fd(handle, ret, off));
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.receive-buffer-size"]
extern "C" fn receive_buffer_size(handle: u32, ret: *mut u8) {
    crate::network::buffer_size(false, ret, |ret, off| option_fd(handle, ret, off));
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.set-receive-buffer-size"]
extern "C" fn set_receive_buffer_size(handle: u32, value: u64, ret: *mut u8) {
    crate::network::set_buffer_size(false, value, ret, |ret, off| option_fd(handle, ret, off));
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.send-buffer-size"]
extern "C" fn send_buffer_size(handle: u32, ret: *mut u8) {
    crate::network::buffer_size(true, ret, |ret, off| option_fd(handle, ret, off));
}

#[export_name = "wasi:sockets/tcp#[method]tcp-socket.set-send-buffer-size"]
extern "C" fn set_send_buffer_size(handle: u32, value: u64, ret: *mut u8) {
    crate::network::set_buffer_size(true, value, ret, |ret, off| option_fd(handle, ret, off));
}

/// Ready when a connection attempt has ended (the fd is writable) or a
/// listener has a connection to accept (readable); otherwise at once.
#[export_name = "wasi:sockets/tcp#[method]tcp-socket.subscribe"]
extern "C" fn subscribe(handle: u32) -> u32 {
    let t = *tcp(handle);
    match t.state {
        TcpState::Connecting { .. } => host_pollable(Wait::Write(t.fd), handle),
        TcpState::Listening => host_pollable(Wait::Read(t.fd), handle),
        _ => crate::io::ready_pollable(handle),
    }
}

/// `receive` only ends the input stream (in the adapter); `send` and
/// `both` shut the host socket down, which on WAMR ends both directions
/// (its `sock_shutdown` ignores `how`; fidelity table).
#[export_name = "wasi:sockets/tcp#[method]tcp-socket.shutdown"]
extern "C" fn shutdown(handle: u32, how: u32, ret: *mut u8) {
    let r = Ret(ret);
    let t = tcp(handle);
    match t.state {
        TcpState::Connected => {}
        TcpState::Closed { code } => return fail(&r, 1, code),
        _ => return fail(&r, 1, NET_INVALID_STATE),
    }
    if how != 1 {
        t.read_shut = true;
    }
    if how == 0 {
        return r.u8(0, 0);
    }
    // What the output stream holds back goes before the end of sending.
    let output = t.output;
    if let Some((Resource::Output(_), parent)) = state().table.peek(output) {
        if parent == handle {
            crate::send_buffer::flush(output, true);
        }
    }
    let t = tcp(handle);
    t.write_shut = true;
    // WIT `send` is preview1's sdflags WR (2), `both` RD | WR (3).
    let sdflags = if how == 1 { 2 } else { 3 };
    // SAFETY: takes no pointers.
    let errno = unsafe { p1::sock_shutdown(t.fd, sdflags) };
    crate::network::unit(ret, errno);
}

/// Whether the connection of socket stream `handle` was shut down in the
/// stream's direction (`input`: receiving, else sending).
#[inline(never)]
#[export_name = "wasi-backport:sockets-only:shut"]
pub extern "C" fn shut(handle: u32, input: bool) -> bool {
    match state().table.parent(handle) {
        Resource::Tcp(t) if input => t.read_shut,
        Resource::Tcp(t) => t.write_shut,
        _ => false,
    }
}

/// A pollable of socket output stream `handle` (fd `fd`): ready when the
/// fd has room.
#[inline(never)]
#[export_name = "wasi-backport:sockets-only:subscribe"]
pub extern "C" fn subscribe_output(handle: u32, fd: u32) -> u32 {
    host_pollable(Wait::Write(fd), handle)
}

/// One read of socket input stream `handle` (fd `fd`) into the `len`
/// writable bytes at `buf`: how many bytes came, or the negated errno. A
/// read that finds no data fails with EAGAIN unless `block`, which waits.
#[inline(never)]
#[export_name = "wasi-backport:sockets-only:read"]
pub extern "C" fn read_stream(handle: u32, fd: u32, buf: *mut u8, len: usize, block: bool) -> i64 {
    let errno = nonblocking_stream(handle);
    if errno != p1::ESUCCESS {
        return -(errno as i64);
    }
    // The peer may be this program, waiting for bytes it held back.
    crate::send_buffer::pump();
    let iov = p1::Iovec { buf, len };
    loop {
        let mut n = 0;
        // SAFETY: the host writes at most `len` bytes at `buf` (the caller's)
        // and a `size` into the local.
        match unsafe { p1::fd_read(fd, &iov, 1, &mut n) } {
            p1::ESUCCESS => return n as i64,
            p1::EAGAIN if block => {
                crate::io::wait_for(Wait::Read(fd), true);
            }
            errno => return -(errno as i64),
        }
    }
}

/// Makes the fd of socket stream `stream` non-blocking if it is not yet
/// (see `Tcp::nonblocking`); every read and write of a socket stream comes
/// here first. Returns the errno of a failure.
#[inline(never)]
#[export_name = "wasi-backport:sockets-only:nonblocking"]
pub extern "C" fn nonblocking_stream(stream: u32) -> p1::Errno {
    let Resource::Tcp(t) = state().table.parent(stream) else { return p1::ESUCCESS };
    if t.nonblocking {
        return p1::ESUCCESS;
    }
    let errno = crate::network::nonblocking(t.fd);
    t.nonblocking = errno == p1::ESUCCESS;
    errno
}
