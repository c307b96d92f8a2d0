#!/usr/bin/env node
// Precompresses a release build (default dist/) the way static hosts serve
// it: beside every text or WebAssembly file, `FILE.br` (brotli, quality 11)
// and `FILE.gz` (gzip -9), each only when it is smaller than the file.
// scripts/serve-dist.js serves them with Content-Encoding to browsers that
// accept them. Node's own zlib: nothing to install.
// Usage: node scripts/compress-dist.js [dist]
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const dir = process.argv[2] || "dist";
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".wasm", ".svg", ".json", ".txt", ".map"]);
const TEXT = new Set([".html", ".js", ".mjs", ".css", ".svg", ".json", ".txt", ".map"]);

function files(folder) {
  const out = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    // Trunk's staging folder is not part of the build.
    if (entry.isDirectory()) {
      if (entry.name !== ".stage") out.push(...files(full));
    } else out.push(full);
  }
  return out;
}

if (!fs.existsSync(dir)) {
  console.error(`compress-dist: no ${dir}/ (run a release build first)`);
  process.exit(1);
}
let raw = 0;
let br = 0;
let gz = 0;
for (const file of files(dir).sort()) {
  const ext = path.extname(file);
  if (!COMPRESSIBLE.has(ext)) continue;
  const bytes = fs.readFileSync(file);
  const brotli = zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_LGWIN]: zlib.constants.BROTLI_MAX_WINDOW_BITS,
      [zlib.constants.BROTLI_PARAM_MODE]: TEXT.has(ext)
        ? zlib.constants.BROTLI_MODE_TEXT
        : zlib.constants.BROTLI_MODE_GENERIC,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gzip = zlib.gzipSync(bytes, { level: 9 });
  // A stale sibling from an earlier build must not outlive its file.
  for (const [suffix, data] of [
    [".br", brotli],
    [".gz", gzip],
  ]) {
    if (data.length < bytes.length) fs.writeFileSync(file + suffix, data);
    else fs.rmSync(file + suffix, { force: true });
  }
  raw += bytes.length;
  br += Math.min(brotli.length, bytes.length);
  gz += Math.min(gzip.length, bytes.length);
}
console.log(`compress-dist: ${dir}/ ${raw} bytes raw, ${gz} gzip, ${br} brotli`);
