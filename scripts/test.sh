#!/usr/bin/env bash
# The whole test suite: unit and CLI tests, the adapter's freshness check,
# every fixture on wasmtime (preview1 and native WASIp2), Node and WAMR, then
# the real crates.io programs (scripts/programs.sh). Release mode: the
# runtimes run each fixture many times.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo test --release --workspace "$@"
scripts/programs.sh
