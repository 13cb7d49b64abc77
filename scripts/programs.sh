#!/usr/bin/env bash
# Real programs from crates.io (ripgrep, ruplacer, mdbook), built for
# wasm32-wasip2, adapted, and run on wasmtime (preview1), Node and WAMR
# against their native WASIp2 runs. Builds take minutes the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# `--workspace`, as `cargo test --workspace` builds it: with `-p wb-runner`
# alone cargo unifies features differently and builds wasmtime a second time.
WB_PROGRAMS=1 cargo test --release --workspace --test programs -- --test-threads 1 "$@"
