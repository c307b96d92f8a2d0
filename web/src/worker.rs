//! The analysis worker: answers each request with
//! [`handle_request_in_parts`], off the page's thread (when the runs to show
//! are long, the findings go first and the whole answer right after).
//!
//! Messages are the serde types of [`crate::protocol`] as JavaScript values
//! ([`crate::protocol::to_js`]). The worker says [`FromWorker::Ready`] once it
//! listens (messages posted before that would be lost), with the pattern
//! catalogue the page shows, then answers every request in order. The page
//! keeps at most one request in flight and coalesces edits made meanwhile,
//! so a slow analysis never builds a queue of stale work here; if an answer
//! takes too long, the page terminates this worker and starts another.

use crate::analysis::rule_docs;
use crate::handle_request_in_parts;
use crate::protocol::{
    from_js, to_js, AnalysisOptions, AnalysisRequest, AnalysisResponse, FromWorker, ToWorker,
};
use gloo_events::EventListener;
use leakscope::clock;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Starts answering messages; the worker binary's `main` calls it once.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let mut warm = Some(warm_up());
    let listener = EventListener::new(&scope, "message", move |event| {
        let Some(event) = event.dyn_ref::<MessageEvent>() else {
            return;
        };
        match from_js::<ToWorker>(event.data()) {
            Ok(ToWorker::Analyze(request)) => {
                // The page's first request is usually the very analysis
                // the warm-up just made (a fresh visit opens on the first
                // example): that answer goes back as it is, once.
                if let Some((asked, mut answer)) = warm.take() {
                    if asked.source == request.source && asked.options == request.options {
                        answer.version = request.version;
                        post(&replies, &FromWorker::Answer(answer));
                        return;
                    }
                }
                // Long runs: the findings first, then the whole answer.
                let whole = handle_request_in_parts(request, &mut |findings| {
                    post(&replies, &FromWorker::Answer(findings))
                });
                post(&replies, &FromWorker::Answer(whole))
            }
            Ok(ToWorker::HangForTest) => hang(),
            // Not a message of ours: nothing to answer.
            Err(_) => {}
        }
    });
    // The listener lives as long as the worker.
    listener.forget();
    post(&scope, &FromWorker::Ready(rule_docs()));
}

/// Analyzes the gallery's first example once, with the options the page
/// opens it with, before the worker says it is ready. The browser compiles a
/// WebAssembly function when it first runs, so the first analysis of a fresh
/// worker took 60 to 270 ms where a warm one takes about 5; while the worker
/// would otherwise wait for the page to load, the page's first request
/// (whatever its text) then finds the analyzer compiled. The answer is kept
/// for that first request, when it asks for the same analysis.
fn warm_up() -> (AnalysisRequest, AnalysisResponse) {
    let (source, pair) = crate::examples::first_with_pair();
    let request = AnalysisRequest {
        version: 0,
        source: source.to_string(),
        options: AnalysisOptions {
            pair: Some(pair),
            ..AnalysisOptions::default()
        },
    };
    let answer = crate::handle_request(request.clone());
    (request, answer)
}

/// Sends a message (the browser copies it by structured clone).
fn post(scope: &DedicatedWorkerGlobalScope, message: &FromWorker) {
    // Every type of the protocol has a JavaScript value, and posting a plain
    // value cannot fail; if either did, the page's watchdog would notice the
    // missing answer.
    if let Ok(value) = to_js(message) {
        let _ = scope.post_message(&value);
    }
}

/// The test hook: spins until the page terminates this worker.
fn hang() -> ! {
    loop {
        std::hint::black_box(clock::now_ms());
    }
}
