// The analysis worker's entry script (a classic worker): loads the worker's
// wasm-bindgen glue, then its WebAssembly, with the glue's current
// initialization parameters (an object; a bare path is deprecated and logs a
// warning). Trunk copies this file to dist/ beside worker.js.
importScripts("./worker.js");
wasm_bindgen({ module_or_path: "./worker_bg.wasm" });
