//! The committed adapter is what its sources build, byte for byte.
#[test]
fn committed_adapter_matches_sources() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_adapter-build")).arg("--check").output().unwrap();
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}
