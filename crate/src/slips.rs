//! Pasted code with slips: the analysis runs on the repaired text
//! ([`crate::syntax::repair_slips`]), and the report is given back in the
//! original's terms: every span mapped back, every fix carrying the slip's
//! repair too (so applying it to the original gives the repaired, fixed
//! text), and every finding saying what was assumed.

use crate::findings::{FileReport, Finding};
use crate::fix::Edit;
use crate::syntax::{ParsedFile, Repaired, SyntaxError};
use crate::verdict::Witness;

/// The report of the repaired file, in the terms of `original`.
pub fn report_on_original(
    original: &ParsedFile,
    repaired: &Repaired,
    mut report: FileReport,
) -> FileReport {
    // Two slips of one kind (in two files of one program) are said once.
    let mut assumed: Vec<&str> = Vec::new();
    for slip in &repaired.slips {
        if !assumed.contains(&slip.assumed.as_str()) {
            assumed.push(&slip.assumed);
        }
    }
    let assumed = assumed.join("; ");
    for finding in &mut report.findings {
        map_finding(repaired, finding);
        finding.message = format!("{} ({assumed})", finding.message);
    }
    for entry in &mut report.entries {
        if let Some(w) = &mut entry.clean_witness {
            map_witness(repaired, w);
        }
    }
    report.source = original.text.clone();
    report.syntax_errors = original.errors.clone();
    report.slips = repaired.slips.clone();
    report
}

/// The slips' repairs as edits of the original.
pub fn slip_edits(repaired: &Repaired) -> Vec<Edit> {
    repaired
        .slips
        .iter()
        .map(|s| Edit::replace(s.at as usize, s.at as usize, s.insert.clone()))
        .collect()
}

fn map_finding(repaired: &Repaired, finding: &mut Finding) {
    let span = |s| repaired.original_span(s);
    finding.span = span(finding.span);
    for label in &mut finding.labels {
        label.span = span(label.span);
    }
    for blocked in &mut finding.blocked {
        blocked.span = span(blocked.span);
    }
    map_witness(repaired, &mut finding.witness);
    // A fix is verified on the repaired text: with the slips' repairs it is
    // the same change of the original.
    let slips = slip_edits(repaired);
    finding.fixes.retain_mut(|fix| {
        let mut edits = Vec::with_capacity(fix.edits.len() + slips.len());
        for edit in &fix.edits {
            let start = repaired.original_offset(edit.start);
            let end = repaired.original_offset(edit.end);
            // An edit that changes a repair itself cannot be said of the original.
            if slips.iter().any(|s| start < s.start && s.start < end) {
                return false;
            }
            edits.push(Edit::replace(
                start as usize,
                end as usize,
                edit.text.clone(),
            ));
        }
        edits.extend(slips.iter().cloned());
        crate::order::sort_by_key(&mut edits, |e| (e.start, e.end));
        fix.edits = edits;
        true
    });
}

fn map_witness(repaired: &Repaired, witness: &mut Witness) {
    let span = |s| repaired.original_span(s);
    for step in &mut witness.steps {
        step.span = step.span.map(span);
        for g in &mut step.goroutines {
            g.span = span(g.span);
            g.go_span = g.go_span.map(span);
        }
        for c in &mut step.channels {
            c.make_span = span(c.make_span);
        }
    }
}

/// The syntax errors of a file analyzed as far as it parses, said on every
/// finding (no repair made it whole).
pub fn say_partial(errors: &[SyntaxError], findings: &mut [Finding]) {
    if errors.is_empty() {
        return;
    }
    let n = errors.len();
    let errors = if n == 1 {
        "a syntax error".to_string()
    } else {
        format!("{n} syntax errors")
    };
    for finding in findings {
        finding.message = format!(
            "{} (the file has {errors}: analyzed as far as it parses)",
            finding.message
        );
    }
}
