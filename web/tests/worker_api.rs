//! The worker's API, run as wasm in headless Chromium (wasm-bindgen-test with
//! chromedriver): the same code path the worker takes, minus the message
//! passing, which the Playwright tests cover.
#![cfg(all(target_arch = "wasm32", feature = "analyzer"))]

use leakscope_web::examples::EXAMPLES;
use leakscope_web::handle_request;
use leakscope_web::permalink::{self, Fragment, LinkError, LinkState};
use leakscope_web::protocol::{
    from_js, to_js, AnalysisOptions, AnalysisRequest, FromWorker, ItemKind, ToWorker, TokenClass,
};
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
fn messages_survive_the_javascript_values_they_travel_as() {
    // The worker posts its answer as a JavaScript value; it and a structured
    // clone of it (what postMessage delivers) give back the same value.
    let answer = FromWorker::Answer(handle_request(request(5, EXAMPLES[0].source)));
    let value = to_js(&answer).expect("every answer has a JavaScript value");
    // The colours travel as one Uint8Array, not an array of numbers.
    let tokens = js_sys::Reflect::get(&value, &"Answer".into())
        .and_then(|a| js_sys::Reflect::get(&a, &"analysis".into()))
        .and_then(|a| js_sys::Reflect::get(&a, &"tokens".into()))
        .unwrap();
    assert!(wasm_bindgen::JsCast::is_instance_of::<js_sys::Uint8Array>(
        &tokens
    ));
    let structured_clone: js_sys::Function =
        js_sys::Reflect::get(&js_sys::global(), &"structuredClone".into())
            .unwrap()
            .into();
    let clone = structured_clone
        .call1(&wasm_bindgen::JsValue::NULL, &value)
        .expect("a structured clone");
    assert_eq!(from_js::<FromWorker>(value).ok(), Some(answer.clone()));
    assert_eq!(from_js::<FromWorker>(clone).ok(), Some(answer));
    let hang = to_js(&ToWorker::HangForTest).unwrap();
    assert_eq!(from_js::<ToWorker>(hang).ok(), Some(ToWorker::HangForTest));
    // A clock past a JavaScript number's exact range still travels.
    let mut big = handle_request(request(6, EXAMPLES[0].source));
    big.analysis.findings[0].witness.steps[0].clock_ns = i64::MAX;
    let big = FromWorker::Answer(big);
    assert_eq!(from_js::<FromWorker>(to_js(&big).unwrap()).ok(), Some(big));
    // Values that are not messages are refused.
    for junk in [
        wasm_bindgen::JsValue::from_str("Analyze"),
        js_sys::Uint8Array::new_with_length(4).into(),
        js_sys::JSON::parse(r#"{"Analyze":{"version":1}}"#).unwrap(),
    ] {
        assert!(from_js::<ToWorker>(junk).is_err());
    }
}

#[wasm_bindgen_test]
fn link_states_are_json_through_the_browsers_json() {
    let state = LinkState {
        code: "package main // é😀 \"q\"\n".to_string(),
        example: Some("premature-return".into()),
        step: Some(4),
        clean_run: true,
        ..LinkState::default()
    };
    let json = state.to_json();
    assert_eq!(
        json,
        r#"{"code":"package main // é😀 \"q\"\n","example":"premature-return","step":4,"clean_run":true}"#
    );
    assert_eq!(LinkState::from_json(&json), Ok(state));
    for (bad, phrase) in [
        (r#"{"step":1}"#, "missing field `code`"),
        // serde-wasm-bindgen's own words for these.
        (r#"{"code":"x","step":-1}"#, ""),
        (r#"{"code":"x","step":"1"}"#, ""),
        (r#"["code"]"#, "not a leakscope state"),
        ("{", "not a leakscope state"),
        (
            r#"{"code":"x","entry":"main; rm"}"#,
            "not the name of a Go function",
        ),
    ] {
        let error = LinkState::from_json(bad).unwrap_err();
        assert!(error.contains(phrase), "{bad}: {error}");
    }
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
