#!/usr/bin/env bash
# Throughput and CPU per lease of the example server under perfdhcp (Kea), failover on versus
# off, like for like, on the same namespace network as real-clients.sh:
#   failover:   the primary/secondary pair in NORMAL over TLS; the primary answers, commits each
#               new lease to its journal (fsync) and queues a BNDUPD for the secondary;
#   standalone: one server with failover.enabled=false, committing each lease to the same
#               journal store (same JournalLeaseStore, same group commit, fsync), so the ratio
#               measures failover and nothing else.
# Both reply only once the lease is durable; neither blocks a thread per lease (replies go out
# as their flush completes).
#
# Each measurement: a warm-up of PERF_WARMUP_SECONDS (default 40) at PERF_WARMUP_RATE (default
# PERF_RATE) exchanges/s of new leases like the measured run's, so the JIT compiler has compiled
# the measured path before it starts. It runs in two parts, the last 10 s after an idle pause of
# PERF_WARMUP_PAUSE s (default 4, longer than failover.keepalive): the measured run also starts
# after a pause, and the first CONTACTs and idle waits after a busy spell made the JIT compiler
# throw away and redo the primary's event-loop code. Then PERF_SECONDS (default 10)
# of 4-way exchanges offered at PERF_RATE per second (default 20000, more than any of the servers
# completes on a 2-core machine, so the figure is capacity, not the offered rate) from
# PERF_CLIENTS (default 1000000) simulated clients, each one new: perfdhcp numbers its clients
# 0, 1, 2, ... in every run, so each perfdhcp run gets DUIDs of its own (-b). The
# figure is perfdhcp's completed 4-way exchanges per second. Next to it: the CPU time the server
# process used during the measured run (utime + stime from /proc/PID/stat) per completed
# exchange, and the part of it the JIT compiler threads used (near 0 when the warm-up sufficed).
# PERF_REPEATS (default 2) repeats, each on fresh stores. Then one more run of each
# mode with `strace -c -f -p PID` on the answering server during the measured part: syscalls per
# lease (strace slows the server, so that run's rate is not a capacity figure).
# PERF_THREADS=1 also prints the answering server's CPU per lease by thread (from
# /proc/PID/task/*/stat and comm) for each measured run, and each thread's sleeps per lease
# (voluntary context switches from /proc/PID/task/*/status: its waits, without strace).
# PERF_STRACE=0 leaves out the strace runs.
# PERF_JAVA_OPTS goes to every example server's JVM (as FAILOVER_SERVER_JAVA_OPTS, split on
# blanks; %p in a log file name is the pid), e.g. to see what the JIT compiler throws away:
#   PERF_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=/tmp/jit-%p.xml"
# With it set, each measured run's start and end are printed as JVM uptimes (jcmd VM.uptime),
# which is the clock of those logs ("stamp").
# PERF_JFR=DIR records a JFR profile (settings=profile) of the answering server over each
# measured run into DIR (read it with `jfr print --events jdk.ExecutionSample`).
#
# --with-kea adds Kea 2.2 (kea-dhcp6, memfile lease file, multi-threaded) alone and as a
# hot-standby HA pair (libdhcp_ha, dedicated HTTP listener) on the same network and rates.
# Kea's memfile backend appends each lease to its CSV file without fsync: its figures are not
# for durable leases, unlike the example server's.
#
# PERF_STORE=postgres puts the leases of the primary and of the standalone server in PostgreSQL
# (store.jdbc-url; a server of its own inside fo-a) instead of the journal.
# Needs root, perfdhcp (kea-admin), strace, and a build (mvn -B -q package -DskipTests); run
# it under the shared lock: flock /tmp/fo-netns.lock bash examples/it/perf-compare.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/netns-lib.sh"
with_kea=0
for arg in "$@"; do
  case $arg in
    --with-kea) with_kea=1 ;;
    *) echo "usage: perf-compare.sh [--with-kea]" >&2; exit 2 ;;
  esac
done
tools=(perfdhcp strace)
((with_kea)) && tools+=(kea-dhcp6)
require_netns perf-compare.sh "${tools[@]}"
trap cleanup EXIT
trap 'exit 130' INT TERM
rate=${PERF_RATE:-20000}
seconds=${PERF_SECONDS:-10}
warm_rate=${PERF_WARMUP_RATE:-$rate}
warm_seconds=${PERF_WARMUP_SECONDS:-40}
warm_pause=${PERF_WARMUP_PAUSE:-4}
clients=${PERF_CLIENTS:-1000000}
repeats=${PERF_REPEATS:-2}
ticks_per_second=$(getconf CLK_TCK)
run_number=0

# cpu_ticks PID: utime + stime of the process, all threads (fields 14 and 15 of /proc/PID/stat,
# counted after the ") " that ends the command name).
cpu_ticks() {
  sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# thread_ticks PID: "TID NAME TICKS SLEEPS" for every thread of PID (NAME from comm, blanks as
# _; SLEEPS: voluntary context switches, each a wait for a lock, a condition or I/O).
thread_ticks() {
  local t name sleeps
  for t in /proc/"$1"/task/*; do
    name=$( { tr ' ' '_' <"$t/comm"; } 2>/dev/null) || continue
    sleeps=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "$t/status" 2>/dev/null)
    printf '%s %s %s %s\n' "${t##*/}" "$name" "$(sed 's/^.*) //' "$t/stat" 2>/dev/null | awk '{ print $12 + $13 }')" \
      "${sleeps:-0}"
  done
}

# compiler_ticks PID: utime + stime of the JIT compiler threads of PID (0 for a server without).
compiler_ticks() {
  local t sum=0 ticks
  for t in /proc/"$1"/task/*; do
    grep -q CompilerThre "$t/comm" 2>/dev/null || continue
    ticks=$(sed 's/^.*) //' "$t/stat" 2>/dev/null | awk '{ print $12 + $13 }') || continue
    sum=$((sum + ${ticks:-0}))
  done
  echo "$sum"
}

# thread_report BEFORE AFTER LEASES: CPU and sleeps (voluntary context switches) per lease of each
# kind of thread (digits in names folded to #, so the journal flusher or the GC workers add up),
# largest CPU first.
thread_report() {
  awk -v n="$3" -v t="$ticks_per_second" 'FNR == NR { before[$1] = $3; slept[$1] = $4; next }
    { name = $2; gsub(/[0-9]+/, "#", name); used[name] += $3 - before[$1]; all += $3 - before[$1]
      sleeps[name] += $4 - slept[$1]; all_sleeps += $4 - slept[$1]
      if (name !~ /CompilerThre/) { steady += $3 - before[$1] } }
    END { for (k in used) if (used[k] > 0 || sleeps[k] > 0)
            printf "%8.1f us/lease %6.2f sleeps/lease  %s\n", used[k] / t * 1e6 / n, sleeps[k] / n, k
          printf "%8.1f us/lease %6.2f sleeps/lease  (all threads)\n", all / t * 1e6 / n, all_sleeps / n
          printf "%8.1f us/lease                      (all but the JIT compiler threads)\n", steady / t * 1e6 / n }' \
    "$1" "$2" | sort -rn
}

# uptime_mark NAME PID start|end: the JVM's uptime in s, to find the measured run in its logs.
uptime_mark() {
  echo "perf-compare: measured run of $1 (pid $2) $3s at JVM uptime $(jcmd "$2" VM.uptime 2>/dev/null \
    | awk 'NR == 2 { print $1 }')" >>"$work/marks.txt"
}

# measure NAME PID [PID2]: runs perfdhcp; prints "RATE CPU_MS_PER_LEASE JIT_MS_PER_LEASE
# [CPU2_MS_PER_LEASE]" (JIT: the part of PID's CPU its compiler threads used).
# Every perfdhcp run uses client DUIDs of its own (-b), so each measured exchange is a new lease.
measure() {
  local name=$1 pid=$2 pid2=${3:-}
  run_number=$((run_number + 1))
  local out="$work/perfdhcp-$name-$run_number.out"
  local warm_duid warm_duid2 measured_duid
  # perfdhcp numbers its clients 0, 1, 2, ... in every run and writes the number as a MAC
  # address over the last 6 octets of the DUID: the phase and run go in the octets before them.
  warm_duid=$(printf '0001000100%02x%04xaabbccddeeff' 0 "$run_number")
  warm_duid2=$(printf '0001000100%02x%04xaabbccddeeff' 2 "$run_number")
  measured_duid=$(printf '0001000100%02x%04xaabbccddeeff' 1 "$run_number")
  local first=$((warm_seconds > 10 ? warm_seconds - 10 : 0)) second=$((warm_seconds > 10 ? 10 : warm_seconds))
  if ((first > 0)); then
    ip netns exec fo-c perfdhcp -6 -l c0 -r "$warm_rate" -p "$first" -R "$clients" -b "duid=$warm_duid" all \
      >"$work/warmup-$name-$run_number.out" 2>&1 || true
    sleep "$warm_pause"
  fi
  ip netns exec fo-c perfdhcp -6 -l c0 -r "$warm_rate" -p "$second" -R "$clients" -b "duid=$warm_duid2" all \
    >>"$work/warmup-$name-$run_number.out" 2>&1 || true
  [[ -n ${measured_hook:-} ]] && "$measured_hook" start "$pid"
  [[ -n ${PERF_JAVA_OPTS:-} ]] && uptime_mark "$name" "$pid" start
  [[ -n ${PERF_JFR:-} ]] && jcmd "$pid" JFR.start name=perf settings=profile \
    filename="$PERF_JFR/$name-$run_number.jfr" >/dev/null
  local before before2=0 after after2=0 jit_before jit_after
  [[ -n ${PERF_THREADS:-} ]] && thread_ticks "$pid" >"$work/threads-before"
  before=$(cpu_ticks "$pid")
  jit_before=$(compiler_ticks "$pid")
  [[ -n $pid2 ]] && before2=$(cpu_ticks "$pid2")
  ip netns exec fo-c perfdhcp -6 -l c0 -r "$rate" -p "$seconds" -R "$clients" -b "duid=$measured_duid" -d 1 all \
    >"$out" 2>&1 || true
  after=$(cpu_ticks "$pid")
  jit_after=$(compiler_ticks "$pid")
  [[ -n $pid2 ]] && after2=$(cpu_ticks "$pid2")
  [[ -n ${PERF_THREADS:-} ]] && thread_ticks "$pid" >"$work/threads-after"
  [[ -n ${PERF_JAVA_OPTS:-} ]] && uptime_mark "$name" "$pid" end
  [[ -n ${PERF_JFR:-} ]] && jcmd "$pid" JFR.stop name=perf >/dev/null
  [[ -n ${measured_hook:-} ]] && "$measured_hook" stop "$pid"
  local completed
  completed=$(awk '/Statistics for: REQUEST-REPLY/{f=1} f && /received packets:/{print $3; exit}' "$out")
  [[ -n $completed && $completed -gt 0 ]] || fail "no completed exchanges in $out"
  if [[ -n ${PERF_THREADS:-} ]]; then
    { echo "perf-compare: threads of $name (run $run_number), CPU per lease:"
      thread_report "$work/threads-before" "$work/threads-after" "$completed"; } >>"$work/threads.txt"
  fi
  awk -v c="$completed" -v s="$seconds" -v t="$ticks_per_second" -v a="$((after - before))" \
    -v b="$((after2 - before2))" -v two="${pid2:+1}" -v j="$((jit_after - jit_before))" \
    'BEGIN { printf "%.0f %.4f %.4f", c / s, a / t * 1000 / c, j / t * 1000 / c; if (two) printf " %.4f", b / t * 1000 / c; print "" }'
}

# strace_hook start|stop PID: strace -c -f on PID over the measured run only (not the warm-up,
# whose exchanges the per-lease figures do not count).
strace_hook() {
  if [[ $1 == start ]]; then
    strace -qq -c -f -p "$2" -o "$trace" &
    tracer=$!
    sleep 1
  else
    kill -INT "$tracer"
    wait "$tracer" || true
  fi
}

# traced NAME PID: one measured run with strace -c -f on PID; prints syscalls per lease.
traced() {
  local name=$1 pid=$2
  trace="$work/strace-$name.txt"
  measured_hook=strace_hook measure "$name-strace" "$pid" >"$work/result"
  local rate_traced
  read -r rate_traced _ <"$work/result"
  awk -v n="$((rate_traced * seconds))" -v name="$name" '
    $NF == "total" { total = $4 }
    $NF == "fdatasync" || $NF == "fsync" { sync += $4 }
    $NF == "futex" { futex = $4 }
    $NF == "sendmsg" || $NF == "sendto" { send += $4 }
    $NF == "recvfrom" || $NF == "recvmsg" { recv += $4 }
    END { if (n > 0) printf "perf-compare: strace %-10s per lease: %.1f syscalls, %.3f fsync/fdatasync, %.2f futex, %.2f send, %.2f recv (traced run %d exchanges/s)\n", name, total / n, sync / n, futex / n, send / n, recv / n, n / '"$seconds"' }' \
    "$trace"
}

start_pair() {
  rm -rf "$work/primary" "$work/secondary"
  start_server fo-b "$work/secondary.properties" "$work/secondary.log"
  secondary_pid=$LAST_PID
  start_server fo-a "$work/primary.properties" "$work/primary.log"
  primary_pid=$LAST_PID
  wait_state "$work/primary.properties" NORMAL 60
  wait_state "$work/secondary.properties" NORMAL 30
}

stop_pids() {
  kill "$@" 2>/dev/null || true
  local pid
  for pid in "$@"; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  done
  sleep 1 # the DHCP port in fo-a must be free again
}

start_standalone() {
  rm -rf "$work/standalone"
  start_server fo-a "$work/standalone.properties" "$work/standalone.log"
  standalone_pid=$LAST_PID
  wait_up "$work/standalone.properties" 60
}

# kea_config FILE NAME IFACE MODE: MODE is standalone, primary or standby.
kea_config() {
  local file=$1 name=$2 iface=$3 mode=$4 hooks=""
  if [[ $mode != standalone ]]; then
    local lib=/usr/lib/x86_64-linux-gnu/kea/hooks
    hooks=$(cat <<EOF
    "hooks-libraries": [
      { "library": "$lib/libdhcp_lease_cmds.so" },
      { "library": "$lib/libdhcp_ha.so", "parameters": { "high-availability": [ {
        "this-server-name": "$name", "mode": "hot-standby",
        "heartbeat-delay": 10000, "max-response-delay": 60000, "max-ack-delay": 5000, "max-unacked-clients": 0,
        "multi-threading": { "enable-multi-threading": true, "http-dedicated-listener": true,
                             "http-listener-threads": 2, "http-client-threads": 2 },
        "peers": [
          { "name": "kea-a", "url": "http://[fd00:f0::a]:8001/", "role": "primary", "auto-failover": true },
          { "name": "kea-b", "url": "http://[fd00:f0::b]:8001/", "role": "standby", "auto-failover": true } ]
      } ] } } ],
EOF
)
  fi
  mkdir -p "$work/$name"
  cat >"$file" <<EOF
{ "Dhcp6": {
    "interfaces-config": { "interfaces": [ "$iface" ] },
    "server-id": { "type": "LLT", "persist": false },
    "lease-database": { "type": "memfile", "persist": true, "lfc-interval": 0,
                        "name": "$work/$name/leases6.csv" },
    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2, "packet-queue-size": 64 },
    "preferred-lifetime": 20, "valid-lifetime": 40, "renew-timer": 10, "rebind-timer": 16,
    $hooks
    "subnet6": [ { "id": 1, "subnet": "2001:db8:1::/64", "interface": "$iface",
                   "pools": [ { "pool": "2001:db8:1::/80" } ] } ],
    "loggers": [
      { "name": "kea-dhcp6", "severity": "WARN", "output_options": [ { "output": "$work/$name.log" } ] },
      { "name": "kea-dhcp6.ha-hooks", "severity": "INFO", "output_options": [ { "output": "$work/$name.log" } ] } ]
} }
EOF
}

# start_kea NS NAME: kea-dhcp6 in NS with $work/NAME.json; sets LAST_PID to its pid.
start_kea() {
  ip netns exec "$1" env KEA_PIDFILE_DIR="$work/$2" KEA_LOCKFILE_DIR="$work/$2" \
    kea-dhcp6 -c "$work/$2.json" >>"$work/$2.out" 2>&1 &
  SERVER_PIDS+=($!)
  LAST_PID=$!
  disown "$LAST_PID"
  sleep 2
  kill -0 "$LAST_PID" 2>/dev/null || fail "kea-dhcp6 $2 did not start; see $work/$2.out"
}

make_network
"$server" gen-certs --dir "$work/pki" --names dhcp-a.example,dhcp-b.example >/dev/null
write_config "$work/primary.properties" primary
write_config "$work/secondary.properties" secondary
write_config "$work/standalone.properties" standalone
# The same small thread count for both: receive threads never wait for a flush. One is the
# default here: threads that share a blocking DatagramChannel hand it over through a lock.
# Both modes grant the same lifetime, and no lease expires while the figures are taken:
# lease.valid = failover.mclt = PERF_LEASE_SECONDS (default 3600, the RFC's example MCLT; a new
# lease on the primary runs to min(valid, MCLT)). With the 40 s (failover: MCLT 30 s) of
# real-clients.sh, the warm-up's leases began to expire on the primary only, part way through
# its measured run: extra work (EXPIRED, BNDUPD, journal) that neither the warm-up nor the
# standalone server did, compiled by the JIT compiler during the measured run.
lease_seconds=${PERF_LEASE_SECONDS:-3600}
for f in primary secondary standalone; do
  sed -i -e "s/^lease.valid = .*/lease.valid = ${lease_seconds}s/" \
    -e "s/^lease.preferred = .*/lease.preferred = $((lease_seconds / 2))s/" \
    -e "s/^failover.mclt = .*/failover.mclt = ${lease_seconds}s/" "$work/$f.properties"
  echo "dhcp.receive-threads = ${PERF_RECEIVE_THREADS:-1}" >>"$work/$f.properties"
done
[[ -n ${PERF_JAVA_OPTS:-} ]] && export FAILOVER_SERVER_JAVA_OPTS=$PERF_JAVA_OPTS
store_name="journal, fsync"
if [[ ${PERF_STORE:-journal} == postgres ]]; then
  start_postgres fo-a
  for f in primary standalone; do
    printf 'store.jdbc-url = %s\nstore.jdbc-user = failover\nstore.jdbc-password-file = %s\nstore.jdbc-name = %s\n' \
      "$PG_URL" "$PG_PASSWORD_FILE" "$f" >>"$work/$f.properties"
  done
  store_name=PostgreSQL
fi

results=()
for rep in $(seq "$repeats"); do
  start_pair
  log "repeat $rep: failover pair in NORMAL; offering $rate exchanges/s for $seconds s"
  measure failover "$primary_pid" "$secondary_pid" >"$work/result"
  read -r f_rate f_cpu f_jit f_cpu2 <"$work/result"
  "$server" status --config "$work/primary.properties" | tail -1
  "$server" status --config "$work/secondary.properties" | tail -1
  stop_pids "$primary_pid" "$secondary_pid"
  start_standalone
  log "repeat $rep: standalone server up; offering $rate exchanges/s for $seconds s"
  measure standalone "$standalone_pid" >"$work/result"
  read -r s_rate s_cpu s_jit <"$work/result"
  stop_pids "$standalone_pid"
  results+=("$rep $f_rate $f_cpu $f_cpu2 $s_rate $s_cpu $f_jit $s_jit")
done

if [[ ${PERF_STRACE:-1} != 0 ]]; then
  log "strace run: failover primary, then standalone"
  start_pair
  traced failover "$primary_pid" >"$work/strace-failover.line"
  stop_pids "$primary_pid" "$secondary_pid"
  start_standalone
  traced standalone "$standalone_pid" >"$work/strace-standalone.line"
  stop_pids "$standalone_pid"
fi

echo "perf-compare: perfdhcp -6 -l c0 -r $rate -p $seconds -R $clients -d 1 all (after a $warm_seconds s warm-up at $warm_rate/s with a $warm_pause s pause 10 s before its end; leases of ${lease_seconds} s); CPU from /proc/PID/stat"
echo "perf-compare: both modes store every lease durably ($store_name) before replying"
for line in "${results[@]}"; do
  read -r rep f_rate f_cpu f_cpu2 s_rate s_cpu f_jit s_jit <<<"$line"
  printf 'perf-compare: repeat %s failover pair (TLS)   %6d exchanges/s   CPU %.3f ms/lease primary (JIT %.3f), %.3f secondary\n' \
    "$rep" "$f_rate" "$f_cpu" "$f_jit" "$f_cpu2"
  printf 'perf-compare: repeat %s standalone            %6d exchanges/s   CPU %.3f ms/lease (JIT %.3f)\n' "$rep" "$s_rate" "$s_cpu" "$s_jit"
  awk -v f="$f_rate" -v s="$s_rate" -v fc="$f_cpu" -v sc="$s_cpu" -v fj="$f_jit" -v sj="$s_jit" -v r="$rep" 'BEGIN {
    printf "perf-compare: repeat %s ratio failover/standalone %.2f; primary CPU per lease %.2fx the standalone'"'"'s (%.2fx without the JIT compiler threads)\n",
      r, (s > 0 ? f / s : 0), (sc > 0 ? fc / sc : 0), (sc > sj ? (fc - fj) / (sc - sj) : 0) }'
done
[[ ${PERF_STRACE:-1} != 0 ]] && cat "$work/strace-failover.line" "$work/strace-standalone.line"
[[ -n ${PERF_THREADS:-} ]] && cat "$work/threads.txt"
[[ -n ${PERF_JAVA_OPTS:-} ]] && cat "$work/marks.txt"

# Kea last: the example server's figures are printed even if Kea's part fails.
if ((with_kea)); then
  kea_config "$work/kea-alone.json" kea-alone a0 standalone
  start_kea fo-a kea-alone
  kea_pid=$LAST_PID
  echo "perf-compare: Kea's memfile lease store appends to a CSV file without fsync: its leases are not durable per reply"
  log "Kea standalone up; offering $rate exchanges/s for $seconds s"
  measure kea-standalone "$kea_pid" >"$work/result"
  read -r k_rate k_cpu _ <"$work/result"
  stop_pids "$kea_pid"
  printf 'perf-compare: Kea 2.2 standalone (memfile, no fsync)   %6d exchanges/s   CPU %.3f ms/lease\n' "$k_rate" "$k_cpu"
  kea_config "$work/kea-b.json" kea-b b0 standby
  kea_config "$work/kea-a.json" kea-a a0 primary
  start_kea fo-b kea-b
  kea_b_pid=$LAST_PID
  start_kea fo-a kea-a
  kea_a_pid=$LAST_PID
  deadline=$((SECONDS + 60))
  until grep -q "to HOT-STANDBY state" "$work/kea-a.log" 2>/dev/null; do
    ((SECONDS < deadline)) || fail "Kea HA primary did not reach HOT-STANDBY within 60 s; see $work/kea-a.log"
    sleep 0.5
  done
  log "Kea HA pair in HOT-STANDBY; offering $rate exchanges/s for $seconds s"
  measure kea-ha "$kea_a_pid" "$kea_b_pid" >"$work/result"
  read -r h_rate h_cpu _ h_cpu2 <"$work/result"
  stop_pids "$kea_a_pid" "$kea_b_pid"
  printf 'perf-compare: Kea 2.2 hot-standby pair (memfile, no fsync)   %6d exchanges/s   CPU %.3f ms/lease primary, %.3f standby\n' \
    "$h_rate" "$h_cpu" "$h_cpu2"
  awk -v h="$h_rate" -v k="$k_rate" -v s="${results[-1]}" 'BEGIN { split(s, r, " ");
    printf "perf-compare: Kea ratio hot-standby/standalone %.2f; example standalone (last repeat) / Kea standalone %.2f\n",
      (k > 0 ? h / k : 0), (k > 0 ? r[5] / k : 0) }'
fi

