#!/usr/bin/env bash
# Runs every test Hearth has, the load generator's smoke run included. Needs
# Rust and, for the browser tests, Node.js and Debian's chromium (see
# README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --all-targets
