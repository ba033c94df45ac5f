#!/usr/bin/env bash
# How `cairn scan` time grows with the number of rules: the same synthetic log files scanned with
# rule files of 3 to 1,000 rules of each shape (dev.cairn.bench.RulePacks), and zcat alone, each
# configuration timed RUNS times, interleaved so that noise from other work spreads evenly. Each
# run's wall and CPU seconds (user + system, GNU time) are printed: on a shared machine compare CPU.
#
#   benchmarks/scripts/rule-scaling.sh                       # 100 files x 5,000 records, 3 runs
#   CAIRN="java -jar other.jar" RUNS=5 benchmarks/scripts/rule-scaling.sh
#   PACKS="filter:3 mixed:1000" benchmarks/scripts/rule-scaling.sh
#   BUILD=0 PACKS=cis benchmarks/scripts/rule-scaling.sh          # without rebuilding first
#   BASE=/tmp/main PACKS="mixed:3 mixed:1000" benchmarks/scripts/rule-scaling.sh
#       # also BASE's bin/cairn (another checkout, built), interleaved with this one
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
files=${FILES:-100}
records=${RECORDS:-5000}
runs=${RUNS:-3}
data=${DATA:-$root/benchmarks/target/e2e-$files-$records}
packs=${PACKS:-"filter:3 filter:1000 pattern:500 anything-but:500 mixed:3 mixed:100 mixed:1000 cis"}
cairn=${CAIRN:-$root/bin/cairn}
cd "$root"

cp_file=benchmarks/target/classpath.txt
# BUILD=0: time the jars as they are (e.g. while sources are being edited).
if [[ ${BUILD:-1} != 0 || ! -f $cp_file ]]; then
  mvn -q -B -DskipTests -pl app,benchmarks -am package dependency:build-classpath \
    -Dmdep.outputFile="$root/$cp_file" >/dev/null
fi
classpath="benchmarks/target/classes:$(cat "$cp_file")"
if [[ ! -d $data ]]; then
  java -cp "$classpath" dev.cairn.bench.SyntheticTrail examples/data/trail "$data" "$files" "$records"
fi
rules_dir=benchmarks/target/rule-packs
mkdir -p "$rules_dir"
for pack in $packs; do
  [[ $pack == cis ]] && continue
  [[ -f $rules_dir/${pack/:/-}.yaml ]] || java -cp "$classpath" dev.cairn.bench.RulePacks "${pack%%:*}" "${pack##*:}" "$rules_dir/${pack/:/-}.yaml"
done
[[ $cairn == "$root/bin/cairn" ]] && "$cairn" --version >/dev/null
mapfile -t gz < <(find "$data" -name '*.json.gz' | sort)

declare -A times cpu
# Wall seconds and CPU seconds (user + system, of the command and its children): other work on a
# shared machine inflates the first, hardly the second.
time_one() { # key command...
  local key=$1; shift
  local out
  out=$(mktemp)
  /usr/bin/time -f '%e %U %S' -o "$out" "$@" >/dev/null
  read -r wall user sys <"$out"
  rm -f "$out"
  times[$key]+="$wall "
  cpu[$key]+="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f ", u + s }')"
}
for ((run = 1; run <= runs; run++)); do
  time_one zcat bash -c 'zcat "$@" >/dev/null' _ "${gz[@]}"
  for pack in $packs; do
    file=$rules_dir/${pack/:/-}.yaml
    [[ $pack == cis ]] && file=rules/cis-aws-foundations.yaml
    # shellcheck disable=SC2086
    time_one "$pack" $cairn scan --rules "$file" "$data"
    [[ -n ${BASE:-} ]] && time_one "base:$pack" "$BASE/bin/cairn" scan --rules "$file" "$data"
  done
done
echo "data: $files files x $records records; $runs runs each, interleaved; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-18s %-30s %s\n' "" "wall s per run" "CPU s per run"
printf '%-18s %-30s %s\n' zcat "${times[zcat]}" "${cpu[zcat]}"
for pack in $packs; do
  printf '%-18s %-30s %s\n' "$pack" "${times[$pack]}" "${cpu[$pack]}"
  [[ -n ${BASE:-} ]] && printf '%-18s %-30s %s\n' "base:$pack" "${times[base:$pack]}" "${cpu[base:$pack]}"
done
true
