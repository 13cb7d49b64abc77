//! WASIp2 functions in their canonical-ABI lowered form, implemented with
//! preview1 imports. Linked into the program by `wasi-backport adapt`.
//!
//! Rules this crate keeps (checked on the built artefact by
//! `wasi_backport::adapter::verify`): no data, element, table or start
//! section; no fixed addresses (state lives in pages obtained with
//! `memory.grow` on first use); no heap of its own (lists returned to the
//! program come from the program's `cabi_realloc`); no panics (a broken
//! contract is a trap). Export names are `<interface>#<function>` without a
//! version: the merge matches them against any `@0.2.x` import.
//!
//! Unsafe code is fenced: every `unsafe` block says why it holds (`SAFETY:`),
//! and an `unsafe fn` body does nothing unsafe outside such a block. The
//! notes rely on these facts:
//!
//! - **The canonical ABI.** Exports are called only by the program, through
//!   the lowered WASIp2 signatures: a `(pointer, length)` argument is a list
//!   in the program's memory, and `ret` is a return area the caller
//!   allocated for the function's result, aligned for it. Writes into it go
//!   through `rt::Ret`, at the offsets of that result's layout.
//! - **Preview1.** The imports in `p1` are the witx functions; each writes
//!   only through the pointers it is given, within the lengths it is given,
//!   and the structs it fills are checked against the witx at compile time.
//! - **Adapter memory.** Pages from `rt::grow` are fresh, zeroed and the
//!   adapter's alone; the state, the handle table, scratch and listing
//!   buffers live there, and nothing else holds a reference into them across
//!   a call (the adapter is single-threaded and not reentrant).
//! - **Program allocations.** `cabi_realloc` returns memory of the asked
//!   size and alignment that the program does not use until it receives it.
//!
//! The paths taken per call (stream reads and writes, stat, directory
//! entries) make no call inside the adapter where a helper can be inlined:
//! such helpers are `#[inline(always)]`, because WAMR's interpreter pays for
//! each call frame far more than for an instruction. `cargo bench -p
//! wb-runner --bench ops -- --cost` counts the adapter's frames per call.
#![no_std]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod cli;
mod clocks;
mod dir;
mod errno;
mod fs;
mod fs_read;
mod io;
mod name_lookup;
mod network;
mod p1;
mod preopens;
mod random;
mod rt;
mod send_buffer;
mod start;
mod streams;
mod table;
mod tcp;
mod udp;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
