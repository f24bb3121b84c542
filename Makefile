# The project's commands. `make test` is what CI runs (see .ci/run) and what README.md gives.
.PHONY: test test-rust test-node test-browser test-docs bench-serve example lint

test: test-rust test-node test-browser test-docs

test-rust:
	cargo test --all-targets

# The user guide (docs/) is a kilavuz site: it must pass check, warnings included.
test-docs:
	cargo run -q -- check --quiet docs

# Search: the query engine and the shared normalization vectors; support pages' "open now"
# script on a built fixture (node:test, no npm packages).
test-node:
	cargo build
	node --test tests/search/
	node --test tests/support/

# Headless Chromium (Debian's /usr/bin/chromium): search box and results, decision trees and the
# theme toggle (DevTools pipe), axe-core accessibility checks of every page type (playwright-core
# and axe-core, pinned in tests/browser), then kilavuz serve's live reload.
test-browser:
	cargo build
	test -d tests/browser/node_modules || npm ci --prefix tests/browser --no-audit --no-fund
	node --test tests/browser/
	node tests/browser/live-reload.mjs

# Edit-to-reload latency of kilavuz serve on 3000 generated articles (a benchmark, not a test).
BENCH_SITE ?= /tmp/kilavuz-bench-site
bench-serve:
	cargo build --release
	test -d tests/browser/node_modules || npm ci --prefix tests/browser --no-audit --no-fund
	test -d $(BENCH_SITE)/neutral || python3 ../shared/bench/gen_corpus.py --pages 1500 --out $(BENCH_SITE) --layouts neutral
	printf 'title: Bench\ndefault_locale: en-US\nlocales:\n  - {code: en-US, name: English}\n  - {code: tr-TR, name: Türkçe}\n' > $(BENCH_SITE)/neutral/kilavuz.yaml
	node tests/browser/bench-reload.mjs $(BENCH_SITE)/neutral

example:
	cargo run --release -- build .

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
