//! `wasi-backport-ld`: the linker to name in `.cargo/config.toml`.
//!
//! ```toml
//! [target.wasm32-wasip2]
//! linker = "wasi-backport-ld"
//! ```
//!
//! Cargo's `linker` takes a program, not a command line, so this shim runs
//! `wasi-backport link -- ARGS` from the same directory (`cargo install`
//! puts both there).
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let me = match std::env::current_exe() {
        Ok(me) => me,
        Err(e) => {
            eprintln!("wasi-backport-ld: cannot find its own path (to run wasi-backport next to it): {e}");
            return ExitCode::from(2);
        }
    };
    let tool = me.with_file_name(format!("wasi-backport{}", std::env::consts::EXE_SUFFIX));
    match Command::new(&tool).arg("link").arg("--").args(std::env::args_os().skip(1)).status() {
        Ok(s) => ExitCode::from(s.code().unwrap_or(1).clamp(0, 255) as u8),
        Err(e) => {
            eprintln!("wasi-backport-ld: cannot run {}: {e}", tool.display());
            ExitCode::from(2)
        }
    }
}
