//! The one clock of the project, for time budgets: milliseconds on a
//! monotonic clock, from the first reading in the process (page or worker).
//! Natively it is `std::time::Instant`; in a browser page or worker the
//! `web-time` crate reads `performance.now()`. The library, the CLI and the
//! playground's worker all read it here; the search itself takes the clock as
//! an argument (`analyze_with_clock`), so tests can stand it still or speed it
//! up.

use std::sync::OnceLock;
use web_time::Instant;

/// Milliseconds since the first call in this process (or worker).
pub fn now_ms() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_clock_is_monotonic_and_counts_milliseconds() {
        let a = super::now_ms();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let b = super::now_ms();
        assert!(a >= 0.0);
        assert!(b - a >= 20.0, "{a} then {b}");
    }
}
