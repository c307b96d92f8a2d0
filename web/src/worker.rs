//! The analysis worker: answers each request with [`handle_request`], off the
//! page's thread.
//!
//! Messages are bytes in the [`crate::wire`] format. The worker says
//! [`FromWorker::Ready`] once it listens (messages posted before that would be
//! lost), with the pattern catalogue the page shows, then answers every
//! request in order. The page keeps at most one
//! request in flight and coalesces edits made meanwhile, so a slow analysis
//! never builds a queue of stale work here; if an answer takes too long, the
//! page terminates this worker and starts another.

use crate::analysis::rule_docs;
use crate::clock;
use crate::handle_request;
use crate::protocol::{FromWorker, ToWorker};
use crate::wire;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Starts answering messages; the worker binary's `main` calls it once.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Ok(data) = event.data().dyn_into::<js_sys::Uint8Array>() else {
            return;
        };
        match wire::decode::<ToWorker>(&data.to_vec()) {
            Some(ToWorker::Analyze(request)) => {
                post(&replies, &FromWorker::Answer(handle_request(request)))
            }
            Some(ToWorker::HangForTest) => hang(),
            // Not a message of ours: nothing to answer.
            None => {}
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The listener lives as long as the worker.
    on_message.forget();
    post(&scope, &FromWorker::Ready(rule_docs()));
}

/// Sends a message, transferring its buffer instead of copying it.
fn post(scope: &DedicatedWorkerGlobalScope, message: &FromWorker) {
    let bytes = js_sys::Uint8Array::from(wire::encode(message).as_slice());
    let transfer = js_sys::Array::of1(&bytes.buffer());
    // Posting a fresh Uint8Array cannot fail; if it did, the page's watchdog
    // would notice the missing answer.
    let _ = scope.post_message_with_transfer(&bytes, &transfer);
}

/// The test hook: spins until the page terminates this worker.
fn hang() -> ! {
    loop {
        std::hint::black_box(clock::now_ms());
    }
}
