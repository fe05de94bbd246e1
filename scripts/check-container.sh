#!/usr/bin/env bash
# Builds the container image from a release archive's binary (the Dockerfile's
# `prebuilt` target, so CI compiles once) and runs it the way a host
# would: as its unprivileged user, on a named /data volume, configured by
# environment, healthy by its own HEALTHCHECK, snapshotting on request,
# stopping cleanly, and finding its saved game when started again.
#
#   bash scripts/check-container.sh dist/hearth-<version>-<target>.tar.gz
#
# Needs podman (apt-get install podman). The image is FROM scratch, so the
# binary must be static (a musl release); with any other this says so and
# stops, successfully.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
archive="$(realpath "$1")"

podman=(podman)
run_flags=()
# crun (podman's default runtime on Debian 12) refuses hybrid cgroup v1/v2
# hosts; runc runs there.
if [[ -d /sys/fs/cgroup/unified ]] && command -v runc >/dev/null; then
    podman+=(--runtime runc)
fi
# Without CAP_SYS_RESOURCE (containers running CI), podman cannot raise the
# container's open-file and process limits to its defaults; keep them within
# what this process has.
if ! grep -q '^CapEff:.*' /proc/self/status \
    || (($((16#$(sed -n 's/^CapEff:\s*//p' /proc/self/status) >> 24 & 1)) == 0)); then
    run_flags+=(--ulimit "nofile=$(ulimit -Sn):$(ulimit -Hn)" --ulimit nproc=4096:4096)
fi

scratch="$(mktemp -d)"
image="localhost/hearth-check:$$"
name="hearth-check-$$"
volume="hearth-check-$$"
cleanup() {
    "${podman[@]}" rm --force --ignore "$name" >/dev/null 2>&1 || true
    "${podman[@]}" volume rm --force "$volume" >/dev/null 2>&1 || true
    "${podman[@]}" image rm --force "$image" >/dev/null 2>&1 || true
    rm -rf "$scratch"
}
trap cleanup EXIT

tar -xzf "$archive" -C "$scratch"
binary="$(echo "$scratch"/hearth-*/hearth)"
if ! ldd "$binary" 2>&1 | grep -qE 'statically linked|not a dynamic executable'; then
    echo "check-container: $(basename "$archive") is not a static binary; the image needs one (a musl release)" >&2
    exit 0
fi
context="$scratch/context"
install -D -m 0755 "$binary" "$context/hearth"
install -d -m 0700 "$context/data"
# --format docker: the OCI format has no HEALTHCHECK.
"${podman[@]}" build --quiet --format docker --target prebuilt \
    -f "$repo/Dockerfile" -t "$image" "$context" >/dev/null

user="$("${podman[@]}" image inspect --format '{{.Config.User}}' "$image")"
[[ "$user" == "10001:10001" ]] || { echo "check-container: the image runs as '$user'" >&2; exit 1; }
"${podman[@]}" image inspect --format '{{json .Config.Healthcheck}}' "$image" | grep -q healthcheck

# podman schedules HEALTHCHECKs with systemd timers; without systemd it logs
# errors about that, and `podman healthcheck run` below runs the check itself.
start() {
    "${podman[@]}" run --detach --name "$name" "${run_flags[@]}" \
        --env HEARTH_SNAPSHOTS_KEPT=2 --volume "$volume:/data" \
        --publish 127.0.0.1::4000 "$image" >/dev/null
    port="$("${podman[@]}" port "$name" 4000/tcp | sed 's/.*://')"
    for _ in $(seq 100); do
        "$binary" healthcheck --bind 127.0.0.1 --port "$port" >/dev/null 2>&1 && return
        sleep 0.1
    done
    echo "check-container: the container did not answer on port $port" >&2
    "${podman[@]}" logs "$name" >&2
    exit 1
}
stop() {
    # What `podman stop` does, but it waited out its whole timeout here even
    # for a container that had long exited.
    "${podman[@]}" kill --signal TERM "$name" >/dev/null
    code="$(timeout 20 "${podman[@]}" wait "$name")"
    [[ "$code" == 0 ]] || { echo "check-container: it exited with $code" >&2; exit 1; }
    "${podman[@]}" logs "$name" >"$scratch/logs" 2>&1
    "${podman[@]}" rm "$name" >/dev/null
}

start
"${podman[@]}" healthcheck run "$name"
"${podman[@]}" exec "$name" hearth snapshot | grep -q '^Snapshot written to /data/snapshots/'
"${podman[@]}" exec "$name" hearth config | grep -q '^snapshots-kept = 2'
stop
grep -q 'This is a new game' "$scratch/logs"
data="$("${podman[@]}" volume inspect --format '{{.Mountpoint}}' "$volume")"
[[ "$(stat -c '%u %a' "$data/hearth.redb")" == "10001 600" ]]

start
stop
if grep -q 'This is a new game' "$scratch/logs"; then
    echo "check-container: the second start did not find the saved game" >&2
    exit 1
fi
echo "check-container: the image from $(basename "$archive") is good"
