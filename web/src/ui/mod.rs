//! The page's logic without the page: its state, the actions on it and the
//! reducer, as plain Rust with native unit tests. The Yew components in
//! `bin/app` render it and dispatch the actions.

pub mod editor;
pub mod predict;
pub mod state;
