use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::io;

/// Check that a module imports only preview1 functions with their exact
/// signatures. Exit 0: clean; 1: violations, one per line; 2: bad input.
#[derive(clap::Args)]
pub struct Opts {
    /// The module to check (`-` for stdin).
    input: PathBuf,
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let bytes = io::read_input(&self.input)?;
        let violations =
            wasi_backport::check(&bytes).with_context(|| format!("cannot check {}", self.input.display()))?;
        for v in &violations {
            println!("{v}");
        }
        Ok(if violations.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
    }
}
