//! The page's side of the analysis worker.
//!
//! At most one request is in flight. Edits made while the worker is busy
//! replace each other in a single pending slot, which is sent when the answer
//! arrives: a slow analysis of a huge paste never builds a queue, and the
//! newest text is always the next one analyzed. Answers about old versions
//! still arrive here; the reducer drops them.
//!
//! A watchdog guards the request in flight. The analyzer bounds its own time,
//! so an answer that has not come after `WATCHDOG_MS` means the worker hangs:
//! it is terminated (nothing else stops a spinning worker), a new one is
//! started, and the page is told. The text that hung is not sent again (it
//! would hang again); the next edit is analyzed as usual. The test hooks ([`TestHooks`]) can make the first request hang and shorten
//! the watchdog.

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use leakscope_web::protocol::{
    from_js, to_js, AnalysisRequest, AnalysisResponse, FromWorker, RuleDoc, TestHooks, ToWorker,
};
use leakscope_web::ui::state::timed_out;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::JsCast;

/// One running worker and its message listener.
struct Running {
    worker: web_sys::Worker,
    /// Removed (dropped) before the worker is terminated.
    listener: Option<EventListener>,
}

impl Drop for Running {
    fn drop(&mut self) {
        drop(self.listener.take());
        self.worker.terminate();
    }
}

struct Inner {
    running: Option<Running>,
    /// The worker said it listens.
    ready: bool,
    /// The version of the request in flight, and its watchdog.
    in_flight: Option<(u64, Timeout)>,
    /// The request in flight, to search it again for longer.
    sent: Option<AnalysisRequest>,
    pending: Option<AnalysisRequest>,
    /// Send the test hook's hang before the next request.
    hang_next: bool,
}

pub struct AnalysisClient {
    inner: RefCell<Inner>,
    watchdog_ms: u32,
    on_answer: Box<dyn Fn(AnalysisResponse)>,
    /// Called with the version whose analysis the watchdog stopped, and
    /// after how many milliseconds.
    on_stopped: Box<dyn Fn(u64, u32)>,
    /// Called with the pattern catalogue each worker sends when it is ready.
    on_rules: Box<dyn Fn(Vec<RuleDoc>)>,
    this: Weak<AnalysisClient>,
}

impl AnalysisClient {
    /// Starts the worker (`worker_loader.js` beside the page), or takes over
    /// the one index.html started.
    pub fn spawn(
        hooks: TestHooks,
        on_answer: impl Fn(AnalysisResponse) + 'static,
        on_stopped: impl Fn(u64, u32) + 'static,
        on_rules: impl Fn(Vec<RuleDoc>) + 'static,
    ) -> Rc<AnalysisClient> {
        let client = Rc::new_cyclic(|this: &Weak<AnalysisClient>| AnalysisClient {
            inner: RefCell::new(Inner {
                running: None,
                ready: false,
                in_flight: None,
                sent: None,
                pending: None,
                hang_next: hooks.hang_first_request,
            }),
            watchdog_ms: hooks.watchdog_ms,
            on_answer: Box::new(on_answer),
            on_stopped: Box::new(on_stopped),
            on_rules: Box::new(on_rules),
            this: this.clone(),
        });
        client.start_worker();
        client
    }

    fn start_worker(&self) {
        let this = self.this.clone();
        // The first worker was started by index.html while the page's wasm
        // loaded; later ones (after the watchdog) are started here. The
        // loader is a classic script (wasm-bindgen's no-modules output).
        let (worker, early_messages) = match take_early_worker() {
            Some((worker, messages)) => (Some(worker), messages),
            None => (web_sys::Worker::new("./worker_loader.js").ok(), Vec::new()),
        };
        let running = worker.map(|worker| {
            let listener = EventListener::new(&worker, "message", move |event| {
                let message = event
                    .dyn_ref::<web_sys::MessageEvent>()
                    .and_then(|event| from_js::<FromWorker>(event.data()).ok());
                if let (Some(client), Some(message)) = (this.upgrade(), message) {
                    client.received(message);
                }
            });
            // The early worker's buffering listener is no longer needed.
            worker.set_onmessage(None);
            Running {
                worker,
                listener: Some(listener),
            }
        });
        {
            let mut inner = self.inner.borrow_mut();
            inner.running = running;
            inner.ready = false;
        }
        // What the early worker said before the page listened (its Ready).
        for message in early_messages {
            if let Ok(message) = from_js::<FromWorker>(message) {
                self.received(message);
            }
        }
    }

    /// Asks for an analysis: now if the worker is idle, else as the next one.
    pub fn request(&self, request: AnalysisRequest) {
        let idle = {
            let inner = self.inner.borrow();
            inner.ready && inner.in_flight.is_none()
        };
        if idle {
            self.send(request);
        } else {
            self.inner.borrow_mut().pending = Some(request);
        }
    }

    fn send(&self, request: AnalysisRequest) {
        let version = request.version;
        let this = self.this.clone();
        let watchdog = Timeout::new(self.watchdog_ms, move || {
            if let Some(client) = this.upgrade() {
                client.stopped(version);
            }
        });
        let mut inner = self.inner.borrow_mut();
        let Some(running) = inner.running.as_ref() else {
            return;
        };
        let mut messages = Vec::new();
        if inner.hang_next {
            messages.push(ToWorker::HangForTest);
        }
        messages.push(ToWorker::Analyze(request.clone()));
        for message in &messages {
            // A message that cannot be made or posted leaves the request in
            // flight: the watchdog then restarts the worker.
            if let Ok(value) = to_js(message) {
                let _ = running.worker.post_message(&value);
            }
        }
        inner.hang_next = false;
        inner.in_flight = Some((version, watchdog));
        inner.sent = Some(request);
    }

    fn received(&self, message: FromWorker) {
        let answer = match message {
            FromWorker::Ready(rules) => {
                self.inner.borrow_mut().ready = true;
                (self.on_rules)(rules);
                None
            }
            // The findings before their long runs: shown now; the request
            // stays in flight (and watched) until the whole answer comes.
            FromWorker::Answer(response) if response.partial => {
                (self.on_answer)(response);
                return;
            }
            FromWorker::Answer(response) => {
                let mut inner = self.inner.borrow_mut();
                // Dropping the timeout cancels the watchdog.
                inner.in_flight = None;
                let sent = inner.sent.take();
                // Cut short by the keystroke's time budget and nothing newer
                // to analyze: search the same text again, for longer.
                if inner.pending.is_none() {
                    if let Some(mut again) =
                        sent.filter(|r| !r.options.deep && timed_out(&response))
                    {
                        again.options.deep = true;
                        inner.pending = Some(again);
                    }
                }
                Some(response)
            }
        };
        let next = self.inner.borrow_mut().pending.take();
        if let Some(request) = next {
            self.send(request);
        }
        if let Some(response) = answer {
            (self.on_answer)(response);
        }
    }

    /// The watchdog fired: the worker is stuck on `version`.
    fn stopped(&self, version: u64) {
        {
            let mut inner = self.inner.borrow_mut();
            if inner.in_flight.as_ref().map(|(v, _)| *v) != Some(version) {
                return;
            }
            inner.in_flight = None;
            // Terminates the stuck worker.
            inner.running = None;
        }
        self.start_worker();
        (self.on_stopped)(version, self.watchdog_ms);
    }
}

/// The worker index.html started before the page's wasm ran, with the
/// messages it has sent so far; `None` if there is none (or it was taken).
fn take_early_worker() -> Option<(web_sys::Worker, Vec<wasm_bindgen::JsValue>)> {
    let window: js_sys::Object = web_sys::window()?.into();
    let key = wasm_bindgen::JsValue::from_str("leakscopeEarlyWorker");
    let early = js_sys::Reflect::get(&window, &key).ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    let worker = js_sys::Reflect::get(&early, &"worker".into())
        .ok()?
        .dyn_into::<web_sys::Worker>()
        .ok()?;
    let messages = js_sys::Reflect::get(&early, &"messages".into())
        .ok()?
        .dyn_into::<js_sys::Array>()
        .ok()?;
    Some((worker, messages.iter().collect()))
}
