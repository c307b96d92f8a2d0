//! The analysis worker: runs [`handle_request`] off the page's thread.
//!
//! It answers every request in order. The page keeps at most one request in
//! flight and coalesces edits made meanwhile, so a slow analysis never builds
//! a queue of stale work here.

use crate::handle_request;
use crate::protocol::{AnalysisRequest, AnalysisResponse};
use gloo_worker::{HandlerId, Worker, WorkerScope};

pub struct AnalysisWorker;

impl Worker for AnalysisWorker {
    type Message = ();
    type Input = AnalysisRequest;
    type Output = AnalysisResponse;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        AnalysisWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _message: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, request: Self::Input, id: HandlerId) {
        scope.respond(id, handle_request(request));
    }
}
