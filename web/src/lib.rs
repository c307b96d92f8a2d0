//! The leakscope playground (being built).
