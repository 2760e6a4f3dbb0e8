# Shared by real-clients.sh and perf-compare.sh (sourced, not run): a private test network of
# network namespaces, two example servers in it, and the cleanup of both.
#
# Topology: fo-sw holds a bridge (fo-br) with multicast snooping off, so a client's SOLICIT to
# ff02::1:2 reaches both servers as on one real link. fo-a (primary, fd00:f0::a), fo-b
# (secondary, fd00:f0::b) and fo-c (clients, fd00:f0::c) each have one veth into the bridge.
# Every address lives inside these namespaces; nothing is routed to or from the host.

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
server="$repo/examples/bin/failover-server"
NS_LIST=(fo-a fo-b fo-c fo-sw)
SERVER_PIDS=()
work=""

log() { echo "[$(date +%T)] $*"; }
# On failure the servers' last log lines go with the message, since the folder is removed.
fail() {
  echo "FAILED: $*" >&2
  local f
  for f in "${work:-/nonexistent}"/*.log; do
    [[ -f $f ]] || continue
    echo "---- last lines of $f" >&2
    tail -n 25 "$f" >&2
  done
  exit 1
}

# Namespaces need root (CAP_SYS_ADMIN); without it the test cannot run at all, which is a skip,
# not a failure. Anything else missing is a failure.
require_netns() {
  if [[ $EUID -ne 0 ]] || ! ip netns add fo-probe 2>/dev/null; then
    echo "SKIPPED: $1 needs root to create network namespaces (ip netns add failed)"
    exit 0
  fi
  ip netns del fo-probe
  for tool in "${@:2}"; do
    command -v "$tool" >/dev/null || fail "$tool not installed (apt-get install -y kea-admin isc-dhcp-client iproute2)"
  done
  [[ -f "$repo/examples/target/examples-0.1.0-SNAPSHOT.jar" ]] || fail "build first: mvn -B -q package -DskipTests"
}

cleanup() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for ns in "${NS_LIST[@]}"; do
    # Whatever still runs in a namespace we made (dhclient, perfdhcp) is ours to stop.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  if [[ -n "$work" && -z "${KEEP:-}" ]]; then rm -rf "$work"; fi
  if [[ -n "${PG_DIR:-}" && -z "${KEEP:-}" ]]; then rm -rf "$PG_DIR"; fi
}

make_network() {
  cleanup # leftovers of an interrupted run
  work="$(mktemp -d /tmp/failover-it.XXXXXX)"
  for ns in "${NS_LIST[@]}"; do
    ip netns add "$ns"
    # No DAD: a tentative address cannot be bound, and there is nobody to clash with.
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
    ip -n "$ns" link set lo up
  done
  ip -n fo-sw link add fo-br type bridge
  ip -n fo-sw link set fo-br type bridge mcast_snooping 0
  ip -n fo-sw link set fo-br up
  local x
  for x in a b c; do
    ip link add "${x}0" netns "fo-$x" type veth peer name "sw-$x" netns fo-sw
    ip -n fo-sw link set "sw-$x" master fo-br up
    ip -n "fo-$x" addr add "fd00:f0::$x/64" dev "${x}0" nodad
    ip -n "fo-$x" link set "${x}0" up
  done
  # The link-local addresses come with the links; dhclient and perfdhcp need them usable.
  # Each listing is captured before it is tested: `ip ... | grep -q` under pipefail can fail on
  # the writer's broken pipe when grep exits at its first match.
  local tentative_a tentative_c link_local_c
  for _ in $(seq 50); do
    tentative_a=$(ip -n fo-a -6 addr show tentative)
    tentative_c=$(ip -n fo-c -6 addr show tentative)
    link_local_c=$(ip -n fo-c -6 addr show dev c0 scope link)
    if [[ -z $tentative_a && -z $tentative_c && $link_local_c == *fe80* ]]; then
      return 0
    fi
    sleep 0.1
  done
  fail "addresses in the namespaces stayed tentative"
}

# write_config FILE ROLE EXTRA... : a server on its namespace's link (multicast on its veth).
# ROLE is primary, secondary or standalone; PLAINTEXT=1 in the environment makes the failover
# link plain TCP instead of TLS. Short lifetimes so a real client renews and
# rebinds within the test: preferred 20 s (T1 10 s, T2 16 s), valid 40 s.
write_config() {
  local file="$1" role="$2" x iface
  x=$([[ $role == secondary ]] && echo b || echo a)
  iface="${x}0"
  {
    echo "dhcp.listen = [::]:547"
    echo "dhcp.interface = $iface"
    echo "store.dir = $role"
    echo "pool.addresses = 2001:db8:1::/64"
    echo "pool.prefixes = 2001:db8:100::/40=56"
    echo "lease.preferred = 20s"
    echo "lease.valid = 40s"
    if [[ $role == standalone ]]; then
      echo "failover.enabled = false"
    else
      echo "failover.role = $role"
      echo "failover.relationship = it"
      echo "failover.mclt = 30s"
      echo "failover.keepalive = 3s"
      if [[ $role == primary ]]; then
        echo "failover.partner = [fd00:f0::b]:647"
      else
        echo "failover.partner = [fd00:f0::a]:647"
        echo "failover.local = [fd00:f0::b]:647"
      fi
      if [[ ${PLAINTEXT:-0} == 1 ]]; then
        # Plain TCP, for captures that a dissector can read (capture-check.sh).
        echo "tls.insecure-plaintext = true"
      elif [[ $role == primary ]]; then
        echo "tls.ca = pki/ca.pem"
        echo "tls.chain = pki/dhcp-a.example-chain.pem"
        echo "tls.key = pki/dhcp-a.example-key.pem"
        echo "tls.partner-name = dhcp-b.example"
      else
        echo "tls.ca = pki/ca.pem"
        echo "tls.chain = pki/dhcp-b.example-chain.pem"
        echo "tls.key = pki/dhcp-b.example-key.pem"
        echo "tls.partner-name = dhcp-a.example"
      fi
    fi
  } > "$file"
}

# start_postgres NS: a PostgreSQL server of its own inside NS, on that namespace's loopback
# (127.0.0.1:5432 there, unreachable from anywhere else), initdb'd in a fresh folder and run as the
# postgres user; sets PG_URL and PG_PASSWORD_FILE for a server in NS. The namespace cleanup stops it.
start_postgres() {
  local bin
  bin=$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1)
  [[ -n $bin && -x $bin/initdb ]] || fail "PostgreSQL not installed (apt-get install -y postgresql)"
  PG_DIR=$(mktemp -d /tmp/failover-it-pg.XXXXXX)
  od -An -N12 -tx1 /dev/urandom | tr -d ' \n' >"$PG_DIR/password"
  chown -R postgres: "$PG_DIR"
  runuser -u postgres -- "$bin/initdb" -D "$PG_DIR/data" -U failover --pwfile="$PG_DIR/password" \
    -A scram-sha-256 --auth-local=trust -E UTF8 --locale=C --no-sync >"$work/postgres-initdb.log" 2>&1 \
    || fail "initdb failed ($work/postgres-initdb.log)"
  ip netns exec "$1" runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p 5432 -k $PG_DIR -c listen_addresses=127.0.0.1" start >"$work/postgres-start.log" 2>&1 \
    || fail "PostgreSQL did not start in $1 ($PG_DIR/server.log)"
  PG_URL="jdbc:postgresql://127.0.0.1:5432/postgres"
  PG_PASSWORD_FILE="$PG_DIR/password"
}

# pg_query SQL: one value from the PostgreSQL of start_postgres (over its unix socket).
pg_query() {
  runuser -u postgres -- psql -h "$PG_DIR" -p 5432 -U failover -d postgres -Atc "$1"
}

# start_server NS CONFIG LOG: runs failover-server in NS; the pid is the server JVM's
# (the launcher execs java), so kill -9 on it is a real crash.
start_server() {
  ip netns exec "$1" "$server" run --config "$2" >>"$3" 2>&1 &
  SERVER_PIDS+=($!)
  LAST_PID=$!
  disown "$LAST_PID" # no "Killed" job notice when the test kills it on purpose
}

# state CONFIG: the relationship's state word from `failover-server status`, or "down".
state() {
  { "$server" status --config "$1" 2>/dev/null || true; } \
    | awk '$1 == "it" { print $3; found=1 } END { if (!found) print "down" }'
}

# wait_state CONFIG STATE SECONDS
wait_state() {
  local deadline=$((SECONDS + $3)) s
  while ((SECONDS < deadline)); do
    s=$(state "$1")
    [[ $s == "$2" ]] && return 0
    sleep 0.5
  done
  fail "$(basename "$1" .properties) did not reach $2 within $3 s (last: $s); see $work/*.log"
}

# wait_up CONFIG SECONDS: the control socket answers (standalone servers have no state).
wait_up() {
  local deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    "$server" status --config "$1" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  fail "$(basename "$1" .properties) did not start within $2 s; see $work/*.log"
}
