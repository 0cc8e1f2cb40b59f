#!/usr/bin/env bash
# Load test of riskbrain-serve with wrk: company detail over 1,000 codes, then chain queries.
#
#   Benchmarks/server/run.sh DB [DURATION] [CONNECTIONS]
#
# DB is an imported database (e.g. a copy of one built from `riskbrain synth --companies
# 1000000 --seed 7`); it gets a token named bench-<pid> (kept: revoke it with
# `riskbrain token revoke`). Needs a release build (`swift build -c release --product
# riskbrain-serve --product riskbrain`) and wrk (`apt-get install wrk`). Everything goes to
# 127.0.0.1 only; the server is stopped at the end. Each run prints the server process's CPU
# time per request (user + system, from /proc) and the load average, since the machine may
# be shared. KINDS=detail runs only the detail phase; SERVE=path runs another server binary.
set -euo pipefail
db=${1:?usage: run.sh DB [DURATION] [CONNECTIONS]}
duration=${2:-30s}
connections=${3:-32}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$root/.build/release
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

token=$("$bin/riskbrain" token create --name "bench-$$" --role analyst --db "$db" | tail -n 1)
port=${PORT:-18080}
"${SERVE:-$bin/riskbrain-serve}" --db "$db" --model "$root/models/illegal-fundraising.yaml" --port "$port" --as-of 2026-06-30 &
server=$!
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 1
done

# 1,000 company codes spread over the table; 1,000 chain pairs between a company and its first shareholder.
sqlite3 "$db" "SELECT '/api/v1/companies/' || credit_code FROM company ORDER BY substr(credit_code, 9, 9), credit_code LIMIT 1000" > "$work/detail.txt"
sqlite3 "$db" "SELECT '/api/v1/chain?from=' || s.company || '&to=' || min(s.holder_id) || '&max_hops=4' FROM shareholding s WHERE s.holder_type = 'company' GROUP BY s.company ORDER BY substr(s.company, 9, 9) LIMIT 1000" > "$work/chain.txt"
echo "paths: $(wc -l < "$work/detail.txt") detail, $(wc -l < "$work/chain.txt") chain"

# CPU seconds (user + system) the server process has used so far, from /proc.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$server/stat"
}

kinds=${KINDS:-detail chain}
for kind in $kinds; do
  echo "== $kind: wrk -t2 -c$connections -d$duration (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  before=$(cpu_seconds)
  RISKBRAIN_TOKEN=$token PATHS_FILE=$work/$kind.txt wrk -t2 -c"$connections" -d"$duration" --latency -s "$here/paths.lua" \
    "http://127.0.0.1:$port" | tee "$work/$kind.out"
  after=$(cpu_seconds)
  requests=$(awk '/^requests / { print $2 }' "$work/$kind.out" | tr -d ,)
  awk -v b="$before" -v a="$after" -v n="$requests" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
    printf "server CPU %.1f s for %d requests: %.0f us per request (load average after: %s)\n", a - b, n, (a - b) * 1e6 / n, load }'
done
