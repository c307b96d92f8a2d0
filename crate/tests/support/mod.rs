//! Helpers shared by the integration tests (`mod support;` in each test file).
//! Not every test file uses every helper.
#![allow(dead_code)]

pub mod corpus;
pub mod go_oracle;
pub mod want;
