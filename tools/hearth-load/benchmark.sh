#!/usr/bin/env bash
# Runs the benchmarks of BENCHMARKS.md: builds the server, the bare baseline
# and the load generator, then for each run starts a fresh server pinned to
# core 0 on the bench world and runs the load generator pinned to core 1.
# Accounts, tokens and the game's data stay in DIR between runs. Each run's
# table goes to the terminal and its JSON to DIR.
#
#   tools/hearth-load/benchmark.sh DIR [SCENARIO...]
#
# SCENARIO is any of sign-in chat mixed idle login-storm flood (default:
# all, in that order), or bare-chat: the chat scenario against the bare socketioxide
# baseline (tools/bare-chat) instead of Hearth. The first sign-in registers
# 10,000 accounts: minutes of password hashing, done once per DIR.
#
#   [CLUSTER_PLAYERS=N] [CLUSTER_RATE=R] tools/hearth-load/benchmark.sh DIR cluster
#
# The cluster of issue #9, built with the redis feature: a redis-server on
# a free loopback port (appendonly yes, appendfsync always, its files in
# DIR/redis, so the accounts registered once stay for later runs) and two
# instances, all three on core 0, the load generator on core 1. The players
# (N, default 400) are dealt to both instances. It runs chat, mixed at R
# commands/s (default 2000), then mixed again with the leader killed
# (SIGKILL) 4 s into the window, each on freshly started instances; Redis
# stays up throughout. Tables to the terminal, JSON to DIR/cluster-*.json.
#
#   [RUNS=N] tools/hearth-load/benchmark.sh compare DIR LABEL=SERVER LABEL=SERVER...
#
# Compares the chat scenario of two (or more) server binaries (Hearth of any
# commit, or bare-chat; "hearth" and "bare-chat" name this tree's release
# builds) in the same session: RUNS runs of each (default 3), alternating A,
# B, A, B, ... so that drift in the machine's speed falls on all alike.
# Prints every run's commands/s and server CPU, each server's medians and
# the ratios of the medians, A / B: of commands/s, and of commands per
# second of server CPU (on a busy machine the server does not always get its
# whole core, which the second measure leaves out). Each server keeps its own accounts and data in DIR/LABEL (a
# Hearth of another commit may not read this one's database). To measure an
# older Hearth, build it apart, e.g.
#
#   git worktree add /tmp/hearth-485ad62 485ad62
#   (cd /tmp/hearth-485ad62 && CARGO_TARGET_DIR=/tmp/hearth-485ad62-target \
#       cargo build --release -p hearth)
#   tools/hearth-load/benchmark.sh compare /tmp/hearth-bench \
#       old=/tmp/hearth-485ad62-target/release/hearth new=hearth
set -euo pipefail
cd "$(dirname "$0")/../.."

usage() {
    grep -m3 '^#   .*tools/hearth-load/benchmark.sh' "$0" | sed 's/^#  */usage: /' >&2
    exit 2
}
if [ "${1:-}" = compare ]; then
    [ $# -ge 4 ] || usage
    for spec in "${@:3}"; do
        [[ $spec == ?*=?* ]] || usage
    done
else
    [ $# -ge 1 ] || usage
fi

world=tools/hearth-load/worlds/grid.toml
port=4100
chat=(chat --players 1000 --room-size 10 --warmup 2 --duration 10)
# 10,000 players need a descriptor each, on both sides.
ulimit -n 20000

# The cluster needs the redis feature; the single server is measured as
# it is built by default, without it.
features=()
if [[ " $* " == *" cluster "* ]]; then
    features=(--features hearth/redis)
fi
cargo build --release -p hearth -p hearth-load -p bare-chat "${features[@]}"
target=$(cargo metadata --format-version 1 --no-deps | sed 's/.*"target_directory":"\([^"]*\)".*/\1/')

# What a server binary is: "hearth" or "bare-chat" (from its --version).
kind_of() {
    "$1" --version | cut -d' ' -f1
}

server=
# Every scenario but the flood runs with the limits off: all its players
# come from this one machine. The flood measures the command rate limit, so
# its server keeps the limits on and only lets one address bring them all.
flood_limits=()
# start_server BINARY DATA_DIR: starts it on core 0 and waits for its port.
start_server() {
    local binary=$1 data=$2
    case $(kind_of "$binary") in
        hearth)
            # A thousand players on one address are past the limits at the
            # door (Hearth since a80726a; older ones have no such flag).
            local limits=()
            if [ ${#flood_limits[@]} -gt 0 ]; then
                limits=("${flood_limits[@]}")
            elif "$binary" --help | grep -q -- --limits; then
                limits=(--limits off)
            fi
            taskset -c 0 "$binary" --bind 127.0.0.1 --port "$port" \
                --data-dir "$data" --world "$world" --log warn "${limits[@]}" &
            ;;
        bare-chat)
            taskset -c 0 "$binary" --bind 127.0.0.1 --port "$port" --world "$world" &
            ;;
        *)
            echo "$binary is neither hearth nor bare-chat" >&2
            exit 2
            ;;
    esac
    server=$!
    for _ in $(seq 300); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return
        fi
        kill -0 "$server" 2>/dev/null || break
        sleep 0.1
    done
    echo "$binary did not start listening on port $port" >&2
    exit 1
}
# reap PID: waits up to 20 s for it to exit, then kills it with SIGKILL.
reap() {
    for _ in $(seq 200); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$1" 2>/dev/null || true
    wait "$1" || true
}
# stop_server: as Ctrl+C does, giving it 20 s before SIGKILL.
stop_server() {
    if [ -n "$server" ]; then
        kill -INT "$server"
        reap "$server"
        server=
    fi
}

# The cluster's processes: Redis, and the instances (pids, in --server order).
redis=
instances=()
cluster_ports=(4100 4101)
# free_port: a loopback port nothing listens on.
free_port() {
    local candidate
    for _ in $(seq 100); do
        candidate=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
            echo "$candidate"
            return
        fi
    done
    echo "no free loopback port found" >&2
    exit 1
}
# start_redis DIR: a durable redis-server on core 0 with its files in DIR;
# sets redis_url.
start_redis() {
    local port
    port=$(free_port)
    mkdir -p "$1"
    taskset -c 0 redis-server --bind 127.0.0.1 --port "$port" --dir "$1" \
        --appendonly yes --appendfsync always --save "" --maxmemory-policy noeviction \
        --daemonize no --loglevel warning &
    redis=$!
    redis_url=redis://127.0.0.1:$port/0
    for _ in $(seq 300); do
        [ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ] && return
        kill -0 "$redis" 2>/dev/null || break
        sleep 0.1
    done
    echo "redis-server did not answer on port $port" >&2
    exit 1
}
stop_redis() {
    if [ -n "$redis" ]; then
        kill -TERM "$redis" 2>/dev/null || true
        wait "$redis" || true
        redis=
    fi
}
# start_cluster DIR: both instances on core 0, on Redis; returns once one
# of them runs the game.
start_cluster() {
    local port
    instances=()
    for port in "${cluster_ports[@]}"; do
        taskset -c 0 "$hearth" --bind 127.0.0.1 --port "$port" --data-dir "$1/instance-$port" \
            --world "$world" --log warn --limits off --redis "$redis_url" --cluster-name bench &
        instances+=($!)
    done
    for _ in $(seq 300); do
        for port in "${cluster_ports[@]}"; do
            if curl -sf "http://127.0.0.1:$port/healthz" | grep -q '"leader":true'; then
                return
            fi
        done
        sleep 0.1
    done
    echo "no instance of the cluster took the game within 30 s" >&2
    exit 1
}
# stop_cluster: as Ctrl+C does, giving each 20 s before SIGKILL (the one
# killed on purpose is gone already).
stop_cluster() {
    local pid
    for pid in "${instances[@]}"; do
        kill -INT "$pid" 2>/dev/null || true
    done
    for pid in "${instances[@]}"; do
        reap "$pid"
    done
    instances=()
}
# cluster_run DIR NAME SCENARIO [ARGS...]: one scenario against freshly
# started instances.
cluster_run() {
    local dir=$1 name=$2
    shift 2
    start_cluster "$dir"
    echo "== cluster $name (load average: $(load_average))"
    local servers pids
    servers=$(printf '127.0.0.1:%s,' "${cluster_ports[@]}")
    pids=$(printf '%s,' "${instances[@]}")
    taskset -c 1 "$target/release/hearth-load" --server "${servers%,}" \
        --server-pid "${pids%,}" --redis-pid "$redis" --world "$world" \
        --accounts "$dir/cluster-accounts.txt" --prefix cluster \
        --json "$dir/cluster-$name.json" "$@"
    stop_cluster
}
# cluster DIR: the runs of the cluster scenario.
cluster() {
    local dir=$1 players=${CLUSTER_PLAYERS:-400} rate=${CLUSTER_RATE:-2000}
    start_redis "$dir/redis"
    cluster_run "$dir" sign-in sign-in --players "$players"
    cluster_run "$dir" chat chat --players "$players" --room-size 10 --warmup 2 --duration 10
    cluster_run "$dir" mixed mixed --players "$players" --room-size 10 --rate "$rate" \
        --warmup 2 --duration 10
    cluster_run "$dir" failover mixed --players "$players" --room-size 10 --rate "$rate" \
        --warmup 2 --duration 12 --kill-leader-after 4
    stop_redis
}
trap 'stop_server; stop_cluster; stop_redis' EXIT

load_average() {
    cut -d' ' -f1-3 /proc/loadavg
}

# run BINARY DATA_DIR ACCOUNTS JSON SCENARIO [ARGS...]: one scenario against
# a fresh server.
run() {
    local binary=$1 data=$2 accounts=$3 json=$4
    shift 4
    start_server "$binary" "$data"
    echo "== $1 on $binary (load average: $(load_average))"
    taskset -c 1 "$target/release/hearth-load" --server "127.0.0.1:$port" \
        --server-pid "$server" --world "$world" --accounts "$accounts" \
        --json "$json" "$@"
    stop_server
}

# measure JSON NAME: one measure of a run's JSON report.
measure() {
    grep -A1 "\"name\": \"$2\"" "$1" | sed -n 's/.*"value": \([-0-9.e+]*\).*/\1/p'
}

# per_cpu_second JSON: commands per second of the server's CPU time, which
# does not count what other processes took of its core.
per_cpu_second() {
    awk -v rate="$(measure "$1" commands/s)" -v cpu="$(measure "$1" 'server CPU')" \
        'BEGIN { printf "%.0f", (cpu > 0 ? rate / (cpu / 100) : 0) }'
}

median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# compare DIR RUNS LABEL=SERVER...: the chat scenario of every server, RUNS
# times, in turn.
compare() {
    local dir=$1 runs=$2
    shift 2
    local labels=() binaries=() spec i
    for spec in "$@"; do
        labels+=("${spec%%=*}")
        case ${spec#*=} in
            hearth | bare-chat) binaries+=("$target/release/${spec#*=}") ;;
            *) binaries+=("$(realpath "${spec#*=}")") ;;
        esac
    done
    for i in "${!labels[@]}"; do
        mkdir -p "$dir/${labels[$i]}"
        echo "${labels[$i]}: ${binaries[$i]} ($(kind_of "${binaries[$i]}"))"
        run "${binaries[$i]}" "$dir/${labels[$i]}/data" "$dir/${labels[$i]}/accounts.txt" \
            "$dir/${labels[$i]}/sign-in.json" sign-in --players 1000 >/dev/null
    done
    local round session
    session=$(date +%Y%m%d-%H%M%S)
    for round in $(seq "$runs"); do
        for i in "${!labels[@]}"; do
            run "${binaries[$i]}" "$dir/${labels[$i]}/data" "$dir/${labels[$i]}/accounts.txt" \
                "$dir/${labels[$i]}/chat-$session-$round.json" "${chat[@]}"
        done
    done
    summarize "$dir" "$session" "$runs" "${labels[@]}"
}

# summarize DIR SESSION RUNS LABEL...: the table of a comparison, from its
# runs' JSON.
summarize() {
    local dir=$1 session=$2 runs=$3
    shift 3
    local labels=("$@") round i j json
    echo
    echo "Chat, $runs runs of each server, alternating:"
    echo "run  server     commands/s  CPU % per-CPU-s  p99 ms errors  load average"
    for round in $(seq "$runs"); do
        for i in "${!labels[@]}"; do
            json=$dir/${labels[$i]}/chat-$session-$round.json
            printf '%-4s %-10s %8.0f %8.1f %8.0f %7.1f %6.0f  %.2f\n' \
                "$round" "${labels[$i]}" "$(measure "$json" commands/s)" \
                "$(measure "$json" 'server CPU')" "$(per_cpu_second "$json")" \
                "$(measure "$json" 'latency p99')" "$(measure "$json" errors)" \
                "$(measure "$json" 'load average at start')"
        done
    done
    local throughput=() efficiency=() rates=() per_cpu=()
    for i in "${!labels[@]}"; do
        rates=()
        per_cpu=()
        for round in $(seq "$runs"); do
            json=$dir/${labels[$i]}/chat-$session-$round.json
            rates+=("$(measure "$json" commands/s)")
            per_cpu+=("$(per_cpu_second "$json")")
        done
        throughput+=("$(median "${rates[@]}")")
        efficiency+=("$(median "${per_cpu[@]}")")
        printf 'median %-10s %8.0f commands/s, %8.0f commands per server CPU-second\n' \
            "${labels[$i]}" "${throughput[$i]}" "${efficiency[$i]}"
    done
    for i in "${!labels[@]}"; do
        for j in "${!labels[@]}"; do
            [ "$i" -lt "$j" ] || continue
            awk -v a="${throughput[$i]}" -v b="${throughput[$j]}" -v ea="${efficiency[$i]}" \
                -v eb="${efficiency[$j]}" -v la="${labels[$i]}" -v lb="${labels[$j]}" \
                'BEGIN { printf "ratio of medians %s / %s: %.3f in commands/s, %.3f per CPU-second\n",
                         la, lb, a / b, ea / eb }'
        done
    done
}

if [ "$1" = compare ]; then
    dir=$(realpath -m "$2")
    shift 2
    runs=${RUNS:-3}
    mkdir -p "$dir"
    compare "$dir" "$runs" "$@"
    exit
fi

dir=$(realpath -m "$1")
shift
if [ $# -gt 0 ]; then
    scenarios=("$@")
else
    scenarios=(sign-in chat mixed idle login-storm flood)
fi
mkdir -p "$dir"
hearth=$target/release/hearth
bare=$target/release/bare-chat
for scenario in "${scenarios[@]}"; do
    json=$dir/$scenario.json
    case $scenario in
        sign-in) run "$hearth" "$dir/data" "$dir/accounts.txt" "$json" sign-in --players 10000 ;;
        chat) run "$hearth" "$dir/data" "$dir/accounts.txt" "$json" "${chat[@]}" ;;
        mixed) run "$hearth" "$dir/data" "$dir/accounts.txt" "$json" \
            mixed --players 1000 --room-size 10 --rate 5000 --warmup 2 --duration 10 ;;
        idle) run "$hearth" "$dir/data" "$dir/accounts.txt" "$json" idle --players 10000 --idle 40 ;;
        login-storm) run "$hearth" "$dir/data" "$dir/accounts.txt" "$json" \
            login-storm --players 1000 --rate 2000 --logins 200 --warmup 2 --duration 20 ;;
        flood)
            flood_limits=(--max-connections-per-address 5000 --handshakes-per-minute 100000
                --registrations-per-address 100000)
            run "$hearth" "$dir/data" "$dir/accounts.txt" "$json" \
                flood --players 1000 --room-size 10 --rate 1000 --flood-rate 200 --warmup 10 --duration 10
            flood_limits=() ;;
        bare-chat) run "$bare" "" "$dir/bare-chat-accounts.txt" "$json" "${chat[@]}" ;;
        cluster) cluster "$dir" ;;
        *) echo "unknown scenario $scenario" >&2; exit 2 ;;
    esac
done
