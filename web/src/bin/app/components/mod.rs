//! The page's components, each named after what it shows.

pub mod app;
pub mod compare;
pub mod findings;
pub mod gallery;
pub mod help;
pub mod notice;
pub mod outline;
pub mod share;
pub mod timeline;
pub mod toolbar;
