#!/usr/bin/env bash
# Checks the Wireshark dissector (examples/wireshark/dhcpv6-failover.lua) with tshark, in two parts:
#  1. Samples: frames of every message type and option, encoded by the project's codec
#     (DissectorSamples), cut into awkward TCP segments with text2pcap; tshark must find exactly
#     those frames, decode each one as the codec does (DissectorCheck compares header, every
#     option code, length and value) and mark nothing; the frames the codec refuses must each get
#     the dissector's "malformed" expert error.
#  2. A live capture: the example server pair with PLAIN TCP failover in the namespaces of
#     netns-lib.sh (primary fo-a, secondary fo-b), a few clients from fo-c, then SIGTERM of the
#     primary (DISCONNECT). dumpcap records port 647 in fo-b; tshark with the dissector must decode
#     every frame with no malformed packet and no expert error, agree with the codec on every
#     message, and show CONNECT, CONNECTREPLY, STATE, CONTACT, UPDREQALL, UPDDONE, BNDUPD,
#     BNDREPLY and DISCONNECT.
# Needs root (namespaces) and tshark (apt-get install tshark); prints "SKIPPED: ..." and exits 0
# only when namespaces cannot be created. KEEP=1 keeps the work folder (with capture.pcap).
# Build first: mvn -B -q package -DskipTests. Under a minute.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/netns-lib.sh"
require_netns capture-check.sh
for tool in tshark text2pcap dumpcap; do
  command -v "$tool" >/dev/null || fail "$tool not installed (apt-get install -y tshark; .ci/run does it)"
done
trap cleanup EXIT
trap 'exit 130' INT TERM

lua="$repo/examples/wireshark/dhcpv6-failover.lua"
cp="$repo/examples/target/examples-0.1.0-SNAPSHOT.jar:$repo/examples/target/lib/*"
tools=org.dhcpv6.failover.examples.tools
passed=0
# tshark prints a warning about running as root on stderr; the checks read stdout only.
dissect() { tshark -2 -n -r "$1" -X lua_script:"$lua" "${@:2}" 2>/dev/null; }
fields() {
  dissect "$1" -T fields -E occurrence=a -E aggregator=$'\x1e' \
    -e frame.number -e dhcpv6fo.raw -e dhcpv6fo.check
}
# Frames marked malformed or carrying an expert error (any protocol), one line each.
marked() { dissect "$1" -Y '_ws.malformed || _ws.expert.severity == error' -T fields -e frame.number -e _ws.expert.message; }

make_network # also makes $work
log "1. samples from the codec, cut into TCP segments"
java -cp "$cp" $tools.DissectorSamples valid >"$work/valid.hex"
java -cp "$cp" $tools.DissectorSamples valid --text2pcap >"$work/valid.txt"
java -cp "$cp" $tools.DissectorSamples malformed --text2pcap >"$work/malformed.txt"
malformed_count=$(java -cp "$cp" $tools.DissectorSamples malformed | wc -l)
# text2pcap prints a separator line on stderr even with -q.
text2pcap -q -6 2001:db8::a,2001:db8::b -T 40001,647 "$work/valid.txt" "$work/valid.pcap" 2>/dev/null
text2pcap -q -6 2001:db8::a,2001:db8::b -T 40002,647 "$work/malformed.txt" "$work/malformed.pcap" 2>/dev/null
fields "$work/valid.pcap" >"$work/valid.fields"
java -cp "$cp" $tools.DissectorCheck --expect "$work/valid.hex" <"$work/valid.fields" \
  || fail "the dissector and the codec disagree on the samples"
marks=$(marked "$work/valid.pcap")
[[ -z $marks ]] || fail "valid samples marked: $marks"
passed=$((passed + 1))
flagged=$(dissect "$work/malformed.pcap" -Y dhcpv6fo.malformed -T fields -e frame.number | wc -l)
((flagged == malformed_count)) || fail "$flagged of $malformed_count refused frames marked malformed"
log "malformed samples: $flagged of $malformed_count marked (dhcpv6fo.malformed)"
passed=$((passed + 1))

log "2. live capture of the plaintext pair (fo-a primary, fo-b secondary, clients in fo-c)"
export PLAINTEXT=1
write_config "$work/primary.properties" primary
write_config "$work/secondary.properties" secondary
capture="$work/capture.pcap"
ip netns exec fo-b dumpcap -q -i b0 -f 'tcp port 647' -w "$capture" >"$work/dumpcap.log" 2>&1 &
dumpcap_pid=$!
SERVER_PIDS+=("$dumpcap_pid")
for _ in $(seq 50); do [[ -s $capture ]] && break; sleep 0.1; done
[[ -s $capture ]] || fail "dumpcap did not start ($work/dumpcap.log)"
start_server fo-b "$work/secondary.properties" "$work/secondary.log"
start_server fo-a "$work/primary.properties" "$work/primary.log"
primary_pid=$LAST_PID
wait_state "$work/primary.properties" NORMAL 60
wait_state "$work/secondary.properties" NORMAL 30
log "pair in NORMAL"
ip netns exec fo-c java -cp "$cp" org.dhcpv6.failover.examples.client.DriveClients fd00:f0::a 547 5 20 \
  || fail "clients did not get their leases"
# The secondary's store shows the BNDUPDs arrived; then a few keepalives pass.
deadline=$((SECONDS + 20))
while :; do
  # Captured whole, then matched: grep -q in a pipe can break the writer's pipe under pipefail.
  status=$("$server" status --config "$work/secondary.properties" 2>/dev/null || true)
  [[ $status =~ \([1-9][0-9]*\ active\) ]] && break
  ((SECONDS < deadline)) || fail "the secondary got no binding"
  sleep 0.5
done
sleep 2
kill -TERM "$primary_pid"
wait_state "$work/secondary.properties" COMMUNICATIONS-INTERRUPTED 20
sleep 0.5
kill -INT "$dumpcap_pid"
wait "$dumpcap_pid" 2>/dev/null || true

fields "$capture" >"$work/capture.fields"
java -cp "$cp" $tools.DissectorCheck <"$work/capture.fields" \
  || fail "the dissector and the codec disagree on the capture"
marks=$(marked "$capture")
[[ -z $marks ]] || fail "capture frames marked malformed or with expert errors: $marks"
# Every TCP payload on 647 belongs to a decoded message (nothing left as plain TCP data);
# retransmissions repeat octets already decoded, so Wireshark does not hand them on.
loose=$(dissect "$capture" -Y 'tcp.len > 0 && !dhcpv6fo && !tcp.reassembled_in && !tcp.analysis.retransmission' -T fields -e frame.number)
[[ -z $loose ]] || fail "payload not decoded as failover in frames: $loose"
seen=$(dissect "$capture" -T fields -E occurrence=a -E aggregator=, -e dhcpv6fo.type | tr , '\n' | sort -un | tr '\n' ' ')
for code in 31 32 34 35 29 30 24 25 33; do
  [[ " $seen " == *" $code "* ]] || fail "message type $code not in the capture (seen: $seen)"
done
log "capture: message types seen: $seen"
passed=$((passed + 1))
echo "capture-check: $passed passed, 0 failed"
