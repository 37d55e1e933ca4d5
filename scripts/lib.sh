# Shared by scripts/run and scripts/test: install what is missing, build.
# Sourced, not run.

WOLFPACK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WOLFPACK_BUILD="${WOLFPACK_BUILD:-$WOLFPACK_ROOT/build}"

# Debian 12 packages the build needs; the test and browser ones come on top.
WOLFPACK_BUILD_PACKAGES=(g++ cmake make pkg-config ccache libboost1.81-dev libhiredis-dev nlohmann-json3-dev
    doctest-dev libhowardhinnant-date-dev libspdlog-dev libfmt-dev libcli11-dev libvalijson-dev libssl-dev zlib1g-dev
    redis-server tzdata curl libjemalloc-dev)
WOLFPACK_TEST_PACKAGES=(chromium libbenchmark-dev)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs the packages of the given list that are not installed yet (apt, as root).
ensure_packages() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if ! command -v node >/dev/null 2>&1 && [[ " $* " == *" chromium "* ]]; then missing+=(nodejs npm); fi
    [[ ${#missing[@]} -eq 0 ]] && return 0
    log "installing ${missing[*]}"
    local sudo=()
    [[ $(id -u) -ne 0 ]] && sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configures (once) and builds the given targets (all when none).
build() {
    local type="${WOLFPACK_BUILD_TYPE:-RelWithDebInfo}"
    # Configure on the first build, and whenever options are given (scripts/test's -Werror).
    if [[ ! -f "$WOLFPACK_BUILD/CMakeCache.txt" || -n "${WOLFPACK_CMAKE_ARGS:-}" ]]; then
        log "configuring $WOLFPACK_BUILD ($type)"
        cmake -S "$WOLFPACK_ROOT" -B "$WOLFPACK_BUILD" -DCMAKE_BUILD_TYPE="$type" ${WOLFPACK_CMAKE_ARGS:-} >/dev/null
    fi
    local targets=()
    for t in "$@"; do targets+=(--target "$t"); done
    log "building ${*:-everything}"
    cmake --build "$WOLFPACK_BUILD" -j"$(nproc)" "${targets[@]}"
}
