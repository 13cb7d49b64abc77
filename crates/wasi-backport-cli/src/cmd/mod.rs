pub mod adapt;
pub mod check;
pub mod coverage;
pub mod imports;
pub mod link;

use anyhow::Result;
use wasi_backport::{Options, Unsupported};

/// Options shared by the commands that classify imports.
#[derive(clap::Args)]
pub struct PolicyOpts {
    /// What to do with WASIp2 functions preview1 cannot provide: `fail`
    /// (name them and stop), `trap` (trap if called), or `error-result`
    /// (return the interface's `unsupported` error).
    #[arg(long, value_name = "POLICY", default_value = "fail", value_parser = parse_policy)]
    pub unsupported: Unsupported,
    /// Keep imports from this (non-WASI) module as they are; repeatable.
    #[arg(long = "allow-import", value_name = "MODULE")]
    pub allow_imports: Vec<String>,
    /// The runtime the output is for, as `check --runtime` takes it:
    /// preview1 (the witx set, any feature), wasmtime, wamr, node, or the
    /// path of a profile file. Preview1 imports pass through only if it
    /// provides them, and the output must use only its functions and
    /// features (else exit 2, naming what it lacks).
    #[arg(long, value_name = "RUNTIME", default_value = "preview1")]
    pub runtime: String,
}

pub fn parse_policy(s: &str) -> Result<Unsupported, String> {
    match s {
        "fail" => Ok(Unsupported::Fail),
        "trap" => Ok(Unsupported::Trap),
        "error-result" => Ok(Unsupported::ErrorResult),
        _ => Err(format!("`{s}`: expected fail, trap or error-result")),
    }
}

impl PolicyOpts {
    pub fn options(&self) -> Result<Options> {
        Ok(Options {
            unsupported: self.unsupported,
            allow_imports: self.allow_imports.iter().cloned().collect(),
            runtime: check::profile(&self.runtime)?,
        })
    }
}
