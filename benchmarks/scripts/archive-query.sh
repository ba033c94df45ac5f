#!/usr/bin/env bash
# A grouped count over a large archive against `zcat | jq` over the same raw files: generates FILES x
# RECORDS synthetic events (records drawn from the bundled real trail), archives them with
# `cairn scan --archive` (Parquet, hive layout), then counts events by name over the archive (twice),
# straight over the raw files (`cairn query --from`) and with `zcat | jq | sort | uniq -c`, and checks
# the counts agree. Prints wall, CPU and peak RSS.
#
#   benchmarks/scripts/archive-query.sh                    # 2,000 files x 5,000 records = 10 M events
#   FILES=200 benchmarks/scripts/archive-query.sh          # 1 M events
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
files=${FILES:-2000}
records=${RECORDS:-5000}
data=${DATA:-$root/benchmarks/target/e2e-$files-$records}
work=${WORK:-$root/benchmarks/target/archive-query}
cd "$root"

echo "building..." >&2
mvn -q -B -o -DskipTests -pl app,benchmarks -am package dependency:build-classpath \
  -Dmdep.outputFile="$root/benchmarks/target/classpath.txt" >/dev/null
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
if [[ ! -d $data ]]; then
  echo "generating $files files x $records records in $data ..." >&2
  java -cp "$classpath" dev.cairn.bench.SyntheticTrail examples/data/trail "$data" "$files" "$records"
fi
rm -rf "$work" && mkdir -p "$work"
bin/cairn --version >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average" \
  "$(cut -d' ' -f1-3 /proc/loadavg); data: $(find "$data" -name '*.json.gz' | wc -l) files," \
  "$((files * records)) events, $(du -sm "$data" | cut -f1) MB gzip"
measure() { # name command...: wall, CPU, peak RSS on one line (the command's output goes to $work/out.txt)
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt" \
    || { cat "$work/err.txt" >&2; exit 1; }
  read -r wall user sys rss <"$work/time.txt"
  awk -v n="$name" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" \
    'BEGIN { printf "| %-36s | %8.2f | %8.2f | %7.0f |\n", n, w, u + s, r / 1024 }'
}
echo "| step                                 |   wall s |    CPU s |  RSS MB |"
echo "|--------------------------------------|----------|----------|---------|"
measure "cairn scan --archive (Parquet)" bin/cairn scan --archive "$work/archive" "$data"
sql="SELECT eventName, count(*) AS n FROM events GROUP BY 1 ORDER BY 2 DESC, 1"
for i in 1 2; do
  measure "cairn query --archive, run $i" bin/cairn query --archive "$work/archive" --output csv "$sql"
done
cp "$work/out.txt" "$work/parquet.csv"
measure "cairn query --from (raw gzip)" bin/cairn query --from "$data" --output csv "$sql"
cp "$work/out.txt" "$work/raw.csv"
measure "zcat | jq | sort | uniq -c" bash -c \
  'zcat "$@" | jq -r ".Records[].eventName" | sort | uniq -c | sort -rn' _ $(find "$data" -name '*.json.gz' | sort)
cp "$work/out.txt" "$work/jq.txt"
echo "archive: $(find "$work/archive" -name '*.parquet' | wc -l) parts, $(du -sm "$work/archive" | cut -f1) MB"
diff <(tail -n +2 "$work/parquet.csv" | tr -d "\r" | awk -F, '{print $2, $1}' | sort) \
     <(awk '{print $1, $2}' "$work/jq.txt" | sort) >/dev/null \
  && echo "counts agree: $(wc -l <"$work/jq.txt") event names" || { echo "COUNTS DIFFER: see $work"; exit 1; }
diff "$work/parquet.csv" "$work/raw.csv" >/dev/null \
  && echo "--from agrees with the archive" || { echo "--from DIFFERS from the archive: see $work"; exit 1; }
