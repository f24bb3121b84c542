# The project's commands. `make test` is what CI runs (see .ci/run) and what README.md gives.
.PHONY: test test-rust test-node test-browser example lint

test: test-rust test-node test-browser

test-rust:
	cargo test --all-targets

# Search: the query engine and the shared normalization vectors (node:test, no npm packages).
test-node:
	cargo build
	node --test tests/search/

# Search in headless Chromium: type in a built page's box and follow a result.
test-browser:
	cargo build
	node --test tests/browser/

example:
	cargo run --release -- build .

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
