#!/usr/bin/env bash
# System calls per binding of bench-resync's resync phase alone, from strace -f -ttt of the whole
# process cut at the phase marks that -Dbench.phases=true prints (both servers run in it).
#   examples/it/resync-syscalls.sh [LIBDIR...]
# Each LIBDIR is a folder of library jars to run the benchmark class on (default: this build's
# examples/target/lib), e.g. another checkout's, for a before/after in one run. RESYNC_BINDINGS
# (default 20000) and RESYNC_STORE (journal) choose the load. Needs strace; not part of CI.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/examples-0.1.0-SNAPSHOT.jar"
[[ -f $jar ]] || { echo "resync-syscalls: build first: mvn -B -q package -DskipTests" >&2; exit 2; }
command -v strace >/dev/null || { echo "resync-syscalls: needs strace" >&2; exit 2; }
n=${RESYNC_BINDINGS:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
libs=("$@")
[[ ${#libs[@]} -gt 0 ]] || libs=("$here/target/lib")
for lib in "${libs[@]}"; do
  strace -f -ttt -qq -o "$work/trace" -e trace=fdatasync,fsync,futex,read,write,writev,pwrite64,lseek,sendto,recvfrom,poll,epoll_wait \
    java -Dbench.phases=true -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$jar:$lib/*" \
    org.dhcpv6.failover.examples.bench.ResyncBenchmark --bindings "$n" --store "${RESYNC_STORE:-journal}" \
    --link tls 2>"$work/phases" | grep -E '^(link|tls)'
  start=$(awk '/^phase resync start/ {t = $4} END {print t}' "$work/phases")  # the timed round, after the warm-up
  end=$(awk '/^phase resync end/ {t = $4} END {print t}' "$work/phases")
  echo "$lib: system calls during the resync, per binding"
  # Unfinished/resumed halves of one call ("<...", "---" signals) are not counted twice.
  awk -v s="$start" -v e="$end" -v n="$n" '$2 + 0 >= s && $2 + 0 <= e && $3 !~ /^(<|---)/ {
      split($3, a, "("); c[a[1]]++; total++ }
    END { printf "  %-10s %9d %8.3f\n", "all", total, total / n
          for (k in c) printf "  %-10s %9d %8.3f\n", k, c[k], c[k] / n }' "$work/trace"
done
