//! Preview1 errno → `wasi:filesystem/types.error-code`. Where WASIp2 has no
//! counterpart the code is the nearest meaning, else `io`.
use crate::p1::Errno;

// error-code cases, in WIT order.
const ACCESS: u8 = 0;
const WOULD_BLOCK: u8 = 1;
const ALREADY: u8 = 2;
const BAD_DESCRIPTOR: u8 = 3;
const BUSY: u8 = 4;
const DEADLOCK: u8 = 5;
const QUOTA: u8 = 6;
const EXIST: u8 = 7;
const FILE_TOO_LARGE: u8 = 8;
const ILLEGAL_BYTE_SEQUENCE: u8 = 9;
const IN_PROGRESS: u8 = 10;
const INTERRUPTED: u8 = 11;
const INVALID: u8 = 12;
const IO: u8 = 13;
const IS_DIRECTORY: u8 = 14;
const LOOP: u8 = 15;
const TOO_MANY_LINKS: u8 = 16;
const MESSAGE_SIZE: u8 = 17;
const NAME_TOO_LONG: u8 = 18;
const NO_DEVICE: u8 = 19;
const NO_ENTRY: u8 = 20;
const NO_LOCK: u8 = 21;
const INSUFFICIENT_MEMORY: u8 = 22;
const INSUFFICIENT_SPACE: u8 = 23;
const NOT_DIRECTORY: u8 = 24;
const NOT_EMPTY: u8 = 25;
const NOT_RECOVERABLE: u8 = 26;
const UNSUPPORTED: u8 = 27;
const NO_TTY: u8 = 28;
const NO_SUCH_DEVICE: u8 = 29;
const OVERFLOW: u8 = 30;
const NOT_PERMITTED: u8 = 31;
const PIPE: u8 = 32;
const READ_ONLY: u8 = 33;
const INVALID_SEEK: u8 = 34;
const TEXT_FILE_BUSY: u8 = 35;
const CROSS_DEVICE: u8 = 36;

/// Defines `fn $name(errno) -> u8` from a `const fn` mapping: the mapping
/// is evaluated at compile time into four words of 6-bit codes, because a
/// `match` at run time would become a lookup table in a data section, which
/// the adapter must not have. Errnos past the table map to `$other`.
macro_rules! errno_map {
    ($(#[$m:meta])* $vis:vis fn $name:ident = $code_of:ident, other $other:expr) => {
        $(#[$m])*
        $vis fn $name(errno: Errno) -> u8 {
            const fn pack(first: i32) -> u128 {
                let mut word = 0u128;
                let mut i = 0;
                while i < 21 {
                    word |= ($code_of(first + i) as u128) << (6 * i);
                    i += 1;
                }
                word
            }
            // Branches, not an index: an indexed array would be data.
            let e = errno as u32;
            let (word, i) = if e < 21 {
                (const { pack(0) }, e)
            } else if e < 42 {
                (const { pack(21) }, e - 21)
            } else if e < 63 {
                (const { pack(42) }, e - 42)
            } else if e < 84 {
                (const { pack(63) }, e - 63)
            } else {
                return $other;
            };
            ((word >> (6 * i)) & 63) as u8
        }
    };
}

errno_map! {
    /// The `wasi:filesystem` `error-code` for a preview1 errno.
    pub fn error_code = code_of, other IO
}

/// The mapping itself (errno numbers are the witx ones).
const fn code_of(errno: Errno) -> u8 {
    match errno {
        2 => ACCESS,
        6 => WOULD_BLOCK,
        7 => ALREADY,
        8 => BAD_DESCRIPTOR,
        10 => BUSY,
        11 | 27 => INTERRUPTED, // canceled, intr
        16 => DEADLOCK,
        19 => QUOTA,
        20 => EXIST,
        22 => FILE_TOO_LARGE,
        25 => ILLEGAL_BYTE_SEQUENCE,
        26 => IN_PROGRESS,
        1 | 18 | 21 | 28 | 68 => INVALID, // 2big, dom, fault, inval, range
        31 => IS_DIRECTORY,
        32 => LOOP,
        34 => TOO_MANY_LINKS,
        35 => MESSAGE_SIZE,
        37 => NAME_TOO_LONG,
        43 => NO_DEVICE,
        44 => NO_ENTRY,
        46 => NO_LOCK,
        33 | 41 | 42 | 48 => INSUFFICIENT_MEMORY, // mfile, nfile, nobufs, nomem
        51 => INSUFFICIENT_SPACE,
        54 => NOT_DIRECTORY,
        55 => NOT_EMPTY,
        56 => NOT_RECOVERABLE,
        5 | 50 | 52 | 57 | 58 | 66 | 67 => UNSUPPORTED, // afnosupport, noprotoopt, nosys, notsock, notsup, proto*
        59 => NO_TTY,
        60 => NO_SUCH_DEVICE,
        61 => OVERFLOW,
        63 | 76 => NOT_PERMITTED, // perm, notcapable (a path outside the sandbox)
        64 => PIPE,
        69 => READ_ONLY,
        70 => INVALID_SEEK,
        74 => TEXT_FILE_BUSY,
        75 => CROSS_DEVICE,
        _ => IO,
    }
}

/// `result<_, error-code>` with the error at `off` (the tag is at 0).
pub fn result(ret: *mut u8, off: usize, errno: Errno) {
    let ret = crate::rt::Ret(ret);
    if errno == crate::p1::ESUCCESS {
        ret.u8(0, 0);
    } else {
        ret.u8(0, 1);
        ret.u8(off, error_code(errno));
    }
}

// wasi:sockets/network error-code cases, in WIT order (those used).
const NET_UNKNOWN: u8 = 0;
pub const NET_ACCESS_DENIED: u8 = 1;
pub const NET_NOT_SUPPORTED: u8 = 2;
pub const NET_INVALID_ARGUMENT: u8 = 3;
const NET_OUT_OF_MEMORY: u8 = 4;
const NET_TIMEOUT: u8 = 5;
pub const NET_CONCURRENCY_CONFLICT: u8 = 6;
pub const NET_NOT_IN_PROGRESS: u8 = 7;
pub const NET_WOULD_BLOCK: u8 = 8;
pub const NET_INVALID_STATE: u8 = 9;
const NET_NEW_SOCKET_LIMIT: u8 = 10;
const NET_ADDRESS_NOT_BINDABLE: u8 = 11;
const NET_ADDRESS_IN_USE: u8 = 12;
const NET_REMOTE_UNREACHABLE: u8 = 13;
const NET_CONNECTION_REFUSED: u8 = 14;
const NET_CONNECTION_RESET: u8 = 15;
const NET_CONNECTION_ABORTED: u8 = 16;
pub const NET_DATAGRAM_TOO_LARGE: u8 = 17;
pub const NET_NAME_UNRESOLVABLE: u8 = 18;

/// Preview1 errno (as WAMR's socket extension returns it) → the
/// `network.error-code` a WASIp2 host (wasmtime) gives for the same
/// system error.
const fn net_code_of(errno: Errno) -> u8 {
    match errno {
        2 | 63 | 76 => NET_ACCESS_DENIED, // acces (outside the address pool), perm, notcapable
        3 => NET_ADDRESS_IN_USE,
        4 => NET_ADDRESS_NOT_BINDABLE,
        6 | 26 | 27 => NET_WOULD_BLOCK, // again, inprogress, intr
        7 => NET_CONCURRENCY_CONFLICT,  // already
        13 => NET_CONNECTION_ABORTED,
        14 => NET_CONNECTION_REFUSED,
        15 => NET_CONNECTION_RESET,
        23 | 38 | 40 => NET_REMOTE_UNREACHABLE, // hostunreach, netdown, netunreach
        28 => NET_INVALID_ARGUMENT,
        17 | 30 | 53 => NET_INVALID_STATE, // destaddrreq, isconn, notconn
        33 | 41 => NET_NEW_SOCKET_LIMIT,   // mfile, nfile
        42 | 48 => NET_OUT_OF_MEMORY,      // nobufs, nomem
        35 => NET_DATAGRAM_TOO_LARGE,      // msgsize
        5 | 50 | 52 | 58 | 66 | 67 => NET_NOT_SUPPORTED, // afnosupport, noprotoopt, nosys, notsup, proto*
        73 => NET_TIMEOUT,
        _ => NET_UNKNOWN,
    }
}

errno_map! {
    /// The `wasi:sockets/network` `error-code` for a preview1 errno.
    pub fn network_code = net_code_of, other NET_UNKNOWN
}
