use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::PolicyOpts;
use crate::io;

/// Rewrite a WASIp2 core module so that it imports only wasi_snapshot_preview1.
///
/// Exit 0: written; 2: the input cannot be read or adapted, or (with
/// --runtime) the output needs what the runtime lacks; nothing is written.
#[derive(clap::Args)]
pub struct Opts {
    /// The input core module (`-` for stdin).
    input: PathBuf,
    /// Where to write the adapted module (`-` for stdout).
    #[arg(short, long)]
    output: PathBuf,
    #[command(flatten)]
    policy: PolicyOpts,
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let options = self.policy.options()?;
        let bytes = io::read_input(&self.input)?;
        let adapted = adapt(&bytes, &options, &self.input)?;
        io::write_module(&self.output, &adapted, &bytes)?;
        Ok(ExitCode::SUCCESS)
    }
}

/// Adapts `bytes` (read from `input`), telling the user the notes and
/// warnings; shared with `link`. The result borrows `bytes`' unchanged
/// parts.
pub fn adapt<'a>(bytes: &'a [u8], options: &wasi_backport::Options, input: &Path) -> Result<wasi_backport::Output<'a>> {
    let adapted =
        wasi_backport::adapt_parts(bytes, options).with_context(|| format!("cannot adapt {}", input.display()))?;
    for n in &adapted.notes {
        eprintln!("note: {n}");
    }
    for w in &adapted.warnings {
        eprintln!("warning: {w}");
    }
    Ok(adapted.output)
}
