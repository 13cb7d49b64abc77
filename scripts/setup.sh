#!/usr/bin/env bash
# Installs what building and testing need, from the registries this project
# uses: the wasm targets (rustup), and checks for Node (preview1 runtime).
set -euo pipefail
rustup target add wasm32-wasip1 wasm32-wasip2 wasm32-unknown-unknown >/dev/null
if ! command -v node >/dev/null; then
  echo "installing Node.js (Debian package) for node:wasi" >&2
  apt-get update -qq && apt-get install -y -qq nodejs >/dev/null
fi
