#!/usr/bin/env bash
# Checks a release archive the way a host would use it: verifies the
# checksums, unpacks it in a scratch directory, and runs what is inside: the
# binary's version and world check, the sample config, a real start with a
# health check, a snapshot and a graceful stop, and the systemd unit (with
# systemd-analyze, when this machine has it).
#
#   bash scripts/check-release.sh dist/hearth-<version>-<target>.tar.gz
set -euo pipefail
archive="$(realpath "$1")"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$(dirname "$0")/../Cargo.toml" | head -1)"

(cd "$(dirname "$archive")" && sha256sum --check --quiet SHA256SUMS)
scratch="$(mktemp -d)"
server=""
cleanup() {
    [[ -n "$server" ]] && kill "$server" 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT
tar -xzf "$archive" -C "$scratch"
cd "$scratch"/hearth-*/
sha256sum --check --quiet SHA256SUMS
for file in hearth README.md LICENSE hearth.toml.example hearth.service worlds/default.toml; do
    [[ -e "$file" ]] || { echo "check-release: $file is missing" >&2; exit 1; }
done

# Nothing from the caller's environment may change what is checked.
run() { env -i PATH="$PATH" "$@"; }

[[ "$(run ./hearth --version)" == "hearth $version" ]]
run ./hearth check-world | grep -q 'The built-in world: "Emberwick" is fine'
run ./hearth check-world worlds/default.toml | grep -q 'is fine'
run ./hearth --config hearth.toml.example config | grep -q '^# Read now: hearth.toml.example'

# A real start: the banner, /healthz, a snapshot on request, a clean stop.
data="$scratch/data"
env -i PATH="$PATH" ./hearth --bind 127.0.0.1 --port 0 --data-dir "$data" --log warn \
    >"$scratch/banner" &
server=$!
port=""
for _ in $(seq 100); do
    port="$(sed -n 's|^  http://127.0.0.1:\([0-9]*\)/$|\1|p' "$scratch/banner")"
    [[ -n "$port" ]] && grep -q '^Saving to' "$scratch/banner" && break
    sleep 0.1
done
[[ -n "$port" ]] || { echo "check-release: the server did not start" >&2; cat "$scratch/banner" >&2; exit 1; }
grep -q 'This is a new game' "$scratch/banner"
run ./hearth healthcheck --bind 127.0.0.1 --port "$port" >/dev/null
run ./hearth snapshot --data-dir "$data" | grep -q '^Snapshot written to'
[[ "$(stat -c %a "$data" "$data/hearth.redb")" == $'700\n600' ]]
kill -TERM "$server"
wait "$server"
server=""

if command -v systemd-analyze >/dev/null; then
    # verify wants ExecStart to exist: point it at the unpacked binary. It
    # only warns (exit 0) about unknown keys, so any output fails the check.
    unit="$scratch/hearth.service"
    sed "s|^ExecStart=/usr/local/bin/hearth|ExecStart=$PWD/hearth|" hearth.service >"$unit"
    verified="$(systemd-analyze verify "$unit" 2>&1)"
    [[ -z "$verified" ]] || { echo "check-release: hearth.service: $verified" >&2; exit 1; }
    # The sandbox must stay tight: systemd's exposure score, 0 (best) to 10.
    exposure="$(systemd-analyze security --offline=yes "$unit" 2>&1 \
        | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')"
    awk -v score="$exposure" 'BEGIN { exit !(score != "" && score <= 1.5) }' \
        || { echo "check-release: hearth.service exposure is ${exposure:-unknown}, over 1.5" >&2; exit 1; }
else
    echo "check-release: no systemd-analyze here; the unit was not verified" >&2
fi
echo "check-release: $(basename "$archive") is good"
