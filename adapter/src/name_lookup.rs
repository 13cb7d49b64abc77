//! wasi:sockets/ip-name-lookup on WAMR's `sock_addr_resolve`.
//!
//! The lookup runs when `resolve-addresses` is called (the extension has
//! no asynchronous resolver), so the stream's pollable is always ready. As
//! on the WASIp2 host, an IP address literal is its own answer without
//! asking the host (WAMR would check it against its name allow-list).
use crate::errno::{NET_ACCESS_DENIED, NET_INVALID_ARGUMENT, NET_NAME_UNRESOLVABLE};
use crate::network::{fail, network};
use crate::p1::{self, AddrInfo, AddrInfoHints, SockAddr};
use crate::rt::{alloc, state, trap, Ret};
use crate::table::{Kind, Resolved, Resource};

/// Size of a `__wasi_addr_t` record as kept in a stream's list.
const ADDR: usize = core::mem::size_of::<SockAddr>();
/// Records asked for in the first call; more means a second call.
const FIRST_ASK: usize = 16;

/// `result<own<resolve-address-stream>, error-code>`.
#[export_name = "wasi:sockets/ip-name-lookup#resolve-addresses"]
unsafe extern "C" fn resolve_addresses(net: u32, name: *const u8, len: usize, ret: *mut u8) {
    let r = Ret(ret);
    network(net);
    // SAFETY: `name` is the string argument: `len` bytes (canonical ABI).
    let name = unsafe { core::slice::from_raw_parts(name, len) };
    let found = match literal(name) {
        Some(a) => {
            let list = alloc(ADDR, 1);
            // SAFETY: `list` is a new allocation of ADDR bytes.
            unsafe { (list as *mut SockAddr).write_unaligned(a) };
            Ok((list as *const u8, 1))
        }
        None if !valid_name(name) => Err(NET_INVALID_ARGUMENT),
        None => lookup(name),
    };
    match found {
        Ok((list, count)) => {
            let res = Resource::Resolve(Resolved { addrs: list, count: count as u32, next: 0 });
            r.u8(0, 0);
            r.u32(4, state().table.push(res, false));
        }
        Err(code) => fail(&r, 4, code),
    }
}

/// What the WASIp2 host refuses before looking up (`invalid-argument`): an
/// empty name, or one with a character no host name has.
fn valid_name(name: &[u8]) -> bool {
    !name.is_empty()
        && name.iter().all(|&c| {
            c > b' '
                && c != 0x7f
                && !matches!(
                    c,
                    b'#' | b'%' | b'/' | b':' | b'<' | b'>' | b'?' | b'@' | b'[' | b'\\' | b']' | b'^' | b'|'
                )
        })
}

/// Asks the host: the addresses, copied into a program allocation
/// (`ADDR` bytes each, unaligned), and their count.
fn lookup(name: &[u8]) -> Result<(*const u8, usize), u8> {
    // The host takes a NUL-terminated name; scratch holds it and the answer.
    let mut ask = FIRST_ASK;
    loop {
        let room = name.len() + 1 + 3 + ask * core::mem::size_of::<AddrInfo>();
        let buf = state().scratch(room);
        let info_at = (name.len() + 1 + 3) & !3;
        // SAFETY: scratch holds `room` bytes: the name and its NUL first,
        // then `ask` records from the next 4-aligned offset (scratch starts
        // on a page).
        let info = unsafe {
            core::ptr::copy_nonoverlapping(name.as_ptr(), buf, name.len());
            buf.add(name.len()).write(0);
            buf.add(info_at) as *mut AddrInfo
        };
        // Stream sockets only, so each address comes once; either family.
        let hints = AddrInfoHints { socktype: 1, family: 2, enabled: 1, _pad: [0; 3] };
        let mut found = 0;
        let service = [0u8];
        // SAFETY: the host reads the NUL-terminated name, the empty service
        // and the hints, writes at most `ask` records at `info` and the
        // count into the local.
        let errno = unsafe { p1::sock_addr_resolve(buf, service.as_ptr(), &hints, info, ask, &mut found) };
        match errno {
            p1::ESUCCESS => {}
            // Outside WAMR's name allow-list.
            2 => return Err(NET_ACCESS_DENIED),
            // The WASIp2 host answers every failed lookup so.
            _ => return Err(NET_NAME_UNRESOLVABLE),
        }
        if found > ask {
            ask = found;
            continue;
        }
        let list = alloc(found * ADDR, 1);
        for i in 0..found {
            // SAFETY: i < found <= ask: a record the host wrote; `list`
            // holds `found` addresses.
            unsafe { (list.add(i * ADDR) as *mut SockAddr).write_unaligned((*info.add(i)).addr) };
        }
        return Ok((list as *const u8, found));
    }
}

/// An IPv4 address in dotted decimal, or an IPv6 address (bracketed or
/// not), as a `__wasi_addr_t` with port 0.
fn literal(name: &[u8]) -> Option<SockAddr> {
    let name = match name {
        [b'[', inner @ .., b']'] => return ipv6(inner),
        _ => name,
    };
    ipv4(name).or_else(|| ipv6(name))
}

fn ipv4(s: &[u8]) -> Option<SockAddr> {
    let mut a = SockAddr { kind: 0, bytes: [0; 20] };
    let mut part = 0;
    let mut digits = 0;
    let mut value: u32 = 0;
    // A final '.' ends the last part (a byte string would be data).
    for i in 0..=s.len() {
        let c = if i == s.len() { b'.' } else { s[i] };
        if c == b'.' {
            if digits == 0 || part == 4 {
                return None;
            }
            a.bytes[part] = value as u8;
            part += 1;
            digits = 0;
            value = 0;
        } else if c.is_ascii_digit() && digits < 3 {
            value = value * 10 + (c - b'0') as u32;
            digits += 1;
            if value > 255 {
                return None;
            }
        } else {
            return None;
        }
    }
    (part == 4).then_some(a)
}

fn ipv6(s: &[u8]) -> Option<SockAddr> {
    // Groups before and after a `::`, if any.
    let mut groups = [0u16; 8];
    let mut n = 0;
    let mut gap: Option<usize> = None;
    let mut i = 0;
    if s.starts_with(b"::") {
        gap = Some(0);
        i = 2;
    }
    while i < s.len() {
        let start = i;
        let mut v: u32 = 0;
        while i < s.len() && s[i].is_ascii_hexdigit() && i - start < 4 {
            v = v * 16 + (s[i] as char).to_digit(16)?;
            i += 1;
        }
        if i == start || n == 8 {
            return None;
        }
        groups[n] = v as u16;
        n += 1;
        if i == s.len() {
            break;
        }
        if s[i] != b':' {
            return None;
        }
        i += 1;
        if i < s.len() && s[i] == b':' {
            if gap.is_some() {
                return None;
            }
            gap = Some(n);
            i += 1;
        } else if i == s.len() {
            return None;
        }
    }
    let mut out = [0u16; 8];
    match gap {
        None if n == 8 => out = groups,
        Some(at) if n < 8 => {
            out[..at].copy_from_slice(&groups[..at]);
            let tail = n - at;
            out[8 - tail..].copy_from_slice(&groups[at..n]);
        }
        _ => return None,
    }
    let mut a = SockAddr { kind: 1, bytes: [0; 20] };
    for (k, g) in out.iter().enumerate() {
        a.bytes[2 * k..2 * k + 2].copy_from_slice(&g.to_le_bytes());
    }
    Some(a)
}

#[export_name = "wasi:sockets/ip-name-lookup#[resource-drop]resolve-address-stream"]
extern "C" fn drop_resolve_stream(handle: u32) {
    let Resource::Resolve(r) = *state().table.get(handle) else { trap() };
    state().table.drop_handle(handle, Kind::Resolve);
    // The list was the adapter's alone; shrunk, since it cannot be freed.
    // SAFETY: `addrs` is a program allocation of count * ADDR bytes
    // (align 1) nothing refers to any more.
    if r.count > 0 {
        crate::rt::shrink(r.addrs as *mut u8, r.count as usize * ADDR, 1);
    }
}

/// `result<option<ip-address>, error-code>`: the option's case at 2, the
/// address's case at 4 and its bytes or groups from 6.
#[export_name = "wasi:sockets/ip-name-lookup#[method]resolve-address-stream.resolve-next-address"]
extern "C" fn resolve_next_address(handle: u32, ret: *mut u8) {
    let r = Ret(ret);
    let Resource::Resolve(res) = state().table.get(handle) else { trap() };
    r.u8(0, 0);
    if res.next >= res.count {
        return r.u8(2, 0);
    }
    // SAFETY: next < count: an address of the stream's list.
    let a = unsafe { (res.addrs.add(res.next as usize * ADDR) as *const SockAddr).read_unaligned() };
    res.next += 1;
    r.u8(2, 1);
    r.u8(4, a.kind as u8);
    if a.kind == 0 {
        for i in 0..4 {
            r.u8(6 + i, a.bytes[i]);
        }
    } else {
        for i in 0..8 {
            r.u16(6 + 2 * i, u16::from_le_bytes([a.bytes[2 * i], a.bytes[2 * i + 1]]));
        }
    }
}

#[export_name = "wasi:sockets/ip-name-lookup#[method]resolve-address-stream.subscribe"]
extern "C" fn subscribe(handle: u32) -> u32 {
    if !matches!(state().table.get(handle), Resource::Resolve(_)) {
        trap();
    }
    crate::io::ready_pollable(handle)
}
