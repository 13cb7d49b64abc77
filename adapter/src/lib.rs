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
#![no_std]

mod cli;
mod clocks;
mod dir;
mod errno;
mod fs;
mod fs_read;
mod io;
mod p1;
mod preopens;
mod random;
mod rt;
mod start;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
