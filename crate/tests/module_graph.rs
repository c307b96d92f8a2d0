//! The library's modules import each other without circles: each stage can
//! be read (and changed) knowing only the stages below it. A module's own
//! children are below it; every other edge comes from a `crate::`, `super::`
//! or `self::` path in its source.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a source file (`engine/mod.rs` is `engine`).
fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(root).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The longest known module named by a path used in `module`.
fn resolve(
    modules: &BTreeSet<Vec<String>>,
    module: &[String],
    path: &[&str],
) -> Option<Vec<String>> {
    let (mut base, mut rest) = match *path.first()? {
        "crate" => (Vec::new(), &path[1..]),
        "self" => (module.to_vec(), &path[1..]),
        "super" => (module.to_vec(), path),
        _ => return None,
    };
    while let Some((&"super", tail)) = rest.split_first() {
        base.pop();
        rest = tail;
    }
    (0..=rest.len()).rev().find_map(|n| {
        let mut m = base.clone();
        m.extend(rest[..n].iter().map(|s| s.to_string()));
        modules.contains(&m).then_some(m)
    })
}

#[test]
fn no_circle_of_imports_among_modules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&root, f)).collect();
    let path_re = Regex::new(r"\b(?:crate|super|self)(?:::\w+)+").unwrap();
    let group_re = Regex::new(r"use\s+((?:crate|super|self)(?:::\w+)*)::\{([^}]*)\}").unwrap();
    let tests_re = Regex::new(r"(?s)#\[cfg\(test\)\]\s*mod tests\s*\{.*").unwrap();
    let comment_re = Regex::new(r"(?m)//.*$").unwrap();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for file in &files {
        let module = module_of(&root, file);
        let text = std::fs::read_to_string(file).unwrap();
        let text = tests_re.replace(&text, "");
        let text = comment_re.replace_all(&text, "");
        let mut targets = Vec::new();
        for m in path_re.find_iter(&text) {
            targets.push(m.as_str().to_string());
        }
        for c in group_re.captures_iter(&text) {
            for item in c[2].split(',') {
                let item = item.trim().split("::").next().unwrap_or("").trim();
                if !item.is_empty() && item != "self" && item != "*" {
                    targets.push(format!("{}::{}", &c[1], item));
                }
            }
        }
        let out = edges.entry(module.clone()).or_default();
        for t in targets {
            let segs: Vec<&str> = t.split("::").collect();
            if let Some(to) = resolve(&modules, &module, &segs) {
                // A module's ancestors contain it; only edges across are
                // imports.
                if !to.is_empty() && !module.starts_with(&to) {
                    out.insert(to);
                }
            }
        }
    }
    // Depth-first search for a back edge.
    fn visit(
        m: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<String>> {
        state.insert(m.clone(), 1);
        stack.push(m.clone());
        for to in edges.get(m).into_iter().flatten() {
            match state.get(to) {
                Some(1) => {
                    let from = stack.iter().position(|s| s == to).unwrap();
                    let mut circle: Vec<String> =
                        stack[from..].iter().map(|s| s.join("::")).collect();
                    circle.push(to.join("::"));
                    return Some(circle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(to, edges, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(m.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in edges.keys() {
        if !state.contains_key(m) {
            if let Some(circle) = visit(m, &edges, &mut state, &mut Vec::new()) {
                panic!(
                    "modules import each other in a circle: {}",
                    circle.join(" -> ")
                );
            }
        }
    }
    assert!(edges.len() > 40, "found only {} modules", edges.len());
}
