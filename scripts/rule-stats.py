#!/usr/bin/env python3
"""Per-rule figures over the fixtures: want lines, detections at those lines,
findings with a verified fix (and with a verified Safe one), findings with
display-only advice and no verified fix, and unexpected findings. Prints a table.
Usage: scripts/rule-stats.py [path/to/leakscope]"""
import json, os, re, subprocess, sys, collections

root = os.path.join(os.path.dirname(__file__), "..", "crate", "testdata")
cli = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "target", "debug", "leakscope")
files = []
for sub in ["rules", "fixtures", "correct", "bugs", "pasted"]:
    for d, _, names in os.walk(os.path.join(root, sub)):
        files += [os.path.join(d, n) for n in names if n.endswith(".go")]
files.sort()
want_re = re.compile(r'// want "([^"]*)"')
stats = collections.defaultdict(lambda: collections.Counter())
correct_files = correct_clean = 0
for path in files:
    src = open(path, encoding="utf-8", errors="replace").read()
    wants = []
    for i, line in enumerate(src.split("\n"), 1):
        for m in want_re.finditer(line):
            wants.append((i, m.group(1)))
    out = subprocess.run([cli, "check", "--format", "json", path], capture_output=True, text=True)
    findings = json.loads(out.stdout)["files"][0]["findings"] if out.stdout.strip() else []
    if "/correct/" in path:
        correct_files += 1
        correct_clean += not findings
    def matches(pattern, f):
        return re.search(pattern, f["rule"] + ": " + f["message"])
    for line, pattern in wants:
        hit = [f for f in findings if f["line"] == line and matches(pattern, f)]
        # A want is a regexp over "rule: message"; it counts for the rule it
        # names at its start, else for the rule of the finding it matched.
        named = pattern.split(":")[0].strip()
        rule = named if re.fullmatch(r"[a-z-]+", named) else (hit[0]["rule"] if hit else pattern)
        stats[rule]["wants"] += 1
        if hit:
            stats[rule]["detected"] += 1
            if any(x["verified"] for x in hit[0]["fixes"]):
                stats[rule]["verified fix"] += 1
            if any(x["verified"] and x["applicability"] == "safe" for x in hit[0]["fixes"]):
                stats[rule]["safe fix"] += 1
            # No verified edit, but advice that no edit can give (AB-BA's
            # lock order): not an edit-level remedy.
            elif not any(x["verified"] for x in hit[0]["fixes"]) and any(
                x["applicability"] == "display-only" for x in hit[0]["fixes"]
            ):
                stats[rule]["advice only"] += 1
    for f in findings:
        if not any(l == f["line"] and matches(r, f) for l, r in wants):
            stats[f["rule"]]["unexpected"] += 1
print(f"{'rule':<24}{'wants':>7}{'detected':>10}{'verified fix':>14}{'safe fix':>10}{'advice only':>13}{'unexpected':>12}")
for rule in sorted(stats):
    c = stats[rule]
    print(f"{rule:<24}{c['wants']:>7}{c['detected']:>10}{c['verified fix']:>14}{c['safe fix']:>10}{c['advice only']:>13}{c['unexpected']:>12}")
print(f"precision corpus: {correct_clean}/{correct_files} correct programs with no finding")
