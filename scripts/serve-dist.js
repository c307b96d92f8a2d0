#!/usr/bin/env node
// Serves a release build (default dist/) as a static host does: the right
// MIME type (application/wasm, so browsers compile WebAssembly while it
// downloads), and the precompressed copies scripts/compress-dist.js wrote
// (FILE.br, FILE.gz) with Content-Encoding to browsers whose Accept-Encoding
// allows them, brotli first; everything else, and every browser that accepts
// neither, gets the file as it is. `make serve` and the browser tests and
// benchmarks use it. Node's own http: nothing to install.
// Usage: node scripts/serve-dist.js [--dir dist] [--address 127.0.0.1] [--port 8080]
"use strict";
const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");

const args = { dir: "dist", address: "127.0.0.1", port: "8080" };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, "");
  if (!(key in args) || i + 1 >= process.argv.length) {
    console.error("usage: serve-dist.js [--dir DIR] [--address ADDRESS] [--port PORT]");
    process.exit(2);
  }
  args[key] = process.argv[i + 1];
}
const root = path.resolve(args.dir);

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
};

// The codings the request accepts, by its Accept-Encoding header: a coding
// is accepted when it is named (or `*` is) with a q-value above zero.
function accepted(header) {
  const q = new Map();
  for (const part of (header || "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    let value = 1;
    for (const param of params) {
      const [key, number] = param.trim().split("=");
      if (key === "q") value = Number(number);
    }
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const allows = (coding) => (q.has(coding) ? q.get(coding) > 0 : (q.get("*") || 0) > 0);
  return ["br", "gzip"].filter(allows);
}

// The file under the root a URL path names (index.html for a folder), or
// null for anything outside the root or missing.
function resolve(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  let file = path.join(root, path.normalize(decoded));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  try {
    if (fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    return fs.statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

const server = http.createServer((request, response) => {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD" }).end();
    return;
  }
  const file = resolve(new URL(request.url, "http://localhost").pathname);
  if (!file) {
    response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
    return;
  }
  const headers = {
    "Content-Type": TYPES[path.extname(file)] || "application/octet-stream",
    // Trunk names every built file by its content's hash except index.html,
    // the worker's scripts and its wasm: revalidate, as a host would.
    "Cache-Control": "no-cache",
    Vary: "Accept-Encoding",
  };
  let body = file;
  for (const coding of accepted(request.headers["accept-encoding"])) {
    const candidate = file + (coding === "br" ? ".br" : ".gz");
    if (fs.existsSync(candidate)) {
      body = candidate;
      headers["Content-Encoding"] = coding;
      break;
    }
  }
  const stat = fs.statSync(body);
  headers["Content-Length"] = stat.size;
  headers["Last-Modified"] = stat.mtime.toUTCString();
  response.writeHead(200, headers);
  if (request.method === "HEAD") response.end();
  else fs.createReadStream(body).pipe(response);
});

server.listen(Number(args.port), args.address, () => {
  console.log(`serving ${root} at http://${args.address}:${args.port}/`);
});
