// The analysis worker's entry script (a classic worker): starts downloading
// the worker's WebAssembly at once, loads the wasm-bindgen glue meanwhile,
// then instantiates the module as it streams in (the server sends it as
// application/wasm). The glue's initialization takes an object (a bare path
// is deprecated and logs a warning) whose module_or_path may be the fetch's
// promise. Trunk copies this file to dist/ beside worker.js.
var wasm = fetch("./worker_bg.wasm");
importScripts("./worker.js");
wasm_bindgen({ module_or_path: wasm });
