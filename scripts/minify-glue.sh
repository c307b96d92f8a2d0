#!/usr/bin/env sh
# Minifies the page's wasm-bindgen glue (app-*.js) in a release dist with
# esbuild, which Trunk's own minifier does not manage for this module, and
# rewrites its integrity hash in index.html when the build has one (the page's
# rust link sets data-integrity="none": Chromium warns about integrity on a
# wasm preload). Saves about 2 KB gzip. Usage: scripts/minify-glue.sh [dist]
set -eu
dir="${1:-dist}"
esbuild="$(dirname "$0")/../node_modules/.bin/esbuild"
for file in "$dir"/app-*.js; do
  [ -f "$file" ] || continue
  case "$file" in *_bg.js) continue ;; esac
  "$esbuild" "$file" --minify --format=esm --target=es2020 --log-level=error \
    --allow-overwrite --outfile="$file"
  python3 - "$file" "$dir/index.html" <<'PY'
import base64, hashlib, re, sys
js, html = sys.argv[1], sys.argv[2]
name = js.rsplit("/", 1)[-1]
digest = "sha384-" + base64.b64encode(hashlib.sha384(open(js, "rb").read()).digest()).decode()
text = open(html, encoding="utf-8").read()
# The integrity attribute of the tag that names this file (either order).
pattern = re.compile(r"(<link[^>]*" + re.escape(name) + r"[^>]*integrity=)(sha384-[A-Za-z0-9+/=]+)|(<link[^>]*integrity=)(sha384-[A-Za-z0-9+/=]+)([^>]*" + re.escape(name) + r")")
def swap(m):
    if m.group(1):
        return m.group(1) + digest
    return m.group(3) + digest + m.group(5)
new, n = pattern.subn(swap, text)
tags = re.findall(r"<link[^>]*" + re.escape(name) + r"[^>]*>", text)
if n == 0 and tags and not any("integrity=" in t for t in tags):
    sys.exit(0)
if n != 1:
    sys.exit(f"minify-glue: expected one integrity attribute for {name} in {html}, found {n}")
open(html, "w", encoding="utf-8").write(new)
PY
done
