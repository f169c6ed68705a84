#!/usr/bin/env bash
# bin/sniff against tcpdump and tshark on the same files, whole processes, output to /dev/null:
#
#   text:     tcpdump -nn -r F        against  sniff -r F --oneline   (and sniff's report, sniff -r F)
#   JSON:     tshark -T ek -r F       against  sniff -r F --json
#   start-up: tshark -r S             against  sniff -r S             (S: 18 packets)
#
#   bench/sniff-bench.sh [COUNT [JSON_COUNT]]    (default 200000 20000)
#
# Environment: ROUNDS=N (default 5); SKIP_BUILD=1 uses what is built.
#
# Files: pcapgen's size mix (40% 64 B, 20% 590 B, 40% 1514 B UDP frames), the issue's
# "benchmark's size mix". tshark -T ek takes about 0.15 ms a packet, so the JSON pair reads a
# smaller file of the same mix. Each round runs every command once, in turn; a ratio is the
# reference's wall time over sniff's within the round (above 1: sniff is faster), and the
# summary gives the median of the per-round ratios with their range: single runs on a shared
# VM swing by tens of percent.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-200000}
json_count=${2:-20000}
rounds=${ROUNDS:-5}
case $rounds in ''|*[!0-9]*|0) echo "ROUNDS must be a positive integer, got '$rounds'" >&2; exit 2 ;; esac
for tool in tcpdump tshark; do
  command -v $tool >/dev/null || { echo "sniff-bench: $tool is missing (bin/install-deps installs it)" >&2; exit 1; }
done
work=$(mktemp -d /tmp/epcap-sniff-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  make -s -C bench/native pcapgen
  mvn -B -q -ntp -DskipTests -pl sniff -am package
fi
bench/native/pcapgen mix "$count" "$work/mix.pcap"
bench/native/pcapgen mix "$json_count" "$work/json.pcap"
bench/native/pcapgen mix 18 "$work/small.pcap"
bin/sniff --version >/dev/null   # builds the class-data-sharing archive outside the timing
cat "$work/mix.pcap" "$work/json.pcap" > /dev/null   # into the page cache

# Wall time of one command in seconds, output to /dev/null; fails when the command fails.
wall() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" > /dev/null 2> "$work/stderr" || { echo "sniff-bench: failed: $*" >&2; cat "$work/stderr" >&2; exit 1; }
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", (b - a) / 1e9 }' 
}

# Median, min and max of the numbers in file $1.
stats() {
  sort -g "$1" | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
                                          printf "%.2f [%.2f-%.2f]", m, v[1], v[NR] }'
}

pairs=(text report json startup)
for r in $(seq 1 "$rounds"); do
  tcpdump_s=$(wall tcpdump -nn -r "$work/mix.pcap")
  oneline_s=$(wall bin/sniff -r "$work/mix.pcap" --oneline)
  report_s=$(wall bin/sniff -r "$work/mix.pcap")
  ek_s=$(wall tshark -T ek -r "$work/json.pcap")
  json_s=$(wall bin/sniff -r "$work/json.pcap" --json)
  tshark_s=$(wall tshark -r "$work/small.pcap")
  start_s=$(wall bin/sniff -r "$work/small.pcap")
  echo "round $r: tcpdump ${tcpdump_s}s, sniff --oneline ${oneline_s}s, sniff ${report_s}s;" \
       "tshark -T ek ${ek_s}s, sniff --json ${json_s}s; start-up: tshark ${tshark_s}s, sniff ${start_s}s" >&2
  for f in tcpdump oneline report ek json tshark start; do v=${f}_s; echo "${!v}" >> "$work/$f"; done
  awk -v a="$tcpdump_s" -v b="$oneline_s" 'BEGIN { printf "%.4f\n", a / b }' >> "$work/ratio_text"
  awk -v a="$tcpdump_s" -v b="$report_s" 'BEGIN { printf "%.4f\n", a / b }' >> "$work/ratio_report"
  awk -v a="$ek_s" -v b="$json_s" 'BEGIN { printf "%.4f\n", a / b }' >> "$work/ratio_json"
  awk -v a="$tshark_s" -v b="$start_s" 'BEGIN { printf "%.4f\n", a / b }' >> "$work/ratio_startup"
done

echo "sniff-bench: $rounds rounds; medians of wall seconds [min-max]; ratio = reference / sniff (above 1: sniff faster)"
printf '%-44s %-22s %-22s %s\n' "what" "reference (s)" "sniff (s)" "ratio"
printf '%-44s %-22s %-22s %s\n' "text, $count packets: tcpdump -nn vs --oneline" "$(stats "$work/tcpdump")" "$(stats "$work/oneline")" "$(stats "$work/ratio_text")"
printf '%-44s %-22s %-22s %s\n' "text, $count packets: tcpdump -nn vs report" "$(stats "$work/tcpdump")" "$(stats "$work/report")" "$(stats "$work/ratio_report")"
printf '%-44s %-22s %-22s %s\n' "JSON, $json_count packets: tshark -T ek vs --json" "$(stats "$work/ek")" "$(stats "$work/json")" "$(stats "$work/ratio_json")"
printf '%-44s %-22s %-22s %s\n' "start-up, 18 packets: tshark -r vs sniff -r" "$(stats "$work/tshark")" "$(stats "$work/start")" "$(stats "$work/ratio_startup")"
