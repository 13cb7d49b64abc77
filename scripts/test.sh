#!/usr/bin/env bash
# The whole test suite: unit and CLI tests, the adapter's freshness check,
# every fixture on wasmtime (preview1 and native WASIp2), Node and WAMR, the
# crates as crates.io would get them, then the real crates.io programs
# (scripts/programs.sh). Release mode: the runtimes run each fixture many
# times.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The machine holds the line on style: rustfmt (the workspace, and the
# adapter and fixtures, which are crates of their own), clippy with warnings
# denied (release, so WAMR's C build is shared with the tests), and the
# library's docs without warnings.
cargo fmt --all --check
(cd adapter && cargo fmt --check)
(cd fixtures && cargo fmt --check)
(cd fixtures/http && cargo fmt --check)
cargo clippy --release --workspace --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc -p wasi-backport --no-deps --quiet
cargo test --release --workspace "$@"
# The publishable crates packaged and each built from its tarball alone (the
# CLI against the packaged library, through cargo's temporary registry), so
# nothing they embed lies outside them. Debug profile, sharing target/.
cargo package -p wasi-backport -p wasi-backport-cli --allow-dirty --quiet
scripts/programs.sh
