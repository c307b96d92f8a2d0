//! The page's side of the analysis worker.
//!
//! At most one request is in flight. Edits made while the worker is busy
//! replace each other in a single pending slot, which is sent when the answer
//! arrives: a slow analysis of a huge paste never builds a queue, and the
//! newest text is always the next one analyzed. Answers about old versions
//! still arrive here; the reducer drops them.

use gloo_worker::{Spawnable, WorkerBridge};
use leakscope_web::protocol::{AnalysisRequest, AnalysisResponse};
use leakscope_web::worker::AnalysisWorker;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

pub struct AnalysisClient {
    bridge: WorkerBridge<AnalysisWorker>,
    busy: Cell<bool>,
    pending: RefCell<Option<AnalysisRequest>>,
    on_answer: Box<dyn Fn(AnalysisResponse)>,
}

impl AnalysisClient {
    /// Starts the worker (Trunk builds it as `worker_loader.js` beside the page).
    pub fn spawn(on_answer: impl Fn(AnalysisResponse) + 'static) -> Rc<AnalysisClient> {
        Rc::new_cyclic(|client: &Weak<AnalysisClient>| {
            let client = client.clone();
            let bridge = AnalysisWorker::spawner()
                .callback(move |response| {
                    if let Some(client) = client.upgrade() {
                        client.answered(response);
                    }
                })
                .with_loader(true)
                .as_module(false)
                .spawn("./worker_loader.js");
            AnalysisClient {
                bridge,
                busy: Cell::new(false),
                pending: RefCell::new(None),
                on_answer: Box::new(on_answer),
            }
        })
    }

    pub fn request(&self, request: AnalysisRequest) {
        if self.busy.get() {
            *self.pending.borrow_mut() = Some(request);
        } else {
            self.busy.set(true);
            self.bridge.send(request);
        }
    }

    fn answered(&self, response: AnalysisResponse) {
        let next = self.pending.borrow_mut().take();
        match next {
            Some(request) => self.bridge.send(request),
            None => self.busy.set(false),
        }
        (self.on_answer)(response);
    }
}
