use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde_json::json;
use wasi_backport::{Drift, Lock, Profile, Violation};

use crate::io;

/// Check that a module imports only preview1 functions with their exact
/// signatures (and, with --runtime, only what that runtime provides).
///
/// Exit 0: clean; 1: violations or lock drift, one per line; 2: the input or
/// lock cannot be read or is not valid.
#[derive(clap::Args)]
pub struct Opts {
    /// The module to check (`-` for stdin).
    input: PathBuf,
    /// The runtime whose preview1 functions and wasm features the module may
    /// use: preview1 (the witx set, any feature), wasmtime, wamr, node, or
    /// the path of a profile file.
    #[arg(long, value_name = "RUNTIME", default_value = "preview1")]
    runtime: String,
    /// `text` (a line per problem) or `json`.
    #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = ["text", "json"])]
    format: String,
    /// Fail, listing what was added or removed, when the module's imports or
    /// wasm features differ from this lock file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_lock")]
    lock: Option<PathBuf>,
    /// Record the module's imports and wasm features in this lock file.
    #[arg(long, value_name = "FILE")]
    write_lock: Option<PathBuf>,
}

/// A built-in profile's name, or a profile file.
pub fn profile(runtime: &str) -> Result<Profile> {
    if let Some(p) = Profile::builtin(runtime) {
        return Ok(p);
    }
    let path = Path::new(runtime);
    let names = wasi_backport::check::profile::BUILTIN.join(", ");
    if !path.exists() && (runtime.contains(std::path::MAIN_SEPARATOR) || runtime.ends_with(".profile")) {
        anyhow::bail!("no profile file {runtime} (a runtime is one of {names} or a profile file)");
    }
    if !path.exists() {
        anyhow::bail!(
            "unknown runtime `{runtime}`: expected one of {} or a profile file",
            wasi_backport::check::profile::BUILTIN.join(", ")
        );
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("reading profile {runtime}"))?;
    Profile::parse(&text).with_context(|| format!("profile {runtime}"))
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        if let Some(lock) = &self.write_lock {
            self.refuse_overwriting(lock)?;
        }
        let profile = profile(&self.runtime)?;
        let bytes = io::read_input(&self.input)?;
        let what = self.input.display();
        let violations = wasi_backport::check(&bytes, &profile).with_context(|| format!("cannot check {what}"))?;
        let drift = match &self.lock {
            Some(path) => {
                let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
                let locked = Lock::parse(&text).with_context(|| format!("lock file {}", path.display()))?;
                Some(locked.drift(&Lock::of(&bytes)?))
            }
            None => None,
        };
        if let Some(path) = &self.write_lock {
            io::write_output(path, Lock::of(&bytes)?.to_string().as_bytes())?;
        }
        let drifted = drift.as_ref().is_some_and(|d| !d.is_empty());
        let mut out = String::new();
        if self.format == "json" {
            let json = self.json(&profile, &violations, drift.as_ref());
            writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
        } else {
            for v in &violations {
                writeln!(out, "{v}")?;
            }
            if let (Some(d), Some(path)) = (&drift, &self.lock) {
                if !d.is_empty() {
                    eprintln!(
                        "{}: the module's imports changed since the lock was written ({} added, {} removed); \
                         `--write-lock` records the new state",
                        path.display(),
                        d.added.len(),
                        d.removed.len()
                    );
                    write!(out, "{d}")?;
                }
            }
        }
        io::print(&out)?;
        Ok(if violations.is_empty() && !drifted { ExitCode::SUCCESS } else { ExitCode::from(1) })
    }

    /// The lock must not replace a file this command reads: the module (even
    /// spelled differently, or through a link) or the runtime profile.
    fn refuse_overwriting(&self, lock: &Path) -> Result<()> {
        let profile = Profile::builtin(&self.runtime).is_none().then(|| Path::new(&self.runtime));
        let inputs = [(Some(self.input.as_path()), "the module being checked"), (profile, "the runtime profile")];
        for (path, what) in inputs {
            if let Some(path) = path.filter(|p| io::is_same_file(lock, p)) {
                let path = match path.to_str() {
                    Some("-") => "stdin".into(),
                    _ => path.display().to_string(),
                };
                anyhow::bail!("--write-lock {} is {what} ({path}); refusing to overwrite it", lock.display());
            }
        }
        Ok(())
    }

    fn json(&self, profile: &Profile, violations: &[Violation], drift: Option<&Drift>) -> serde_json::Value {
        let list: Vec<_> = violations
            .iter()
            .map(|v| match v {
                Violation::Import { module, name, signature, why } => json!({
                    "kind": "import", "module": module, "name": name, "signature": signature,
                    "code": why.code(), "message": v.to_string(),
                }),
                Violation::Feature { feature, .. } => json!({
                    "kind": "feature", "feature": feature, "code": "not-on-runtime", "message": v.to_string(),
                }),
            })
            .collect();
        let lines = |v: &[wasi_backport::Entry]| v.iter().map(|e| e.to_string()).collect::<Vec<_>>();
        json!({
            "input": self.input.display().to_string(),
            "runtime": profile.name(),
            "ok": violations.is_empty() && drift.is_none_or(|d| d.is_empty()),
            "violations": list,
            "drift": drift.map(|d| json!({
                "lock": self.lock.as_ref().map(|p| p.display().to_string()),
                "added": lines(&d.added),
                "removed": lines(&d.removed),
            })),
        })
    }
}
