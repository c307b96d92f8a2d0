//! The leakscope playground, minus the page itself.
//!
//! This library holds what the page and the analysis worker share, and what can
//! be tested without a browser: the worker's messages ([`protocol`]) and their
//! bytes ([`wire`]), the one function that turns source into what the editor
//! shows ([`analysis`]), syntax colours from the tree-sitter tree
//! ([`highlight`]), permalinks ([`permalink`], with the small [`json`] they
//! use) and the examples gallery ([`examples`]).
//!
//! The page (Yew components, the CodeMirror shim) lives in the `app` binary, so
//! that the worker binary links no DOM or editor code; the worker's message
//! loop lives in [`worker`] (wasm only).

pub mod analysis;
pub mod clock;
pub mod examples;
pub mod highlight;
pub mod json;
pub mod permalink;
pub mod protocol;
pub mod stepview;
pub mod text;
pub mod wire;
#[cfg(target_arch = "wasm32")]
pub mod worker;

pub use analysis::{analyze_for_editor, handle_request};
