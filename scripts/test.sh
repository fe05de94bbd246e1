#!/usr/bin/env bash
# Runs every test Hearth has: the Rust tests (the load generator's smoke run
# included), the cluster's tests against a real redis-server, then the web
# client's browser tests in headless Chromium against the built binary. Needs
# Rust, redis-server 7 or later, Node.js 20 or later with npm, Debian's
# chromium, and TinTin++ with tmux for the telnet tests (see README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${CHROMIUM_BIN:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
    echo "The browser tests need Debian's Chromium at $chromium: apt-get install chromium" >&2
    exit 1
fi

if ! command -v "${HEARTH_REDIS_SERVER:-redis-server}" >/dev/null; then
    echo "The cluster tests need redis-server 7 or later: apt-get install -y --no-install-recommends redis-server" >&2
    exit 1
fi

if ! command -v tmux >/dev/null || ! { command -v tt++ || [[ -x /usr/games/tt++ ]]; } >/dev/null; then
    echo "The telnet tests drive TinTin++ in tmux: apt-get install tintin++ tmux" >&2
    exit 1
fi

cargo test --workspace --all-targets
# Each cluster test starts its own redis-server; one at a time keeps their
# fsyncs and timings from crowding each other.
cargo test --features redis --test cluster -- --test-threads=1

cargo build --bin hearth
target_dir="$(realpath "${CARGO_TARGET_DIR:-target}")"
export HEARTH_BIN="$target_dir/debug/hearth"
cd tests/browser
npm ci --no-audit --no-fund
npm test
