//! The worker's API, run as wasm in headless Chromium (wasm-bindgen-test with
//! chromedriver): the same code path the worker takes, minus the message
//! passing, which the Playwright tests cover.
#![cfg(all(target_arch = "wasm32", feature = "analyzer"))]

use leakscope_web::examples::EXAMPLES;
use leakscope_web::handle_request;
use leakscope_web::permalink::{self, Fragment, LinkError, LinkState};
use leakscope_web::protocol::{AnalysisOptions, AnalysisRequest, FromWorker, ItemKind, TokenClass};
use leakscope_web::wire;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn request(version: u64, source: &str) -> AnalysisRequest {
    AnalysisRequest {
        version,
        source: source.to_string(),
        options: AnalysisOptions::default(),
    }
}

const TWO_GOROUTINES_AND_AN_ERROR: &str = "package main\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n\tgo func() { <-ch }()\n\tx :=\n}\n";

#[wasm_bindgen_test]
fn finds_go_statements_and_syntax_errors_with_positions() {
    let response = handle_request(request(3, TWO_GOROUTINES_AND_AN_ERROR));
    assert_eq!(response.version, 3);
    let analysis = &response.analysis;
    let go_lines: Vec<u32> = analysis
        .go_statements
        .iter()
        .map(|g| g.range.start.line)
        .collect();
    assert_eq!(go_lines, vec![5, 6]);
    assert_eq!(analysis.go_statements[0].range.start.column, 2);
    assert_eq!(analysis.syntax_errors.len(), 1);
    assert!(analysis.syntax_errors[0].range.start.line >= 7);
    let kinds: Vec<ItemKind> = analysis.channel_ops.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        vec![ItemKind::MakeChannel, ItemKind::Send, ItemKind::Receive]
    );
    assert!(response.elapsed_ms >= 0.0);
}

#[wasm_bindgen_test]
fn tokens_are_sorted_triples_with_known_classes() {
    let response = handle_request(request(1, EXAMPLES[0].source));
    let tokens = &response.analysis.tokens;
    assert_eq!(tokens.len() % 3, 0);
    assert!(tokens.len() > 30);
    let utf16_len = EXAMPLES[0].source.encode_utf16().count() as u32;
    let mut end = 0;
    for t in tokens.chunks(3) {
        assert!(t[0] >= end && t[0] < t[1] && t[1] <= utf16_len, "{t:?}");
        assert!((t[2] as usize) < TokenClass::ALL.len());
        end = t[1];
    }
}

#[wasm_bindgen_test]
fn columns_are_utf16_code_units() {
    let response = handle_request(request(
        1,
        "package main\n// 😀\nfunc main() { /* é😀 */ go f() }\n",
    ));
    let go = &response.analysis.go_statements[0];
    assert_eq!((go.range.start.line, go.range.start.column), (3, 25));
    assert_eq!(go.range.from, 13 + 6 + 24);
}

#[wasm_bindgen_test]
fn garbage_input_never_fails() {
    let garbage: String = (0..2000u32)
        .map(|i| char::from_u32(0x20 + (i * 7919) % 0x2000).unwrap_or('x'))
        .collect();
    let response = handle_request(request(9, &garbage));
    assert_eq!(response.version, 9);
    assert!(!response.analysis.syntax_errors.is_empty());
}

#[wasm_bindgen_test]
fn messages_survive_the_wire_format() {
    // The worker sends its answer as wire bytes; a round trip in wasm must
    // give back the same value.
    let answer = FromWorker::Answer(handle_request(request(5, EXAMPLES[0].source)));
    assert_eq!(
        wire::decode::<FromWorker>(&wire::encode(&answer)),
        Some(answer)
    );
}

#[wasm_bindgen_test]
fn permalinks_round_trip_and_refuse_bombs_in_wasm() {
    let state = LinkState {
        code: EXAMPLES[0].source.to_string(),
        finding: Some(1),
        ..LinkState::default()
    };
    assert_eq!(
        permalink::decode(&permalink::encode(&state)),
        Fragment::State(state)
    );
    let bomb = miniz_oxide_bomb();
    assert_eq!(
        permalink::decode(&bomb),
        Fragment::Invalid(LinkError::TooLarge)
    );
}

fn miniz_oxide_bomb() -> String {
    // A valid link whose JSON would be 2 MiB of spaces.
    let state = LinkState {
        code: " ".repeat(2 * 1024 * 1024),
        ..LinkState::default()
    };
    permalink::encode(&state)
}
