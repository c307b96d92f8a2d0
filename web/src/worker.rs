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
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Starts answering messages; the worker binary's `main` calls it once.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let warm: Rc<RefCell<Option<Warm>>> = Rc::default();
    let warmed = warm.clone();
    let listener = EventListener::new(&scope, "message", move |event| {
        let Some(event) = event.dyn_ref::<MessageEvent>() else {
            return;
        };
        match from_js::<ToWorker>(event.data()) {
            Ok(ToWorker::Analyze(request)) => {
                // The page's first request is usually the very analysis
                // the warm-up just made: its answers go back as they are,
                // once.
                if let Some((asked, answers)) = warmed.take() {
                    if asked.source == request.source && asked.options == request.options {
                        for mut answer in answers {
                            answer.version = request.version;
                            post(&replies, &FromWorker::Answer(answer));
                        }
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
    // Ready before the warm-up: the page sends its first request (and
    // starts its watchdog) now, and the browser keeps the message until the
    // warm-up has run. Said after it, the page's request waited for both.
    post(&scope, &FromWorker::Ready(rule_docs()));
    let first = js_sys::Reflect::get(&scope, &"leakscopeFirst".into())
        .ok()
        .and_then(|text| text.as_string());
    *warm.borrow_mut() = Some(warm_up(first));
}

/// A request analyzed before the page asked, with its answers (the
/// findings first when the runs are long, then the whole answer).
type Warm = (AnalysisRequest, Vec<AnalysisResponse>);

/// Analyzes, before the page asks, the text the page opens with: the code of
/// a `#code=` link or the autosaved text, which index.html passes as
/// `leakscopeFirst` (with the options the page gives such text), else the
/// gallery's first example with its fixed version. The browser compiles a
/// WebAssembly function when it first runs, so the first analysis of a fresh
/// worker took 60 to 270 ms where a warm one takes about 5; and the page's
/// first request, made while its own wasm starts, then finds its answer made.
fn warm_up(first: Option<String>) -> Warm {
    let (source, pair) = match first {
        Some(source) => (source, None),
        None => {
            let (source, pair) = crate::examples::first_with_pair();
            (source.to_string(), Some(pair))
        }
    };
    let request = AnalysisRequest {
        version: 0,
        source,
        options: AnalysisOptions {
            pair,
            ..AnalysisOptions::default()
        },
    };
    let mut answers = Vec::new();
    let whole = handle_request_in_parts(request.clone(), &mut |findings| answers.push(findings));
    answers.push(whole);
    (request, answers)
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
