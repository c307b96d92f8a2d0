//! The leakscope playground, minus the page itself.
//!
//! This library holds what the page and the analysis worker share, and what can
//! be tested without a browser: the worker's messages ([`protocol`], serde
//! types sent as JavaScript values), the one function that turns source into
//! what the editor shows ([`analysis`]), syntax colours from the tree-sitter
//! tree ([`highlight`]), permalinks ([`permalink`]), the examples gallery
//! ([`examples`]) and the words for how far the search went ([`searched`]).
//!
//! The page (Yew components, the CodeMirror shim) lives in the `app` binary, so
//! that the worker binary links no DOM or editor code; the worker's message
//! loop lives in `worker` (wasm only). What needs the analyzer (`analysis`,
//! `highlight`, `worker`) is behind the default feature `analyzer`, which the
//! page is built without: it never parses, and its download is smaller.

/// The page's and the worker's allocator (docs/ARCHITECTURE.md, the
/// download): talc in place of the standard library's dlmalloc.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(feature = "analyzer")]
pub mod analysis;
pub mod examples;
#[cfg(feature = "analyzer")]
pub mod follow;
#[cfg(feature = "analyzer")]
pub mod highlight;
#[cfg(feature = "analyzer")]
pub mod names;
pub mod permalink;
pub mod protocol;
pub mod searched;
pub mod stepview;
pub mod text;
pub mod ui;
#[cfg(all(target_arch = "wasm32", feature = "analyzer"))]
pub mod worker;

#[cfg(feature = "analyzer")]
pub use analysis::{analyze_for_editor, handle_request, handle_request_in_parts};
