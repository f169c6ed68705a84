#!/usr/bin/env bash
# DNS and TLS decoding against gopacket's layers.DNS and layers.TLS, in memory, one thread:
# gpbench -mem -modes dns|tls against org.epcap.bench.L7Bench on the same files, twice: the
# record path (modes dns, tls: Pkt.decode) and the allocation-free path (dns-fast, tls-fast:
# FastDecoder with FastDns or FastTls, as gpbench runs gopacket's layers under a
# DecodingLayerParser),
# made by gopacket's anchor generators (gen_dns.py: 20,000 DNS packets; gen_tls.py: 1,000 TLS
# connections). Prints each side's packets/s and the median Java/Go ratio per mode, of the
# packets/s over the timed passes ("ratios") and of the fastest pass ("best").
#
#   bench/l7-bench.sh
#
# Environment: ROUNDS=N (default 5), WARMUP=S and TIMED=S (default 1 and 2), GPBENCH=PATH (a
# built gpbench; default: build it with ../shared/anchors/gopacket/build.sh), SKIP_BUILD=1.
# Each round runs both sides once per mode, alternating which goes first; the ratio is taken
# within the round and the median of those is printed, since a shared VM swings by tens of
# percent. Counts (dns=, questions=, answers=, records=) are printed so that equal work can be
# checked: Pkt.decode also reads every record's typed data and every TLS hello, which
# gopacket 1.1.19 does not.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-5}
warmup=${WARMUP:-1}
timed=${TIMED:-2}
work=$(mktemp -d /tmp/epcap-l7-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
gen=${GEN:-../shared/anchors/gopacket/gen}
python3 "$gen/gen_dns.py" "$work/dns.pcap" >&2
python3 "$gen/gen_tls.py" "$work/tls.pcap" >&2
gpbench=${GPBENCH:-}
if [ -z "$gpbench" ]; then
  ../shared/anchors/gopacket/build.sh "$work/gp" >&2
  gpbench=$work/gp/gpbench
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -ntp -DskipTests -pl bench -am compile
fi
java=(java -Xmx512m -cp pkt/target/classes:bench/target/classes org.epcap.bench.L7Bench)
pps() { sed -n 's/.* pps=\([0-9.]*\).*/\1/p'; }
best() { sed -n 's/.* best_pass_pps=\([0-9.]*\).*/\1/p'; }
for mode in dns tls dns-fast tls-fast; do
  gpmode=${mode%-fast}
  file=$work/$gpmode.pcap
  : > "$work/ratios"
  : > "$work/best"
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) = 1 ]; then
      j=$("${java[@]}" "$mode" "$file" "$warmup" "$timed")
      g=$("$gpbench" -mem -modes "$gpmode" -warmup "$warmup" -seconds "$timed" x "$file")
    else
      g=$("$gpbench" -mem -modes "$gpmode" -warmup "$warmup" -seconds "$timed" x "$file")
      j=$("${java[@]}" "$mode" "$file" "$warmup" "$timed")
    fi
    echo "round $r java: $j" >&2
    echo "round $r go:   $g" >&2
    awk -v a="$(echo "$j" | pps)" -v b="$(echo "$g" | pps)" 'BEGIN { printf "%.3f\n", a / b }' >> "$work/ratios"
    awk -v a="$(echo "$j" | best)" -v b="$(echo "$g" | best)" 'BEGIN { printf "%.3f\n", a / b }' >> "$work/best"
  done
  for kind in ratios best; do
    sort -g "$work/$kind" | awk -v what="$mode $kind" '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%s: median Java/Go packets/s ratio %.2f (min %.2f, max %.2f, %d rounds)\n", what, m, v[1], v[NR], NR }'
  done
done
