#!/usr/bin/env sh
# Bundles the CodeMirror shim (web/js/editor.js) into one ES module that
# wasm-bindgen imports. Run by Trunk's pre_build hook and by `make` before any
# wasm build of the web crate (the bundle must exist when rustc expands the
# `#[wasm_bindgen(module = ...)]` import). Installs the npm packages on a
# fresh clone.
set -eu
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/esbuild ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
out=web/js/dist/editor.js
# Skip the work when the bundle is newer than its inputs.
if [ -f "$out" ] && [ "$out" -nt web/js/editor.js ] && [ "$out" -nt package-lock.json ]; then
  exit 0
fi
mkdir -p web/js/dist
exec node_modules/.bin/esbuild web/js/editor.js --bundle --format=esm --minify --target=es2020 \
  --legal-comments=none --log-level=warning --outfile="$out"
