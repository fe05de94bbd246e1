# Hearth in a container: one static binary on an empty image, running as an
# unprivileged user, saving to the /data volume, configured by environment
# (HEARTH_PORT, HEARTH_WORLD, ...; see README.md) or /data/hearth.toml.
#
#   podman build --format docker -t hearth .      (or docker build -t hearth .)
#   podman run -d -p 4000:4000 -v hearth-data:/data hearth
#
# The binary is compiled in the first stage, for musl, so it needs nothing
# from the image. To package a binary built elsewhere instead (CI does, to
# reuse its release build), build with --target prebuilt from a context
# directory holding that static `hearth` and an empty `data/`
# (scripts/check-container.sh shows how). Use --format docker with podman:
# the OCI format has no HEALTHCHECK.
#
# Cargo features (for example FEATURES=redis, for a cluster) are a build
# argument.

FROM docker.io/library/rust:1.95-bookworm AS compiled
# The build fetches the web client's socket.io-client with npm, and
# compiles the allocator (mimalloc, C) with musl-gcc.
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm musl-tools \
 && rm -rf /var/lib/apt/lists/*
RUN rustup target add "$(uname -m)-unknown-linux-musl"
WORKDIR /src
COPY . .
ARG FEATURES=""
RUN target="$(uname -m)-unknown-linux-musl" \
 && cargo build --release --locked --bin hearth --target "$target" --features "$FEATURES" \
 && install -D "target/$target/release/hearth" /out/hearth \
 && install -d -m 0700 /out/data

# What every Hearth image is, whichever binary it gets.
FROM scratch AS runtime
USER 10001:10001
ENV HEARTH_DATA_DIR=/data \
    HEARTH_BIND=0.0.0.0 \
    HEARTH_PORT=4000
EXPOSE 4000
# `hearth healthcheck` asks /healthz on HEARTH_PORT: the image has no curl.
HEALTHCHECK --interval=30s --timeout=10s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/hearth", "healthcheck"]
# SIGTERM (podman stop) shuts down gracefully within a few seconds.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/hearth"]

# --target prebuilt: the binary from the build context.
FROM runtime AS prebuilt
COPY hearth /usr/local/bin/hearth
COPY --chown=10001:10001 data /data
VOLUME /data

# The default: the binary compiled above.
FROM runtime
COPY --from=compiled /out/hearth /usr/local/bin/hearth
COPY --from=compiled --chown=10001:10001 /out/data /data
VOLUME /data
