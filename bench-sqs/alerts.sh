#!/usr/bin/env bash
# The alerting benchmark of issue 12: latency from CloudTrail's SQS notice to a local webhook receiving
# the alert at 1,000 alerts/minute (`cairn run`), and alerts/s through the outbox (`cairn run --drain`),
# each run a child process reading S3Proxy (behind a latency proxy) as announced in ElasticMQ. Prints
# the machine and markdown tables on stdout; progress on stderr. See bench-sqs/README.md.
#
#   bench-sqs/alerts.sh                                # both phases, defaults (about 7 minutes)
#   bench-sqs/alerts.sh --phases throughput --jfr      # throughput only, with a JFR profile per run
#   bench-sqs/alerts.sh --help                         # every option
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

for arg in "$@"; do
  if [[ $arg == --help || $arg == -h ]]; then
    exec java -cp "bench-sqs/harness/target/classes" dev.cairn.bench.sqs.AlertBenchmark --help 2>/dev/null \
      || { sed -n '2,10p' "$0"; exit 0; }
  fi
done

if [[ ! -x /usr/bin/time ]]; then
  echo "bench-sqs: /usr/bin/time (GNU time) is needed for CPU and peak RSS of each run: apt-get install time" >&2
  exit 2
fi

echo "building the Cairn CLI and the harness..." >&2
log="$(mktemp)"
if ! mvn -q -B -DskipTests -pl app,bench-sqs/harness -am package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >"$log" 2>&1; then
  cat "$log" >&2
  echo "bench-sqs: build failed" >&2
  exit 2
fi
rm -f "$log"

exec java -Xmx1g -XX:+UseParallelGC ${BENCH_HARNESS_JAVA_OPTS:-} \
  -cp "bench-sqs/harness/target/classes:$(cat bench-sqs/harness/target/classpath.txt)" \
  dev.cairn.bench.sqs.AlertBenchmark --repo "$root" "$@"
