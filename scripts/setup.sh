#!/usr/bin/env bash
# Installs what building and testing need, from the registries this project
# uses: the wasm targets (rustup); Node (preview1 runtime); llvm (llvm-dwarfdump); cmake and libclang
# (Debian), which the `wamrx-sys` crate needs to build WAMR for the tests.
set -euo pipefail
rustup target add wasm32-wasip1 wasm32-wasip2 wasm32-unknown-unknown >/dev/null
rustup component add rustfmt clippy >/dev/null 2>&1
missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v cmake >/dev/null || missing+=(cmake)
# llvm-dwarfdump checks the debug info of adapted modules.
command -v llvm-dwarfdump >/dev/null || missing+=(llvm)
# libclang itself, not libclang-cpp (which llvm brings): bindgen loads it.
compgen -G '/usr/lib/llvm-*/lib/libclang.so*' >/dev/null || compgen -G '/usr/lib/llvm-*/lib/libclang-[0-9]*.so*' >/dev/null || missing+=(libclang-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (Debian packages)" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
