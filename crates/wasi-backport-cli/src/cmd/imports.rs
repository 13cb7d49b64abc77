use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use wasi_backport::Class;

use super::PolicyOpts;
use crate::io;

/// List every import with what `adapt` does with it.
#[derive(clap::Args)]
pub struct Opts {
    /// The module (`-` for stdin).
    input: PathBuf,
    #[command(flatten)]
    policy: PolicyOpts,
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let options = self.policy.options()?;
        let bytes = io::read_input(&self.input)?;
        let list = wasi_backport::classify_imports(&bytes, &options)
            .with_context(|| format!("cannot read {}", self.input.display()))?;
        let mut out = String::new();
        for c in list {
            let what = match &c.class {
                Class::Adapted { .. } => "adapted".to_string(),
                Class::Preview1 => "passed-through".to_string(),
                Class::Allowed => "allowed".to_string(),
                Class::Unsupported { reason, .. } => format!("unsupported: {reason}"),
                Class::Refused { reason } => format!("refused: {reason}"),
            };
            writeln!(out, "{}::{} {} {what}", c.module, c.name, c.signature)?;
        }
        io::print(&out)?;
        Ok(ExitCode::SUCCESS)
    }
}
