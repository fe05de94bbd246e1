#!/usr/bin/env bash
# Builds a Hearth release: the binary, and dist/hearth-<version>-<target>.tar.gz
# holding it with the README, the licence, the docs, the built-in world as an
# example, a sample config (printed by the binary itself), the systemd unit
# and SHA256SUMS of all of them; dist/SHA256SUMS covers the archive.
#
# The binary is static (musl) when this toolchain has the musl target
# (`rustup target add x86_64-unknown-linux-musl`) and a C compiler for it
# (x86_64-linux-musl-gcc, in Debian's musl-tools: the allocator, mimalloc,
# is C); otherwise this says so and builds for the host, which links glibc
# dynamically.
#
#   bash scripts/release.sh                 # musl if installed, else the host
#   bash scripts/release.sh --target TRIPLE
#
# The last line printed is the archive's path.
set -euo pipefail
cd "$(dirname "$0")/.."

host="$(rustc -vV | sed -n 's/^host: //p')"
musl="${host%%-*}-unknown-linux-musl"
if [[ "${1:-}" == "--target" && -n "${2:-}" ]]; then
    target="$2"
elif ! rustup target list --installed 2>/dev/null | grep -qx "$musl"; then
    echo "release: the $musl target is not installed (rustup target add $musl)," \
        "so this builds for $host, which needs the host's glibc; not a static binary." >&2
    target="$host"
elif ! command -v "${host%%-*}-linux-musl-gcc" >/dev/null; then
    echo "release: there is no C compiler for $musl (${host%%-*}-linux-musl-gcc: apt-get install musl-tools)," \
        "so this builds for $host, which needs the host's glibc; not a static binary." >&2
    target="$host"
else
    target="$musl"
fi

cargo build --release --locked --bin hearth --target "$target"
target_dir="$(realpath "${CARGO_TARGET_DIR:-target}")"
binary="$target_dir/$target/release/hearth"

version="$("$binary" --version | awk '{ print $2 }')"
name="hearth-$version-$target"
mkdir -p dist
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
mkdir -p "$root/docs" "$root/worlds"

install -m 0755 "$binary" "$root/hearth"
install -m 0644 README.md LICENSE "$root/"
install -m 0644 packaging/hearth.service "$root/"
install -m 0644 docs/*.md "$root/docs/"
install -m 0644 worlds/default.toml "$root/worlds/"
# The sample config is every setting at its default, as this binary knows
# them; run from an empty directory so nothing around it is read.
(cd "$stage" && env -i "$root/hearth" config >"$root/hearth.toml.example")
(cd "$root" && find . -type f ! -name SHA256SUMS | sort | sed 's|^\./||' \
    | xargs sha256sum >SHA256SUMS)

# Same inputs, same archive: sorted names, no owners, the last commit's time.
epoch="$(git log -1 --format=%ct 2>/dev/null || date +%s)"
archive="dist/$name.tar.gz"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
    -C "$stage" -cf - "$name" | gzip -n >"$archive"
(cd dist && sha256sum "$name.tar.gz" >SHA256SUMS)

if ldd "$binary" 2>&1 | grep -qE 'statically linked|not a dynamic executable'; then
    echo "release: $name is a static binary" >&2
else
    echo "release: $name links dynamically: $(ldd "$binary" | awk '{ print $1 }' | paste -sd ' ')" >&2
fi
echo "$archive"
