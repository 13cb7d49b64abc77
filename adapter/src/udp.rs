//! wasi:sockets/udp and udp-create-socket on WAMR's socket extension,
//! with the WASIp2 host's (wasmtime's) states, checks and error codes.
use crate::errno::{
    network_code, NET_CONCURRENCY_CONFLICT, NET_DATAGRAM_TOO_LARGE, NET_INVALID_ARGUMENT, NET_INVALID_STATE,
    NET_NOT_IN_PROGRESS, NET_NOT_SUPPORTED,
};
use crate::io::host_pollable;
use crate::network::{fail, from_flat, network, open, remote_ok, write_addr, Flat};
use crate::p1::{self, Iovec, SockAddr};
use crate::rt::{alloc, alloc_copy, state, trap, Ret};
use crate::table::{Datagrams, Kind, Pending, Resource, Udp, Wait};

/// Datagrams one `receive` returns and one `check-send` permits at most
/// (wasmtime's figure).
const MAX_DATAGRAMS: usize = 16;
/// The largest UDP payload; larger is `datagram-too-large`.
const MAX_DATAGRAM: usize = 65535;
/// `incoming-datagram` and `outgoing-datagram` records (canonical ABI).
const INCOMING_SIZE: usize = 40;
const OUTGOING_SIZE: usize = 44;

fn udp(handle: u32) -> &'static mut Udp {
    match state().table.get(handle) {
        Resource::Udp(u) => u,
        _ => trap(),
    }
}

#[export_name = "wasi:sockets/udp-create-socket#create-udp-socket"]
extern "C" fn create_udp_socket(family: u32, ret: *mut u8) {
    let ret = Ret(ret);
    if family > 1 {
        trap();
    }
    match open(family, 0) {
        Ok(fd) => {
            let u = Udp { fd, ipv6: family == 1, pending: Pending::None, bound: false, remote: None, streams: 0 };
            ret.u8(0, 0);
            ret.u32(4, state().table.push(Resource::Udp(u), true));
        }
        Err(errno) => fail(&ret, 4, network_code(errno)),
    }
}

#[export_name = "wasi:sockets/udp#[resource-drop]udp-socket"]
extern "C" fn drop_udp_socket(handle: u32) {
    state().table.drop_handle(handle, Kind::Udp);
}

/// A datagram stream goes: its socket may make new ones.
fn drop_stream(handle: u32, kind: Kind) {
    let t = &mut state().table;
    if t.get(handle).kind() != kind {
        trap();
    }
    if let Resource::Udp(u) = t.parent(handle) {
        u.streams -= 1;
    }
    t.drop_handle(handle, kind);
}

#[export_name = "wasi:sockets/udp#[resource-drop]incoming-datagram-stream"]
extern "C" fn drop_incoming(handle: u32) {
    drop_stream(handle, Kind::Incoming);
}

#[export_name = "wasi:sockets/udp#[resource-drop]outgoing-datagram-stream"]
extern "C" fn drop_outgoing(handle: u32) {
    drop_stream(handle, Kind::Outgoing);
}

#[export_name = "wasi:sockets/udp#[method]udp-socket.start-bind"]
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
    let u = udp(handle);
    if u.pending != Pending::None {
        return fail(&ret, 1, NET_CONCURRENCY_CONFLICT);
    }
    if u.bound {
        return fail(&ret, 1, NET_INVALID_STATE);
    }
    let flat: Flat = (tag, [a, b, c, d, e, f, g, h, i, j, k]);
    let Ok(addr) = from_flat(flat, u.ipv6) else {
        return fail(&ret, 1, NET_INVALID_ARGUMENT);
    };
    // SAFETY: the host reads the address from the local.
    let errno = unsafe { p1::sock_bind(u.fd, &addr) };
    if errno != p1::ESUCCESS {
        return fail(&ret, 1, network_code(errno));
    }
    u.bound = true;
    u.pending = Pending::Bind;
    ret.u8(0, 0);
}

#[export_name = "wasi:sockets/udp#[method]udp-socket.finish-bind"]
extern "C" fn finish_bind(handle: u32, ret: *mut u8) {
    let ret = Ret(ret);
    let u = udp(handle);
    if u.pending != Pending::Bind {
        return fail(&ret, 1, NET_NOT_IN_PROGRESS);
    }
    u.pending = Pending::None;
    ret.u8(0, 0);
}

/// `stream(option<ip-socket-address>)`: `result<tuple<own<incoming-
/// datagram-stream>, own<outgoing-datagram-stream>>, error-code>`. A remote
/// address connects the socket. Disconnecting a connected socket is not
/// possible on the extension (no `AF_UNSPEC` connect): `not-supported`.
#[export_name = "wasi:sockets/udp#[method]udp-socket.stream"]
#[allow(clippy::too_many_arguments)]
extern "C" fn stream(
    handle: u32,
    some: u32,
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
    let u = udp(handle);
    // WASIp2 hosts trap here: "UDP streams not dropped yet".
    if u.streams > 0 {
        trap();
    }
    if !u.bound {
        return fail(&ret, 4, NET_INVALID_STATE);
    }
    if some != 0 {
        let flat: Flat = (tag, [a, b, c, d, e, f, g, h, i, j, k]);
        let addr = match from_flat(flat, u.ipv6) {
            Ok(addr) if remote_ok(&addr) => addr,
            _ => return fail(&ret, 4, NET_INVALID_ARGUMENT),
        };
        // SAFETY: the host reads the address from the local.
        let errno = unsafe { p1::sock_connect(u.fd, &addr) };
        if errno != p1::ESUCCESS {
            return fail(&ret, 4, network_code(errno));
        }
        u.remote = Some(addr);
    } else if u.remote.is_some() {
        return fail(&ret, 4, NET_NOT_SUPPORTED);
    }
    u.streams = 2;
    let d = Datagrams { fd: u.fd, permit: 0 };
    ret.u8(0, 0);
    ret.u32(4, state().table.push_child(Resource::Incoming(d), handle));
    ret.u32(8, state().table.push_child(Resource::Outgoing(d), handle));
}

#[export_name = "wasi:sockets/udp#[method]udp-socket.local-address"]
extern "C" fn local_address(handle: u32, ret: *mut u8) {
    let u = *udp(handle);
    if !u.bound {
        return fail(&Ret(ret), 4, NET_INVALID_STATE);
    }
    crate::network::address(ret, p1::sock_addr_local, u.fd);
}

#[export_name = "wasi:sockets/udp#[method]udp-socket.remote-address"]
extern "C" fn remote_address(handle: u32, ret: *mut u8) {
    let r = Ret(ret);
    match udp(handle).remote {
        Some(addr) => {
            r.u8(0, 0);
            write_addr(&r, 4, &addr);
        }
        None => fail(&r, 4, NET_INVALID_STATE),
    }
}

#[export_name = "wasi:sockets/udp#[method]udp-socket.address-family"]
extern "C" fn address_family(handle: u32) -> u32 {
    udp(handle).ipv6 as u32
}

fn fd_of(handle: u32) -> impl FnOnce(&Ret, usize) -> Option<u32> {
    let fd = udp(handle).fd;
    move |_, _| Some(fd)
}

#[export_name = "wasi:sockets/udp#[method]udp-socket.unicast-hop-limit"]
extern "C" fn unicast_hop_limit(handle: u32, ret: *mut u8) {
    crate::network::hop_limit(udp(handle).ipv6, ret, fd_of(handle));
}

#[export_name = "wasi:sockets/udp#[method]udp-socket.set-unicast-hop-limit"]
extern "C" fn set_unicast_hop_limit(handle: u32, value: u32, ret: *mut u8) {
    crate::network::set_hop_limit(udp(handle).ipv6, value, ret, fd_of(handle));
}

#[export_name = "wasi:sockets/udp#[method]udp-socket.receive-buffer-size"]
extern "C" fn receive_buffer_size(handle: u32, ret: *mut u8) {
    crate::network::buffer_size(false, ret, fd_of(handle));
}

#[export_name = "wasi:sockets/udp#[method]udp-socket.set-receive-buffer-size"]
extern "C" fn set_receive_buffer_size(handle: u32, value: u64, ret: *mut u8) {
    crate::network::set_buffer_size(false, value, ret, fd_of(handle));
}

#[export_name = "wasi:sockets/udp#[method]udp-socket.send-buffer-size"]
extern "C" fn send_buffer_size(handle: u32, ret: *mut u8) {
    crate::network::buffer_size(true, ret, fd_of(handle));
}

#[export_name = "wasi:sockets/udp#[method]udp-socket.set-send-buffer-size"]
extern "C" fn set_send_buffer_size(handle: u32, value: u64, ret: *mut u8) {
    crate::network::set_buffer_size(true, value, ret, fd_of(handle));
}

/// Nothing a UDP socket does itself waits: ready at once.
#[export_name = "wasi:sockets/udp#[method]udp-socket.subscribe"]
extern "C" fn subscribe(handle: u32) -> u32 {
    udp(handle);
    crate::io::ready_pollable(handle)
}

fn datagrams(handle: u32, kind: Kind) -> &'static mut Datagrams {
    match state().table.get(handle) {
        Resource::Incoming(d) if kind == Kind::Incoming => d,
        Resource::Outgoing(d) if kind == Kind::Outgoing => d,
        _ => trap(),
    }
}

/// `result<list<incoming-datagram>, error-code>`: what has arrived, up to
/// `max` (and `MAX_DATAGRAMS`) datagrams, without waiting. Each datagram
/// is received into scratch and copied into an allocation of its own; the
/// records gather in scratch until their count is known.
#[export_name = "wasi:sockets/udp#[method]incoming-datagram-stream.receive"]
extern "C" fn receive(handle: u32, max: u64, ret: *mut u8) {
    let r = Ret(ret);
    let fd = datagrams(handle, Kind::Incoming).fd;
    let max = max.min(MAX_DATAGRAMS as u64) as usize;
    // Scratch: MAX_DATAGRAMS records, then one datagram's bytes.
    let records_len = MAX_DATAGRAMS * INCOMING_SIZE;
    let records = state().scratch(records_len + MAX_DATAGRAM);
    // SAFETY: inside scratch, which holds records_len + MAX_DATAGRAM bytes.
    let buf = unsafe { records.add(records_len) };
    let mut count = 0;
    while count < max {
        let iov = Iovec { buf, len: MAX_DATAGRAM };
        let mut from = SockAddr { kind: 0, bytes: [0; 20] };
        let mut n = 0;
        // SAFETY: the host writes at most MAX_DATAGRAM bytes at `buf`, an
        // address and a size into the locals.
        let errno = unsafe { p1::sock_recv_from(fd, &iov, 1, 0, &mut from, &mut n) };
        if errno == p1::EAGAIN || (errno != p1::ESUCCESS && count > 0) {
            break;
        }
        if errno != p1::ESUCCESS {
            return fail(&r, 4, network_code(errno));
        }
        // SAFETY: count < max <= MAX_DATAGRAMS: record `count` is in the
        // records part of scratch, 4-aligned (scratch starts on a page).
        let rec = Ret(unsafe { records.add(count * INCOMING_SIZE) });
        rec.list(0, alloc_copy(buf, n), n);
        write_addr(&rec, 8, &from);
        count += 1;
    }
    let list = alloc(count * INCOMING_SIZE, 4);
    // SAFETY: `list` is a new allocation of count records; scratch holds them.
    unsafe { core::ptr::copy_nonoverlapping(records, list, count * INCOMING_SIZE) };
    r.u8(0, 0);
    r.list(4, list, count);
}

#[export_name = "wasi:sockets/udp#[method]incoming-datagram-stream.subscribe"]
extern "C" fn incoming_subscribe(handle: u32) -> u32 {
    let fd = datagrams(handle, Kind::Incoming).fd;
    host_pollable(Wait::Read(fd), handle)
}

/// `result<u64, error-code>`: how many datagrams the next `send` may take.
#[export_name = "wasi:sockets/udp#[method]outgoing-datagram-stream.check-send"]
extern "C" fn check_send(handle: u32, ret: *mut u8) {
    datagrams(handle, Kind::Outgoing).permit = MAX_DATAGRAMS as u32;
    let r = Ret(ret);
    r.u8(0, 0);
    r.u64(8, MAX_DATAGRAMS as u64);
}

/// Reads field `off` of an outgoing-datagram record.
///
/// # Safety
/// `rec` is a record of the caller's `list<outgoing-datagram>` and `off`
/// a field of its layout, aligned for `T`.
unsafe fn field<T: Copy>(rec: *const u8, off: usize) -> T {
    // SAFETY: the caller's contract.
    unsafe { (rec.add(off) as *const T).read() }
}

/// `send(list<outgoing-datagram>)`: `result<u64, error-code>`, how many
/// were sent; an error only when none was (as WASIp2 hosts do).
#[export_name = "wasi:sockets/udp#[method]outgoing-datagram-stream.send"]
unsafe extern "C" fn send(handle: u32, list: *const u8, len: usize, ret: *mut u8) {
    let r = Ret(ret);
    let d = datagrams(handle, Kind::Outgoing);
    if len == 0 {
        r.u8(0, 0);
        return r.u64(8, 0);
    }
    // WASIp2 hosts trap on a send `check-send` did not permit.
    if len > d.permit as usize {
        trap();
    }
    d.permit = 0;
    let fd = d.fd;
    let (ipv6, connected) = match *state().table.parent(handle) {
        Resource::Udp(u) => (u.ipv6, u.remote),
        _ => trap(),
    };
    let mut sent = 0;
    for i in 0..len {
        // SAFETY: i < len: record i of the list argument (canonical ABI:
        // `len` records of OUTGOING_SIZE bytes, 4-aligned); the offsets are
        // the record's fields: data (pointer, length) at 0, the option's
        // case at 8, the address's case at 12 and its payload from 16.
        let (data, data_len, some, to) = unsafe {
            let rec = list.add(i * OUTGOING_SIZE);
            let tag = field::<u8>(rec, 12) as u32;
            let mut p = [0u32; 11];
            p[0] = field::<u16>(rec, 16) as u32;
            if tag == 0 {
                for (j, v) in p[1..5].iter_mut().enumerate() {
                    *v = field::<u8>(rec, 18 + j) as u32;
                }
            } else {
                p[1] = field::<u32>(rec, 20);
                for (j, v) in p[2..10].iter_mut().enumerate() {
                    *v = field::<u16>(rec, 24 + 2 * j) as u32;
                }
                p[10] = field::<u32>(rec, 40);
            }
            (field::<*const u8>(rec, 0), field::<usize>(rec, 4), field::<u8>(rec, 8) != 0, (tag, p))
        };
        let target = if data_len > MAX_DATAGRAM {
            Err(NET_DATAGRAM_TOO_LARGE)
        } else if some {
            match from_flat(to, ipv6) {
                Ok(a) if remote_ok(&a) && connected.is_none_or(|c| c == a) => Ok(a),
                _ => Err(NET_INVALID_ARGUMENT),
            }
        } else {
            connected.ok_or(NET_INVALID_ARGUMENT)
        };
        let errno = match target {
            Ok(to) => {
                let iov = Iovec { buf: data as *mut u8, len: data_len };
                let mut n = 0;
                // SAFETY: the host reads the datagram (a list of the
                // caller's) and the address, and writes a size.
                unsafe { p1::sock_send_to(fd, &iov, 1, 0, &to, &mut n) }
            }
            Err(code) if sent == 0 => return fail(&r, 8, code),
            Err(_) => break,
        };
        if errno == p1::EAGAIN || (errno != p1::ESUCCESS && sent > 0) {
            break;
        }
        if errno != p1::ESUCCESS {
            return fail(&r, 8, network_code(errno));
        }
        sent += 1;
    }
    r.u8(0, 0);
    r.u64(8, sent);
}

#[export_name = "wasi:sockets/udp#[method]outgoing-datagram-stream.subscribe"]
extern "C" fn outgoing_subscribe(handle: u32) -> u32 {
    let fd = datagrams(handle, Kind::Outgoing).fd;
    host_pollable(Wait::Write(fd), handle)
}
