//! `wasi-backport`: adapt WASIp2 core modules to preview1, and gate imports.
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};

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

/// Exit codes: 0 success, 1 the check found violations, 2 a usage error, or
/// the input could not be read, is not valid, or cannot be adapted; every
/// exit 2 says why on a line starting with `error:`.
fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(e),
    };
    let result = match cli {
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

/// `--help` and `--version` (exit 0), or a usage error (exit 2, `error:`).
fn usage(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        // No command at all: clap prints only the help for that.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("error: no command given\n\n{}", Cli::command().render_help());
            ExitCode::from(2)
        }
        _ => {
            let _ = e.print();
            ExitCode::from(2)
        }
    }
}
