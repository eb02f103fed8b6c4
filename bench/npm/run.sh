#!/usr/bin/env bash
# bench/npm: Wharf's npm registry side by side with Verdaccio, on this machine, in one run.
#
# Installs Verdaccio from the npm registry into a temporary folder, starts it and `wharf serve` (SQLite) on 127.0.0.1,
# both requiring authentication, publishes the same PACKAGES small packages (@bench/pkg-01 …) to both with the npm CLI,
# then measures with wrk (THREADS threads, CONNECTIONS connections, a token on every request, the requests spread
# over all packages by rotate.lua):
#   packument     GET /@bench%2fpkg-NN                                   (full packument)
#   abbreviated   the same with Accept: application/vnd.npm.install-v1+json
#   tarball       GET /@bench/pkg-NN/-/pkg-NN-1.0.0.tgz
# and the wall time of a clean-cache `npm install` of a project depending on all packages (median of ROUNDS).
#
# Usage: bench/npm/run.sh            (about 5 minutes; see README.md)
# Knobs (environment): PACKAGES=50 THREADS=2 CONNECTIONS=50 DURATION=15s WARMUP=5s ROUNDS=3 VERDACCIO=6
#   VERDACCIO_DIR=… (reuse an installed Verdaccio instead of installing one) OUT=bench/out/npm/DATE
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

PACKAGES=${PACKAGES:-50}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-50}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
ROUNDS=${ROUNDS:-3}
VERDACCIO=${VERDACCIO:-6}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-$root/bench/out/npm/$stamp}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DEBIAN_FRONTEND=noninteractive

log() { printf '== %s\n' "$*" >&2; }
fail() { printf 'bench/npm: %s\n' "$*" >&2; exit 1; }

# --- tools -------------------------------------------------------------------------------------------------
command -v npm >/dev/null && command -v node >/dev/null || fail "node and npm are required"
if ! command -v wrk >/dev/null || ! command -v curl >/dev/null || ! command -v jq >/dev/null; then
  log "installing wrk, curl and jq (Debian packages)"
  apt-get update -qq
  apt-get install -y -qq wrk curl jq >/dev/null
fi

# --- scratch space and cleanup -----------------------------------------------------------------------------
work=$(mktemp -d /tmp/wharf-bench-npm.XXXXXX)
mkdir -p "$OUT"
wharf_pid=""
verdaccio_pid=""

stop() {
  local pid=$1
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

cleanup() {
  stop "$wharf_pid"
  stop "$verdaccio_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# npm with a HOME of its own: nothing of the machine's npm configuration takes part.
npm_in() {
  local home=$1
  shift
  env -u npm_config_registry HOME="$home" npm_config_userconfig="$home/.npmrc" npm_config_update_notifier=false \
    npm_config_fund=false npm_config_audit=false npm "$@"
}

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

to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

wait_for() {
  local url=$1 pid=$2 what=$3
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || fail "$what exited (see $OUT/$what.log)"
    sleep 0.5
  done
  fail "$what did not answer $url within 60 s"
}

load_now() { cut -d' ' -f1 /proc/loadavg; }
if awk -v l="$(load_now)" -v n="$(nproc)" 'BEGIN {exit !(l > n * 0.75)}'; then
  log "warning: load average $(load_now) on $(nproc) cores before starting; other work on the machine skews both registries' figures"
fi

# --- build Wharf ---------------------------------------------------------------------------------------------
log "building wharf (Release)"
for attempt in 1 2 3; do
  if dotnet build src/Wharf/Wharf.csproj -c Release -nologo -v q -clp:ErrorsOnly >"$work/build.log" 2>&1; then
    break
  fi
  [[ $attempt == 3 ]] && { cat "$work/build.log" >&2; fail "build failed"; }
  log "build failed (attempt $attempt); retrying in 30 s"
  sleep 30
done
wharf_dll=$root/src/Wharf/bin/Release/net10.0/wharf.dll

# --- install Verdaccio ---------------------------------------------------------------------------------------
if [[ -n ${VERDACCIO_DIR:-} ]]; then
  verdaccio_dir=$VERDACCIO_DIR
else
  verdaccio_dir=$work/verdaccio-install
  log "installing verdaccio@$VERDACCIO from the npm registry"
  mkdir -p "$verdaccio_dir/home"
  echo "registry=https://registry.npmjs.org/" >"$verdaccio_dir/home/.npmrc"
  # verdaccio-audit asks for node-fetch by its "cjs" dist-tag, which registry mirrors may lack: name the version.
  cat >"$verdaccio_dir/package.json" <<EOF
{"name":"verdaccio-install","private":true,"dependencies":{"verdaccio":"$VERDACCIO"},"overrides":{"node-fetch@cjs":"2.7.0"}}
EOF
  npm_in "$verdaccio_dir/home" install --prefix "$verdaccio_dir" --loglevel=error >"$OUT/verdaccio-install.log" 2>&1 \
    || { cat "$OUT/verdaccio-install.log" >&2; fail "could not install verdaccio"; }
fi
verdaccio_bin=$verdaccio_dir/node_modules/verdaccio/bin/verdaccio
[[ -f $verdaccio_bin ]] || fail "verdaccio not found under $verdaccio_dir"
verdaccio_version=$(node -p "require('$verdaccio_dir/node_modules/verdaccio/package.json').version")

# --- start both registries -----------------------------------------------------------------------------------
vport=$(free_port)
mkdir -p "$work/verdaccio/storage"
cat >"$work/verdaccio/config.yaml" <<EOF
storage: $work/verdaccio/storage
auth:
  htpasswd:
    file: $work/verdaccio/htpasswd
    max_users: 100
uplinks: {}
packages:
  '@*/*':
    access: \$authenticated
    publish: \$authenticated
    unpublish: \$authenticated
  '**':
    access: \$authenticated
    publish: \$authenticated
# API tokens as JWTs, checked by signature: the legacy tokens would run bcrypt on every request.
security:
  api:
    jwt:
      sign:
        expiresIn: 7d
max_body_size: 300mb
log: { type: stdout, format: pretty, level: error }
EOF
log "starting verdaccio $verdaccio_version on 127.0.0.1:$vport"
node "$verdaccio_bin" --config "$work/verdaccio/config.yaml" --listen "127.0.0.1:$vport" >"$OUT/verdaccio.log" 2>&1 &
verdaccio_pid=$!
verdaccio_url="http://127.0.0.1:$vport"
wait_for "$verdaccio_url/-/ping" "$verdaccio_pid" verdaccio

wport=$(free_port)
wharf_base="http://127.0.0.1:$wport"
log "starting wharf on $wharf_base"
WHARF_Bootstrap__AdminLogin=bench WHARF_Logging__LogLevel__Default=Warning \
  dotnet "$wharf_dll" serve --urls "$wharf_base" --data "$work/wharf" >"$OUT/wharf.log" 2>&1 &
wharf_pid=$!
wait_for "$wharf_base/readyz" "$wharf_pid" wharf
wharf_url="$wharf_base/_registry/npm"

# Tokens: Wharf's first-start administrator ("bench"), and a Verdaccio user made through its legacy login.
wharf_token=$(grep -o 'ghp_[A-Za-z0-9]*' "$OUT/wharf.log" | head -1)
[[ -n $wharf_token ]] || fail "no token in wharf's first-start output"
curl -fsS -X POST -H "Authorization: token $wharf_token" "$wharf_base/api/v3/user/repos" \
  -d '{"name":"bench-packages","private":true}' >/dev/null
verdaccio_token=$(curl -fsS -X PUT -H 'Content-Type: application/json' "$verdaccio_url/-/user/org.couchdb.user:bench" \
  -d '{"name":"bench","password":"bench-password-1"}' | jq -r .token)
[[ -n $verdaccio_token && $verdaccio_token != null ]] || fail "could not create a verdaccio user"

for target in wharf verdaccio; do
  home=$work/home-$target
  mkdir -p "$home"
  if [[ $target == wharf ]]; then url=$wharf_url token=$wharf_token; else url=$verdaccio_url token=$verdaccio_token; fi
  {
    echo "registry=$url/"
    echo "@bench:registry=$url/"
    echo "//${url#http://}/:_authToken=$token"
    echo "fetch-retries=0"
  } >"$home/.npmrc"
done

# --- the packages ----------------------------------------------------------------------------------------------
log "making $PACKAGES packages"
for i in $(seq -f '%02g' 1 "$PACKAGES"); do
  dir=$work/packages/pkg-$i
  mkdir -p "$dir"
  cat >"$dir/package.json" <<EOF
{"name":"@bench/pkg-$i","version":"1.0.0","description":"Benchmark package $i","license":"MIT","main":"index.js",
 "repository":"https://github.com/bench/bench-packages"}
EOF
  echo "module.exports = 'pkg-$i';" >"$dir/index.js"
  printf '# @bench/pkg-%s\n\nA package for the npm benchmark.\n' "$i" >"$dir/README.md"
  # Some content, so a tarball is a few kilobytes like a small real package.
  head -c 6000 /dev/urandom | base64 >"$dir/data.txt"
done

printf 'target\tmeasure\tvalue\tunit\tp50_ms\tp99_ms\ttransfer_per_s\terrors\n' >"$OUT/results.tsv"
record() { printf '%s\n' "$(IFS=$'\t'; echo "$*")" >>"$OUT/results.tsv"; }

for target in wharf verdaccio; do
  log "$target: publishing $PACKAGES packages with npm publish"
  started=$(date +%s.%N)
  for i in $(seq -f '%02g' 1 "$PACKAGES"); do
    (cd "$work/packages/pkg-$i" && npm_in "$work/home-$target" publish --cache "$work/cache-publish-$target" --loglevel=error \
      >>"$OUT/publish-$target.log" 2>&1) || { tail -20 "$OUT/publish-$target.log" >&2; fail "$target: publish of pkg-$i failed"; }
  done
  seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
  record "$target" publish "$seconds" s - - - 0
  log "$target: published in $seconds s"
done

# Every URL answers 200 for both before anything is timed.
for target in wharf verdaccio; do
  if [[ $target == wharf ]]; then url=$wharf_url token=$wharf_token; else url=$verdaccio_url token=$verdaccio_token; fi
  for path in "/@bench%2fpkg-01" "/@bench/pkg-01/-/pkg-01-1.0.0.tgz"; do
    status=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$url$path")
    [[ $status == 200 ]] || fail "$target: GET $path answered $status"
  done
  type=$(curl -sS -o /dev/null -w '%{content_type}' -H "Authorization: Bearer $token" \
    -H 'Accept: application/vnd.npm.install-v1+json' "$url/@bench%2fpkg-01")
  log "$target: abbreviated packument answers as $type"
done

# --- wrk ---------------------------------------------------------------------------------------------------
measure() {
  local target=$1 name=$2 prefix=$3 token=$4 kind=$5 accept=$6 base=$7
  local raw="$OUT/wrk-$target-$name.txt"
  NPM_PREFIX=$prefix NPM_KIND=$kind NPM_PACKAGES=$PACKAGES wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout 10s \
    -s bench/npm/rotate.lua -H "Authorization: Bearer $token" -H "Accept: $accept" "$base" >/dev/null
  NPM_PREFIX=$prefix NPM_KIND=$kind NPM_PACKAGES=$PACKAGES wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency \
    -s bench/npm/rotate.lua -H "Authorization: Bearer $token" -H "Accept: $accept" "$base" >"$raw"
  local rps p50 p99 transfer non2xx sockerr
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$raw")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$raw")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$raw")")
  transfer=$(awk '/^Transfer\/sec:/ {print $2}' "$raw")
  non2xx=$(awk -F': ' '/Non-2xx or 3xx responses/ {print $2}' "$raw")
  sockerr=$(awk '/Socket errors/ {s = 0; for (i = 4; i <= NF; i += 2) s += $i; print s}' "$raw" | tr -d ',')
  record "$target" "$name" "$rps" req/s "$p50" "$p99" "$transfer" $(( ${non2xx:-0} + ${sockerr:-0} ))
  printf '   %-9s %-12s %8s req/s  p50 %7s ms  p99 %7s ms  %s/s  errors %s  load %s\n' "$target" "$name" "$rps" "$p50" "$p99" \
    "$transfer" $(( ${non2xx:-0} + ${sockerr:-0} )) "$(load_now)" >&2
}

for target in wharf verdaccio; do
  if [[ $target == wharf ]]; then prefix=/_registry/npm token=$wharf_token base=$wharf_base; else prefix="" token=$verdaccio_token base=$verdaccio_url; fi
  log "$target: wrk, $THREADS threads, $CONNECTIONS connections, $DURATION after $WARMUP of warm-up"
  measure "$target" packument "$prefix" "$token" packument "application/json" "$base"
  measure "$target" abbreviated "$prefix" "$token" packument "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*" "$base"
  measure "$target" tarball "$prefix" "$token" tarball "*/*" "$base"
done

# --- npm install ---------------------------------------------------------------------------------------------
project=$work/project
mkdir -p "$project"
{
  echo '{"name":"bench-app","version":"1.0.0","private":true,"dependencies":{'
  for i in $(seq -f '%02g' 1 "$PACKAGES"); do
    [[ $i == 01 ]] || echo ','
    echo "\"@bench/pkg-$i\":\"^1.0.0\""
  done
  echo '}}'
} >"$project/package.json"

for target in wharf verdaccio; do
  times=()
  for round in $(seq 1 "$ROUNDS"); do
    rm -rf "$project/node_modules" "$project/package-lock.json" "$work/cache-install"
    started=$(date +%s.%N)
    (cd "$project" && npm_in "$work/home-$target" install --cache "$work/cache-install" --prefer-online --loglevel=error \
      >>"$OUT/install-$target.log" 2>&1) || { tail -20 "$OUT/install-$target.log" >&2; fail "$target: npm install failed"; }
    times+=("$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')")
    [[ -f $project/node_modules/@bench/pkg-$(printf '%02d' "$PACKAGES")/package.json ]] || fail "$target: install incomplete"
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  record "$target" npm-install "$median" s - - - 0
  log "$target: clean-cache npm install of $PACKAGES packages: ${times[*]} s (median $median s)"
done

# --- summary -------------------------------------------------------------------------------------------------
{
  echo "npm benchmark $stamp: Wharf $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?') vs Verdaccio $verdaccio_version,"
  echo "$PACKAGES packages, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) cores, $(node --version), npm $(npm --version)"
  echo
  printf '| measure | Wharf | Verdaccio | Wharf / Verdaccio |\n|---|---|---|---|\n'
  for m in packument abbreviated tarball; do
    w=$(awk -F'\t' -v m="$m" '$1 == "wharf" && $2 == m {print $3}' "$OUT/results.tsv")
    v=$(awk -F'\t' -v m="$m" '$1 == "verdaccio" && $2 == m {print $3}' "$OUT/results.tsv")
    wp=$(awk -F'\t' -v m="$m" '$1 == "wharf" && $2 == m {print $6}' "$OUT/results.tsv")
    vp=$(awk -F'\t' -v m="$m" '$1 == "verdaccio" && $2 == m {print $6}' "$OUT/results.tsv")
    printf '| %s req/s (p99 ms) | %s (%s) | %s (%s) | %s× |\n' "$m" "$w" "$wp" "$v" "$vp" "$(awk -v a="$w" -v b="$v" 'BEGIN {printf "%.1f", a / b}')"
  done
  for m in publish npm-install; do
    w=$(awk -F'\t' -v m="$m" '$1 == "wharf" && $2 == m {print $3}' "$OUT/results.tsv")
    v=$(awk -F'\t' -v m="$m" '$1 == "verdaccio" && $2 == m {print $3}' "$OUT/results.tsv")
    printf '| %s (s, lower is better) | %s | %s | %s× |\n' "$m" "$w" "$v" "$(awk -v a="$w" -v b="$v" 'BEGIN {printf "%.2f", a / b}')"
  done
} | tee "$OUT/summary.md" >&2
log "results in $OUT"
