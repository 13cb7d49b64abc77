//! wasi:random — all three interfaces draw on preview1 `random_get`, which is
//! specified as a high-quality source, so the insecure ones lose nothing.
use crate::p1;
use crate::rt::{alloc, check, state, trap, Ret};

/// Some hosts bound a single `random_get`; chunks keep every call small.
const CHUNK: usize = 65536;

/// Fills `len` bytes at `buf`, which callers own: a program allocation of
/// that size, a local, or the state's seed.
pub fn fill(buf: *mut u8, len: usize) {
    let mut done = 0;
    while done < len {
        let n = (len - done).min(CHUNK);
        // SAFETY: done + n <= len: the host writes inside the caller's bytes.
        check(unsafe { p1::random_get(buf.add(done), n) });
        done += n;
    }
}

#[inline(always)]
fn u64() -> u64 {
    state().random_u64()
}

/// `list<u8>` of `len` random bytes, written straight into the allocation.
fn bytes(len: u64, ret: *mut u8) {
    if len > u32::MAX as u64 {
        trap();
    }
    let len = len as usize;
    let buf = alloc(len, 1);
    fill(buf, len);
    Ret(ret).list(0, buf, len);
}

#[export_name = "wasi:random/random#get-random-bytes"]
extern "C" fn get_random_bytes(len: u64, ret: *mut u8) {
    bytes(len, ret);
}

#[export_name = "wasi:random/random#get-random-u64"]
extern "C" fn get_random_u64() -> u64 {
    u64()
}

#[export_name = "wasi:random/insecure#get-insecure-random-bytes"]
extern "C" fn get_insecure_random_bytes(len: u64, ret: *mut u8) {
    bytes(len, ret);
}

#[export_name = "wasi:random/insecure#get-insecure-random-u64"]
extern "C" fn get_insecure_random_u64() -> u64 {
    u64()
}

/// The same pair on every call, as the interface intends (a hash-map seed).
#[export_name = "wasi:random/insecure-seed#insecure-seed"]
extern "C" fn insecure_seed(ret: *mut u8) {
    let [a, b] = state().insecure_seed();
    let ret = Ret(ret);
    ret.u64(0, a);
    ret.u64(8, b);
}
