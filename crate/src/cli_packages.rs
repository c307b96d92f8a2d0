//! From command-line paths to programs: folders become packages as `go test`
//! builds them (see `leakscope::package`), files named on the command line
//! are read whatever their build constraints, as `go run gen.go` does.

use globset::{Glob, GlobSet, GlobSetBuilder};
use leakscope::package::{included_on_linux_amd64, programs_of_folder, PackageSource, SourceFile};
use std::path::{Path, PathBuf};

/// One program to check: a package (or a file) and the name it is shown by.
pub struct Unit {
    /// The folder of a package, or the file of a program of one file.
    pub path: String,
    pub package: PackageSource,
}

/// Why the paths could not be read: said on stderr, exit status 2.
pub struct LoadError(pub String);

/// `--exclude` globs, matched against a path as given, its name, and its
/// path below the command-line argument it was found under.
pub struct Excludes(GlobSet);

impl Excludes {
    pub fn new(globs: &[String]) -> Result<Excludes, LoadError> {
        let mut builder = GlobSetBuilder::new();
        for glob in globs {
            let glob = Glob::new(glob)
                .map_err(|e| LoadError(format!("bad --exclude pattern {glob}: {e}")))?;
            builder.add(glob);
        }
        builder
            .build()
            .map(Excludes)
            .map_err(|e| LoadError(format!("bad --exclude patterns: {e}")))
    }

    fn matches(&self, path: &Path, root: &Path) -> bool {
        if self.0.is_empty() {
            return false;
        }
        self.0.is_match(path)
            || path.file_name().is_some_and(|n| self.0.is_match(n))
            || path
                .strip_prefix(root)
                .is_ok_and(|rel| !rel.as_os_str().is_empty() && self.0.is_match(rel))
    }
}

/// The programs of the command-line paths, in a stable order: each folder's
/// packages, sub-folders after it; named files of one folder together.
pub fn load(paths: &[PathBuf], excludes: &Excludes) -> Result<Vec<Unit>, LoadError> {
    let mut units = Vec::new();
    // Named files, grouped by folder in the order first named.
    let mut named: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
    for path in paths {
        // `DIR/...` is Go's spelling of "DIR and every package below it".
        let text = path.to_string_lossy();
        let path = match text.strip_suffix("/...") {
            Some("") => PathBuf::from("/"),
            Some(dir) => PathBuf::from(dir),
            None if text == "..." => PathBuf::from("."),
            None => path.clone(),
        };
        let metadata = std::fs::metadata(&path)
            .map_err(|e| LoadError(format!("cannot read {}: {e}", path.display())))?;
        if metadata.is_dir() {
            walk(&path, &path, excludes, &mut units)?;
        } else {
            let folder = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            match named.iter_mut().find(|(f, _)| *f == folder) {
                Some((_, files)) => files.push(path),
                None => named.push((folder, vec![path])),
            }
        }
    }
    for (folder, files) in named {
        let sources = files
            .iter()
            .map(|f| read(f))
            .collect::<Result<Vec<_>, _>>()?;
        units.extend(units_of(&folder, sources));
    }
    Ok(units)
}

fn read(path: &Path) -> Result<SourceFile, LoadError> {
    let bytes = std::fs::read(path)
        .map_err(|e| LoadError(format!("cannot read {}: {e}", path.display())))?;
    Ok(SourceFile {
        path: path.display().to_string(),
        text: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

fn units_of(folder: &Path, files: Vec<SourceFile>) -> Vec<Unit> {
    let name = folder
        .canonicalize()
        .ok()
        .and_then(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()));
    programs_of_folder(files, name.as_deref())
        .into_iter()
        .map(|package| Unit {
            path: if package.files.len() == 1 {
                package.files[0].path.clone()
            } else {
                folder.display().to_string()
            },
            package,
        })
        .collect()
}

/// A folder's packages, then its sub-folders' (not `testdata`, `vendor`, or
/// names starting with `.` or `_`, as the go command skips them).
fn walk(
    folder: &Path,
    root: &Path,
    excludes: &Excludes,
    units: &mut Vec<Unit>,
) -> Result<(), LoadError> {
    let mut entries: Vec<(PathBuf, bool)> = std::fs::read_dir(folder)
        .map_err(|e| LoadError(format!("cannot read {}: {e}", folder.display())))?
        .flatten()
        .map(|e| {
            let path = e.path();
            let is_dir = path.is_dir();
            (path, is_dir)
        })
        .collect();
    entries.sort();
    let mut files = Vec::new();
    for (path, is_dir) in &entries {
        if *is_dir || path.extension().is_none_or(|e| e != "go") {
            continue;
        }
        if excludes.matches(path, root) {
            continue;
        }
        let file = read(path)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if included_on_linux_amd64(name.as_deref().unwrap_or(""), &file.text) {
            files.push(file);
        }
    }
    if !files.is_empty() {
        units.extend(units_of(folder, files));
    }
    for (path, is_dir) in entries {
        if !is_dir {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name == "testdata" || name == "vendor" || name.starts_with('.') || name.starts_with('_')
        {
            continue;
        }
        if excludes.matches(&path, root) {
            continue;
        }
        walk(&path, root, excludes, units)?;
    }
    Ok(())
}
