#!/usr/bin/env bash
# bench/oci: Wharf's Container registry side by side with CNCF Distribution (Debian package docker-registry),
# both on 127.0.0.1 with filesystem storage, in one run:
#   push  MB/s for 1 MiB, 64 MiB and 1 GiB blobs (POST, one streamed PATCH, PUT ?digest=, as docker and skopeo push)
#   pull  MB/s for the same blobs (GET, to /dev/null)
#   manifest GET requests/second with wrk (Wharf with a bearer token from /v2/token)
#   Wharf's peak memory growth (VmHWM - VmRSS before) while pushing a 2 GiB blob
# Each blob figure is the median of ROUNDS pushes (a fresh random blob each round, after a sync so that one
# round's writeback does not slow the next) and of as many pulls.
# Usage: bench/oci/run.sh
# Knobs: SIZES_MB="1 64 1024" ROUNDS=3 BIG_MB=2048 (0 skips) WRK=1 (0 skips) DURATION=10s CONNECTIONS=50 THREADS=2
#        WHARF_BIN=dir (a Release build to use instead of building one)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
SIZES_MB=${SIZES_MB:-"1 64 1024"}
ROUNDS=${ROUNDS:-3}
BIG_MB=${BIG_MB:-2048}
WRK=${WRK:-1}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
WHARF_PORT=${WHARF_PORT:-5080}
DIST_PORT=${DIST_PORT:-5081}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DEBIAN_FRONTEND=noninteractive

log() { printf '== %s\n' "$*" >&2; }
if ! command -v docker-registry >/dev/null || ! command -v wrk >/dev/null || ! command -v curl >/dev/null; then
  log "installing docker-registry, wrk and curl (Debian packages)"
  apt-get update -qq && apt-get install -y -qq docker-registry wrk curl >/dev/null
fi

work=$(mktemp -d /tmp/wharf-bench-oci.XXXXXX)
wharf_pid="" dist_pid=""
cleanup() {
  for pid in $wharf_pid $dist_pid; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

bin=${WHARF_BIN:-$work/bin}
if [[ -z ${WHARF_BIN:-} ]]; then
  log "building wharf (Release)"
  dotnet build -c Release src/Wharf/Wharf.csproj -o "$bin" >/dev/null
fi

log "starting Wharf on 127.0.0.1:$WHARF_PORT and Distribution on 127.0.0.1:$DIST_PORT"
WHARF_Urls="http://127.0.0.1:$WHARF_PORT" WHARF_DataDirectory="$work/wharf" WHARF_Logging__LogLevel__Default=Warning \
  "$bin/wharf" serve >"$work/wharf.out" 2>&1 &
wharf_pid=$!
cat >"$work/dist.yml" <<YAML
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $work/dist }, delete: { enabled: true } }
http: { addr: 127.0.0.1:$DIST_PORT }
YAML
docker-registry serve "$work/dist.yml" >"$work/dist.out" 2>&1 &
dist_pid=$!
for _ in $(seq 1 120); do grep -q ghp_ "$work/wharf.out" 2>/dev/null && curl -sf "http://127.0.0.1:$DIST_PORT/v2/" >/dev/null && break; sleep 0.5; done
pat=$(grep -o 'ghp_[A-Za-z0-9]\{36\}' "$work/wharf.out" | head -1)
admin=$(curl -sf -H "Authorization: token $pat" "http://127.0.0.1:$WHARF_PORT/api/v3/user" | sed -n 's/.*"login": *"\([^"]*\)".*/\1/p' | head -1)
token=$(curl -sf -u "x:$pat" "http://127.0.0.1:$WHARF_PORT/v2/token?service=bench&scope=repository:$admin/bench:pull,push" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[[ -n $token ]] || { echo "no token from Wharf" >&2; cat "$work/wharf.out" >&2; exit 1; }

# push NAME BASE AUTH FILE: POST, one streamed PATCH, PUT; prints seconds.
push() {
  local base=$1 auth=$2 file=$3 digest start location
  digest="sha256:$(sha256sum "$file" | cut -d' ' -f1)"
  start=$(date +%s.%N)
  location=$(curl -sf -D - -o /dev/null -X POST ${auth:+-H "$auth"} "$base/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  [[ $location == http* ]] || location="${base%%/v2/*}$location"
  location=$(curl -sf -D - -o /dev/null -X PATCH ${auth:+-H "$auth"} -H "Content-Type: application/octet-stream" -T "$file" "$location" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  [[ $location == http* ]] || location="${base%%/v2/*}$location"
  local sep='?'; [[ $location == *\?* ]] && sep='&'
  curl -sf -o /dev/null -X PUT ${auth:+-H "$auth"} "$location${sep}digest=$digest"
  echo "$(date +%s.%N) - $start" | bc
}
pull() {
  local base=$1 auth=$2 file=$3 digest start
  digest="sha256:$(sha256sum "$file" | cut -d' ' -f1)"
  start=$(date +%s.%N)
  curl -sf -o /dev/null ${auth:+-H "$auth"} "$base/blobs/$digest"
  echo "$(date +%s.%N) - $start" | bc
}
mbps() { echo "scale=1; $1 / $2" | bc; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

wharf_base="http://127.0.0.1:$WHARF_PORT/v2/$admin/bench"
dist_base="http://127.0.0.1:$DIST_PORT/v2/$admin/bench"
auth="Authorization: Bearer $token"
# Warm-up (JIT, connection pools): one small push and pull each, not measured.
head -c 1048576 /dev/urandom >"$work/blob"
for _ in 1 2 3; do push "$wharf_base" "$auth" "$work/blob" >/dev/null; pull "$wharf_base" "$auth" "$work/blob" >/dev/null; push "$dist_base" "" "$work/blob" >/dev/null; done
printf '| blob | Wharf push MiB/s | Distribution push MiB/s | Wharf pull MiB/s | Distribution pull MiB/s |\n|---|---|---|---|---|\n'
for mb in $SIZES_MB; do
  wp=() dp=() wl=() dl=()
  for _ in $(seq 1 "$ROUNDS"); do
    head -c "$((mb * 1024 * 1024))" /dev/urandom >"$work/blob"
    sync; wp+=("$(mbps "$mb" "$(push "$wharf_base" "$auth" "$work/blob")")")
    sync; dp+=("$(mbps "$mb" "$(push "$dist_base" "" "$work/blob")")")
    wl+=("$(mbps "$mb" "$(pull "$wharf_base" "$auth" "$work/blob")")")
    dl+=("$(mbps "$mb" "$(pull "$dist_base" "" "$work/blob")")")
  done
  printf '| %s MiB | %s | %s | %s | %s |\n' "$mb" "$(median "${wp[@]}")" "$(median "${dp[@]}")" "$(median "${wl[@]}")" "$(median "${dl[@]}")"
  log "$mb MiB rounds: Wharf push ${wp[*]}; Distribution push ${dp[*]}; Wharf pull ${wl[*]}; Distribution pull ${dl[*]}"
done

if [[ $WRK != 0 ]]; then
  # A small image for manifest GETs.
  printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}' >"$work/config"
  for target in wharf dist; do
    base=$([[ $target == wharf ]] && echo "$wharf_base" || echo "$dist_base"); a=$([[ $target == wharf ]] && echo "$auth" || echo "")
    push "$base" "$a" "$work/config" >/dev/null
    cd_digest="sha256:$(sha256sum "$work/config" | cut -d' ' -f1)"; size=$(stat -c %s "$work/config")
    printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[]}' "$cd_digest" "$size" >"$work/manifest"
    curl -sf -o /dev/null -X PUT ${a:+-H "$a"} -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary @"$work/manifest" "$base/manifests/latest"
  done
  wrk_rps() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Accept: application/vnd.oci.image.manifest.v1+json" "$@" | sed -n 's/^Requests\/sec: *//p'; }
  wrk -t1 -c1 -d2s -H "$auth" "$wharf_base/manifests/latest" >/dev/null
  printf '\n| manifest GET | requests/s |\n|---|---|\n| Wharf (bearer token) | %s |\n| Distribution (no auth) | %s |\n' \
    "$(wrk_rps -H "$auth" "$wharf_base/manifests/latest")" "$(wrk_rps "$dist_base/manifests/latest")"
fi

# Peak memory while pushing a big blob: VmHWM after minus VmRSS before.
[[ $BIG_MB != 0 ]] || exit 0
head -c "$((BIG_MB * 1024 * 1024))" /dev/urandom >"$work/blob"
before=$(awk '/VmRSS/ {print $2}' "/proc/$wharf_pid/status")
echo 5 >"/proc/$wharf_pid/clear_refs" 2>/dev/null || true  # 5 resets VmHWM to the current RSS
seconds=$(push "$wharf_base" "$auth" "$work/blob")
peak=$(awk '/VmHWM/ {print $2}' "/proc/$wharf_pid/status")
printf '\n| %s MiB push | MiB/s | RSS before | peak RSS | growth |\n|---|---|---|---|---|\n| Wharf | %s | %s MiB | %s MiB | %s MiB |\n' \
  "$BIG_MB" "$(mbps "$BIG_MB" "$seconds")" "$((before / 1024))" "$((peak / 1024))" "$(((peak - before) / 1024))"
