#!/usr/bin/env bash
# A partition of the failover link alone, with real server processes and real clients: the
# example server pair (TLS, journal stores, MCLT 30 s) runs in the namespace network of
# real-clients.sh, but the two servers talk failover over a link of their own (fo-a fa0
# [fd00:f1::a] <-> fo-b fb0 [fd00:f1::b]), so cutting it leaves every client reaching both servers.
#   (a) plain cut: for PART_SECONDS (default 60; at least the MCLT of 30 s) perfdhcp brings new clients
#       and ISC dhclient renews and rebinds while the servers cannot talk; after healing both must
#       be NORMAL with no pending updates, and their tables (compared after a graceful stop,
#       StoreDiff) must agree on every lease with no address held by two clients, and dhclient
#       must still hold its address.
#   (b) the same cut, and the operator declares partner-down on the secondary during it: after
#       healing the pair must reach NORMAL through the states RFC 8156 prescribes (the path each
#       server took is printed), with the time to NORMAL and the double holdings counted (RFC
#       8156 makes any the operator's risk; none is expected here, since the secondary never uses
#       the primary's address half).
# Needs root, perfdhcp (kea-admin), dhclient (isc-dhcp-client) and a build
# (mvn -B -q package -DskipTests). KEEP=1 keeps the work folder. .ci/run runs it with PART_SECONDS=35
# (about 2 minutes).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/netns-lib.sh"
require_netns partition.sh perfdhcp dhclient
trap cleanup EXIT
trap 'exit 130' INT TERM
cut_seconds=${PART_SECONDS:-60}
classpath="$repo/examples/target/examples-0.1.0-SNAPSHOT.jar:$repo/examples/target/lib/*"

# The failover link of its own, and configurations that use it.
make_failover_link() {
  ip link add fa0 netns fo-a type veth peer name fb0 netns fo-b
  # IPv6 drops an interface's addresses when it goes down unless told to keep them.
  ip netns exec fo-a sysctl -qw net.ipv6.conf.fa0.keep_addr_on_down=1
  ip netns exec fo-b sysctl -qw net.ipv6.conf.fb0.keep_addr_on_down=1
  ip -n fo-a addr add fd00:f1::a/64 dev fa0 nodad
  ip -n fo-b addr add fd00:f1::b/64 dev fb0 nodad
  ip -n fo-a link set fa0 up
  ip -n fo-b link set fb0 up
}
set_link() { ip -n fo-a link set fa0 "$1"; ip -n fo-b link set fb0 "$1"; }
failover_config() { # FILE ROLE
  write_config "$1" "$2"
  sed -i -e 's/\[fd00:f0::b\]:647/[fd00:f1::b]:647/' -e 's/\[fd00:f0::a\]:647/[fd00:f1::a]:647/' "$1"
}

# transitions LOG FROM_LINE: the state changes a server logged after line FROM_LINE of its log.
transitions() {
  tail -n +"$(($2 + 1))" "$1" | sed -n 's/.*EndpointStates - it: \([A-Z-]* -> [A-Z-]* (.*)\)$/\1/p'
}

# pending CONFIG: updates queued or awaiting the partner's answer, from status --json.
pending() {
  "$server" status --config "$1" --json 2>/dev/null \
    | sed -n 's/.*"queuedUpdates":\([0-9]*\),"updatesAwaitingAck":\([0-9]*\).*/\1 \2/p' \
    | awk '{ print $1 + $2 }'
}

wait_settled() { # both NORMAL and nothing pending either way
  wait_state "$work/primary.properties" NORMAL "$1"
  wait_state "$work/secondary.properties" NORMAL 30
  local deadline=$((SECONDS + 60)) a b
  while ((SECONDS < deadline)); do
    a=$(pending "$work/primary.properties"); b=$(pending "$work/secondary.properties")
    [[ $a == 0 && $b == 0 ]] && return 0
    sleep 0.5
  done
  fail "updates still pending 60 s after NORMAL (primary ${a:-?}, secondary ${b:-?})"
}

dhclient_start() {
  events="$work/dhclient.events"
  cat >"$work/record.sh" <<SCRIPT
#!/bin/sh
echo "\$reason \${new_ip6_address:-none} \${new_dhcp6_server_id:-none}" >> "$events"
exit 0
SCRIPT
  chmod +x "$work/record.sh"
  : >"$work/dhclient.conf"
  : >"$events"
  ip netns exec fo-c dhclient -6 -d -v -cf "$work/dhclient.conf" -lf "$work/dhclient.leases" \
    -pf "$work/dhclient.pid" -sf "$work/record.sh" c0 >"$work/dhclient.log" 2>&1 &
  disown $!
  local deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)); do
    dh_address=$(awk '$1 == "BOUND6" { print $2; exit }' "$events")
    [[ -n $dh_address ]] && return 0
    sleep 0.5
  done
  fail "dhclient got no lease within 30 s ($work/dhclient.log)"
}

# cut_with_clients SECONDS: the failover link down while perfdhcp brings new clients.
cut_with_clients() {
  set_link down
  log "failover link cut (clients still reach both servers)"
  ip netns exec fo-c perfdhcp -6 -l c0 -r 10 -p "$1" -R 100000 -d 2 -b "duid=$2" all \
    >"$work/perfdhcp-$3.out" 2>&1 || true
  local got
  got=$(awk '/Statistics for: REQUEST-REPLY/{f=1} f && /received packets:/{print $3; exit}' "$work/perfdhcp-$3.out")
  log "during the cut: ${got:-0} new clients leased (perfdhcp), both servers $(state "$work/primary.properties")/$(state "$work/secondary.properties")"
}

compare_tables() { # NAME: stop both gracefully, compare their stores, start them again
  local name="$1" at
  kill -TERM "${SERVER_PIDS[@]}" 2>/dev/null || true
  for pid in "${SERVER_PIDS[@]}"; do
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  done
  SERVER_PIDS=()
  at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  java -cp "$classpath" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    org.dhcpv6.failover.examples.tools.StoreDiff "$work/primary" "$work/secondary" --at "$at" --margin 5 \
    >"$work/diff-$name.txt" 2>&1 && diff_ok=1 || diff_ok=0
  cat "$work/diff-$name.txt"
  doubles=$(grep -c '^DOUBLE' "$work/diff-$name.txt" || true)
  start_server fo-b "$work/secondary.properties" "$work/secondary.log"
  start_server fo-a "$work/primary.properties" "$work/primary.log"
  wait_settled 90
}

make_network
make_failover_link
"$server" gen-certs --dir "$work/pki" --names dhcp-a.example,dhcp-b.example >/dev/null
failover_config "$work/primary.properties" primary
failover_config "$work/secondary.properties" secondary
start_server fo-b "$work/secondary.properties" "$work/secondary.log"
start_server fo-a "$work/primary.properties" "$work/primary.log"
wait_settled 60
log "pair in NORMAL over the failover link fd00:f1::/64"
dhclient_start
log "dhclient bound $dh_address"

# ---- (a) a plain cut ----
cut_with_clients "$cut_seconds" 0001000100000000aaaa00000001 a
set_link up
log "failover link healed"
wait_settled 90
grep -q "$dh_address" "$work/dhclient.leases" || fail "(a) dhclient no longer holds $dh_address"
compare_tables a
((diff_ok == 1)) || fail "(a) the tables disagree after healing ($work/diff-a.txt)"
log "(a) plain cut: NORMAL, nothing pending, tables agree, 0 double holdings, dhclient kept $dh_address"

# ---- (b) the operator's partner-down on the secondary during the cut ----
from_p=$(wc -l <"$work/primary.log"); from_s=$(wc -l <"$work/secondary.log")
set_link down
wait_state "$work/secondary.properties" COMMUNICATIONS-INTERRUPTED 20
"$server" partner-down --config "$work/secondary.properties" >/dev/null || fail "(b) partner-down was not applied"
log "(b) operator: partner-down on the secondary"
cut_with_clients "$cut_seconds" 0001000100000000bbbb00000001 b
healed=$SECONDS
set_link up
log "failover link healed"
wait_settled 180
to_normal=$((SECONDS - healed))
path_p=$(transitions "$work/primary.log" "$from_p"); path_s=$(transitions "$work/secondary.log" "$from_s")
log "(b) the primary's path:"; sed 's/^/    /' <<<"$path_p"
log "(b) the secondary's path:"; sed 's/^/    /' <<<"$path_s"
# RFC 8156 §8: PARTNER-DOWN meeting COMMUNICATIONS-INTERRUPTED is a potential conflict on both
# sides, resolved by the primary's update requests (CONFLICT-DONE at the primary), then NORMAL.
grep -q -- '-> PARTNER-DOWN (operator command)' <<<"$path_s" || fail "(b) the secondary never went to PARTNER-DOWN"
grep -q -- '-> POTENTIAL-CONFLICT' <<<"$path_p" || fail "(b) the primary skipped POTENTIAL-CONFLICT"
grep -q -- '-> POTENTIAL-CONFLICT' <<<"$path_s" || fail "(b) the secondary skipped POTENTIAL-CONFLICT"
grep -q "$dh_address" "$work/dhclient.leases" || fail "(b) dhclient no longer holds $dh_address"
compare_tables b
log "(b) NORMAL $to_normal s after healing, $doubles double holdings"
((diff_ok == 1)) || fail "(b) the tables disagree after healing ($work/diff-b.txt)"
echo "partition: 2 passed, 0 failed"
