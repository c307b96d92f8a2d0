//! The pattern catalogue: one file per rule, each starting with its documentation.

pub mod edits;
