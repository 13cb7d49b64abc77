use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use super::{check::profile, parse_policy};
use crate::io;
use anyhow::{bail, Context, Result};

/// Link as `wasm-component-ld` would, then adapt the output to preview1 in
/// place: the post-link step for `cargo build --target wasm32-wasip2`.
///
/// Cargo runs it through the `wasi-backport-ld` shim, set as the target's
/// linker in `.cargo/config.toml`. Options reach it as linker arguments
/// (`-C link-arg=--wasi-backport-runtime=wamr`):
/// `--wasi-backport-unsupported=POLICY`, `--wasi-backport-allow-import=MODULE`
/// and `--wasi-backport-runtime=RUNTIME` (as `adapt --runtime`: the module
/// must use only what that runtime provides, else the link fails).
#[derive(clap::Args)]
pub struct Opts {
    /// The linker's arguments, as rustc passes them.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<OsString>,
}

/// The real linker: `$WASI_BACKPORT_LINKER`, else `wasm-component-ld` from
/// PATH, where rustc puts its own copy (`lib/rustlib/<host>/bin`).
fn real_linker() -> Result<PathBuf> {
    if let Some(l) = std::env::var_os("WASI_BACKPORT_LINKER") {
        return Ok(l.into());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join("wasm-component-ld"))
        .find(|p| p.is_file())
        .context("no `wasm-component-ld` on PATH (rustc puts its own there); set WASI_BACKPORT_LINKER")
}

/// The value of `-o`, looking inside `@response` files too.
fn output(args: &[OsString]) -> Result<PathBuf> {
    let mut words: Vec<String> = Vec::new();
    for a in args {
        let a = a.to_string_lossy();
        match a.strip_prefix('@') {
            Some(file) => {
                let text = std::fs::read_to_string(file).with_context(|| format!("reading response file {file}"))?;
                words.extend(text.lines().map(|l| l.trim_matches('"').to_string()));
            }
            None => words.push(a.into_owned()),
        }
    }
    let at = words.iter().position(|w| w == "-o").context("the linker was called without `-o OUTPUT`")?;
    Ok(PathBuf::from(words.get(at + 1).context("`-o` without a file")?))
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let mut options = wasi_backport::Options::default();
        let mut pass = Vec::new();
        for a in self.args {
            let text = a.to_string_lossy().into_owned();
            let Some(flag) = text.strip_prefix("--wasi-backport-") else {
                pass.push(a);
                continue;
            };
            match flag.split_once('=') {
                Some(("unsupported", v)) => options.unsupported = parse_policy(v).map_err(anyhow::Error::msg)?,
                Some(("allow-import", v)) => {
                    options.allow_imports.insert(v.to_string());
                }
                Some(("runtime", v)) => options.runtime = profile(v)?,
                _ => {
                    bail!("unknown linker argument `{text}` (--wasi-backport-unsupported=, -allow-import=, -runtime=)")
                }
            }
        }
        if !pass.iter().any(|a| a == "--skip-wit-component") {
            pass.push("--skip-wit-component".into());
        }
        let linker = real_linker()?;
        let status =
            Command::new(&linker).args(&pass).status().with_context(|| format!("running {}", linker.display()))?;
        if !status.success() {
            return Ok(ExitCode::from(status.code().unwrap_or(1).clamp(1, 255) as u8));
        }
        let out = output(&pass)?;
        let result = adapt_in_place(&out, &options);
        if result.is_err() {
            // No half-finished program: cargo must not find a WASIp2 module
            // where it expects the preview1 one. (A device such as
            // /dev/null, or a FIFO, is never removed.)
            io::remove_output(&out);
        }
        result.map(|()| ExitCode::SUCCESS)
    }
}

fn adapt_in_place(out: &Path, options: &wasi_backport::Options) -> Result<()> {
    let bytes = io::Input::Read(std::fs::read(out).with_context(|| format!("reading the linked {}", out.display()))?);
    let adapted = super::adapt::adapt(&bytes, options, out)?;
    io::write_module(out, &adapted, &bytes)
}
