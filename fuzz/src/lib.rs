//! Fuzzing wasi-backport on the stable toolchain (no libFuzzer): inputs are
//! wasm-smith modules whose imports come from the real WASI 0.2 catalog
//! (right and wrong signatures, preview1, unknown modules) and byte-level
//! mutations of real WASIp2 modules and components; the oracle
//! ([`oracle::run`]) adapts each under several option sets and checks what
//! must hold of every result. [`driver::run`] is the loop: one thread per
//! core, each with its own deterministic random stream.
pub mod driver;
pub mod gen;
pub mod mutate;
pub mod oracle;
pub mod pools;
pub mod rename;
pub mod rng;
pub mod seeds;

pub use driver::{run, Config, Report};
pub use oracle::{Finding, Outcome};
