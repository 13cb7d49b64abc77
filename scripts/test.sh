#!/usr/bin/env bash
# The whole test suite: unit and CLI tests, the adapter's freshness check,
# and every fixture on wasmtime (preview1 and native WASIp2) and Node.
# Release mode: the wasmtime host runs each fixture many times.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo test --release --workspace "$@"
