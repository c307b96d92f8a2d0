//! The analysis worker's entry point (built by Trunk as a web worker).

#[cfg(target_arch = "wasm32")]
fn main() {
    leakscope_web::worker::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the analysis worker runs in a browser: build it with `trunk build`");
}
