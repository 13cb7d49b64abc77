//! Output to a pipe nobody reads any more (`wasi-backport coverage | head
//! -1`) is an `error:` and exit 2, never a panic.
use std::process::Command;

#[test]
fn closed_stdout_is_an_error_not_a_panic() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_wasi-backport")).arg("coverage").stdout(writer).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr:\n{stderr}");
    assert!(stderr.starts_with("error: writing stdout: Broken pipe"), "stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "stderr:\n{stderr}");
}
