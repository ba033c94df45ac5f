#!/usr/bin/env bash
# The SQS + S3 benchmark: `cairn run --drain` against AWS's CloudTrail Processing Library 1.1.3, each
# run a fresh child process, reading an organisation trail from S3Proxy (behind a latency proxy) as
# announced by CloudTrail's SNS notices in ElasticMQ. Prints the machine, the data and a markdown table
# per latency setting on stdout; progress on stderr. See bench-sqs/README.md.
#
#   bench-sqs/run.sh                                  # 500k events, 3 rounds, S3 latency 20-40 ms and 0
#   bench-sqs/run.sh --events 200000 --rounds 2       # smaller
#   bench-sqs/run.sh --help                           # every option
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

for arg in "$@"; do
  if [[ $arg == --help || $arg == -h ]]; then
    exec java -cp "bench-sqs/harness/target/classes" dev.cairn.bench.sqs.SqsBenchmark --help 2>/dev/null \
      || { sed -n '2,9p' "$0"; exit 0; }
  fi
done

if [[ ! -x /usr/bin/time ]]; then
  echo "bench-sqs: /usr/bin/time (GNU time) is needed for CPU and peak RSS of each run: apt-get install time" >&2
  exit 2
fi

echo "building the Cairn CLI, the harness and the CPL runner..." >&2
log="$(mktemp)"
# One reactor: the CLI jar (app), the harness and the CPL runner (each with its lib/ folder), and the
# harness's class path.
if ! mvn -q -B -DskipTests -pl app,bench-sqs/harness,bench-sqs/cpl -am package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >"$log" 2>&1; then
  cat "$log" >&2
  echo "bench-sqs: build failed" >&2
  exit 2
fi
rm -f "$log"

# The harness holds S3Proxy's in-memory store (the whole trail, gzip) and the servers.
exec java -Xmx3g -XX:+UseParallelGC ${BENCH_HARNESS_JAVA_OPTS:-} \
  -cp "bench-sqs/harness/target/classes:$(cat bench-sqs/harness/target/classpath.txt)" \
  dev.cairn.bench.sqs.SqsBenchmark --repo "$root" "$@"
