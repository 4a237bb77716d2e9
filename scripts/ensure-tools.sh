#!/usr/bin/env bash
# Installs what the build or the tests need and is missing; does nothing for
# what is already there. Usage: scripts/ensure-tools.sh build|test
#   build: the wasm32 target, wasm-bindgen-cli (= the wasm-bindgen crate's
#          version), Trunk, and the npm tools (wasm-opt from binaryen 132,
#          esbuild for the glue).
#   test:  all of that, plus Debian's Chromium and ChromeDriver.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal Cargo.lock's wasm-bindgen
TRUNK_VERSION=0.21.14          # 0.22 needs a newer Rust than 1.95
mode=${1:-build}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: the registry mirror lags for some of its locked dependencies.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  say "installing trunk $TRUNK_VERSION"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm tools (binaryen, esbuild, playwright-core, axe-core)"
  npm ci --no-audit --no-fund
fi

if [ "$mode" = test ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    as_root apt-get update
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y chromium chromium-driver
  fi
fi
