# Wolfpack server image: Debian 12, the server with its embedded Redis, web/ and config/.
#   docker build -t wolfpack .
#   docker run -d --name wolfpack -p 8080:8080 -v wolfpack-data:/data wolfpack
#   docker exec wolfpack wolfpack --config /app/config/wolfpack.json admin demo
# See README.md, "Docker".

# ---- build ---------------------------------------------------------------------------------
FROM debian:12 AS build
# scripts/lib.sh's WOLFPACK_BUILD_PACKAGES, less what only running or testing needs
# (redis-server, tzdata, curl; doctest-dev only for the tests, which are off here).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      g++ cmake make pkg-config ccache libboost1.81-dev libhiredis-dev nlohmann-json3-dev \
      libhowardhinnant-date-dev libspdlog-dev libfmt-dev libcli11-dev libvalijson-dev libssl-dev zlib1g-dev libjemalloc-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# RelWithDebInfo is what scripts/run and scripts/test build; the debug info is stripped below.
# The ccache cache mount (BuildKit, the default builder) only speeds up rebuilds on the same host.
ARG BUILD_TYPE=RelWithDebInfo
RUN --mount=type=cache,target=/root/.cache/ccache \
    cmake -S . -B /build -DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DWOLFPACK_TESTS=OFF \
 && cmake --build /build --target wolfpack -j"$(nproc)" \
 && strip --strip-debug /build/wolfpack

# ---- runtime -------------------------------------------------------------------------------
FROM debian:12
# The shared libraries `ldd wolfpack` names (libdate-tz3 libhiredis0.14 libspdlog1.10 libfmt9
# libssl3 for libcrypto, zlib1g, libjemalloc2), the IANA time zones that teams' periods are computed in (tzdata),
# and redis-server for the embedded default.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libdate-tz3 libhiredis0.14 libspdlog1.10 libfmt9 libssl3 zlib1g libjemalloc2 tzdata redis-server \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --no-log-init --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
      --uid 10001 --user-group wolfpack \
 && mkdir -p /data \
 && chown wolfpack:wolfpack /data

COPY --from=build /build/wolfpack /usr/local/bin/wolfpack
COPY web/ /app/web/
COPY config/ /app/config/

WORKDIR /app
# The file's values, with the paths made absolute for the image (file < WOLFPACK_* < flags):
# data_dir holds the embedded Redis's append-only files, its socket and the lock.
ENV WOLFPACK_DATA_DIR=/data \
    WOLFPACK_WEB_ROOT=/app/web
VOLUME ["/data"]
USER wolfpack
EXPOSE 8080

# GET /healthz over bash's /dev/tcp: no curl in the image. Follows WOLFPACK_LISTEN_PORT.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${WOLFPACK_LISTEN_PORT:-8080} && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]

# SIGTERM (docker stop) shuts down gracefully: WebSockets close with 1001 within 5 s, then the
# embedded Redis stops and flushes its append-only file.
STOPSIGNAL SIGTERM
CMD ["wolfpack", "--config", "/app/config/wolfpack.json", "serve"]
