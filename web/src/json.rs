//! The little JSON the page needs: permalink states, and the data it hands
//! to the editor shim.
//!
//! Written here instead of using serde_json because the page's WebAssembly is
//! downloaded by every visitor: serde_json, serde's error machinery and the
//! float printer and parser it brings were about a tenth of the page. Numbers
//! are kept as integers (a permalink has no other kind), and anything else in
//! the input is an error with a sentence, never a panic. Nesting is capped,
//! so a hostile link cannot exhaust the stack.

/// A parsed JSON value. Objects keep their fields in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// An integer. Fractions and exponents are refused when parsing.
    Integer(i64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// Arrays and objects nested deeper than this are refused.
pub const MAX_DEPTH: usize = 64;

impl Value {
    /// The value of `key` in an object (the first, if it appears twice).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// A short name of the value's type, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Integer(_) => "a number",
            Value::String(_) => "text",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }
}

/// Parses one JSON document (surrounding white space allowed).
pub fn parse(text: &str) -> Result<Value, String> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = parser.value(0)?;
    parser.space();
    if parser.at != parser.bytes.len() {
        return Err("there is more after the end".into());
    }
    Ok(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.space();
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, String> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err("it is not JSON".into())
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("it is nested too deeply".into());
        }
        self.space();
        match self.bytes.get(self.at) {
            None => Err("it ends too early".into()),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.integer(),
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err("a list is not closed".into());
                        }
                    }
                }
                Ok(Value::Array(items))
            }
            Some(b'{') => {
                self.at += 1;
                let mut fields = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.space();
                        if self.bytes.get(self.at) != Some(&b'"') {
                            return Err("an object has a name that is not text".into());
                        }
                        let key = self.string()?;
                        if !self.eat(b':') {
                            return Err("an object is missing a `:`".into());
                        }
                        fields.push((key, self.value(depth + 1)?));
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err("an object is not closed".into());
                        }
                    }
                }
                Ok(Value::Object(fields))
            }
            Some(_) => Err("it is not JSON".into()),
        }
    }

    fn integer(&mut self) -> Result<Value, String> {
        let start = self.at;
        if self.bytes[self.at] == b'-' {
            self.at += 1;
        }
        let digits = self.at;
        while let Some(b'0'..=b'9') = self.bytes.get(self.at) {
            self.at += 1;
        }
        if self.at == digits
            || (self.bytes[digits] == b'0' && self.at > digits + 1)
            || matches!(self.bytes.get(self.at), Some(b'.' | b'e' | b'E'))
        {
            return Err("it has a number leakscope never writes".into());
        }
        // The bytes are an optional minus and ASCII digits.
        let text = std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or_default();
        text.parse()
            .map(Value::Integer)
            .map_err(|_| "it has a number that is too large".into())
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self
            .bytes
            .get(self.at..self.at + 4)
            .ok_or("it ends inside an escape")?;
        let mut value = 0;
        for &d in digits {
            let digit = (d as char).to_digit(16).ok_or("it has a bad escape")?;
            value = value * 16 + digit;
        }
        self.at += 4;
        Ok(value)
    }

    /// A string starting at the opening quote.
    fn string(&mut self) -> Result<String, String> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let Some(&byte) = self.bytes.get(self.at) else {
                return Err("a text is not closed".into());
            };
            self.at += 1;
            match byte {
                b'"' => break,
                b'\\' => {
                    let Some(&escape) = self.bytes.get(self.at) else {
                        return Err("it ends inside an escape".into());
                    };
                    self.at += 1;
                    let c = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let high = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&high) {
                                if !self.bytes[self.at..].starts_with(b"\\u") {
                                    return Err("it has half a character".into());
                                }
                                self.at += 2;
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return Err("it has half a character".into());
                                }
                                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                high
                            };
                            char::from_u32(code).ok_or("it has half a character")?
                        }
                        _ => return Err("it has a bad escape".into()),
                    };
                    let mut buffer = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
                }
                0..=0x1f => return Err("a text has a raw control character".into()),
                _ => out.push(byte),
            }
        }
        // The input was a &str and escapes add whole characters.
        String::from_utf8(out).map_err(|_| "a text is not valid".into())
    }
}

/// Appends `text` as a JSON string literal.
pub fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Builds one JSON object, field by field.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    pub fn new(out: &'a mut String) -> ObjectWriter<'a> {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    fn key(&mut self, key: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_string(self.out, key);
        self.out.push(':');
        self.out
    }

    pub fn string(&mut self, key: &str, value: &str) -> &mut Self {
        let out = self.key(key);
        write_string(out, value);
        self
    }

    pub fn number(&mut self, key: &str, value: i64) -> &mut Self {
        let out = self.key(key);
        out.push_str(&value.to_string());
        self
    }

    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        let out = self.key(key);
        out.push_str(if value { "true" } else { "false" });
        self
    }

    /// A value that is already JSON (e.g. from [`array_of_objects`]).
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        let out = self.key(key);
        out.push_str(json);
        self
    }

    /// A nested object, written by `f`.
    pub fn object(&mut self, key: &str, f: impl FnOnce(&mut ObjectWriter<'_>)) -> &mut Self {
        let out = self.key(key);
        let mut inner = ObjectWriter::new(out);
        f(&mut inner);
        inner.finish();
        self
    }

    pub fn finish(&mut self) {
        self.out.push('}');
    }
}

/// A JSON array of objects, each written by `f`.
pub fn array_of_objects<T>(items: &[T], mut f: impl FnMut(&mut ObjectWriter<'_>, &T)) -> String {
    let mut out = String::from("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let mut object = ObjectWriter::new(&mut out);
        f(&mut object, item);
        object.finish();
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_it_writes() {
        let mut out = String::new();
        ObjectWriter::new(&mut out)
            .string("code", "a \"quoted\" \\ line\n\ttab \u{1} é😀")
            .number("step", 14)
            .number("neg", -3)
            .bool("yes", true)
            .object("options", |o| {
                o.bool("all_functions", false);
            })
            .finish();
        let value = parse(&out).unwrap();
        assert_eq!(
            value.get("code"),
            Some(&Value::String(
                "a \"quoted\" \\ line\n\ttab \u{1} é😀".into()
            ))
        );
        assert_eq!(value.get("step"), Some(&Value::Integer(14)));
        assert_eq!(value.get("neg"), Some(&Value::Integer(-3)));
        assert_eq!(value.get("yes"), Some(&Value::Bool(true)));
        assert_eq!(
            value.get("options").and_then(|o| o.get("all_functions")),
            Some(&Value::Bool(false))
        );
    }

    #[test]
    fn reads_json_written_by_others() {
        let value =
            parse(" { \"a\" : [1, -2, null, true, \"x\\u00e9\\ud83d\\ude00\\/\"], \"b\": {} } ")
                .unwrap();
        assert_eq!(
            value.get("a"),
            Some(&Value::Array(vec![
                Value::Integer(1),
                Value::Integer(-2),
                Value::Null,
                Value::Bool(true),
                Value::String("xé😀/".into()),
            ]))
        );
        assert_eq!(value.get("b"), Some(&Value::Object(vec![])));
        assert_eq!(parse("[]"), Ok(Value::Array(vec![])));
    }

    #[test]
    fn refuses_what_is_not_json_without_panicking() {
        for bad in [
            "",
            "{",
            "{\"a\"}",
            "{\"a\":1,}",
            "[1,]",
            "[1 2]",
            "nul",
            "01",
            "1.5",
            "1e3",
            "-",
            "99999999999999999999",
            "\"abc",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\u12\"",
            "\"a\u{1}b\"",
            "{} x",
            "{1:2}",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} parsed");
        }
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        assert!(parse(&deep).is_err());
        let fine = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn arrays_of_objects_for_the_shim() {
        let json = array_of_objects(&[(1, "a"), (2, "b")], |o, (n, s)| {
            o.number("line", *n).string("label", s);
        });
        assert_eq!(json, r#"[{"line":1,"label":"a"},{"line":2,"label":"b"}]"#);
        let mut out = String::new();
        ObjectWriter::new(&mut out).raw("list", &json).finish();
        assert!(parse(&out).is_ok());
        assert_eq!(array_of_objects::<u8>(&[], |_, _| {}), "[]");
    }
}
