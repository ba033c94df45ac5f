#!/usr/bin/env bash
# The archive's cost, two builds compared: `cairn run --drain` (CIS pack, output: none) with the
# archive off and on, alternating the two builds' checkouts, ROUNDS times; prints CPU seconds
# (user + sys), system seconds, peak RSS and the load average at each run's start. Use it on a
# shared machine, where only interleaved CPU seconds compare. The data is archive.sh's.
#
#   git clone -q . /tmp/old && (cd /tmp/old && git checkout -q <commit> && bin/cairn --version)
#   OLD=/tmp/old ROUNDS=3 benchmarks/scripts/archive-ab.sh benchmarks/target/e2e-40-5000
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="$(cd "${1:?usage: OLD=<checkout> [NEW=<checkout>] [ROUNDS=3] archive-ab.sh DATA}" && pwd)"
old="${OLD:?OLD=<a checkout of the other build>}"
new="${NEW:-$root}"
rounds=${ROUNDS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$old/bin/cairn" --version >/dev/null
"$new/bin/cairn" --version >/dev/null
echo "| build | archive | round | load | wall s | CPU s | sys s | RSS MB | parts |"
echo "|---|---|---|---|---|---|---|---|---|"
for ((r = 1; r <= rounds; r++)); do
  for build in old new; do
    dir=${!build}
    for mode in off on; do
      rm -rf "$work/run" && mkdir -p "$work/run"
      {
        echo "state: $work/run/state/state.db"; echo "output: none"; echo "http: {port: -1}"
        echo "sources: {folders: [{path: $data, settle: 0s, watch: false}]}"
        [[ $mode == on ]] && echo "archive: {to: $work/run/archive, flush: {size: 64MB, interval: 5m}}"
      } >"$work/run/c.yaml"
      load=$(cut -d' ' -f1 /proc/loadavg)
      /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$dir/bin/cairn" run --config "$work/run/c.yaml" --drain \
        >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
      read -r wall user sys rss <"$work/time"
      parts=$(find "$work/run" -name '*.parquet' | wc -l)
      awk -v b=$build -v m=$mode -v r=$r -v l=$load -v w=$wall -v u=$user -v s=$sys -v rss=$rss -v p=$parts \
        'BEGIN { printf "| %s | %s | %d | %s | %.2f | %.2f | %.2f | %.0f | %d |\n", b, m, r, l, w, u + s, s, rss / 1024, p }'
    done
  done
done
