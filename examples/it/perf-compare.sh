#!/usr/bin/env bash
# Throughput of the example server under perfdhcp (Kea), failover on versus off, in one run on
# the same namespace network as real-clients.sh:
#   failover:   the primary/secondary pair in NORMAL over TLS; the primary answers, commits each
#               new lease to its journal and queues a BNDUPD for the secondary;
#   standalone: one server with failover.enabled=false (in-memory lease table).
# Each measurement: a short warm-up (JIT), then PERF_SECONDS (default 15) of 4-way exchanges
# offered at PERF_RATE per second (default 5000, more than either setup completes on a 2-core
# machine, so the figure is capacity, not the offered rate) from PERF_CLIENTS (default 100000)
# simulated clients, so nearly every exchange is a new lease. The figure is perfdhcp's completed
# 4-way exchanges per second. PERF_STORE=postgres puts the primary's leases in PostgreSQL
# (store.jdbc-url; a server of its own inside fo-a) instead of its journal.
# Needs root, perfdhcp and a build (mvn -B -q package -DskipTests).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/netns-lib.sh"
require_netns perf-compare.sh perfdhcp
trap cleanup EXIT
trap 'exit 130' INT TERM
rate=${PERF_RATE:-5000}
seconds=${PERF_SECONDS:-15}
clients=${PERF_CLIENTS:-100000}

# measure NAME: prints completed 4-way exchanges per second
measure() {
  local out="$work/perfdhcp-$1.out"
  # Warm-up with other client DUIDs (-b) so the measured run still sees new clients.
  ip netns exec fo-c perfdhcp -6 -l c0 -r 200 -p 3 -R 1000 -b duid=0001000100000000aabbccddeeff all \
    >"$work/warmup-$1.out" 2>&1 || true
  ip netns exec fo-c perfdhcp -6 -l c0 -r "$rate" -p "$seconds" -R "$clients" -d 1 all >"$out" 2>&1 || true
  local completed
  completed=$(awk '/Statistics for: REQUEST-REPLY/{f=1} f && /received packets:/{print $3; exit}' "$out")
  [[ -n $completed ]] || fail "no perfdhcp statistics in $out"
  awk -v c="$completed" -v s="$seconds" 'BEGIN { printf "%.0f", c / s }'
  grep -E '^Rate:' "$out" >&2 || true
}

make_network
"$server" gen-certs --dir "$work/pki" --names dhcp-a.example,dhcp-b.example >/dev/null
write_config "$work/primary.properties" primary
write_config "$work/secondary.properties" secondary
write_config "$work/standalone.properties" standalone
primary_store=journal
if [[ ${PERF_STORE:-journal} == postgres ]]; then
  start_postgres fo-a
  printf 'store.jdbc-url = %s\nstore.jdbc-user = failover\nstore.jdbc-password-file = %s\n' \
    "$PG_URL" "$PG_PASSWORD_FILE" >>"$work/primary.properties"
  primary_store=PostgreSQL
fi
start_server fo-b "$work/secondary.properties" "$work/secondary.log"
secondary_pid=$LAST_PID
start_server fo-a "$work/primary.properties" "$work/primary.log"
primary_pid=$LAST_PID
wait_state "$work/primary.properties" NORMAL 60
wait_state "$work/secondary.properties" NORMAL 30
log "failover pair in NORMAL; offering $rate exchanges/s for $seconds s"
with_failover=$(measure failover)
"$server" status --config "$work/primary.properties" | tail -1
kill "$primary_pid" "$secondary_pid"
sleep 2 # the DHCP port in fo-a must be free again

start_server fo-a "$work/standalone.properties" "$work/standalone.log"
wait_up "$work/standalone.properties" 60
log "standalone server up; offering $rate exchanges/s for $seconds s"
standalone=$(measure standalone)

echo "perf-compare: perfdhcp -6 -l c0 -r $rate -p $seconds -R $clients -d 1 all (after a 3 s warm-up)"
echo "perf-compare: failover (pair in NORMAL, TLS, primary's leases in $primary_store)  $with_failover 4-way exchanges/s"
echo "perf-compare: standalone (failover.enabled=false)      $standalone 4-way exchanges/s"
awk -v f="$with_failover" -v s="$standalone" 'BEGIN { printf "perf-compare: ratio failover/standalone %.2f\n", (s > 0 ? f / s : 0) }'
