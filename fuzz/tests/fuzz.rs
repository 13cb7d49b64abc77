//! The fuzzer, bounded for CI: 30 seconds (`WB_FUZZ_SECONDS` to change it,
//! `WB_FUZZ_SEED` for another stream) on every core, failing on any
//! finding; and the committed reproducers replayed.
use std::path::{Path, PathBuf};

use wb_fuzz::driver::{self, Config};

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn bounded_run_finds_nothing() {
    let findings = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wb-fuzz-findings");
    let config = Config {
        seconds: Some(env("WB_FUZZ_SECONDS", 30.0)),
        seed: env("WB_FUZZ_SEED", 1),
        findings: Some(findings),
        ..Config::default()
    };
    let report = driver::run(&config).expect("the corpus reads");
    eprintln!("{}", report.summary());
    let listed: Vec<String> = report
        .findings
        .values()
        .map(|f| format!("{}\n  input: {}\n  reproducer: {:?}", f.finding, f.origin, f.file))
        .collect();
    assert!(listed.is_empty(), "{} finding(s):\n{}", listed.len(), listed.join("\n"));
    // The run reached the merge and the checks of its output.
    assert!(report.executions > 100, "{}", report.summary());
    assert!(report.outcome.adapted > 10, "{}", report.summary());
}

fn reproducers(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions").join(dir);
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    files.retain(|f| f.extension().is_some_and(|e| e == "wasm"));
    files.sort();
    files
}

fn replay_all(dir: &str) {
    let mut failed = Vec::new();
    for f in reproducers(dir) {
        let wasm = std::fs::read(&f).unwrap();
        if let Err(e) = driver::replay(&wasm) {
            failed.push(format!("{}: {e}", f.display()));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// Reproducers of findings that are fixed: they must stay fixed.
#[test]
fn fixed_regressions_stay_fixed() {
    replay_all("fixed");
}

/// Reproducers of findings not fixed yet (each `.txt` beside it says
/// what and why); move a file to `fixed/` with its fix.
#[test]
#[ignore = "open findings, reported and not fixed yet"]
fn open_regressions() {
    replay_all("open");
}
