//! `descriptor.read`'s list: by default preview1 reads straight into an
//! allocation of the program's, shrunk to what arrived; the `read-via-scratch`
//! feature builds the alternative (read into adapter scratch, then copy into
//! an exact-size allocation) so that the two can be measured side by side.
use crate::p1::{self, Iovec};
use crate::rt::state;

/// `fd_pread` of up to `want` bytes at `offset` into a new list of exactly
/// the bytes read: (errno, list, length).
#[cfg(not(feature = "read-via-scratch"))]
pub fn pread_list(fd: u32, want: usize, offset: u64) -> (p1::Errno, *mut u8, usize) {
    let (buf, cap) = state().list_buffer(want);
    let iov = Iovec { buf, len: want };
    let mut n = 0;
    // SAFETY: `buf` holds `cap >= want` bytes (list_buffer); the host writes
    // at most `want` there, and a `size` into the local.
    let errno = unsafe { p1::fd_pread(fd, &iov, 1, offset, &mut n) };
    if errno != p1::ESUCCESS || n == 0 {
        // Kept for the next read: cabi_realloc cannot free.
        state().unused_buffer(buf, cap);
        return (errno, crate::fs::empty_list(), 0);
    }
    // The program frees the list with its length as the size: shrink to it.
    let buf = if n < cap { crate::rt::shrink(buf, cap, n) } else { buf };
    (errno, buf, n)
}

#[cfg(feature = "read-via-scratch")]
pub fn pread_list(fd: u32, want: usize, offset: u64) -> (p1::Errno, *mut u8, usize) {
    let iov = Iovec { buf: state().scratch(want), len: want };
    let mut n = 0;
    // SAFETY: scratch holds at least `want` bytes; the host writes at most
    // that many, and a `size` into the local.
    let errno = unsafe { p1::fd_pread(fd, &iov, 1, offset, &mut n) };
    if errno != p1::ESUCCESS || n == 0 {
        return (errno, crate::fs::empty_list(), 0);
    }
    (errno, crate::rt::alloc_copy(iov.buf, n), n)
}
