//! Programs of several files: a Go package is analyzed as one source text.
//!
//! `go build` and `go test` compile every `.go` file of a folder that shares
//! its package clause, with the `_test.go` files (and the external `foo_test`
//! package) for tests. A call from `pool_test.go` into `Submit` in `pool.go`
//! must then run `Submit`, not an opaque call. The analyzer works on one
//! source text, and tree-sitter-go accepts several package clauses and import
//! declarations in one `source_file`, so a package is the concatenation of its
//! files ([`PackageSource`]), with a table that maps offsets back to each file.
//! What would make the joined text mean something else than the files is
//! blanked with spaces, which keeps every offset, line and column:
//! - every package clause but the package's own (the lowering names the
//!   program after its clause, and `main` only counts in package `main`);
//! - in the external test package, the qualifier of the package under test
//!   (`pool.Submit` reads `     Submit`, the function of the same program).
//!
//! A text with txtar file markers (`-- name.go --` lines, as the Go Playground
//! takes several files) is prepared the same way without moving anything: the
//! markers become comments (`// name.go --`), files other than the folder's
//! `.go` files are blanked, so offsets in the prepared text are offsets in the
//! text the person typed.
//!
//! Which files belong to a build on linux/amd64 (`//go:build`, `// +build`,
//! `_windows.go` suffixes) is decided here too ([`included_on_linux_amd64`]);
//! reading folders is the CLI's job.

use crate::position::{LineCol, LineIndex};
use std::collections::BTreeSet;
use tree_sitter::Node;

/// One Go file: where it comes from and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// Where one file sits in a [`PackageSource`]'s text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FilePart {
    pub path: String,
    /// Byte offsets `[start, end)` of the file in the joined text.
    pub start: u32,
    pub end: u32,
    /// How many lines of the joined text come before the file.
    pub line_offset: u32,
}

/// A program made of several files: the joined text and where each file is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageSource {
    /// The package clause's name (`main`, `http`; empty when none parses).
    pub name: String,
    /// The joined text, with the package clauses of all files but the first
    /// blanked (see the module's documentation).
    pub text: String,
    pub files: Vec<FilePart>,
}

impl PackageSource {
    /// One file as a program of its own (the text is kept as it is).
    pub fn single(path: &str, text: &str) -> PackageSource {
        PackageSource {
            name: package_name(text).unwrap_or_default(),
            text: text.to_string(),
            files: vec![FilePart {
                path: path.to_string(),
                start: 0,
                end: text.len() as u32,
                line_offset: 0,
            }],
        }
    }

    /// The file that holds `offset`, and the offset inside that file.
    pub fn locate(&self, offset: u32) -> Option<(&FilePart, u32)> {
        locate(&self.files, offset)
    }
}

/// The file of `files` that holds `offset` (the end of the last file counts
/// as inside it), and the offset inside that file.
pub fn locate(files: &[FilePart], offset: u32) -> Option<(&FilePart, u32)> {
    // The last file that starts at or before the offset (a file's first
    // offset is its own even when the file before ends there).
    let index = files
        .partition_point(|f| f.start <= offset)
        .saturating_sub(1);
    let part = files.get(index)?;
    let offset = offset.clamp(part.start, part.end);
    Some((part, offset - part.start))
}

/// The file, line and column of a joined text's offset; `lines` indexes the
/// joined text.
pub fn file_line_col<'a>(
    files: &'a [FilePart],
    lines: &LineIndex,
    offset: u32,
) -> Option<(&'a str, LineCol)> {
    let (part, _) = locate(files, offset)?;
    let p = lines.line_col(offset.clamp(part.start, part.end));
    Some((
        part.path.as_str(),
        LineCol {
            line: p.line - part.line_offset,
            column: p.column,
        },
    ))
}

/// Joins the files of one package into one program text, in the order given
/// (the package's own files first, then its tests, is what `go test` does).
/// Every file starts on a line of its own, so lines and columns inside a file
/// are the joined text's minus the lines before it.
pub fn join(files: &[SourceFile]) -> PackageSource {
    join_in_folder(files, None)
}

/// [`join`] for the files of a folder named `folder`: an external test may
/// import the package under the folder's name.
pub fn join_in_folder(files: &[SourceFile], folder: Option<&str>) -> PackageSource {
    join_renaming(files, folder, &[])
}

/// [`join_in_folder`], renaming in the external test package the names of
/// `renames` (`(old, new)`, of the same length): names it declares that the
/// package declares too, legal in two packages but not in one program.
fn join_renaming(
    files: &[SourceFile],
    folder: Option<&str>,
    renames: &[(String, String)],
) -> PackageSource {
    let mut text = String::new();
    let mut parts = Vec::new();
    let mut lines = 0u32;
    for file in files {
        let start = text.len() as u32;
        text.push_str(&file.text);
        let end = text.len() as u32;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        parts.push(FilePart {
            path: file.path.clone(),
            start,
            end,
            line_offset: lines,
        });
        lines += file.text.bytes().filter(|&b| b == b'\n').count() as u32
            + u32::from(!file.text.is_empty() && !file.text.ends_with('\n'));
    }
    let name = blank_for_one_package(&mut text, &parts, folder, renames);
    PackageSource {
        name,
        text,
        files: parts,
    }
}

/// Blanks what would make the joined text mean something else than the
/// files: every package clause but the first one that does not end in
/// `_test` (else the first), and in the external test package the qualifier
/// of the package under test. `folder` is the folder's name, when known: an
/// import whose path ends in it names the package under test too. Returns
/// the package's name.
fn blank_for_one_package(
    text: &mut String,
    parts: &[FilePart],
    folder: Option<&str>,
    renames: &[(String, String)],
) -> String {
    let tree = parse_tree(text);
    let root = tree.root_node();
    let mut clauses: Vec<(usize, usize, String)> = Vec::new();
    for node in children(root) {
        if node.kind() == "package_clause" {
            let name = children(node)
                .into_iter()
                .find(|n| n.kind() == "package_identifier")
                .map(|n| text[n.byte_range()].to_string())
                .unwrap_or_default();
            clauses.push((node.start_byte(), node.end_byte(), name));
        }
    }
    let Some(primary) = clauses
        .iter()
        .position(|c| !c.2.ends_with("_test"))
        .or((!clauses.is_empty()).then_some(0))
    else {
        return String::new();
    };
    let name = clauses[primary].2.clone();
    let external = format!("{name}_test");
    let mut blanks: Vec<(usize, usize)> = Vec::new();
    let mut replacements: Vec<(usize, String)> = Vec::new();
    for (index, (start, end, clause)) in clauses.iter().enumerate() {
        if index == primary {
            continue;
        }
        blanks.push((*start, *end));
        if *clause != external || name.ends_with("_test") {
            continue;
        }
        // The external test file: from its clause to the next file's start.
        let Some((part, _)) = locate(parts, *start as u32) else {
            continue;
        };
        let region = *start..part.end as usize;
        let qualifiers = qualifiers_of(root, text, region.clone(), &name, folder);
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            if node.end_byte() <= region.start || node.start_byte() >= region.end {
                continue;
            }
            let operand = match node.kind() {
                "selector_expression" => node.child_by_field_name("operand"),
                "qualified_type" => node.child_by_field_name("package"),
                _ => None,
            };
            if let Some(operand) = operand {
                if operand.kind().ends_with("identifier")
                    && qualifiers.contains(&text[operand.byte_range()])
                {
                    // `pool.` with its dot.
                    let dot_end = node
                        .child_by_field_name("field")
                        .or_else(|| node.child_by_field_name("name"))
                        .map(|n| n.start_byte())
                        .unwrap_or(operand.end_byte());
                    blanks.push((operand.start_byte(), dot_end));
                }
            }
            if matches!(node.kind(), "identifier" | "type_identifier") {
                let old = &text[node.byte_range()];
                if let Some((_, new)) = renames.iter().find(|(o, _)| o == old) {
                    replacements.push((node.start_byte(), new.clone()));
                }
            }
            stack.extend(children(node));
        }
    }
    blank(text, &blanks);
    // Same-length names: every offset stays put.
    for (at, new) in replacements {
        text.replace_range(at..at + new.len(), &new);
    }
    name
}

/// The local names under which the files of `region` import the package
/// `name`: an import whose path ends in `/name` (or in the folder's name),
/// under its alias if it has one.
fn qualifiers_of(
    root: Node,
    text: &str,
    region: std::ops::Range<usize>,
    name: &str,
    folder: Option<&str>,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.end_byte() <= region.start || node.start_byte() >= region.end {
            continue;
        }
        if node.kind() == "import_spec" {
            let Some(path) = node.child_by_field_name("path") else {
                continue;
            };
            let path = text[path.byte_range()].trim_matches(|c| c == '"' || c == '`');
            let last = path.rsplit('/').next().unwrap_or(path);
            if last == name || folder == Some(last) {
                match node.child_by_field_name("name") {
                    Some(alias) if alias.kind() == "package_identifier" => {
                        out.insert(text[alias.byte_range()].to_string());
                    }
                    Some(_) => {}
                    None => {
                        out.insert(name.to_string());
                    }
                }
            }
            continue;
        }
        stack.extend(children(node));
    }
    out
}

/// Replaces every byte of the ranges but line breaks with spaces.
fn blank(text: &mut String, ranges: &[(usize, usize)]) {
    let mut bytes = std::mem::take(text).into_bytes();
    for &(start, end) in ranges {
        let end = end.min(bytes.len());
        for b in &mut bytes[start.min(end)..end] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Whole characters were replaced by ASCII spaces: still UTF-8, but the
    // ranges come from the tree, so a range could only cut a character if
    // the tree were wrong; stay safe either way.
    *text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

fn parse_tree(text: &str) -> tree_sitter::Tree {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_go::LANGUAGE.into())
        .expect("the Go grammar matches the tree-sitter version");
    parser
        .parse(text, None)
        .expect("a parser with a language and no cancellation always returns a tree")
}

fn children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.children(&mut cursor).collect()
}

/// The name in a file's package clause, read without parsing the file: the
/// first word after `package` once comments and blank lines are skipped.
pub fn package_name(text: &str) -> Option<String> {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
        } else {
            break;
        }
    }
    let after = rest.strip_prefix("package")?;
    if !after.starts_with(|c: char| c.is_whitespace() || c == '/') {
        return None;
    }
    let name: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// The names a file declares at the package level: functions, `Type.Method`,
/// types, variables and constants (not `init`, not `_`). Two files of a
/// package that declare the same name do not compile together.
pub fn top_level_names(text: &str) -> Vec<String> {
    let tree = parse_tree(text);
    let mut out = Vec::new();
    let name_of = |n: Option<Node>| n.map(|n| text[n.byte_range()].to_string());
    for node in children(tree.root_node()) {
        match node.kind() {
            "function_declaration" => {
                if let Some(name) = name_of(node.child_by_field_name("name")) {
                    out.push(name);
                }
            }
            "method_declaration" => {
                let receiver = node
                    .child_by_field_name("receiver")
                    .map(|r| {
                        text[r.byte_range()]
                            .rsplit(['*', ' ', '('])
                            .next()
                            .unwrap_or("")
                            .trim_end_matches(')')
                            .split('[')
                            .next()
                            .unwrap_or("")
                            .to_string()
                    })
                    .unwrap_or_default();
                if let Some(name) = name_of(node.child_by_field_name("name")) {
                    out.push(format!("{receiver}.{name}"));
                }
            }
            "type_declaration" | "var_declaration" | "const_declaration" => {
                let mut stack = children(node);
                while let Some(spec) = stack.pop() {
                    match spec.kind() {
                        "type_spec" | "type_alias" => {
                            out.extend(name_of(spec.child_by_field_name("name")));
                        }
                        "var_spec" | "const_spec" => {
                            let mut cursor = spec.walk();
                            for name in spec.children_by_field_name("name", &mut cursor) {
                                out.push(text[name.byte_range()].to_string());
                            }
                        }
                        "var_spec_list" | "const_spec_list" | "type_spec_list" => {
                            stack.extend(children(spec))
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    out.retain(|n| n != "init" && n != "_" && !n.is_empty());
    out
}

/// Splits the files of one folder into programs the way `go test` builds
/// them: the files of the package (the first package clause that is not an
/// external test's) with its `_test.go` files and the external `name_test`
/// package. When files that would be one package declare the same name (a
/// folder of stand-alone examples, which Go would not build), each file is a
/// program of its own instead, so nothing is analyzed against the wrong
/// declaration. `folder` is the folder's name (import paths end in it).
pub fn programs_of_folder(files: Vec<SourceFile>, folder: Option<&str>) -> Vec<PackageSource> {
    let mut groups: Vec<(String, Vec<SourceFile>)> = Vec::new();
    for file in files {
        let name = package_name(&file.text).unwrap_or_default();
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, members)) => members.push(file),
            None => groups.push((name, vec![file])),
        }
    }
    // An external test package joins the package it tests.
    let mut programs: Vec<Vec<Vec<SourceFile>>> = Vec::new();
    let names: Vec<String> = groups.iter().map(|(n, _)| n.clone()).collect();
    let mut external: Vec<(String, Vec<SourceFile>)> = Vec::new();
    let mut own: Vec<(String, Vec<SourceFile>)> = Vec::new();
    for (name, members) in groups {
        match name.strip_suffix("_test") {
            Some(tested) if names.iter().any(|n| n == tested) => external.push((name, members)),
            _ => own.push((name, members)),
        }
    }
    for (name, mut members) in own {
        // Non-test files first: `main` and the package's functions lead.
        crate::order::sort_by_key(&mut members, |f| f.path.ends_with("_test.go"));
        let mut program = vec![members];
        let tests = format!("{name}_test");
        if let Some(at) = external.iter().position(|(n, _)| *n == tests) {
            program.push(external.remove(at).1);
        }
        programs.push(program);
    }
    for (_, members) in external {
        programs.push(vec![members]);
    }
    // Each file's declared names, read once.
    let names: Vec<Vec<Vec<Vec<String>>>> = programs
        .iter()
        .map(|program| {
            program
                .iter()
                .map(|group| group.iter().map(|f| top_level_names(&f.text)).collect())
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for (program, names) in programs.into_iter().zip(names) {
        let mut groups = program.into_iter().zip(names);
        let (own, own_names) = groups.next().unwrap_or_default();
        if has_duplicates(&own_names) {
            out.extend(own.iter().map(|f| PackageSource::single(&f.path, &f.text)));
            for (group, _) in groups {
                out.extend(
                    group
                        .iter()
                        .map(|f| PackageSource::single(&f.path, &f.text)),
                );
            }
            continue;
        }
        let (mut files, mut all_names) = (own, own_names);
        let mut renames = Vec::new();
        for (group, group_names) in groups {
            // The external test package keeps its own names: when it declares
            // one the package declares too, it is a program of its own.
            let mut joined = all_names.clone();
            joined.extend(group_names.iter().cloned());
            if !has_duplicates(&joined) {
                files.extend(group);
                all_names = joined;
            } else if has_duplicates(&group_names) {
                out.extend(
                    group
                        .iter()
                        .map(|f| PackageSource::single(&f.path, &f.text)),
                );
            } else if let Some(found) = renames_for(&all_names, &group_names) {
                // Declared in both (legal in two packages): renamed in the
                // external test package, which then joins.
                files.extend(group);
                all_names = joined;
                renames = found;
            } else {
                out.push(join_in_folder(&group, folder));
            }
        }
        if files.len() == 1 {
            out.push(PackageSource::single(&files[0].path, &files[0].text));
        } else if !files.is_empty() {
            out.push(join_renaming(&files, folder, &renames));
        }
    }
    out
}

/// New names for what the external test package (`external`) declares and
/// the package (`own`) declares too: the same length, so that offsets stay,
/// the last character replaced by a digit (or a letter, for one-character
/// names) so that no declared name is met. `None` when a clashing method
/// (`T.M`) is not covered by its type's renaming, or no name is free.
fn renames_for(own: &[Vec<String>], external: &[Vec<String>]) -> Option<Vec<(String, String)>> {
    let own: BTreeSet<&str> = own.iter().flatten().map(String::as_str).collect();
    let all: BTreeSet<&str> = own
        .iter()
        .copied()
        .chain(external.iter().flatten().map(String::as_str))
        .collect();
    let clashing: BTreeSet<&str> = external
        .iter()
        .flatten()
        .map(String::as_str)
        .filter(|n| own.contains(n))
        .collect();
    let mut renames: Vec<(String, String)> = Vec::new();
    for name in &clashing {
        if let Some((ty, _)) = name.split_once('.') {
            if clashing.contains(ty) {
                continue;
            }
            return None;
        }
        let last = name.chars().last()?;
        if !last.is_ascii() {
            return None;
        }
        let stem = &name[..name.len() - 1];
        let choices = if stem.is_empty() {
            "QXZqxz"
        } else {
            "0123456789"
        };
        let new = choices
            .chars()
            .map(|c| format!("{stem}{c}"))
            .find(|candidate| {
                !all.contains(candidate.as_str()) && !renames.iter().any(|(_, n)| n == candidate)
            })?;
        renames.push((name.to_string(), new));
    }
    Some(renames)
}

/// Whether two files' names (or one file's) repeat a name.
fn has_duplicates(names: &[Vec<String>]) -> bool {
    let mut seen = BTreeSet::new();
    names.iter().flatten().any(|name| !seen.insert(name))
}

/// A txtar marker line's file name: `-- name --`.
fn txtar_marker(line: &str) -> Option<&str> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let name = line.strip_prefix("-- ")?.strip_suffix(" --")?.trim();
    (!name.is_empty()).then_some(name)
}

/// Whether a text holds several files in the txtar form (a line
/// `-- name --`), as the Go Playground takes them.
pub fn is_txtar(text: &str) -> bool {
    !marker_lines(text).is_empty()
}

/// The offsets of the lines of `text` that are txtar markers. A marker-like
/// line inside a Go string or comment is not one: Go tests keep txtar
/// archives in raw strings, and the code after them must stay code.
fn marker_lines(text: &str) -> BTreeSet<usize> {
    let mut lines = BTreeSet::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if txtar_marker(line.trim_end_matches('\n')).is_some() {
            lines.insert(at);
        }
        at += line.len();
    }
    if lines.is_empty() {
        return lines;
    }
    let tree = parse_tree(text);
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.end_byte() <= *lines.first().unwrap_or(&0) {
            continue;
        }
        if matches!(
            node.kind(),
            "raw_string_literal" | "interpreted_string_literal" | "comment"
        ) {
            let inside: Vec<usize> = lines
                .range(node.start_byte() + 1..node.end_byte())
                .copied()
                .collect();
            for line in inside {
                lines.remove(&line);
            }
            continue;
        }
        stack.extend(children(node));
    }
    lines
}

/// Prepares a txtar text as one program of the same length: markers become
/// comments, files that are not `.go` files of the top folder are blanked,
/// and package clauses are blanked as in [`join`]. Offsets, lines and columns
/// of the result are those of the text. Text before the first marker is the
/// first file (`prog.go`, as in the Go Playground). `None` when the text has
/// no marker: a single snippet stays one file.
pub fn from_txtar(text: &str) -> Option<PackageSource> {
    let markers = marker_lines(text);
    if markers.is_empty() {
        return None;
    }
    let mut prepared = String::with_capacity(text.len());
    let mut parts: Vec<FilePart> = Vec::new();
    let mut current: Option<(String, bool)> = Some(("prog.go".into(), true));
    let mut part_start = 0u32;
    let mut part_line = 0u32;
    let mut blanks: Vec<(usize, usize)> = Vec::new();
    let close = |parts: &mut Vec<FilePart>, current: &Option<(String, bool)>, start, end, line| {
        if let Some((path, true)) = current {
            if end > start || path != "prog.go" {
                parts.push(FilePart {
                    path: path.clone(),
                    start,
                    end,
                    line_offset: line,
                });
            }
        }
    };
    for (line, piece) in (0u32..).zip(text.split_inclusive('\n')) {
        let at = prepared.len();
        let marker = txtar_marker(piece.trim_end_matches('\n')).filter(|_| markers.contains(&at));
        if let Some(name) = marker {
            close(&mut parts, &current, part_start, at as u32, part_line);
            // A marker is a comment in the prepared text.
            prepared.push_str("//");
            prepared.push_str(&piece[2..]);
            let go = name.ends_with(".go") && !name.contains('/');
            current = Some((name.to_string(), go));
            part_start = prepared.len() as u32;
            part_line = line + 1;
        } else {
            if let Some((_, false)) = current {
                blanks.push((at, at + piece.len()));
            }
            prepared.push_str(piece);
        }
    }
    close(
        &mut parts,
        &current,
        part_start,
        prepared.len() as u32,
        part_line,
    );
    blank(&mut prepared, &blanks);
    let name = blank_for_one_package(&mut prepared, &parts, None, &[]);
    Some(PackageSource {
        name,
        text: prepared,
        files: parts,
    })
}

/// Whether `go build` on linux/amd64 takes the file: not `_x.go` or `.x.go`,
/// no `_windows`/`_arm64`-style suffix for another system, and its
/// `//go:build` line (else its `// +build` lines) true for linux/amd64 with
/// cgo, the gc compiler and every Go release up to 1.27.
pub fn included_on_linux_amd64(file_name: &str, text: &str) -> bool {
    if file_name.starts_with('_') || file_name.starts_with('.') {
        return false;
    }
    good_os_arch_name(file_name) && build_lines_allow(text)
}

const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];
const KNOWN_ARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

/// The file name's `_GOOS`, `_GOARCH` or `_GOOS_GOARCH` suffix, as go/build
/// reads it (the part before the first `_` never counts).
fn good_os_arch_name(file_name: &str) -> bool {
    let stem = file_name.strip_suffix(".go").unwrap_or(file_name);
    let Some(at) = stem.find('_') else {
        return true;
    };
    let mut elements: Vec<&str> = stem[at..].split('_').collect();
    if elements.len() >= 2 && elements.last() == Some(&"test") {
        elements.pop();
    }
    let n = elements.len();
    if n >= 2 && KNOWN_OS.contains(&elements[n - 2]) && KNOWN_ARCH.contains(&elements[n - 1]) {
        return elements[n - 2] == "linux" && elements[n - 1] == "amd64";
    }
    if n >= 1 && KNOWN_OS.contains(&elements[n - 1]) {
        return elements[n - 1] == "linux";
    }
    if n >= 1 && KNOWN_ARCH.contains(&elements[n - 1]) {
        return elements[n - 1] == "amd64";
    }
    true
}

/// A build tag's value on linux/amd64.
fn tag(name: &str) -> bool {
    match name {
        "linux" | "unix" | "amd64" | "gc" | "cgo" | "amd64.v1" => true,
        _ => name
            .strip_prefix("go1.")
            .and_then(|minor| minor.parse::<u32>().ok())
            .is_some_and(|minor| minor <= 27),
    }
}

/// The build constraints before the package clause: `//go:build` when there
/// is one, else every `// +build` line (all must hold).
fn build_lines_allow(text: &str) -> bool {
    let mut plus_lines = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let line = line.trim();
        if in_block {
            if let Some((_, rest)) = line.split_once("*/") {
                in_block = false;
                if !rest.trim().is_empty() {
                    break;
                }
            }
            continue;
        }
        if line.is_empty() {
            continue;
        }
        if let Some(expr) = line.strip_prefix("//go:build") {
            if expr.starts_with(|c: char| c.is_whitespace()) || expr.is_empty() {
                return BuildExpr::new(expr).parse().unwrap_or(true);
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("//") {
            if let Some(tags) = rest.trim_start().strip_prefix("+build") {
                if tags.starts_with(|c: char| c.is_whitespace()) {
                    plus_lines.push(tags.to_string());
                }
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("/*") {
            in_block = !rest.contains("*/");
            continue;
        }
        break;
    }
    // `// +build a,b c` is (a AND b) OR c; several lines must all hold.
    plus_lines.iter().all(|tags| {
        tags.split_whitespace().any(|option| {
            option.split(',').all(|term| match term.strip_prefix('!') {
                Some(name) => !tag(name),
                None => tag(term),
            })
        })
    })
}

/// A `//go:build` expression: `||`, `&&`, `!`, parentheses and tags.
struct BuildExpr<'a> {
    rest: &'a str,
}

impl<'a> BuildExpr<'a> {
    fn new(text: &'a str) -> BuildExpr<'a> {
        BuildExpr { rest: text }
    }

    /// The expression's value, `None` when it does not parse (Go then
    /// reports an error; the file is kept so that nothing is hidden).
    fn parse(mut self) -> Option<bool> {
        let value = self.or()?;
        self.rest.trim().is_empty().then_some(value)
    }

    fn eat(&mut self, token: &str) -> bool {
        let trimmed = self.rest.trim_start();
        match trimmed.strip_prefix(token) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn or(&mut self) -> Option<bool> {
        let mut value = self.and()?;
        while self.eat("||") {
            let right = self.and()?;
            value = value || right;
        }
        Some(value)
    }

    fn and(&mut self) -> Option<bool> {
        let mut value = self.not()?;
        while self.eat("&&") {
            let right = self.not()?;
            value = value && right;
        }
        Some(value)
    }

    fn not(&mut self) -> Option<bool> {
        if self.eat("!") {
            return Some(!self.not()?);
        }
        if self.eat("(") {
            let value = self.or()?;
            return self.eat(")").then_some(value);
        }
        let trimmed = self.rest.trim_start();
        let len = trimmed
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(trimmed.len());
        if len == 0 {
            return None;
        }
        let (name, rest) = trimmed.split_at(len);
        self.rest = rest;
        Some(tag(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }

    #[test]
    fn build_constraints_on_linux_amd64() {
        let with = |line: &str| format!("{line}\n\npackage p\n");
        assert!(included_on_linux_amd64("a.go", "package p\n"));
        assert!(!included_on_linux_amd64("a.go", &with("//go:build ignore")));
        assert!(included_on_linux_amd64(
            "a.go",
            &with("//go:build linux && amd64")
        ));
        assert!(included_on_linux_amd64(
            "a.go",
            &with("//go:build unix && !windows")
        ));
        assert!(!included_on_linux_amd64(
            "a.go",
            &with("//go:build darwin || windows")
        ));
        assert!(included_on_linux_amd64(
            "a.go",
            &with("//go:build (darwin || linux) && go1.21")
        ));
        assert!(!included_on_linux_amd64("a.go", &with("//go:build go1.99")));
        assert!(!included_on_linux_amd64("a.go", &with("// +build windows")));
        assert!(included_on_linux_amd64(
            "a.go",
            &with("// +build windows linux,amd64")
        ));
        assert!(!included_on_linux_amd64(
            "a.go",
            &with("// +build linux\n// +build arm")
        ));
        // `//go:build` wins over `// +build`.
        assert!(included_on_linux_amd64(
            "a.go",
            &with("//go:build linux\n// +build windows")
        ));
        // A constraint after the package clause is only a comment.
        assert!(included_on_linux_amd64(
            "a.go",
            "package p\n//go:build ignore\n"
        ));
        assert!(!included_on_linux_amd64(
            "a.go",
            &with("// Copyright.\n\n/* block */\n//go:build ignore")
        ));
        assert!(!included_on_linux_amd64("x_windows.go", "package p\n"));
        assert!(!included_on_linux_amd64("x_windows_test.go", "package p\n"));
        assert!(!included_on_linux_amd64("x_darwin_arm64.go", "package p\n"));
        assert!(!included_on_linux_amd64("x_linux_arm64.go", "package p\n"));
        assert!(!included_on_linux_amd64("x_arm64.go", "package p\n"));
        assert!(included_on_linux_amd64("x_linux.go", "package p\n"));
        assert!(included_on_linux_amd64(
            "x_linux_amd64_test.go",
            "package p\n"
        ));
        assert!(included_on_linux_amd64("x_unix.go", "package p\n"));
        assert!(included_on_linux_amd64("windows.go", "package p\n"));
        assert!(!included_on_linux_amd64("_x.go", "package p\n"));
    }

    #[test]
    fn package_names_skip_comments() {
        assert_eq!(
            package_name("// c\n/* d */\npackage foo_test // x\n").as_deref(),
            Some("foo_test")
        );
        assert_eq!(package_name("func main() {}\n"), None);
        assert_eq!(package_name("packagex y\n"), None);
    }

    #[test]
    fn a_folder_is_one_program_with_its_tests_and_offsets_map_back() {
        let programs = programs_of_folder(
            vec![
                file(
                    "d/pool_test.go",
                    "package pool_test\n\nimport \"x/pool\"\n\nfunc TestA() { pool.Submit(nil) }\n",
                ),
                file(
                    "d/pool.go",
                    "package pool\n\nfunc Submit(f func()) { go f() }",
                ),
                file("d/in_test.go", "package pool\n\nfunc helper() {}\n"),
            ],
            Some("pool"),
        );
        assert_eq!(programs.len(), 1);
        let p = &programs[0];
        assert_eq!(p.name, "pool");
        let paths: Vec<&str> = p.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["d/pool.go", "d/in_test.go", "d/pool_test.go"]);
        // The later clauses and the qualifier are blanks of the same length.
        assert!(p.text.contains("\n            \n\nfunc helper"));
        assert!(p.text.contains("{      Submit(nil) }"));
        assert_eq!(p.text.matches("package").count(), 1);
        let at = p.text.find("TestA").unwrap() as u32;
        let lines = LineIndex::new(&p.text);
        let (path, pos) = file_line_col(&p.files, &lines, at).unwrap();
        assert_eq!((path, pos.line, pos.column), ("d/pool_test.go", 5, 6));
        let (part, local) = p.locate(at).unwrap();
        assert_eq!(part.path, "d/pool_test.go");
        assert_eq!(local, 41);
    }

    /// The internal and the external test package may declare the same
    /// name (they are two packages): the external one is renamed, with a name
    /// of the same length, and both stay in the program.
    #[test]
    fn a_name_of_both_test_packages_is_renamed_in_the_external_one() {
        let programs = programs_of_folder(
            vec![
                file("p.go", "package p\n\nfunc Submit(f func()) { go f() }\n"),
                file("in_test.go", "package p\n\nconst wait = 1\n\ntype conn struct{}\n\nfunc (conn) Close() {}\n"),
                file(
                    "ex_test.go",
                    "package p_test\n\nimport \"m/p\"\n\nconst wait = 2\n\ntype conn struct{ wait int }\n\nfunc (c conn) Close() { _ = c.wait + wait; p.Submit(nil) }\n",
                ),
            ],
            None,
        );
        assert_eq!(programs.len(), 1, "{programs:?}");
        let text = &programs[0].text;
        assert!(text.contains("const wai0 = 2"), "{text}");
        assert!(text.contains("type con0 struct{ wait int }"), "{text}");
        assert!(
            text.contains("func (c con0) Close() { _ = c.wait + wai0;   Submit(nil) }"),
            "{text}"
        );
        assert!(text.contains("const wait = 1"), "{text}");
        // An external package that declares a name twice does not build:
        // its files are programs of their own.
        let programs = programs_of_folder(
            vec![
                file("p.go", "package p\n\nfunc helper() {}\n"),
                file(
                    "ex_test.go",
                    "package p_test\n\nfunc helper() {}\nfunc h() {}\n",
                ),
                file("ex2_test.go", "package p_test\n\nfunc h() {}\n"),
            ],
            None,
        );
        assert_eq!(programs.len(), 3, "{programs:?}");
    }

    #[test]
    fn files_that_redeclare_a_name_are_programs_of_their_own() {
        let programs = programs_of_folder(
            vec![
                file("a.go", "package main\nfunc main() {}\n"),
                file("b.go", "package main\nfunc main() {}\n"),
            ],
            None,
        );
        assert_eq!(programs.len(), 2);
        assert_eq!(programs[1].text, "package main\nfunc main() {}\n");
        // Several `init` functions are legal.
        let programs = programs_of_folder(
            vec![
                file("a.go", "package p\nfunc init() {}\nfunc (s *S) M() {}\n"),
                file("b.go", "package p\nfunc init() {}\nfunc (t T) M() {}\n"),
            ],
            None,
        );
        assert_eq!(programs.len(), 1);
    }

    /// The API takes several files in one text (the playground's form): a
    /// test's callback handed to another file's `Submit` runs, and a leak is
    /// reported at its line in the text.
    #[test]
    fn the_api_analyzes_a_txtar_text_as_one_package() {
        let pool = "-- pool.go --\npackage pool\n\nfunc Submit(f func()) { go f() }\n-- pool_test.go --\npackage pool\n\nimport (\n\t\"sync\"\n\t\"testing\"\n)\n\nfunc TestSubmit(t *testing.T) {\n\tvar wg sync.WaitGroup\n\twg.Add(1)\n\tSubmit(func() { wg.Done() })\n\twg.Wait()\n}\n";
        let analysis = crate::api::analyze(pool, &crate::api::AnalyzeOptions::default());
        assert!(
            analysis.syntax_errors.is_empty(),
            "{:?}",
            analysis.syntax_errors
        );
        let names: Vec<&str> = analysis
            .entries
            .iter()
            .map(|e| e.search.name.as_str())
            .collect();
        assert_eq!(names, ["TestSubmit"]);
        assert!(analysis.entries[0].search.exhaustive);
        assert!(
            analysis.entries[0].verdicts.is_empty(),
            "{:?}",
            analysis.entries[0].verdicts
        );
        let leak = pool.replace("wg.Add(1)", "wg.Add(2)");
        let analysis = crate::api::analyze(&leak, &crate::api::AnalyzeOptions::default());
        let verdict = &analysis.entries[0].verdicts[0];
        // `wg.Wait()` is on line 17 of the text (line 12 of pool_test.go).
        assert_eq!(verdict.line, 17, "{verdict:?}");
    }

    #[test]
    fn txtar_keeps_offsets_and_blanks_what_is_not_go() {
        let text = "-- go.mod --\nmodule m\n-- a.go --\npackage main\nfunc main() { f() }\n-- b.go --\npackage main\nfunc f() {}\n";
        let p = from_txtar(text).unwrap();
        assert_eq!(p.text.len(), text.len());
        assert_eq!(p.name, "main");
        assert!(p
            .text
            .starts_with("// go.mod --\n        \n// a.go --\npackage main\n"));
        assert!(p.text.contains("// b.go --\n            \nfunc f"));
        let paths: Vec<&str> = p.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a.go", "b.go"]);
        let lines = LineIndex::new(&p.text);
        let at = p.text.find("func f").unwrap() as u32;
        let (path, pos) = file_line_col(&p.files, &lines, at).unwrap();
        assert_eq!((path, pos.line), ("b.go", 2));
        // Text before the first marker is a file too; no marker, no txtar.
        let p = from_txtar("package main\n-- b.go --\npackage main\n").unwrap();
        assert_eq!(p.files[0].path, "prog.go");
        assert!(from_txtar("package main\nfunc main() { x-- }\n").is_none());
        // A txtar archive in a Go raw string is a string, and the code after
        // it stays code.
        let test = "package p\n\nconst archive = `\n-- go.mod --\nmodule m\n`\n\nfunc TestX() {}\n";
        assert!(from_txtar(test).is_none());
        assert_eq!(crate::syntax::parse(test).text, test);
    }
}
