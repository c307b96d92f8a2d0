//! Syntax colours from the analyzer's own tree-sitter tree.
//!
//! A walk over the tree classifies each leaf by its node kind and its parent;
//! no highlight queries, because tree-sitter's query engine pulls in `regex`
//! and would more than triple the worker's size (see docs/ARCHITECTURE.md).

use crate::protocol::TokenClass;
use crate::text::Utf16Offsets;
use leakscope::syntax::ParsedFile;
use tree_sitter::Node;

/// The most tokens sent for one document. Past this the rest of the file is
/// left uncoloured rather than making a huge message.
pub const MAX_TOKENS: usize = 200_000;

/// Colours for a parsed file: flat `(from, to, class)` triples with UTF-16
/// offsets, sorted and not overlapping.
pub fn highlight_tokens(file: &ParsedFile, offsets: &Utf16Offsets<'_>) -> Vec<u32> {
    let imports = imported_names(file);
    let mut tokens = Vec::new();
    let mut cursor = file.root().walk();
    // Each ancestor's kind and its field in its own parent. tree-sitter's
    // `Node::parent` searches down from the root, which is quadratic on a
    // file with thousands of top-level declarations; the walk knows them.
    let mut ancestors: Vec<(&str, Option<&str>)> = Vec::new();
    // Pre-order walk with the cursor: no recursion, so deep nesting is harmless.
    'walk: loop {
        let node = cursor.node();
        let whole = whole_token(node.kind());
        let class = match whole {
            Some(class) => Some(class),
            None if node.child_count() == 0 => {
                let place = Place {
                    field: cursor.field_name(),
                    parent: ancestors.last().copied(),
                    grandparent_kind: ancestors.len().checked_sub(2).map(|i| ancestors[i].0),
                };
                classify_leaf(file, &imports, node, place)
            }
            None => None,
        };
        if let Some(class) = class {
            if node.end_byte() > node.start_byte() {
                if tokens.len() / 3 >= MAX_TOKENS {
                    break 'walk;
                }
                tokens.push(offsets.utf16(node.start_byte() as u32));
                tokens.push(offsets.utf16(node.end_byte() as u32));
                tokens.push(class as u32);
            }
        }
        if whole.is_none() {
            let field = cursor.field_name();
            if cursor.goto_first_child() {
                ancestors.push((node.kind(), field));
                continue;
            }
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
            ancestors.pop();
        }
    }
    tokens
}

/// Where a leaf sits: its field in its parent, the parent's kind and field in
/// the grandparent, and the grandparent's kind.
#[derive(Clone, Copy)]
struct Place<'a> {
    field: Option<&'a str>,
    parent: Option<(&'a str, Option<&'a str>)>,
    grandparent_kind: Option<&'a str>,
}

/// Nodes coloured as one piece, children included.
fn whole_token(kind: &str) -> Option<TokenClass> {
    match kind {
        "interpreted_string_literal" | "raw_string_literal" | "rune_literal" => {
            Some(TokenClass::String)
        }
        "comment" => Some(TokenClass::Comment),
        _ => None,
    }
}

const BUILTIN_FUNCTIONS: &[&str] = &[
    "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max",
    "min", "new", "panic", "print", "println", "real", "recover",
];

/// The names the file's imports bind (`fmt` for "fmt", `rand` for
/// "math/rand", or the explicit name), so `fmt.Println` colours `fmt`.
fn imported_names(file: &ParsedFile) -> Vec<&str> {
    let mut names = Vec::new();
    let root = file.root();
    let mut cursor = root.walk();
    for declaration in root
        .named_children(&mut cursor)
        .filter(|n| n.kind() == "import_declaration")
    {
        let mut specs = vec![declaration];
        while let Some(node) = specs.pop() {
            if node.kind() == "import_spec" {
                let name = node.child_by_field_name("name").map(|n| file.text_of(n));
                let path = node
                    .child_by_field_name("path")
                    .map(|p| file.text_of(p).trim_matches('"'));
                if let Some(name) = name.or_else(|| path.and_then(|p| p.rsplit('/').next())) {
                    names.push(name);
                }
            } else {
                let mut inner = node.walk();
                specs.extend(node.named_children(&mut inner));
            }
        }
    }
    names
}

fn classify_leaf(
    file: &ParsedFile,
    imports: &[&str],
    node: Node<'_>,
    place: Place<'_>,
) -> Option<TokenClass> {
    let kind = node.kind();
    match kind {
        "go" | "chan" | "select" | "<-" => Some(TokenClass::Concurrency),
        "package" | "import" | "func" | "var" | "const" | "type" | "struct" | "interface"
        | "map" | "defer" | "return" | "if" | "else" | "for" | "range" | "switch" | "case"
        | "default" | "break" | "continue" | "goto" | "fallthrough" => {
            // Inside an ERROR node these kinds can also be plain identifiers the
            // parser could not place; colour them only when named as a keyword.
            (!node.is_named()).then_some(TokenClass::Keyword)
        }
        "int_literal" | "float_literal" | "imaginary_literal" => Some(TokenClass::Number),
        "true" | "false" | "nil" | "iota" => Some(TokenClass::Constant),
        "type_identifier" => Some(TokenClass::Type),
        "package_identifier" => Some(TokenClass::Package),
        "identifier" | "field_identifier" => classify_name(file.text_of(node), imports, place),
        _ => None,
    }
}

/// A name is a function when it is declared as one or called, and a package
/// when it is an imported name before a dot.
fn classify_name(name: &str, imports: &[&str], place: Place<'_>) -> Option<TokenClass> {
    let (parent_kind, parent_field) = place.parent?;
    match (parent_kind, place.field) {
        ("function_declaration" | "method_declaration" | "method_elem", Some("name")) => {
            Some(TokenClass::Function)
        }
        ("call_expression", Some("function")) => {
            if BUILTIN_FUNCTIONS.contains(&name) {
                Some(TokenClass::Builtin)
            } else {
                Some(TokenClass::Function)
            }
        }
        ("selector_expression", Some("operand")) => {
            imports.contains(&name).then_some(TokenClass::Package)
        }
        ("selector_expression", Some("field")) => {
            (place.grandparent_kind == Some("call_expression") && parent_field == Some("function"))
                .then_some(TokenClass::Function)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leakscope::syntax::parse;

    /// Renders tokens as `class:text` for readable expectations.
    fn check(source: &str, expect: &[&str]) {
        let file = parse(source);
        let offsets = Utf16Offsets::new(source);
        let tokens = highlight_tokens(&file, &offsets);
        let utf16: Vec<u16> = source.encode_utf16().collect();
        let got: Vec<String> = tokens
            .chunks(3)
            .map(|t| {
                let text = String::from_utf16_lossy(&utf16[t[0] as usize..t[1] as usize]);
                format!("{}:{}", TokenClass::ALL[t[2] as usize].name(), text)
            })
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn classifies_keywords_calls_literals_and_channel_operators() {
        check(
            "package main\n\nimport \"fmt\"\n\n// c\nfunc main() {\n\tch := make(chan int, 1)\n\tgo fmt.Println(\"é\", 2)\n\tch <- 1\n\t_ = <-ch\n\tvar _ error = nil\n}\n",
            &[
                "keyword:package",
                "package:main",
                "keyword:import",
                "string:\"fmt\"",
                "comment:// c",
                "keyword:func",
                "function:main",
                "builtin:make",
                "concurrency:chan",
                "type:int",
                "number:1",
                "concurrency:go",
                "package:fmt",
                "function:Println",
                "string:\"é\"",
                "number:2",
                "concurrency:<-",
                "number:1",
                "concurrency:<-",
                "keyword:var",
                "type:error",
                "constant:nil",
            ],
        );
    }

    #[test]
    fn broken_code_still_gets_colours() {
        let source = "package main\nfunc main() {\n\tgo f(\n}\n";
        let file = parse(source);
        let tokens = highlight_tokens(&file, &Utf16Offsets::new(source));
        assert!(tokens
            .chunks(3)
            .any(|t| t[2] == TokenClass::Concurrency as u32));
        assert!(tokens
            .chunks(3)
            .zip(tokens.chunks(3).skip(1))
            .all(|(a, b)| a[1] <= b[0]));
    }
}
