//! Permalinks: the playground's state in the address's fragment.
//!
//! `#v1=` + base64url(deflate-raw(JSON [`LinkState`])) is what the Share button
//! makes; `#code=` + base64url(UTF-8 code) is for links written by hand.
//! [`LinkState`] is a serde type: in the browser it becomes JSON text through
//! the browser's own `JSON` (serde-wasm-bindgen turns it into a JavaScript
//! value and back), natively through serde_json; both write the same text.
//! Decoding treats the fragment as hostile: its length, the decompressed size
//! (a decompression bomb stops at [`MAX_DECOMPRESSED_BYTES`]) and the code's
//! size are capped, the state is validated ([`LinkState::validate`]), and
//! every failure is a [`LinkError`] with a sentence for the person, never a
//! panic.

use crate::protocol::AnalysisOptions;
use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// The longest fragment decoded. A link made by Share for the largest code
/// that fits [`MAX_DECOMPRESSED_BYTES`] compresses far below this.
pub const MAX_FRAGMENT_CHARS: usize = 512 * 1024;
/// The most bytes inflated from a `#v1=` link.
pub const MAX_DECOMPRESSED_BYTES: usize = 1024 * 1024;
/// Links longer than this may be cut by chat apps, mail clients and some servers.
pub const LONG_LINK_CHARS: usize = 2000;
/// The longest entry function name and example id a link may carry.
pub const MAX_NAME_CHARS: usize = 200;

/// What a link restores. As JSON: `{"code": "...", "example", "entry",
/// "finding", "item", "step", "clean_run", "options": {"all_functions":
/// true}, "predict": true, "question": "..."}`, in that order; every field but `code` is left out when it has no
/// value (or is null), and unknown fields are ignored, so links made by older
/// and newer versions keep opening.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkState {
    pub code: String,
    /// The id of the example the code came from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// The selected finding, as an index into the analysis's findings (the
    /// leaks); the timeline shows its witness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<u32>,
    /// The selected item of the outline (go statements, channel operations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<u32>,
    /// The animation step of the selected finding's witness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<u32>,
    /// The timeline shows the entry's clean run instead of the finding's
    /// witness (when the finding depends on the schedule).
    #[serde(
        default,
        skip_serializing_if = "is_false",
        deserialize_with = "null_as_default"
    )]
    pub clean_run: bool,
    #[serde(
        default,
        skip_serializing_if = "LinkOptions::is_default",
        deserialize_with = "null_as_default"
    )]
    pub options: LinkOptions,
    /// Predict, then reveal: the findings are hidden and the timeline is
    /// paused at `step`; the class answers which goroutine is stuck, and
    /// where, before the page shows it. Added after the first links: older
    /// links read it as false.
    #[serde(
        default,
        skip_serializing_if = "is_false",
        deserialize_with = "null_as_default"
    )]
    pub predict: bool,
    /// The teacher's question in predict mode (the page asks "Which
    /// goroutine is stuck, and where?" without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
}

/// The longest question a predict link may carry.
pub const MAX_QUESTION_CHARS: usize = 500;

/// Analysis options carried by a link (the entry is a field of its own).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkOptions {
    #[serde(default, deserialize_with = "null_as_default")]
    pub all_functions: bool,
}

impl LinkOptions {
    fn is_default(&self) -> bool {
        *self == LinkOptions::default()
    }
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// `null` reads as the field's default, as a missing field does.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

impl LinkState {
    /// What serde cannot check: the code fits the cap, and the names are
    /// names. The error is a phrase for a sentence.
    pub fn validate(&self) -> Result<(), String> {
        if self.code.len() > MAX_DECOMPRESSED_BYTES {
            return Err("its code is larger than leakscope opens".into());
        }
        if let Some(entry) = &self.entry {
            // A function name or `Type.Method` (or `(*Type).Method`); empty
            // means none.
            let name = entry
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '*' | '(' | ')'));
            if !name || entry.chars().count() > MAX_NAME_CHARS {
                return Err("its entry is not the name of a Go function".into());
            }
        }
        if let Some(question) = &self.question {
            if question.chars().count() > MAX_QUESTION_CHARS {
                return Err("its question is longer than leakscope shows".into());
            }
        }
        if let Some(example) = &self.example {
            let id = example
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !id || example.is_empty() || example.len() > MAX_NAME_CHARS {
                return Err("its example is not the name of an example".into());
            }
        }
        Ok(())
    }

    /// The state as JSON text, fields in declaration order.
    pub fn to_json(&self) -> String {
        json_text::write(self)
    }

    /// Reads and validates a state from JSON text; the error is a phrase
    /// for a sentence.
    pub fn from_json(text: &str) -> Result<LinkState, String> {
        let state = json_text::read(text)?;
        state.validate()?;
        Ok(state)
    }
}

/// JSON text in the browser: the browser's own `JSON`, with serde-wasm-bindgen
/// between the Rust type and the JavaScript value.
#[cfg(target_arch = "wasm32")]
mod json_text {
    use super::LinkState;

    pub fn write(state: &LinkState) -> String {
        // A struct of text, numbers and booleans always has a JavaScript
        // value and a JSON text.
        serde_wasm_bindgen::to_value(state)
            .ok()
            .and_then(|value| js_sys::JSON::stringify(&value).ok())
            .and_then(|text| text.as_string())
            .unwrap_or_default()
    }

    pub fn read(text: &str) -> Result<LinkState, String> {
        let value = js_sys::JSON::parse(text)
            .map_err(|_| "its contents are not a leakscope state".to_string())?;
        if !value.is_object() || js_sys::Array::is_array(&value) {
            return Err("its contents are not a leakscope state".into());
        }
        serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
    }
}

/// JSON text natively (tests, tools): serde_json, which writes the same text.
#[cfg(not(target_arch = "wasm32"))]
mod json_text {
    use super::LinkState;

    pub fn write(state: &LinkState) -> String {
        serde_json::to_string(state).unwrap_or_default()
    }

    pub fn read(text: &str) -> Result<LinkState, String> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|_| "its contents are not a leakscope state".to_string())?;
        if !value.is_object() {
            return Err("its contents are not a leakscope state".into());
        }
        serde_json::from_value(value).map_err(|e| e.to_string())
    }
}

impl LinkState {
    pub fn analysis_options(&self) -> AnalysisOptions {
        AnalysisOptions {
            entry: self.entry.clone(),
            all_functions: self.options.all_functions,
            deep: false,
            pair: crate::examples::pair_of(self.example.as_deref()),
        }
    }
}

/// Why a link could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    TooLong { chars: usize },
    NotBase64,
    Corrupt,
    TooLarge,
    NotText,
    BadState(String),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::TooLong { chars } => write!(
                f,
                "This link is too long to open ({chars} characters, the limit is {MAX_FRAGMENT_CHARS})."
            ),
            LinkError::NotBase64 => f.write_str("This link is damaged: it contains characters a leakscope link never has."),
            LinkError::Corrupt => {
                f.write_str("This link is damaged or cut short: its compressed code does not unpack.")
            }
            LinkError::TooLarge => write!(
                f,
                "This link unpacks to more than {} KiB, which is more than leakscope opens.",
                MAX_DECOMPRESSED_BYTES / 1024
            ),
            LinkError::NotText => f.write_str("This link is damaged: its code is not valid text."),
            LinkError::BadState(detail) => write!(f, "This link is damaged: {detail}."),
        }
    }
}

/// What the fragment of an address asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fragment {
    /// No state in the fragment (empty, or something that is not ours).
    None,
    State(LinkState),
    Invalid(LinkError),
}

/// base64url without padding for encoding; decoding also accepts padding.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The fragment (with its leading `#`) that restores `state`.
pub fn encode(state: &LinkState) -> String {
    let json = state.to_json();
    fragment_v1(&miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9))
}

/// The `#v1=` fragment of a state's JSON already compressed as raw deflate
/// (the page compresses with the browser's CompressionStream and so does not
/// link the encoder of [`encode`]).
pub fn fragment_v1(compressed: &[u8]) -> String {
    format!("#v1={}", BASE64URL.encode(compressed))
}

/// Reads a fragment, with or without its leading `#`.
pub fn decode(fragment: &str) -> Fragment {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if let Some(payload) = fragment.strip_prefix("v1=") {
        match decode_v1(payload) {
            Ok(state) => Fragment::State(state),
            Err(e) => Fragment::Invalid(e),
        }
    } else if let Some(payload) = fragment.strip_prefix("code=") {
        match decode_code(payload) {
            Ok(code) => Fragment::State(LinkState {
                code,
                ..LinkState::default()
            }),
            Err(e) => Fragment::Invalid(e),
        }
    } else {
        Fragment::None
    }
}

fn base64_bytes(payload: &str) -> Result<Vec<u8>, LinkError> {
    let chars = payload.chars().count();
    if chars > MAX_FRAGMENT_CHARS {
        return Err(LinkError::TooLong { chars });
    }
    // Hand-written links may use the standard alphabet, or be percent-escaped
    // by the mail client that carried them.
    let cleaned: String = percent_unescape(payload.trim())
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    BASE64URL
        .decode(cleaned.as_bytes())
        .map_err(|_| LinkError::NotBase64)
}

/// Undoes `%XX` escapes of ASCII characters only; anything else stays as it is.
fn percent_unescape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let value = u8::from_str_radix(&s[i + 1..i + 3], 16).expect("two hex digits");
            if value.is_ascii() {
                out.push(value as char);
                i += 3;
                continue;
            }
        }
        let c = s[i..].chars().next().expect("i is on a character boundary");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

fn decode_v1(payload: &str) -> Result<LinkState, LinkError> {
    let compressed = base64_bytes(payload)?;
    let json =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_DECOMPRESSED_BYTES)
            .map_err(|e| match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooLarge,
                _ => LinkError::Corrupt,
            })?;
    let json = String::from_utf8(json)
        .map_err(|_| LinkError::BadState("its contents are not a leakscope state".into()))?;
    LinkState::from_json(&json).map_err(|detail| {
        if detail.starts_with("its contents") {
            LinkError::BadState(detail)
        } else {
            LinkError::BadState(format!(
                "its contents do not match what leakscope saves ({detail})"
            ))
        }
    })
}

fn decode_code(payload: &str) -> Result<String, LinkError> {
    let bytes = base64_bytes(payload)?;
    if bytes.len() > MAX_DECOMPRESSED_BYTES {
        return Err(LinkError::TooLarge);
    }
    String::from_utf8(bytes).map_err(|_| LinkError::NotText)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(code: &str) -> LinkState {
        LinkState {
            code: code.into(),
            example: Some("premature-return".into()),
            entry: Some("main".into()),
            finding: Some(2),
            item: Some(3),
            step: Some(14),
            clean_run: true,
            options: LinkOptions {
                all_functions: true,
            },
            predict: false,
            question: None,
        }
    }

    #[test]
    fn round_trip() {
        let s = state("package main\n\nfunc main() { go f() } // é😀\n");
        let link = encode(&s);
        assert!(link.starts_with("#v1="));
        assert!(link[4..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(decode(&link), Fragment::State(s));
    }

    #[test]
    fn minimal_state_has_only_code() {
        let s = LinkState {
            code: "x".into(),
            ..LinkState::default()
        };
        assert_eq!(s.to_json(), r#"{"code":"x"}"#);
        assert_eq!(decode(&encode(&s)), Fragment::State(s));
    }

    #[test]
    fn the_json_shape_is_stable_and_unknown_fields_are_ignored() {
        let s = state("x");
        assert_eq!(
            s.to_json(),
            r#"{"code":"x","example":"premature-return","entry":"main","finding":2,"item":3,"step":14,"clean_run":true,"options":{"all_functions":true}}"#
        );
        let newer = r#"{"theme":"dark","code":"y","step":null,"options":{"all_functions":false,"later":[1,{}]}}"#;
        assert_eq!(
            LinkState::from_json(newer),
            Ok(LinkState {
                code: "y".into(),
                ..LinkState::default()
            })
        );
        for (bad, phrase) in [
            (r#"{"step":1}"#, "missing field `code`"),
            (r#"{"code":"x","step":-1}"#, "invalid value"),
            (r#"{"code":"x","step":"1"}"#, "invalid type: string"),
            (
                r#"{"code":"x","options":{"all_functions":1}}"#,
                "expected a boolean",
            ),
            (r#"["code"]"#, "not a leakscope state"),
            ("{", "not a leakscope state"),
            (
                r#"{"code":"x","entry":"main; rm"}"#,
                "not the name of a Go function",
            ),
            (
                r#"{"code":"x","example":"../x"}"#,
                "not the name of an example",
            ),
        ] {
            let error = LinkState::from_json(bad).unwrap_err();
            assert!(error.contains(phrase), "{bad}: {error}");
        }
        // Nulls read as missing fields.
        assert_eq!(
            LinkState::from_json(
                r#"{"code":"z","clean_run":null,"options":null,"entry":"T.Test_é1"}"#
            ),
            Ok(LinkState {
                code: "z".into(),
                entry: Some("T.Test_é1".into()),
                ..LinkState::default()
            })
        );
    }

    /// Links made by the page of an earlier build (web/tests/fixtures,
    /// captured from its Share button and address bar) decode to the state
    /// that page put in them.
    #[test]
    fn links_made_by_earlier_builds_still_open() {
        let fixture: serde_json::Value =
            serde_json::from_str(include_str!("../tests/fixtures/v1-links.json")).unwrap();
        let links = fixture["links"].as_array().unwrap();
        assert!(links.len() >= 4);
        for entry in links {
            let link = entry["link"].as_str().unwrap();
            let expected: LinkState = serde_json::from_value(entry["state"].clone()).unwrap();
            assert_eq!(expected.code, entry["code"].as_str().unwrap());
            assert_eq!(decode(link), Fragment::State(expected.clone()), "{link}");
            // Written again, it is the same JSON the old page wrote.
            let again: serde_json::Value = serde_json::from_str(&expected.to_json()).unwrap();
            assert_eq!(again, entry["state"]);
        }
    }

    #[test]
    fn predict_links_carry_the_question_and_old_readers_ignore_nothing_they_knew() {
        let s = LinkState {
            predict: true,
            question: Some("Who is stuck at `ch <- v`?".into()),
            ..state("package main\n")
        };
        let json = s.to_json();
        // The new fields come last: the old fields keep their places.
        assert!(
            json.ends_with(r#""options":{"all_functions":true},"predict":true,"question":"Who is stuck at `ch <- v`?"}"#),
            "{json}"
        );
        assert_eq!(decode(&encode(&s)), Fragment::State(s.clone()));
        // Without them the JSON is what an older build wrote.
        let plain = LinkState {
            predict: false,
            question: None,
            ..s
        };
        assert!(!plain.to_json().contains("predict"));
        let long = format!(
            r#"{{"code":"x","predict":true,"question":"{}"}}"#,
            "?".repeat(MAX_QUESTION_CHARS + 1)
        );
        assert!(LinkState::from_json(&long)
            .unwrap_err()
            .contains("question is longer"));
        assert_eq!(
            LinkState::from_json(r#"{"code":"x","predict":null}"#),
            Ok(LinkState {
                code: "x".into(),
                ..LinkState::default()
            })
        );
    }

    #[test]
    fn plain_code_links_written_by_hand() {
        // "package main" in base64url, with and without padding, and standard alphabet.
        let expected = Fragment::State(LinkState {
            code: "package main".into(),
            ..LinkState::default()
        });
        assert_eq!(decode("#code=cGFja2FnZSBtYWlu"), expected);
        assert_eq!(decode("code=cGFja2FnZSBtYWlu"), expected);
        let with_slash = "ü?>";
        let standard = base64::engine::general_purpose::STANDARD.encode(with_slash);
        assert!(
            standard.contains('/') || standard.contains('+'),
            "{standard}"
        );
        let expected = Fragment::State(LinkState {
            code: with_slash.into(),
            ..LinkState::default()
        });
        assert_eq!(decode(&format!("#code={standard}")), expected);
        assert_eq!(
            decode(&format!("#code={}", standard.replace('=', "%3D"))),
            expected
        );
    }

    #[test]
    fn foreign_fragments_are_not_ours() {
        assert_eq!(decode(""), Fragment::None);
        assert_eq!(decode("#"), Fragment::None);
        assert_eq!(decode("#section-2"), Fragment::None);
    }

    #[test]
    fn malformed_links_are_errors_with_messages() {
        assert_eq!(decode("#v1=!!!"), Fragment::Invalid(LinkError::NotBase64));
        assert_eq!(decode("#v1=AAAA"), Fragment::Invalid(LinkError::Corrupt));
        let link = encode(&state("package main\nfunc main() {}\n"));
        let truncated = &link[..link.len() - 6];
        assert!(matches!(
            decode(truncated),
            Fragment::Invalid(LinkError::Corrupt | LinkError::NotBase64)
        ));
        let not_json = format!(
            "#v1={}",
            BASE64URL.encode(miniz_oxide::deflate::compress_to_vec(b"hello", 6))
        );
        assert!(matches!(
            decode(&not_json),
            Fragment::Invalid(LinkError::BadState(_))
        ));
        let wrong_shape = format!(
            "#v1={}",
            BASE64URL.encode(miniz_oxide::deflate::compress_to_vec(br#"{"code":5}"#, 6))
        );
        match decode(&wrong_shape) {
            Fragment::Invalid(e @ LinkError::BadState(_)) => {
                assert!(!e.to_string().contains("line 1"), "{e}")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(decode("#code=_w"), Fragment::Invalid(LinkError::NotText));
        for e in [
            LinkError::NotBase64,
            LinkError::Corrupt,
            LinkError::TooLarge,
            LinkError::NotText,
        ] {
            assert!(e.to_string().starts_with("This link"));
        }
    }

    #[test]
    fn decompression_bombs_stop_at_the_cap() {
        // 64 MiB of spaces compresses to a few tens of KiB.
        let bomb = vec![b' '; 64 * 1024 * 1024];
        let compressed = miniz_oxide::deflate::compress_to_vec(&bomb, 9);
        assert!(compressed.len() < MAX_FRAGMENT_CHARS / 2);
        let link = format!("#v1={}", BASE64URL.encode(compressed));
        assert_eq!(decode(&link), Fragment::Invalid(LinkError::TooLarge));
    }

    #[test]
    fn oversized_fragments_are_refused_before_decoding() {
        let link = format!("#v1={}", "A".repeat(MAX_FRAGMENT_CHARS + 1));
        assert_eq!(
            decode(&link),
            Fragment::Invalid(LinkError::TooLong {
                chars: MAX_FRAGMENT_CHARS + 1
            })
        );
    }
}
