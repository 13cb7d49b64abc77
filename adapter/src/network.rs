//! wasi:sockets/network and instance-network, and what TCP, UDP and name
//! lookup share: addresses between their WASIp2 form and WAMR's
//! `__wasi_addr_t`, new sockets, and error results.
//!
//! Sockets are WAMR's (its socket extension, see `p1.rs`). Their host fds
//! stay non-blocking: blocking comes from pollables, as in WASIp2.
use crate::errno::{network_code, NET_INVALID_ARGUMENT, NET_NOT_SUPPORTED};
use crate::p1::{self, SockAddr};
use crate::rt::{state, trap, Ret};
use crate::table::{Kind, Resource};

#[export_name = "wasi:sockets/instance-network#instance-network"]
extern "C" fn instance_network() -> u32 {
    state().table.push(Resource::Network, false)
}

#[export_name = "wasi:sockets/network#[resource-drop]network"]
extern "C" fn drop_network(handle: u32) {
    state().table.drop_handle(handle, Kind::Network);
}

/// `option<error-code>`: some for an error a socket stream gave.
#[export_name = "wasi:sockets/network#network-error-code"]
extern "C" fn network_error_code(err: u32, ret: *mut u8) {
    let (errno, socket) = state().table.error(err);
    let ret = Ret(ret);
    if !socket {
        return ret.u8(0, 0);
    }
    ret.u8(0, 1);
    ret.u8(1, network_code(errno as p1::Errno));
}

/// Traps unless `handle` is a network (the capability every bind, connect
/// and lookup names).
pub fn network(handle: u32) {
    if !matches!(state().table.get(handle), Resource::Network) {
        trap();
    }
}

/// `err(code)` of a `result<_, error-code>`-shaped area: tag at 0, the code
/// at `off`.
pub fn fail(ret: &Ret, off: usize, code: u8) {
    ret.u8(0, 1);
    ret.u8(off, code);
}

/// `ok` of `result<_, error-code>` for ESUCCESS, else the errno's code at 1.
pub fn unit(ret: *mut u8, errno: p1::Errno) {
    let ret = Ret(ret);
    if errno == p1::ESUCCESS {
        ret.u8(0, 0);
    } else {
        fail(&ret, 1, network_code(errno));
    }
}

/// A new non-blocking host socket: `family` 0 IPv4, 1 IPv6; `socktype`
/// 0 datagram, 1 stream. IPv6 sockets are IPv6 only, as on WASIp2 hosts.
pub fn open(family: u32, socktype: u32) -> Result<u32, p1::Errno> {
    let mut fd = 0;
    // SAFETY: the host writes an fd into the local.
    let errno = unsafe { p1::sock_open(0, family, socktype, &mut fd) };
    if errno != p1::ESUCCESS {
        return Err(errno);
    }
    match nonblocking(fd) {
        p1::ESUCCESS => {}
        errno => {
            close(fd);
            return Err(errno);
        }
    }
    if family == 1 {
        // SAFETY: takes no pointers.
        let errno = unsafe { p1::sock_set_ipv6_only(fd, 1) };
        if errno != p1::ESUCCESS {
            close(fd);
            return Err(errno);
        }
    }
    Ok(fd)
}

pub fn nonblocking(fd: u32) -> p1::Errno {
    // SAFETY: takes no pointers.
    unsafe { p1::fd_fdstat_set_flags(fd, p1::FDFLAGS_NONBLOCK) }
}

fn close(fd: u32) {
    // SAFETY: takes no pointers. Nothing to tell of a failed close of a
    // socket nobody got.
    unsafe { p1::fd_close(fd) };
}

/// An `ip-socket-address` as the canonical ABI flattens it into parameters:
/// the case, then the joined payload (ipv4: port, four address bytes; ipv6:
/// port, flow info, eight groups, scope id).
pub type Flat = (u32, [u32; 11]);

/// Whether an address is acceptable to a socket of this family, as WASIp2
/// hosts check it: the same family, and for IPv6 sockets (IPv6 only) no
/// IPv4-mapped address. Flow info and scope id have no place in WAMR's
/// address; they are ignored (named in the fidelity table).
pub fn from_flat(flat: Flat, ipv6: bool) -> Result<SockAddr, u8> {
    let (tag, p) = flat;
    let mut a = SockAddr { kind: tag, bytes: [0; 20] };
    match (tag, ipv6) {
        (0, false) => {
            for i in 0..4 {
                a.bytes[i] = p[1 + i] as u8;
            }
            a.bytes[4..6].copy_from_slice(&(p[0] as u16).to_le_bytes());
        }
        (1, true) => {
            for i in 0..8 {
                a.bytes[2 * i..2 * i + 2].copy_from_slice(&(p[2 + i] as u16).to_le_bytes());
            }
            a.bytes[16..18].copy_from_slice(&(p[0] as u16).to_le_bytes());
            if is_v4_mapped(&a) {
                return Err(NET_INVALID_ARGUMENT);
            }
        }
        _ => return Err(NET_INVALID_ARGUMENT),
    }
    Ok(a)
}

fn group(a: &SockAddr, i: usize) -> u16 {
    u16::from_le_bytes([a.bytes[2 * i], a.bytes[2 * i + 1]])
}

fn is_v4_mapped(a: &SockAddr) -> bool {
    (0..5).all(|i| group(a, i) == 0) && group(a, 5) == 0xffff
}

pub fn port(a: &SockAddr) -> u16 {
    let at = if a.kind == 0 { 4 } else { 16 };
    u16::from_le_bytes([a.bytes[at], a.bytes[at + 1]])
}

/// Whether a socket may connect or send to `a`: WASIp2 hosts refuse port
/// 0, the unspecified address, and broadcast and multicast ones
/// (`invalid-argument`) before asking the system.
pub fn remote_ok(a: &SockAddr) -> bool {
    if port(a) == 0 {
        return false;
    }
    if a.kind == 0 {
        let b = &a.bytes;
        let unspecified = b[..4] == [0, 0, 0, 0];
        let broadcast = b[..4] == [255, 255, 255, 255];
        let multicast = b[0] >> 4 == 14;
        !(unspecified || broadcast || multicast)
    } else {
        let unspecified = (0..8).all(|i| group(a, i) == 0);
        let multicast = group(a, 0) >> 8 == 0xff;
        !(unspecified || multicast)
    }
}

/// Writes `a` as an `ip-socket-address` at `off`: the case at `off`, the
/// record at `off + 4` (ipv4: port, then the bytes at + 2; ipv6: port,
/// flow info at + 4, groups at + 8, scope id at + 24).
pub fn write_addr(ret: &Ret, off: usize, a: &SockAddr) {
    ret.u8(off, a.kind as u8);
    ret.u16(off + 4, port(a));
    if a.kind == 0 {
        for i in 0..4 {
            ret.u8(off + 6 + i, a.bytes[i]);
        }
    } else {
        ret.u32(off + 8, 0);
        for i in 0..8 {
            ret.u16(off + 12 + 2 * i, group(a, i));
        }
        ret.u32(off + 28, 0);
    }
}

/// `result<ip-socket-address, error-code>` from `sock_addr_local` or
/// `sock_addr_remote`.
pub fn address(ret: *mut u8, get: unsafe extern "C" fn(u32, *mut SockAddr) -> p1::Errno, fd: u32) {
    let ret = Ret(ret);
    let mut a = SockAddr { kind: 0, bytes: [0; 20] };
    // SAFETY: the host writes a `__wasi_addr_t` into the local.
    let errno = unsafe { get(fd, &mut a) };
    if errno != p1::ESUCCESS {
        return fail(&ret, 4, network_code(errno));
    }
    ret.u8(0, 0);
    write_addr(&ret, 4, &a);
}

/// `result<u8, error-code>`: IPv4's TTL. The extension has no IPv6 unicast
/// hop limit: `not-supported` there (fidelity table). `fd` gives the
/// socket's fd or writes why there is none (at the offset it is given).
pub fn hop_limit(ipv6: bool, ret: *mut u8, fd: impl FnOnce(&Ret, usize) -> Option<u32>) {
    let r = Ret(ret);
    let Some(fd) = fd(&r, 1) else { return };
    if ipv6 {
        return fail(&r, 1, NET_NOT_SUPPORTED);
    }
    let mut ttl = 0u8;
    // SAFETY: the host writes a u8 into the local.
    match unsafe { p1::sock_get_ip_ttl(fd, &mut ttl) } {
        p1::ESUCCESS => {
            r.u8(0, 0);
            r.u8(1, ttl);
        }
        errno => fail(&r, 1, network_code(errno)),
    }
}

pub fn set_hop_limit(ipv6: bool, value: u32, ret: *mut u8, fd: impl FnOnce(&Ret, usize) -> Option<u32>) {
    let r = Ret(ret);
    if value == 0 {
        return fail(&r, 1, NET_INVALID_ARGUMENT);
    }
    let Some(fd) = fd(&r, 1) else { return };
    if ipv6 {
        return fail(&r, 1, NET_NOT_SUPPORTED);
    }
    // SAFETY: takes no pointers.
    unit(ret, unsafe { p1::sock_set_ip_ttl(fd, value & 0xff) });
}

/// `result<u64, error-code>`: the send (`send`) or receive buffer size.
pub fn buffer_size(send: bool, ret: *mut u8, fd: impl FnOnce(&Ret, usize) -> Option<u32>) {
    let r = Ret(ret);
    let Some(fd) = fd(&r, 8) else { return };
    let mut size = 0usize;
    // SAFETY: the host writes a size into the local.
    let errno = unsafe {
        if send {
            p1::sock_get_send_buf_size(fd, &mut size)
        } else {
            p1::sock_get_recv_buf_size(fd, &mut size)
        }
    };
    match errno {
        p1::ESUCCESS => {
            r.u8(0, 0);
            r.u64(8, size as u64);
        }
        errno => fail(&r, 8, network_code(errno)),
    }
}

pub fn set_buffer_size(send: bool, value: u64, ret: *mut u8, fd: impl FnOnce(&Ret, usize) -> Option<u32>) {
    let r = Ret(ret);
    if value == 0 {
        return fail(&r, 1, NET_INVALID_ARGUMENT);
    }
    let Some(fd) = fd(&r, 1) else { return };
    // The system clamps it further, as it does for WASIp2 hosts.
    let value = value.min(i32::MAX as u64) as u32;
    // SAFETY: takes no pointers.
    let errno = unsafe {
        if send {
            p1::sock_set_send_buf_size(fd, value)
        } else {
            p1::sock_set_recv_buf_size(fd, value)
        }
    };
    unit(ret, errno);
}
