#!/usr/bin/env bash
# bench/write-load: write latency of Wharf on SQLite under many concurrent writers.
#
# Starts `wharf serve` (Release, SQLite, a fresh data folder) on 127.0.0.1, makes the repository the npm packages
# name, then runs CLIENTS concurrent clients for DURATION seconds (after WARMUP) with Loader/: half push images (per round a
# layer and a config, each POST + monolithic PUT ?digest=, then a manifest PUT under a new tag), half publish npm
# versions (one PUT of the publish document with the tarball inline). Every write request is timed; the table gives
# count, p50, p99, the slowest write and the errors per kind, then what the server logged.
#
# Usage: bench/write-load/run.sh     (about 2 minutes; see README.md)
# Knobs (environment): CLIENTS=64 DURATION=60 WARMUP=5 LAYER_BYTES=16384 WHARF_DLL=… (a Release build to use instead
#   of building src/Wharf) OUT=bench/out/write-load/DATE
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

CLIENTS=${CLIENTS:-64}
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-5}
LAYER_BYTES=${LAYER_BYTES:-16384}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-$root/bench/out/write-load/$stamp}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '== %s\n' "$*" >&2; }
fail() { printf 'bench/write-load: %s\n' "$*" >&2; exit 1; }
command -v curl >/dev/null || fail "curl is required"

work=$(mktemp -d /tmp/wharf-bench-write-load.XXXXXX)
mkdir -p "$OUT"
server_pid=""

stop_server() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  for port in $(shuf -i 20000-60999 -n 200); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  fail "no free port found"
}

# --- build ---------------------------------------------------------------------------------------------------
# Other work may hold the Release outputs for a moment; try a few times before giving up.
build() {
  for attempt in 1 2 3; do
    dotnet build "$1" -c Release -nologo -v q -clp:ErrorsOnly >"$work/build.log" 2>&1 && return 0
    [[ $attempt == 3 ]] && { cat "$work/build.log" >&2; fail "build of $1 failed"; }
    log "build of $1 failed (attempt $attempt); retrying in 30 s"
    sleep 30
  done
}
if [[ -z ${WHARF_DLL:-} ]]; then
  log "building wharf (Release)"
  build src/Wharf/Wharf.csproj
fi
wharf_dll=${WHARF_DLL:-$root/src/Wharf/bin/Release/net10.0/wharf.dll}
log "building the load (Release)"
build bench/write-load/Loader/Loader.csproj
loader_dll=$root/bench/write-load/Loader/bin/Release/net10.0/wharf-bench-write-load.dll

# --- server ----------------------------------------------------------------------------------------------------
port=$(free_port)
base="http://127.0.0.1:$port"
log "starting wharf on $base (SQLite in $work/data)"
WHARF_Bootstrap__AdminLogin=bench WHARF_RateLimit__TokenRequestsPerHour=0 WHARF_RateLimit__AnonymousRequestsPerHour=0 \
  WHARF_Logging__LogLevel__Default=Warning \
  dotnet "$wharf_dll" serve --urls "$base" --data "$work/data" >"$OUT/wharf.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "$base/readyz" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$OUT/wharf.log" >&2; fail "wharf exited"; }
  sleep 0.5
done
curl -fsS -o /dev/null "$base/readyz" || fail "wharf not ready after 60 s"
token=$(grep -o 'ghp_[A-Za-z0-9]*' "$OUT/wharf.log" | head -1)
[[ -n $token ]] || fail "no token in wharf's first-start output"
curl -fsS -o /dev/null -X POST -H "Authorization: token $token" "$base/api/v3/user/repos" -d '{"name":"write-load","private":true}' \
  || fail "could not create the repository"

# --- load --------------------------------------------------------------------------------------------------------
load_before=$(cut -d' ' -f1 /proc/loadavg)
dotnet "$loader_dll" --url "$base" --token "$token" --owner bench --repository write-load --clients "$CLIENTS" \
  --seconds "$DURATION" --warmup "$WARMUP" --layer-bytes "$LAYER_BYTES" --out "$OUT/writes.tsv" | tee "$OUT/results.md"
{
  echo
  echo "Wharf ${WHARF_DLL:-$(git -C "$root" describe --always --dirty 2>/dev/null || echo '?')}, $(date -u +%Y-%m-%d), $(nproc) cores," \
    "load average $load_before before and $(cut -d' ' -f1 /proc/loadavg) after."
  echo "Server log: $(grep -c 'fail:' "$OUT/wharf.log" || true) failures logged," \
    "$(grep -ci 'database is locked' "$OUT/wharf.log" || true) lines with \"database is locked\"."
} | tee -a "$OUT/results.md"
stop_server
log "results in $OUT"
