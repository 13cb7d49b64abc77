//! Debug info survives the merge: the `backtrace` fixture (built with
//! DWARF, as every fixture is) traps four calls deep; adapted and run on
//! wasmtime's preview1 host with `WASMTIME_BACKTRACE_DETAILS=1`, its
//! backtrace names the same functions at the same file:line:column as the
//! component's run on the native WASIp2 host. `llvm-dwarfdump --verify`
//! finds no more errors in the adapted module than in its input.
mod common;

use std::path::Path;
use std::process::Command;

use common::{adapted, fixtures};

/// The frames of wasmtime's detailed backtrace: (function, location), one
/// per function, inlined ones included, module offsets left out (the
/// sections before the code differ in size).
fn frames(stderr: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in stderr.lines() {
        let line = line.trim();
        if let Some(loc) = line.strip_prefix("at ") {
            if let Some(last) = out.last_mut() {
                last.1 = loc.to_string();
            }
        } else if let Some(name) = line.strip_prefix("- ") {
            // A function inlined into the frame above.
            out.push((name.to_string(), String::new()));
        } else if let Some((head, name)) = line.split_once(" - ") {
            // `N:   0xOFFSET - NAME` (the module's name may lead NAME).
            if head.contains(": ") && head.contains("0x") {
                out.push((name.rsplit('!').next().unwrap_or(name).to_string(), String::new()));
            }
        }
    }
    out
}

fn backtrace(mode: &str, module: &Path) -> Vec<(String, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_wb-runner"))
        .args([mode, module.to_str().unwrap(), "--", "backtrace", "a", "b"])
        .env("WASMTIME_BACKTRACE_DETAILS", "1")
        .env("WB_RUNNER_VERBOSE", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(134), "the fixture traps");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "about to trap\n");
    frames(&String::from_utf8_lossy(&out.stderr))
}

#[test]
fn backtraces_keep_their_source_lines() {
    let native = backtrace("p2", &fixtures().component.join("backtrace.wasm"));
    let adapted = backtrace("p1", &adapted("backtrace"));
    let ours: Vec<_> = native.iter().filter(|(_, loc)| loc.contains("fixtures/src/bin/backtrace.rs:")).collect();
    let names: Vec<_> = ours.iter().map(|(f, _)| f.as_str()).collect();
    assert!(
        names.len() == 5
            && ["innermost", "middle", "outer", "start", "main"]
                .iter()
                .zip(&names)
                .all(|(want, got)| got.contains(want)),
        "the native run's backtrace lacks the fixture's frames with lines: {native:#?}"
    );
    // The same frames, in the same order, with the same file:line:column;
    // below them the adapter's `_start` may follow.
    assert!(
        adapted.len() >= native.len() && adapted[..native.len()] == native[..],
        "native:\n{native:#?}\nadapted:\n{adapted:#?}"
    );
    assert!(adapted[native.len()..].iter().all(|(f, _)| f == "_start"), "{adapted:#?}");
}

fn dwarfdump_errors(module: &Path) -> usize {
    let out = Command::new("llvm-dwarfdump")
        .arg("--verify")
        .arg(module)
        .output()
        .expect("llvm-dwarfdump (Debian's llvm; scripts/setup.sh installs it)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Verifying unit:"), "llvm-dwarfdump found no DWARF in {}:\n{text}", module.display());
    text.lines().filter(|l| l.trim_start().starts_with("error:")).count() + usize::from(!out.status.success())
}

#[test]
fn dwarfdump_finds_no_new_errors() {
    let input = fixtures().core.join("backtrace.wasm");
    let output = adapted("backtrace");
    assert!(dwarfdump_errors(&output) <= dwarfdump_errors(&input));
}
