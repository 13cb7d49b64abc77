use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;
use wasi_backport::adapter::coverage::Fidelity;

use crate::io;

/// Which WASI 0.2 functions the built-in adapter implements, and how
/// faithfully (read from the adapter's own exports and fidelity table).
#[derive(clap::Args)]
pub struct Opts {
    /// `text` (a line per function, then totals) or `json`.
    #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = ["text", "json"])]
    format: String,
    /// The runtime programs are adapted for, as `adapt --runtime` takes it
    /// (today the adapter is the same for every runtime).
    #[arg(long, value_name = "RUNTIME", default_value = "preview1")]
    runtime: String,
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let list = wasi_backport::coverage_for(&super::check::profile(&self.runtime)?)?;
        if self.format == "json" {
            let rows: Vec<_> = list
                .iter()
                .map(|c| json!({"interface": c.interface, "function": c.function, "fidelity": c.fidelity.as_str(), "note": c.note}))
                .collect();
            io::print(&format!("{}\n", serde_json::to_string_pretty(&rows)?))?;
            return Ok(ExitCode::SUCCESS);
        }
        let mut out = String::new();
        let width = list.iter().map(|c| c.interface.len() + c.function.len() + 1).max().unwrap_or(0);
        for c in &list {
            let name = format!("{}#{}", c.interface, c.function);
            let note = if c.note.is_empty() { String::new() } else { format!("  {}", c.note) };
            let line = format!("{name:width$}  {:<11}{note}", c.fidelity.as_str());
            writeln!(out, "{}", line.trim_end())?;
        }
        let count = |f: Fidelity| list.iter().filter(|c| c.fidelity == f).count();
        writeln!(
            out,
            "\n{} WASI 0.2 functions: {} exact, {} emulated, {} approximate, {} unsupported",
            list.len(),
            count(Fidelity::Exact),
            count(Fidelity::Emulated),
            count(Fidelity::Approximate),
            count(Fidelity::Unsupported)
        )?;
        io::print(&out)?;
        Ok(ExitCode::SUCCESS)
    }
}
