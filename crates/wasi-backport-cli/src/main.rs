//! `wasi-backport`: adapt WASIp2 core modules to preview1, and gate imports.
use std::process::ExitCode;

use clap::Parser;

mod cmd;
mod io;

#[derive(Parser)]
#[command(name = "wasi-backport", version, about = "Run WASIp2 programs on preview1-only runtimes")]
enum Cli {
    Adapt(cmd::adapt::Opts),
    Check(cmd::check::Opts),
    Coverage(cmd::coverage::Opts),
    Imports(cmd::imports::Opts),
    Link(cmd::link::Opts),
}

/// Exit codes: 0 success, 1 the check found violations, 2 the input could
/// not be read, is not valid, or cannot be adapted.
fn main() -> ExitCode {
    let result = match Cli::parse() {
        Cli::Adapt(o) => o.run(),
        Cli::Check(o) => o.run(),
        Cli::Coverage(o) => o.run(),
        Cli::Imports(o) => o.run(),
        Cli::Link(o) => o.run(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
