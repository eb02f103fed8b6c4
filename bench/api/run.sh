#!/usr/bin/env bash
# bench/api: throughput and latency of the packages REST API's list endpoints on a large organization.
#
# Seeds 100,000 npm packages in one organization (one of them, mid-list, with 10,000 versions) on SQLite and on
# PostgreSQL, starts `wharf serve` on 127.0.0.1 with the rate limit off, and measures with wrk:
#   list-p1       GET /api/v3/orgs/ORG/packages?package_type=npm                 (first page of 30)
#   list-p333     GET /api/v3/orgs/ORG/packages?package_type=npm&page=333        (last page the API allows)
#   versions-p1   GET /api/v3/orgs/ORG/packages/npm/BIG/versions                 (first page of 30)
#   versions-p333 GET /api/v3/orgs/ORG/packages/npm/BIG/versions?page=333        (a deep page)
# as the organization's owner and as a plain member (who goes through the list's permission filter), plus two
# floor rows (GET /healthz and GET /api/v3/users/ORG) that show what any request costs on this machine.
#
# Usage: bench/api/run.sh            (about 15 minutes; see README.md)
# Knobs (environment): DATABASES="sqlite postgres" THREADS=2 CONNECTIONS=50 DURATION=20s WARMUP=5s
#   SINGLE_DURATION=10s (the 1-connection pass; 0 skips it) PACKAGES=100000 VERSIONS=10000 OUT=bench/out/api/DATE
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

DATABASES=${DATABASES:-"sqlite postgres"}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-50}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
SINGLE_DURATION=${SINGLE_DURATION:-10s}
PACKAGES=${PACKAGES:-100000}
VERSIONS=${VERSIONS:-10000}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-$root/bench/out/api/$stamp}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DEBIAN_FRONTEND=noninteractive

log() { printf '== %s\n' "$*" >&2; }
fail() { printf 'bench/api: %s\n' "$*" >&2; exit 1; }

# --- tools -------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null || ! command -v curl >/dev/null || ! command -v jq >/dev/null; then
  log "installing wrk, curl and jq (Debian packages)"
  apt-get update -qq
  apt-get install -y -qq wrk curl jq >/dev/null
fi

# --- scratch space and cleanup -----------------------------------------------------------------------------
work=$(mktemp -d /tmp/wharf-bench-api.XXXXXX)
mkdir -p "$OUT"
server_pid=""
pg_database=""
pg_admin="Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres"

stop_server() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}

drop_pg_database() {
  if [[ -n $pg_database ]]; then
    PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" >/dev/null 2>&1 || true
    pg_database=""
  fi
}

cleanup() {
  stop_server
  drop_pg_database
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build -------------------------------------------------------------------------------------------------
# Other work may hold the Release outputs for a moment; try a few times before giving up.
log "building Release (wharf and the seeder)"
for attempt in 1 2 3; do
  if dotnet build bench/api/Seeder/Seeder.csproj -c Release -nologo -v q -clp:ErrorsOnly >"$work/build.log" 2>&1; then
    break
  fi
  [[ $attempt == 3 ]] && { cat "$work/build.log" >&2; fail "build failed"; }
  log "build failed (attempt $attempt); retrying in 30 s"
  sleep 30
done
wharf_dll=$root/src/Wharf/bin/Release/net10.0/wharf.dll
seeder_dll=$root/bench/api/Seeder/bin/Release/net10.0/wharf-bench-seeder.dll
[[ -f $wharf_dll && -f $seeder_dll ]] || fail "build outputs missing"

# A free port on 127.0.0.1: nothing answers a connect there.
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

# wrk prints latencies as 812.00us, 12.34ms, 1.20s or 2.00m; the table uses milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; else if (u == "h") n *= 3600000
    printf "%.2f", n }'
}

# CPU time (clock ticks) used so far by the given processes, as "pid ticks" lines. The machine is shared and wrk
# runs on it too, so CPU per request is the figure that does not move with the load others put on the cores.
cpu_ticks() {
  local pid
  for pid in "$@"; do
    [[ -r /proc/$pid/stat ]] && awk -v pid="$pid" '{ sub(/^.*\) /, ""); print pid, $12 + $13 }' "/proc/$pid/stat" 2>/dev/null
  done
  return 0
}

# The PostgreSQL backends serving the benchmark's database (the server's connection pool).
pg_backends() {
  [[ -n $pg_database ]] || return 0
  PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -qtAc \
    "SELECT pid FROM pg_stat_activity WHERE datname = '$pg_database' AND pid <> pg_backend_pid()" 2>/dev/null
}

# Milliseconds of CPU per request between two cpu_ticks snapshots; processes that ended in between are left out.
cpu_ms_per_request() {
  local before=$1 after=$2 requests=$3
  awk -v hz="$(getconf CLK_TCK)" -v n="$requests" '
    FNR == NR { start[$1] = $2; next }
    { used += $2 - ($1 in start ? start[$1] : 0) }
    END { if (n > 0) printf "%.2f", used * 1000 / hz / n; else printf "n/a" }' "$before" "$after"
}

# One wrk run: keeps the raw output and appends a line to results.tsv.
measure() {
  local db=$1 caller=$2 name=$3 url=$4 token=$5 threads=$6 conns=$7 duration=$8
  local raw="$OUT/wrk-$db-$caller-$name-c$conns.txt"
  local backends
  backends=$(pg_backends)
  # shellcheck disable=SC2086
  cpu_ticks "$server_pid" >"$work/server.before"; cpu_ticks $backends >"$work/db.before"
  wrk -t"$threads" -c"$conns" -d"$duration" --timeout 10s --latency -H "Authorization: token $token" "$url" >"$raw"
  backends=$(pg_backends)
  # shellcheck disable=SC2086
  cpu_ticks "$server_pid" >"$work/server.after"; cpu_ticks $backends >"$work/db.after"
  local rps p50 p99 non2xx sockerr requests errors server_cpu db_cpu load
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$raw")
  requests=$(awk '/requests in/ {print $1}' "$raw")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$raw")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$raw")")
  non2xx=$(awk -F': ' '/Non-2xx or 3xx responses/ {print $2}' "$raw")
  sockerr=$(awk '/Socket errors/ {s = 0; for (i = 4; i <= NF; i += 2) s += $i; print s}' "$raw" | tr -d ',')
  errors=$(( ${non2xx:-0} + ${sockerr:-0} ))
  server_cpu=$(cpu_ms_per_request "$work/server.before" "$work/server.after" "$requests")
  db_cpu=$([[ $db == postgres ]] && cpu_ms_per_request "$work/db.before" "$work/db.after" "$requests" || echo "-")
  load=$(cut -d' ' -f1 /proc/loadavg)
  printf '%s\t%s\t%s\t%s\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\n' "$db" "$caller" "$name" "$conns" "$rps" "$p50" "$p99" \
    "$server_cpu" "$db_cpu" "$errors" "$load" >>"$OUT/results.tsv"
  printf '   %-8s %-7s %-14s c=%-3s %8.0f req/s  p50 %7s ms  p99 %7s ms  cpu/req %s+%s ms  errors %s  load %s\n' \
    "$db" "$caller" "$name" "$conns" "$rps" "$p50" "$p99" "$server_cpu" "$db_cpu" "$errors" "$load" >&2
}

# Before timing anything, every URL must answer 200 with a full page for both callers.
check() {
  local caller=$1 name=$2 url=$3 token=$4 status count
  status=$(curl -sS -o "$work/body.json" -w '%{http_code}' -H "Authorization: token $token" "$url") || fail "$url: no answer"
  count=$(jq 'length' "$work/body.json" 2>/dev/null || echo "?")
  [[ $status == 200 && $count == 30 ]] || { cat "$work/body.json" >&2; fail "$caller $name: HTTP $status with $count items, expected 200 with 30"; }
}

load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" -v n="$(nproc)" 'BEGIN {exit !(l > n * 0.75)}'; then
  log "warning: load average $load on $(nproc) cores before starting; other work will inflate latencies (CPU per request is still comparable)"
fi

printf 'database\tcaller\tendpoint\tconnections\treq_per_s\tp50_ms\tp99_ms\tserver_cpu_ms_per_req\tdb_cpu_ms_per_req\terrors\tload1\n' >"$OUT/results.tsv"
printf 'database\tseed_seconds\n' >"$OUT/seed.tsv"

for db in $DATABASES; do
  data="$work/$db"
  db_flags=()
  case $db in
    sqlite) ;;
    postgres)
      log "starting PostgreSQL (scripts/postgres-for-tests.sh)"
      bash scripts/postgres-for-tests.sh >&2
      pg_database="wharf_bench_$$_$RANDOM"
      PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $pg_database" >/dev/null
      db_flags=(--database-provider postgres --database "$pg_admin;Database=$pg_database")
      ;;
    *) fail "unknown database '$db' (sqlite or postgres)" ;;
  esac

  log "$db: seeding $PACKAGES packages and $VERSIONS versions of one of them"
  started=$(date +%s.%N)
  dotnet "$seeder_dll" --data "$data" "${db_flags[@]}" --packages "$PACKAGES" --versions "$VERSIONS" \
    >"$work/seed.env" 2>"$OUT/seed-$db.log" || { cat "$OUT/seed-$db.log" >&2; fail "$db: seeding failed"; }
  seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.0f", b - a}')
  printf '%s\t%s\n' "$db" "$seconds" >>"$OUT/seed.tsv"
  log "$db: seeded in $seconds s"
  # shellcheck disable=SC1091
  source "$work/seed.env"

  port=$(free_port)
  base="http://127.0.0.1:$port"
  log "$db: starting wharf on $base"
  WHARF_RateLimit__TokenRequestsPerHour=0 WHARF_RateLimit__AnonymousRequestsPerHour=0 WHARF_Logging__LogLevel__Default=Warning \
    dotnet "$wharf_dll" serve --urls "$base" --data "$data" "${db_flags[@]}" >"$OUT/server-$db.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    curl -fsS "$base/readyz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$OUT/server-$db.log" >&2; fail "$db: wharf exited"; }
    sleep 0.5
  done
  curl -fsS "$base/readyz" >/dev/null || fail "$db: wharf not ready after 60 s"

  api="$base/api/v3/orgs/$ORG/packages"
  names=(list-p1 list-p333 versions-p1 versions-p333)
  urls=("$api?package_type=npm" "$api?package_type=npm&page=333" "$api/npm/$BIG_PACKAGE/versions" "$api/npm/$BIG_PACKAGE/versions?page=333")
  callers=(owner member)
  tokens=("$OWNER_TOKEN" "$MEMBER_TOKEN")

  for c in 0 1; do
    for i in "${!names[@]}"; do check "${callers[$c]}" "${names[$i]}" "${urls[$i]}" "${tokens[$c]}"; done
  done

  log "$db: warming up ($WARMUP per URL)"
  for c in 0 1; do
    for i in "${!names[@]}"; do
      wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: token ${tokens[$c]}" "${urls[$i]}" >/dev/null
    done
  done

  log "$db: measuring ($THREADS threads, $CONNECTIONS connections, $DURATION per URL)"
  for c in 0 1; do
    for i in "${!names[@]}"; do
      measure "$db" "${callers[$c]}" "${names[$i]}" "${urls[$i]}" "${tokens[$c]}" "$THREADS" "$CONNECTIONS" "$DURATION"
    done
  done

  # The floor on this machine: a route with no database work, and a REST call with one indexed lookup. No list
  # endpoint can beat these; if they miss the target too, the cost is per request, not in the list queries.
  floor_names=(floor-healthz floor-users-get)
  floor_urls=("$base/healthz" "$base/api/v3/users/$ORG")
  for i in "${!floor_names[@]}"; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: token $OWNER_TOKEN" "${floor_urls[$i]}" >/dev/null
    measure "$db" owner "${floor_names[$i]}" "${floor_urls[$i]}" "$OWNER_TOKEN" "$THREADS" "$CONNECTIONS" "$DURATION"
  done

  if [[ $SINGLE_DURATION != 0 ]]; then
    log "$db: one connection, $SINGLE_DURATION per URL (time per request without queueing)"
    for c in 0 1; do
      for i in "${!names[@]}"; do
        measure "$db" "${callers[$c]}" "${names[$i]}" "${urls[$i]}" "${tokens[$c]}" 1 1 "$SINGLE_DURATION"
      done
    done
  fi

  stop_server
  drop_pg_database
  rm -rf "$data"
done

# --- report ------------------------------------------------------------------------------------------------
pg_version=$(PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -qtAc 'SHOW server_version' 2>/dev/null || echo "n/a")
{
  echo "# bench/api results, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores ($(lscpu | awk -F': +' '/Model name/ {print $2; exit}')), $(free -g | awk '/Mem:/ {print $2}') GiB;" \
    ".NET $(dotnet --version), PostgreSQL $pg_version; wrk -t$THREADS -c$CONNECTIONS -d$DURATION on the same machine."
  echo "Data: $PACKAGES npm packages in one organization, one of them ($BIG_PACKAGE) with $VERSIONS versions; page size 30."
  echo "Code: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "unknown")$(git -C "$root" diff --quiet HEAD -- src 2>/dev/null || echo " with uncommitted changes in src/")."
  echo "Seeding: $(awk -F'\t' 'NR > 1 {printf "%s%s %s s", sep, $1, $2; sep = ", "}' "$OUT/seed.tsv")."
  echo
  echo "| database | caller | endpoint | connections | req/s | p50 ms | p99 ms | server CPU ms/req | PostgreSQL CPU ms/req | errors | load (1 min) |"
  echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  awk -F'\t' 'NR > 1 {printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11}' "$OUT/results.tsv"
} >"$OUT/results.md"
cat "$OUT/results.md"
echo
echo "Raw wrk output and server logs: $OUT"
