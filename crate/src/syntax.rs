//! Parsing. It never fails: a source always gives a tree plus the syntax errors
//! found in it, so broken code is analyzed as far as it parses.
//!
//! Positions are byte offsets into the source; [`LineIndex`] converts them to
//! 1-based lines and columns (bytes, or UTF-16 code units for the browser).

pub use crate::position::{LineCol, LineIndex, Position, Range, Span};
use serde::Serialize;

impl Span {
    pub fn of(node: tree_sitter::Node<'_>) -> Span {
        Span::new(node.start_byte(), node.end_byte())
    }
}

/// A syntax error: where the parser gave up or inserted a missing token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// A parsed Go source file.
pub struct ParsedFile {
    pub text: String,
    pub tree: tree_sitter::Tree,
    pub errors: Vec<SyntaxError>,
    pub lines: LineIndex,
}

impl ParsedFile {
    pub fn root(&self) -> tree_sitter::Node<'_> {
        self.tree.root_node()
    }

    /// The source text of a node.
    pub fn text_of(&self, node: tree_sitter::Node<'_>) -> &str {
        &self.text[node.byte_range()]
    }
}

/// The most syntax errors reported for one file; past this a file is noise.
pub const MAX_SYNTAX_ERRORS: usize = 100;

/// Parses Go source. Never fails and never panics, whatever the bytes.
///
/// A text with txtar file markers (`-- name.go --` lines) is several files
/// of one package: it is parsed as [`crate::package::from_txtar`] prepares
/// it (markers as comments, other files and extra package clauses blanked),
/// which keeps every offset, so [`ParsedFile::text`] has the same length and
/// lines as `text`. A single snippet is parsed as it is.
pub fn parse(text: &str) -> ParsedFile {
    match crate::package::from_txtar(text) {
        Some(package) => parse_go(&package.text),
        None => parse_go(text),
    }
}

/// Parses one Go text as it is.
fn parse_go(text: &str) -> ParsedFile {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_go::LANGUAGE.into())
        .expect("the Go grammar matches the tree-sitter version");
    let parse = |parser: &mut tree_sitter::Parser, source: &str| {
        let tree = parser
            .parse(source, None)
            .expect("a parser with a language and no cancellation always returns a tree");
        let mut errors = Vec::new();
        collect_errors(text, tree.root_node(), &mut errors);
        (tree, errors)
    };
    let (mut tree, mut errors) = parse(&mut parser, text);
    if let Some(renamed) = new_of_values(text, &errors) {
        let (t, e) = parse(&mut parser, &renamed);
        if weight(&e) < weight(&errors) {
            (tree, errors) = (t, e);
        }
    }
    ParsedFile {
        text: text.to_string(),
        lines: LineIndex::new(text),
        tree,
        errors,
    }
}

/// Go 1.26's `new(expr)` (`new(42)`, `new(key("a"))`): the grammar reads
/// `new(` as the start of `new(Type)` only. When a syntax error falls inside
/// such a call, the text with those calls' `new` renamed (same length, so
/// every offset holds) parses; the tree of that text is kept beside the
/// original text, whose `new` the lowering reads (the builtin then takes a
/// value). `None` when no call is broken.
fn new_of_values(text: &str, errors: &[SyntaxError]) -> Option<String> {
    if errors.is_empty() {
        return None;
    }
    let bytes = text.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'.';
    let mut out: Option<Vec<u8>> = None;
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find("new(")) {
        let at = from + found;
        from = at + 4;
        if at > 0 && ident(bytes[at - 1]) {
            continue;
        }
        // The call's end: its balanced closing parenthesis.
        let mut depth = 0usize;
        let mut end = bytes.len();
        for (i, &b) in bytes.iter().enumerate().skip(at + 3) {
            match b {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                b'\n' | b'{' => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let broken = errors
            .iter()
            .any(|e| e.span.start < end as u32 && e.span.end.max(e.span.start + 1) > at as u32);
        if broken {
            out.get_or_insert_with(|| bytes.to_vec())[at..at + 3].copy_from_slice(b"_nw");
        }
    }
    out.and_then(|b| String::from_utf8(b).ok())
}

fn collect_errors(text: &str, root: tree_sitter::Node<'_>, out: &mut Vec<SyntaxError>) {
    if !root.has_error() {
        return;
    }
    // An explicit stack: deeply nested input must not overflow the call stack.
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if out.len() >= MAX_SYNTAX_ERRORS {
            return;
        }
        if node.is_missing() {
            out.push(SyntaxError {
                span: Span::new(node.start_byte(), node.start_byte()),
                message: format!("expected {}", describe_kind(node.kind())),
            });
            continue;
        }
        if node.is_error() {
            let span = Span::of(node);
            let snippet: String = text[node.byte_range()]
                .chars()
                .take(24)
                .collect::<String>()
                .split('\n')
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            let message = if snippet.is_empty() {
                "syntax error".to_string()
            } else {
                format!("syntax error near `{snippet}`")
            };
            out.push(SyntaxError { span, message });
            continue;
        }
        if node.has_error() {
            let mut cursor = node.walk();
            let children: Vec<_> = node.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
    }
    crate::order::sort_by_key(out, |e| e.span.start);
}

/// A slip in pasted code with one clear repair: `range` missing in a `for`
/// over a collection, closing braces missing at the end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Slip {
    /// Where the repair inserts text, in the original source.
    pub at: u32,
    pub insert: String,
    /// What is wrong, said to the reader: "`range` is missing".
    pub message: String,
    /// What the analysis assumed: "analyzed as if `range` were there".
    pub assumed: String,
}

/// A file whose slips were repaired: the repairs, and the repaired file.
pub struct Repaired {
    pub slips: Vec<Slip>,
    pub parsed: ParsedFile,
}

impl Repaired {
    /// An offset of the repaired text as an offset of the original: text
    /// inserted before it is taken away; inside an insertion, its start.
    pub fn original_offset(&self, offset: u32) -> u32 {
        original_offset(&self.slips, offset)
    }

    pub fn original_span(&self, span: Span) -> Span {
        Span {
            start: self.original_offset(span.start),
            end: self.original_offset(span.end),
        }
    }
}

/// [`Repaired::original_offset`] for slips sorted by where they insert.
fn original_offset(slips: &[Slip], offset: u32) -> u32 {
    let mut shift = 0u32;
    for slip in slips {
        let at = slip.at + shift;
        let len = slip.insert.len() as u32;
        if offset >= at + len {
            shift += len;
        } else if offset > at {
            return slip.at;
        } else {
            break;
        }
    }
    offset - shift
}

/// The most slips repaired in one file; past this the text is not a slip away
/// from Go.
const MAX_SLIPS: usize = 4;

/// Files past this size are not repaired: slips are a pasted snippet's, and
/// each repair tried costs a parse of the whole file (a keystroke's budget in
/// the browser).
const MAX_REPAIR_BYTES: usize = 64 * 1024;

/// The most repairs tried in one round (each is a parse of the whole file).
const MAX_CANDIDATES: usize = 4;

/// Repairs the common slips of a file with syntax errors, one at a time,
/// each kept only when the file is then less broken (fewer errors, or
/// errors covering less of it). `None` when
/// the file has no error or no repair helps.
pub fn repair_slips(parsed: &ParsedFile) -> Option<Repaired> {
    if parsed.text.len() > MAX_REPAIR_BYTES {
        return None;
    }
    // Slips that parse (Go's compiler, not the grammar, rejects them).
    let mut slips: Vec<Slip> = undeclared_assignments(parsed);
    slips.extend(uncalled_literals(parsed));
    crate::order::sort_by_key(&mut slips, |s| s.at);
    slips.truncate(MAX_SLIPS);
    let mut current: Option<ParsedFile> = None;
    if !slips.is_empty() {
        // These are found on the original, at distinct places: insert from
        // the last, so that each offset still holds.
        let mut text = parsed.text.clone();
        for slip in slips.iter().rev() {
            text.insert_str(slip.at as usize, &slip.insert);
        }
        let reparsed = parse(&text);
        if error_weight(&reparsed) > error_weight(parsed) {
            slips.clear();
        } else {
            current = Some(reparsed);
        }
    }
    if parsed.errors.is_empty() && current.is_none() {
        return None;
    }
    while slips.len() < MAX_SLIPS {
        let file = current.as_ref().unwrap_or(parsed);
        if file.errors.is_empty() {
            break;
        }
        // Each candidate costs a parse: a few per round, the first ones.
        let mut candidates = missing_range(file);
        candidates.truncate(MAX_CANDIDATES);
        candidates.extend(missing_braces(file));
        let better = candidates.into_iter().find_map(|slip| {
            let mut text = file.text.clone();
            text.insert_str(slip.at as usize, &slip.insert);
            let reparsed = parse(&text);
            (error_weight(&reparsed) < error_weight(file)).then_some((slip, reparsed))
        });
        let Some((mut slip, reparsed)) = better else {
            break;
        };
        // Offsets of the slips are kept in the original's terms.
        slip.at = original_offset(&slips, slip.at);
        slips.push(slip);
        crate::order::sort_by_key(&mut slips, |s| s.at);
        current = Some(reparsed);
    }
    let parsed = current?;
    Some(Repaired { slips, parsed })
}

/// How broken a file is: the bytes its errors cover, and one per error (a
/// missing token covers none). A repair must make it less broken.
fn error_weight(file: &ParsedFile) -> usize {
    weight(&file.errors)
}

fn weight(errors: &[SyntaxError]) -> usize {
    errors.iter().map(|e| e.span.len() + 1).sum()
}

/// `go func() { ... }` without the `()` that calls it (and the same after
/// `defer`): Go rejects it, and nothing would run.
fn uncalled_literals(file: &ParsedFile) -> Vec<Slip> {
    let mut out = Vec::new();
    let mut stack = vec![file.root()];
    while let Some(node) = stack.pop() {
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
        let keyword = match node.kind() {
            "go_statement" => "go",
            "defer_statement" => "defer",
            _ => continue,
        };
        let Some(literal) = node
            .named_child(0)
            .filter(|n| n.kind() == "func_literal" && !n.has_error())
        else {
            continue;
        };
        out.push(Slip {
            at: literal.end_byte() as u32,
            insert: "()".to_string(),
            message: format!(
                "the function literal after `{keyword}` is not called: `()` is missing"
            ),
            assumed: "analyzed as if `()` were there".to_string(),
        });
    }
    out
}

/// `c = make(chan T)` where no `c` is declared anywhere in the file: `:=`
/// was meant. Only for a `make`, whose value nothing outside can be holding.
fn undeclared_assignments(file: &ParsedFile) -> Vec<Slip> {
    let text = file.text.as_str();
    let declared = declared_names(file);
    let mut out = Vec::new();
    let mut stack = vec![file.root()];
    while let Some(node) = stack.pop() {
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
        if node.kind() != "assignment_statement" {
            continue;
        }
        let (Some(left), Some(right), Some(operator)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
            node.child_by_field_name("operator"),
        ) else {
            continue;
        };
        if &text[operator.byte_range()] != "=" {
            continue;
        }
        let mut c = left.walk();
        let names: Vec<&str> = left
            .named_children(&mut c)
            .map(|n| (n.kind() == "identifier").then(|| &text[n.byte_range()]))
            .collect::<Option<Vec<_>>>()
            .unwrap_or_default();
        let mut c = right.walk();
        let values: Vec<tree_sitter::Node<'_>> = right.named_children(&mut c).collect();
        let all_made = !values.is_empty()
            && values.iter().all(|v| {
                v.kind() == "call_expression"
                    && v.child_by_field_name("function")
                        .is_some_and(|f| &text[f.byte_range()] == "make")
            });
        if names.is_empty()
            || names.len() != values.len()
            || !all_made
            || names.iter().any(|n| *n == "_" || declared.contains(*n))
        {
            continue;
        }
        let list = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(Slip {
            at: operator.start_byte() as u32,
            insert: ":".to_string(),
            message: format!(
                "{list} {} not declared anywhere: `:=` was meant",
                if names.len() == 1 { "is" } else { "are" }
            ),
            assumed: "analyzed as if `:=` were written".to_string(),
        });
    }
    crate::order::sort_by_key(&mut out, |s| s.at);
    out
}

/// Every name the file declares, wherever: variables, constants,
/// parameters, functions, types, imports, labels.
fn declared_names(file: &ParsedFile) -> std::collections::HashSet<&str> {
    let text = file.text.as_str();
    let mut out = std::collections::HashSet::new();
    let mut stack = vec![file.root()];
    while let Some(node) = stack.pop() {
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
        let field = match node.kind() {
            "var_spec"
            | "const_spec"
            | "parameter_declaration"
            | "variadic_parameter_declaration"
            | "function_declaration"
            | "method_declaration"
            | "type_spec"
            | "type_alias"
            | "import_spec" => "name",
            "short_var_declaration" | "range_clause" | "receive_statement" => "left",
            "labeled_statement" => "label",
            "type_switch_statement" => "alias",
            _ => continue,
        };
        let mut c = node.walk();
        for target in node.children_by_field_name(field, &mut c) {
            if target.kind() == "identifier"
                || target.kind() == "field_identifier"
                || target.kind() == "type_identifier"
                || target.kind() == "package_identifier"
                || target.kind() == "label_name"
            {
                out.insert(&text[target.byte_range()]);
            }
            let mut c2 = target.walk();
            for inner in target.named_children(&mut c2) {
                if inner.kind() == "identifier" {
                    out.insert(&text[inner.byte_range()]);
                }
            }
        }
    }
    out
}

/// `for _, x := items {`: a `for` with `:=` and no `range`, `;` or `=` clause
/// before its block. The repair inserts `range` after the `:=`.
fn missing_range(file: &ParsedFile) -> Vec<Slip> {
    let mut out = Vec::new();
    let mut stack = vec![file.root()];
    while let Some(node) = stack.pop() {
        if !node.has_error() && !node.is_error() {
            continue;
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.kind() == "for" && !child.is_named() {
                let head_start = child.end_byte();
                let rest = &file.text[head_start..];
                let head_end = rest.find(['{', '\n']).unwrap_or(rest.len());
                let head = &rest[..head_end];
                let Some(define) = head.find(":=") else {
                    continue;
                };
                if head.contains(';') || head.split_whitespace().any(|w| w == "range") {
                    continue;
                }
                out.push(Slip {
                    at: (head_start + define + 2) as u32,
                    insert: " range".to_string(),
                    message: "`range` is missing in this `for` over a collection".to_string(),
                    assumed: "analyzed as if `range` were there".to_string(),
                });
            }
            stack.push(child);
        }
    }
    crate::order::sort_by_key(&mut out, |s| s.at);
    out
}

/// Closing braces missing at the end of the file: more `{` than `}` tokens.
fn missing_braces(file: &ParsedFile) -> Option<Slip> {
    let (mut open, mut close) = (0usize, 0usize);
    let mut cursor = file.root().walk();
    'walk: loop {
        let node = cursor.node();
        if !node.is_missing() {
            match node.kind() {
                "{" => open += 1,
                "}" => close += 1,
                _ => {}
            }
        }
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    let missing = open.checked_sub(close).filter(|&n| n > 0)?;
    let newline = if file.text.ends_with('\n') { "" } else { "\n" };
    let braces = if missing == 1 { "brace" } else { "braces" };
    Some(Slip {
        at: file.text.len() as u32,
        insert: format!("{newline}{}", "}\n".repeat(missing)),
        message: format!("{missing} closing {braces} missing at the end"),
        assumed: format!(
            "analyzed as if the missing `}}`{} were at the end",
            if missing == 1 { "" } else { "s" }
        ),
    })
}

fn describe_kind(kind: &str) -> String {
    if kind.chars().all(|c| c.is_ascii_punctuation()) {
        format!("`{kind}`")
    } else {
        kind.replace('_', " ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_source_has_no_errors() {
        let file = parse("package main\n\nfunc main() {}\n");
        assert!(file.errors.is_empty());
        assert_eq!(file.root().kind(), "source_file");
    }

    #[test]
    fn new_of_a_value_parses_and_keeps_its_text() {
        // Go 1.26: `new(expr)`. The grammar knows only `new(Type)`.
        let source = "package main\n\nvar k = new(key(\"a\"))\n\nfunc main() {\n\tp := new(42)\n\tq := new(struct{ x int })\n\t_, _ = p, q\n}\n";
        let file = parse(source);
        assert!(file.errors.is_empty(), "{:?}", file.errors);
        assert_eq!(file.text, source);
        let at = source.find("new(42)").unwrap();
        let node = file.root().descendant_for_byte_range(at, at + 3).unwrap();
        assert_eq!(file.text_of(node), "new");
        // Broken code elsewhere stays broken, and `new(T)` is untouched.
        let broken = parse("package main\n\nfunc main() {\n\tq := new(int)\n\tx := \n}\n");
        assert!(!broken.errors.is_empty());
    }

    #[test]
    fn broken_source_still_parses_with_errors() {
        let file = parse("package main\nfunc main() {\n\tx := \n}\n");
        assert!(!file.errors.is_empty());
    }

    #[test]
    fn line_columns_in_bytes_and_utf16() {
        let text = "ab\n\u{e9}x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(3), LineCol { line: 2, column: 1 });
        // 'x' is after a 2-byte character: byte column 3, UTF-16 column 2.
        assert_eq!(idx.line_col(5), LineCol { line: 2, column: 3 });
        assert_eq!(idx.line_col_utf16(text, 5), LineCol { line: 2, column: 2 });
    }

    /// The repaired text of a source, and its slips as (offset, insert).
    fn repaired(source: &str) -> Option<(String, Vec<(u32, String)>)> {
        let r = repair_slips(&parse(source))?;
        let slips = r.slips.iter().map(|s| (s.at, s.insert.clone())).collect();
        Some((r.parsed.text.clone(), slips))
    }

    #[test]
    fn a_missing_range_is_inserted_after_the_define() {
        let source = "func f(items []int) {\n\tfor _, x := items {\n\t\tuse(x)\n\t}\n}\n";
        let (text, slips) = repaired(source).expect("repaired");
        let at = source.find(":=").unwrap() as u32 + 2;
        assert_eq!(slips, [(at, " range".to_string())]);
        assert!(text.contains("for _, x := range items {"));
        assert!(parse(&text).errors.is_empty());
    }

    #[test]
    fn missing_closing_braces_are_added_at_the_end() {
        let source = "func f() {\n\tif ok {\n\t\tg()\n";
        let (text, slips) = repaired(source).expect("repaired");
        assert_eq!(slips, [(source.len() as u32, "}\n}\n".to_string())]);
        assert!(parse(&text).errors.is_empty(), "{text}");
    }

    #[test]
    fn two_slips_map_back_to_the_original() {
        let source = "func f(items []int) {\n\tfor _, x := items {\n\t\tuse(x)\n\t}\n";
        let repaired = repair_slips(&parse(source)).expect("repaired");
        assert_eq!(repaired.slips.len(), 2);
        assert!(repaired.parsed.errors.is_empty());
        // `use` is after the inserted ` range`: back to where it was.
        let at = repaired.parsed.text.find("use(x)").unwrap() as u32;
        assert_eq!(
            repaired.original_offset(at),
            source.find("use(x)").unwrap() as u32
        );
        // Inside the insertion: its place in the original.
        let at = source.find(":=").unwrap() as u32 + 2;
        assert_eq!(repaired.original_offset(at + 2), at);
    }

    #[test]
    fn clean_or_hopeless_sources_are_not_repaired() {
        assert!(repaired("package main\n\nfunc main() {}\n").is_none());
        assert!(repaired("func f() { x := := 2 }\n").is_none());
        // A three-clause loop missing its condition is not a missing `range`.
        assert!(repaired("func f() {\n\tfor i := 0; i++ {\n\t}\n}\n").is_none());
    }

    #[test]
    fn an_assignment_of_a_make_to_an_undeclared_name_gets_its_colon() {
        let source = "func f() {\n\tdone = make(chan bool)\n\tgo g(done)\n\t<-done\n}\n";
        let (text, slips) = repaired(source).expect("repaired");
        assert_eq!(slips.len(), 1);
        assert!(text.contains("done := make(chan bool)"));
        // Declared somewhere (a parameter, a package variable): left alone.
        assert!(
            repaired("var done chan bool\nfunc f() {\n\tdone = make(chan bool)\n}\n").is_none()
        );
        assert!(repaired("func f(done chan bool) {\n\tdone = make(chan bool)\n}\n").is_none());
        // Not a make: the name may be the pasted program's.
        assert!(repaired("func f() {\n\terr = work()\n}\n").is_none());
    }

    #[test]
    fn a_goroutine_literal_without_its_call_gets_one() {
        let source = "func f() {\n\tgo func() {\n\t\twork()\n\t}\n\tdefer func() { done() }\n}\n";
        let (text, slips) = repaired(source).expect("repaired");
        assert_eq!(slips.len(), 2);
        assert!(text.contains("\t}()\n"));
        assert!(text.contains("defer func() { done() }()"));
        assert!(repaired("func f() {\n\tgo func() {}()\n}\n").is_none());
    }
}
