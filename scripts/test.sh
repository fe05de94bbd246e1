#!/usr/bin/env bash
# Runs every test Hearth has. Needs Rust and, for the browser tests, Node.js
# and Debian's chromium (see README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --all-targets
