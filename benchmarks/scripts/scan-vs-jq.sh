#!/usr/bin/env bash
# End-to-end benchmark: `cairn scan` with the CIS pack against jq doing the same selection and against
# plain zcat, on the same synthetic CloudTrail log files. Prints a table; numbers are from this machine.
#
#   benchmarks/scripts/scan-vs-jq.sh            # 200 files x 5,000 records (about 1 M events)
#   FILES=50 RECORDS=2000 benchmarks/scripts/scan-vs-jq.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
files=${FILES:-200}
records=${RECORDS:-5000}
data=${DATA:-$root/benchmarks/target/e2e-$files-$records}
jq_program="$root/benchmarks/scripts/cis.jq"
cd "$root"

echo "building..." >&2
cp_file=benchmarks/target/classpath.txt
# One invocation, so the classpath names this checkout's module jars, not installed copies.
mvn -q -B -DskipTests -pl app,benchmarks -am package dependency:build-classpath \
  -Dmdep.outputFile="$root/$cp_file" >/dev/null
classpath="benchmarks/target/classes:$(cat "$cp_file")"

if [[ ! -d $data ]]; then
  echo "generating $files files x $records records in $data ..." >&2
  java -cp "$classpath" dev.cairn.bench.SyntheticTrail examples/data/trail "$data" "$files" "$records"
fi

# bin/cairn builds the CLI and its class-data archive once per build; do that before timing it.
bin/cairn --version >/dev/null

mapfile -t gz < <(find "$data" -name '*.json.gz' | sort)
compressed=$(cat "${gz[@]}" | wc -c)
uncompressed=$(zcat "${gz[@]}" | wc -c)
events=$((files * records))

now() { date +%s.%N; }
row() { # name seconds matches
  awk -v n="$1" -v s="$2" -v m="$3" -v e="$events" -v c="$compressed" -v u="$uncompressed" \
    'BEGIN { printf "| %-34s | %8.2f | %12.0f | %8.1f | %8.1f | %9s |\n", n, s, e / s, c / s / 1e6, u / s / 1e6, m }'
}
time_it() { # name command...
  local name=$1; shift
  local start end out
  out=$(mktemp)
  start=$(now); "$@" >"$out"; end=$(now)
  row "$name" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$(wc -l <"$out")"
  rm -f "$out"
}

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "data: $files files, $events events, $((compressed / 1000000)) MB gzip, $((uncompressed / 1000000)) MB JSON"
echo
echo "| tool                               |  seconds |     events/s | MB/s gz  | MB/s JSON | matches   |"
echo "|------------------------------------|----------|--------------|----------|-----------|-----------|"
# zcat's output goes to /dev/null: decompression alone, the floor, not the cost of storing 600 MB.
time_it "zcat (1 process)" bash -c 'zcat "$@" >/dev/null' _ "${gz[@]}"
time_it "zcat (2 processes)" bash -c 'printf "%s\0" "$@" | xargs -0 -P 2 -n 16 zcat >/dev/null' _ "${gz[@]}"
time_it "jq CIS selection (1 process)" bash -c 'zcat "$@" | jq -c -f "'"$jq_program"'"' _ "${gz[@]}"
time_it "jq CIS selection (2 processes)" bash -c 'printf "%s\0" "$@" | xargs -0 -P 2 -n 16 sh -c "zcat \"\$@\" | jq -c -f '"$jq_program"'" _' _ "${gz[@]}"
time_it "cairn scan --rules CIS (2 threads)" bin/cairn scan --rules rules/cis-aws-foundations.yaml "$data"
time_it "cairn scan --rules CIS (1 thread)" bin/cairn scan --threads 1 --rules rules/cis-aws-foundations.yaml "$data"
time_it "cairn scan, no rules (JSON lines)" bin/cairn scan "$data"
