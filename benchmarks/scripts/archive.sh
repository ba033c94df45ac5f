#!/usr/bin/env bash
# The archive's cost and speed, on synthetic CloudTrail log files (records drawn from the bundled real
# trail): `cairn run --drain` over them with and without an archive (alternating, RUNS times each),
# then a grouped count over the archive (Parquet), over the raw gzip files (`cairn query --from`), and
# with `zcat | jq | sort | uniq -c`. Prints wall seconds, CPU seconds (user+sys) and peak RSS.
#
#   benchmarks/scripts/archive.sh                       # 200 files x 5,000 records (1 M events), 3 runs
#   FILES=40 RECORDS=5000 RUNS=2 benchmarks/scripts/archive.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
files=${FILES:-200}
records=${RECORDS:-5000}
runs=${RUNS:-3}
data=${DATA:-$root/benchmarks/target/e2e-$files-$records}
work=${WORK:-$root/benchmarks/target/archive-bench}
cd "$root"

echo "building..." >&2
cp_file=benchmarks/target/classpath.txt
mvn -q -B -o -DskipTests -pl app,benchmarks -am package dependency:build-classpath \
  -Dmdep.outputFile="$root/$cp_file" >/dev/null
classpath="benchmarks/target/classes:$(cat "$cp_file")"
if [[ ! -d $data ]]; then
  echo "generating $files files x $records records in $data ..." >&2
  java -cp "$classpath" dev.cairn.bench.SyntheticTrail examples/data/trail "$data" "$files" "$records"
fi
bin/cairn --version >/dev/null
rm -rf "$work" && mkdir -p "$work"
events=$((files * records))

measure() { # name command... ; prints a table row: wall, CPU, events/s, peak RSS
  local name=$1; shift
  local t="$work/time.txt"
  /usr/bin/time -f "%e %U %S %M" -o "$t" "$@" >"$work/out.txt" 2>"$work/err.txt" || { cat "$work/err.txt" >&2; exit 1; }
  read -r wall user sys rss <"$t"
  awk -v n="$name" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v e="$events" \
    'BEGIN { printf "| %-40s | %7.2f | %7.2f | %10.0f | %7.0f |\n", n, w, u + s, e / w, r / 1024 }'
}

config() { # file archive?
  {
    echo "state: $work/state/state.db"
    echo "output: none"
    echo "http: {port: -1}"
    echo "sources: {folders: [{path: $data, settle: 0s, watch: false}]}"
    if [[ $2 == on ]]; then
      echo "archive: {to: $work/archive, flush: {size: 64MB, interval: 5m}}"
    fi
  } >"$1"
}
config "$work/off.yaml" off
config "$work/on.yaml" on

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared with other work)"
echo "data: $files files, $events events, $(du -sm "$data" | cut -f1) MB gzip"
echo
echo "| cairn run --drain (CIS pack)             |  wall s |   CPU s |   events/s | RSS MB |"
echo "|------------------------------------------|---------|---------|------------|--------|"
for ((i = 1; i <= runs; i++)); do
  rm -rf "$work/state" "$work/archive"
  measure "archive off (run $i)" bin/cairn run --config "$work/off.yaml" --drain
  rm -rf "$work/state" "$work/archive"
  measure "archive on, parquet (run $i)" bin/cairn run --config "$work/on.yaml" --drain
done
echo
echo "archive: $(find "$work/archive" -name '*.parquet' | wc -l) parts, $(du -sm "$work/archive" | cut -f1) MB"
echo
sql="SELECT eventName, count(*) AS n FROM events GROUP BY 1 ORDER BY 2 DESC, 1"
echo "| grouped count by eventName               |  wall s |   CPU s |   events/s | RSS MB |"
echo "|------------------------------------------|---------|---------|------------|--------|"
for ((i = 1; i <= runs; i++)); do
  measure "cairn query --archive (Parquet)" bin/cairn query --archive "$work/archive" --output csv "$sql"
  cp "$work/out.txt" "$work/parquet.csv"
  measure "cairn query --from (raw gzip)" bin/cairn query --from "$data" --output csv "$sql"
  cp "$work/out.txt" "$work/raw.csv"
  measure "zcat | jq | sort | uniq -c" bash -c \
    'zcat "$@" | jq -r ".Records[].eventName" | sort | uniq -c | sort -rn' _ $(find "$data" -name '*.json.gz' | sort)
  cp "$work/out.txt" "$work/jq.txt"
done
# The three agree: same names, same counts.
diff <(tail -n +2 "$work/parquet.csv" | tr -d "\r" | sort) <(tail -n +2 "$work/raw.csv" | tr -d "\r" | sort) >/dev/null \
  && diff <(tail -n +2 "$work/parquet.csv" | tr -d "\r" | awk -F, '{print $2, $1}' | sort) \
          <(awk '{print $1, $2}' "$work/jq.txt" | sort) >/dev/null \
  && echo "all three counts agree" || echo "COUNTS DIFFER: see $work"
