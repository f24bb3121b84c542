# The project's commands. `make test` is what CI runs (see .ci/run) and what README.md gives.
.PHONY: test test-browser example lint

test:
	cargo test --all-targets
	$(MAKE) test-browser

# kilavuz serve in headless Chromium (tests/browser; needs Node 20 and /usr/bin/chromium).
test-browser:
	cargo build
	test -d tests/browser/node_modules || npm ci --prefix tests/browser --no-audit --no-fund
	node tests/browser/live-reload.mjs

example:
	cargo run --release -- build .

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
