//! Functions some runtimes provide in the `wasi_snapshot_preview1` namespace
//! beyond the witx, with their core signatures. Today one extension: WAMR's
//! sockets (`sock_open`, `sock_bind`, … in libc-wasi).
//!
//! A runtime profile lists the ones its runtime provides, each with its
//! signature (`function sock_open (i32,i32,i32,i32)->(i32) SOURCE`); the
//! signature must be the one below, so that a profile cannot make the gate
//! accept imports that would call a different function (WasmEdge registers
//! functions of the same names with other signatures).
use wasmparser::ValType::{self, I32, I64};

use crate::wasi::CoreSig;

/// A set of functions a runtime adds to `wasi_snapshot_preview1`.
#[derive(Debug, PartialEq, Eq)]
pub struct Extension {
    /// A short stable name, e.g. `wamr-sockets`.
    pub name: &'static str,
    /// What it is, for messages: "WAMR's socket extension".
    pub about: &'static str,
    /// (name, params); every function returns an errno as i32.
    functions: &'static [(&'static str, &'static [ValType])],
}

impl Extension {
    /// The core signature of its function `name`, if it has one.
    pub fn signature(&self, name: &str) -> Option<CoreSig> {
        self.functions.iter().find(|(n, _)| *n == name).map(|(_, p)| CoreSig::new(p, &[I32]))
    }

    /// Its function names.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        self.functions.iter().map(|(n, _)| *n)
    }
}

const P2: &[ValType] = &[I32, I32];
const P3: &[ValType] = &[I32, I32, I32];

/// WAMR's socket extension: the `sock_*` functions WAMR's libc-wasi
/// registers (`core/iwasm/libraries/libc-wasi/libc_wasi_wrapper.c`, the
/// `REG_NATIVE_FUNC` table, lines 2354-2405 in WAMR 2.4.3) other than the
/// four the witx defines (`sock_accept`, `sock_recv`, `sock_send`,
/// `sock_shutdown`). The same names and signatures from WAMR 1.1.0 on. In
/// WAMR's notation `i` is i32, `I` i64, and `*`, `$` (pointers) and `~` (a
/// length) are i32: the notation is in each line's comment.
pub const WAMR_SOCKETS: Extension = Extension {
    name: "wamr-sockets",
    about: "WAMR's socket extension",
    functions: &[
        ("sock_addr_local", P2),                                // (i*)i
        ("sock_addr_remote", P2),                               // (i*)i
        ("sock_addr_resolve", &[I32, I32, I32, I32, I32, I32]), // ($$**i*)i
        ("sock_bind", P2),                                      // (i*)i
        ("sock_close", &[I32]),                                 // (i)i
        ("sock_connect", P2),                                   // (i*)i
        ("sock_get_broadcast", P2),                             // (i*)i
        ("sock_get_keep_alive", P2),                            // (i*)i
        ("sock_get_linger", P3),                                // (i**)i
        ("sock_get_recv_buf_size", P2),                         // (i*)i
        ("sock_get_recv_timeout", P2),                          // (i*)i
        ("sock_get_reuse_addr", P2),                            // (i*)i
        ("sock_get_reuse_port", P2),                            // (i*)i
        ("sock_get_send_buf_size", P2),                         // (i*)i
        ("sock_get_send_timeout", P2),                          // (i*)i
        ("sock_get_tcp_fastopen_connect", P2),                  // (i*)i
        ("sock_get_tcp_keep_idle", P2),                         // (i*)i
        ("sock_get_tcp_keep_intvl", P2),                        // (i*)i
        ("sock_get_tcp_no_delay", P2),                          // (i*)i
        ("sock_get_tcp_quick_ack", P2),                         // (i*)i
        ("sock_get_ip_multicast_loop", P3),                     // (ii*)i
        ("sock_get_ip_multicast_ttl", P2),                      // (i*)i
        ("sock_get_ip_ttl", P2),                                // (i*)i
        ("sock_get_ipv6_only", P2),                             // (i*)i
        ("sock_listen", P2),                                    // (ii)i
        ("sock_open", &[I32, I32, I32, I32]),                   // (iii*)i
        ("sock_recv_from", &[I32, I32, I32, I32, I32, I32]),    // (i*ii**)i
        ("sock_send_to", &[I32, I32, I32, I32, I32, I32]),      // (i*ii**)i
        ("sock_set_broadcast", P2),                             // (ii)i
        ("sock_set_keep_alive", P2),                            // (ii)i
        ("sock_set_linger", P3),                                // (iii)i
        ("sock_set_recv_buf_size", P2),                         // (ii)i
        ("sock_set_recv_timeout", &[I32, I64]),                 // (iI)i
        ("sock_set_reuse_addr", P2),                            // (ii)i
        ("sock_set_reuse_port", P2),                            // (ii)i
        ("sock_set_send_buf_size", P2),                         // (ii)i
        ("sock_set_send_timeout", &[I32, I64]),                 // (iI)i
        ("sock_set_tcp_fastopen_connect", P2),                  // (ii)i
        ("sock_set_tcp_keep_idle", P2),                         // (ii)i
        ("sock_set_tcp_keep_intvl", P2),                        // (ii)i
        ("sock_set_tcp_no_delay", P2),                          // (ii)i
        ("sock_set_tcp_quick_ack", P2),                         // (ii)i
        ("sock_set_ip_multicast_loop", P3),                     // (iii)i
        ("sock_set_ip_multicast_ttl", P2),                      // (ii)i
        ("sock_set_ip_add_membership", P3),                     // (i*i)i
        ("sock_set_ip_drop_membership", P3),                    // (i*i)i
        ("sock_set_ip_ttl", P2),                                // (ii)i
        ("sock_set_ipv6_only", P2),                             // (ii)i
    ],
};

/// Every extension the gate knows.
pub const ALL: &[&Extension] = &[&WAMR_SOCKETS];

/// The extension that defines function `name`, and its signature there.
pub fn find(name: &str) -> Option<(&'static Extension, CoreSig)> {
    ALL.iter().find_map(|e| e.signature(name).map(|s| (*e, s)))
}

/// Every extension function name, of every extension.
pub fn names() -> impl Iterator<Item = &'static str> {
    ALL.iter().flat_map(|e| e.names())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::preview1;

    #[test]
    fn extensions_do_not_redefine_the_witx() {
        for name in names() {
            assert!(preview1::signature(name).is_none(), "{name} is in the witx");
        }
        assert_eq!(WAMR_SOCKETS.names().count(), 48, "WAMR registers 52 sock_* functions, 4 of them in the witx");
    }
}
