#!/usr/bin/env bash
# Runs the benchmarks of BENCHMARKS.md: builds the server and the load
# generator, then for each scenario starts a fresh server pinned to core 0 on
# the bench world and runs the scenario pinned to core 1. Accounts, tokens and
# the game's data stay in DIR between runs. Each scenario's table goes to the
# terminal and its JSON to DIR.
#
#   tools/hearth-load/benchmark.sh DIR [SCENARIO...]
#
# SCENARIO is any of sign-in chat mixed idle login-storm flood (default:
# all, in that order). The first sign-in registers 10,000 accounts: minutes of
# password hashing, done once per DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."

dir=$(realpath -m "${1:?usage: $0 DIR [SCENARIO...]}")
shift
if [ $# -gt 0 ]; then
    scenarios=("$@")
else
    scenarios=(sign-in chat mixed idle login-storm flood)
fi
mkdir -p "$dir"
world=tools/hearth-load/worlds/grid.toml
port=4100
# 10,000 players need a descriptor each, on both sides.
ulimit -n 20000

cargo build --release -p hearth -p hearth-load
target=$(cargo metadata --format-version 1 --no-deps | sed 's/.*"target_directory":"\([^"]*\)".*/\1/')

# Every scenario but the flood runs with the limits off: all its players
# come from this one machine. The flood measures the command rate limit, so
# its server keeps the limits on and only lets one address bring them all.
limits=(--limits off)
server=
start_server() {
    taskset -c 0 "$target/release/hearth" --bind 127.0.0.1 --port "$port" \
        --data-dir "$dir/data" --world "$world" --log warn "${limits[@]}" &
    server=$!
    sleep 1
}
stop_server() {
    if [ -n "$server" ]; then
        kill -INT "$server"
        wait "$server" || true
        server=
    fi
}
trap stop_server EXIT

load() {
    local scenario=$1
    shift
    start_server
    echo "== $scenario (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
    taskset -c 1 "$target/release/hearth-load" --server "127.0.0.1:$port" \
        --server-pid "$server" --world "$world" --accounts "$dir/accounts.txt" \
        --json "$dir/$scenario.json" "$scenario" "$@"
    stop_server
}

for scenario in "${scenarios[@]}"; do
    case $scenario in
        sign-in) load sign-in --players 10000 ;;
        chat) load chat --players 1000 --room-size 10 --warmup 2 --duration 10 ;;
        mixed) load mixed --players 1000 --room-size 10 --rate 5000 --warmup 2 --duration 10 ;;
        idle) load idle --players 10000 --idle 40 ;;
        login-storm) load login-storm --players 1000 --rate 2000 --logins 200 --warmup 2 --duration 20 ;;
        flood)
            limits=(--max-connections-per-address 5000 --handshakes-per-minute 100000
                --registrations-per-address 100000)
            load flood --players 1000 --room-size 10 --rate 1000 --flood-rate 200 --warmup 10 --duration 10
            limits=(--limits off) ;;
        *) echo "unknown scenario $scenario" >&2; exit 2 ;;
    esac
done
