//! The page's state lives in the library (`leakscope_web::ui::state`), where
//! its reducer has native unit tests; the components use it from here.

pub use leakscope_web::ui::state::*;
