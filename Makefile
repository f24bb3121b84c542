# The project's commands. `make test` is what CI runs (see .ci/run) and what README.md gives.
.PHONY: test example lint

test:
	cargo test --all-targets

example:
	cargo run --release -- build .

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
