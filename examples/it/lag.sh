#!/usr/bin/env bash
# How far the secondary falls behind the primary under a perfdhcp burst, and how soon it catches
# up, on the same namespace network as perf-compare.sh: the example server pair in NORMAL over
# TLS, both with their journal stores (fsync on, the default). After a 3 s warm-up (JIT) and once
# the secondary holds the warm-up's bindings, perfdhcp offers LAG_RATE (default 4000) four-way
# exchanges/s for LAG_SECONDS (default 15) from LAG_CLIENTS (default 1000000) simulated clients,
# so nearly every exchange is a new lease. From the burst's start a sampler asks both servers'
# control sockets for their status every LAG_INTERVAL_MS (default 250) until the secondary has
# caught up or LAG_WINDOW (default 30) seconds after the burst. The burst ends when perfdhcp exits.
# It prints, at the end of the burst, +1 s and +5 s: the primary's and the secondary's bindings
# and the primary's queued / awaiting-ack BNDUPDs; then the time from the end of the burst until
# the secondary holds at least as many bindings as the primary while the primary has nothing
# queued or awaiting an acknowledgement, in that sample and every later one ("caught up"), or
# "not caught up within N s". Each figure is the first sample at or after its instant.
# Exit 0 when it caught up within the window, 1 when not (or on any failure). The issue's goal
# (every binding held within 1 s after the burst) is printed as met or missed, not enforced.
# LAG_SERVER=PATH runs another build's failover-server (e.g. an older checkout's
# examples/bin/failover-server); a server without `status-json` on its control socket is read
# from its text `status` (binding counts only; its queues are then unknown and "caught up" means
# equal binding counts). Lease lifetimes are 300 s / 600 s here so nothing expires in the run, and
# there is no prefix pool (perfdhcp asks for addresses only).
# Needs root, perfdhcp, python3 and a build (mvn -B -q package -DskipTests). Too heavy for CI:
# run it by hand, under the shared lock: flock /tmp/fo-netns.lock bash examples/it/lag.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/netns-lib.sh"
server=${LAG_SERVER:-$server}
require_netns lag.sh perfdhcp python3
sampler=""
# The sampler runs outside the namespaces, so the namespace cleanup would not stop it.
trap '[[ -n $sampler ]] && kill "$sampler" 2>/dev/null; cleanup' EXIT
trap 'exit 130' INT TERM
rate=${LAG_RATE:-4000}
seconds=${LAG_SECONDS:-15}
clients=${LAG_CLIENTS:-1000000}
window=${LAG_WINDOW:-30}
interval_ms=${LAG_INTERVAL_MS:-250}
[[ -x $server ]] || fail "LAG_SERVER=$server is not executable"

# The sampler, written to $work/sampler.py and run as
#   python3 sampler.py PRIMARY_SOCKET SECONDARY_SOCKET END_FILE WINDOW INTERVAL_MS
# (its own process, so $! is its pid and the exit trap can stop it): samples both servers from now
# on; prints the report once END_FILE (the burst's end, epoch seconds) exists and the secondary
# caught up or the window passed. Exit 0 when caught up.
write_sampler() {
  cat >"$work/sampler.py" <<'PY'
import json, os, re, socket, sys, time

primary_sock, secondary_sock, end_file, window, interval_ms = sys.argv[1:6]
window, interval = float(window), int(interval_ms) / 1000.0

def ask(path, command):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    try:
        s.connect(path)
        s.sendall((command + "\n").encode())
        s.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
        return data.decode()
    finally:
        s.close()

json_ok = {}

def status(path):
    """(bindings, queued, awaiting) or None; queued/awaiting are None for a text-only server."""
    try:
        if json_ok.get(path, True):
            answer = ask(path, "status-json")
            if not answer.startswith("error: "):
                rel = json.loads(answer)["relationships"][0]
                q = rel.get("queues", {})
                return rel.get("bindings"), q.get("queuedUpdates"), q.get("updatesAwaitingAck")
            json_ok[path] = False
        m = re.search(r", (\d+) bindings \(", ask(path, "status"))
        return (int(m.group(1)), None, None) if m else None
    except (OSError, ValueError, KeyError, IndexError):
        return None

def caught_up(p, s):
    if p is None or s is None or p[0] is None or s[0] is None:
        return False
    pending = (p[1] or 0) + (p[2] or 0)
    return s[0] >= p[0] and pending == 0

samples = []  # (epoch time, primary, secondary)
end = None
give_up = time.time() + 600  # bounded even if the burst's end is never written
while True:
    t = time.time()
    samples.append((t, status(primary_sock), status(secondary_sock)))
    if end is None and t > give_up:
        print("lag: no end of burst within 600 s")
        sys.exit(2)
    if end is None and os.path.exists(end_file):
        with open(end_file) as f:
            end = float(f.read().strip())
    if end is not None:
        after = [x for x in samples if x[0] >= end]
        if after and caught_up(after[-1][1], after[-1][2]) and t >= end + 5:
            break
        if t > end + max(window, 5.5):  # the +5 s line needs its sample
            break
    time.sleep(max(0.0, interval - (time.time() - t)))

def fmt(v):
    return "?" if v is None else str(v)

def line(label, at):
    x = next((x for x in samples if x[0] >= at), samples[-1])  # the first sample at or after
    p, s = x[1] or (None, None, None), x[2] or (None, None, None)
    behind = "?" if p[0] is None or s[0] is None else str(p[0] - s[0])
    print(f"lag: {label:<14} primary {fmt(p[0])} bindings (queued {fmt(p[1])}, awaiting ack "
          f"{fmt(p[2])}), secondary {fmt(s[0])} bindings, behind {behind}  [sample at {x[0] - end:+.2f} s]")

line("end of burst", end)
line("+1 s", end + 1)
line("+5 s", end + 5)
# Caught up: the first sample after the burst from which on every sample is caught up (a late
# REQUEST on the primary after an equal sample must not count as caught up).
done = None
for x in reversed([x for x in samples if x[0] >= end]):
    if not caught_up(x[1], x[2]):
        break
    done = x
if done is not None and done[0] > end + window:
    done = None
peak = max((x[1][0] - x[2][0] for x in samples if x[1] and x[2] and x[1][0] is not None
            and x[2][0] is not None), default=None)
print(f"lag: most behind in any sample: {fmt(peak)} bindings")
if done is None:
    print(f"lag: not caught up within {window:.0f} s after the burst")
    sys.exit(1)
took = max(0.0, done[0] - end)
pending = "queues unknown" if done[1][1] is None else "nothing pending"
print(f"lag: caught up {took:.2f} s after the burst (secondary {done[2][0]} bindings, primary "
      f"{done[1][0]}, {pending}; sampled every {interval * 1000:.0f} ms)")
print(f"lag: goal (every binding held within 1 s after the burst): {'met' if took <= 1 else 'missed'}")
PY
}
sample() { python3 "$work/sampler.py" "$@" "$window" "$interval_ms"; }

make_network
write_sampler
"$server" gen-certs --dir "$work/pki" --names dhcp-a.example,dhcp-b.example >/dev/null
for role in primary secondary; do
  write_config "$work/$role.properties" "$role"
  # No prefix pool: perfdhcp asks for addresses only, and the prefix pool's balancing gives
  # (1024 free prefixes at a time) would move both binding counts by steps that are not leases.
  sed -i -e 's/^lease.preferred = .*/lease.preferred = 300s/' -e 's/^lease.valid = .*/lease.valid = 600s/' \
    -e '/^pool.prefixes = /d' "$work/$role.properties"
done
start_server fo-b "$work/secondary.properties" "$work/secondary.log"
start_server fo-a "$work/primary.properties" "$work/primary.log"
wait_state "$work/primary.properties" NORMAL 60
wait_state "$work/secondary.properties" NORMAL 30
# The control sockets live in each server's store.dir, relative to its configuration file.
primary_sock="$work/primary/control.sock"
secondary_sock="$work/secondary/control.sock"
[[ -S $primary_sock && -S $secondary_sock ]] || fail "control sockets not found under $work"

# Warm-up with other client DUIDs (-b) so the burst still sees new clients; the burst starts only
# once the secondary holds what the warm-up leased.
timeout 60 ip netns exec fo-c perfdhcp -6 -l c0 -r 200 -p 3 -R 1000 -b duid=0001000100000000aabbccddeeff all \
  >"$work/warmup.out" 2>&1 || true
date +%s.%N >"$work/warmup-end"
sample "$primary_sock" "$secondary_sock" "$work/warmup-end" >"$work/warmup-lag.out" \
  || fail "the secondary did not catch up after the warm-up: $(tail -n 1 "$work/warmup-lag.out")"
log "pair in NORMAL after the warm-up ($(grep -o 'secondary [0-9]* bindings' "$work/warmup-lag.out" | tail -n 1)); offering $rate exchanges/s for $seconds s"

python3 "$work/sampler.py" "$primary_sock" "$secondary_sock" "$work/burst-end" "$window" "$interval_ms" \
  >"$work/lag.out" &
sampler=$!
timeout $((seconds + 60)) ip netns exec fo-c perfdhcp -6 -l c0 -r "$rate" -p "$seconds" -R "$clients" -d 1 all >"$work/perfdhcp.out" 2>&1 || true
date +%s.%N >"$work/burst-end"
caught=0
wait "$sampler" || caught=$?
sampler=""

completed=$(awk '/Statistics for: REQUEST-REPLY/{f=1} f && /received packets:/{print $3; exit}' "$work/perfdhcp.out")
[[ -n $completed ]] || fail "no perfdhcp statistics in $work/perfdhcp.out"
echo "lag: server $server"
echo "lag: perfdhcp -6 -l c0 -r $rate -p $seconds -R $clients -d 1 all (after a 3 s warm-up); $completed four-way exchanges completed ($(awk -v c="$completed" -v s="$seconds" 'BEGIN { printf "%.0f", c / s }')/s)"
cat "$work/lag.out"
exit "$caught"
