# The two commands a newcomer runs (see README):
#   make demo   — installs what is missing, builds the widget, starts the demo server
#   make test   — installs what is missing, runs every test
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner
LISTEN ?= 127.0.0.1:8080
# Where cargo puts binaries (CI may set CARGO_TARGET_DIR).
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)

.PHONY: demo test tools test-tools widget console server test-native test-wasm test-e2e lint bench

demo: tools widget console
	cargo build --release -p resq-server
	@echo "Demo: http://$(LISTEN)/  (Ctrl-C stops it)"
	$(TARGET_DIR)/release/resq-server demo --listen $(LISTEN) --static-dir dist

test: test-tools test-native test-wasm test-e2e test-fuzz

tools:
	scripts/ensure-tools.sh build

test-tools:
	scripts/ensure-tools.sh test

# The widget's release build (profile wasm-release: opt-level z, LTO, wasm-opt -Oz).
widget:
	trunk build --release --cargo-profile wasm-release

# The partner Feedback page and the service console: their own bundle
# (console/dist, served by the demo at /console/).
console:
	cd console && trunk build --release --cargo-profile wasm-release

server:
	cargo build -p resq-server

# core's rules and the server's HTTP integration tests.
test-native:
	cargo test -p resq-core -p resq-server -p resq-console

# Widget component tests in headless Chromium (wasm-bindgen-test).
test-wasm:
	cargo test -p resq-feedback --target wasm32-unknown-unknown

# API fuzzing (issue 7): schemathesis (installed pinned into .tools/ by the
# script) against a fresh demo server as none/customer/partner/staff/service,
# every phase and check, 25 examples per operation: a few minutes.
.PHONY: test-fuzz soak
test-fuzz: server
	scripts/fuzz-api.sh

# The long runs of issue 7, not in `make test` (40 minutes or more): 10 minutes
# of mixed load at half the measured maximum against the release server (no
# errors, RSS growth under 10 %, no growing queue; figures printed), then
# schemathesis with 250 examples per operation as every role.
# SOAK_SECONDS=60 SOAK_FUZZ=0 make soak: a short trial of the load alone.
soak:
	cargo build --release -p resq-server
	scripts/soak.sh

# End-to-end: Playwright + axe-core against the real demo server.
test-e2e: widget console server
	node e2e/run.mjs

lint:
	cargo fmt --all -- --check
	cargo clippy -p resq-core -p resq-server --all-targets -- -D warnings
	cargo clippy -p resq-console --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p resq-feedback --target wasm32-unknown-unknown --all-targets -- -D warnings
	cargo clippy -p resq-bench -- -D warnings

# The performance budgets of issue 6 on this machine, one table (BENCHMARKS.md):
# bundle bytes, time to interactive, submissions with group commit (and
# without, for comparison) against healthz and a disk fsync probe, rating
# reads, live fan-out, the partner list, peak RSS. About 3 minutes after the
# builds. Not part of `make test`.
bench: test-tools widget
	cargo build --release -p resq-server -p resq-bench
	ulimit -n 65536 2>/dev/null || true; $(TARGET_DIR)/release/resq-bench --binary $(TARGET_DIR)/release/resq-server
