#!/usr/bin/env bash
# Builds and runs the SQS throughput benchmark: Cairn vs AWS CloudTrail Processing Library 1.1.3,
# both reading CloudTrail SNS notices from ElasticMQ and log files from S3Proxy, in one JVM.
# Usage: bench-sqs/run.sh [files] [events-per-file] [workers] [rounds] [cairn|cpl]
# JAVA_OPTS adds JVM flags (e.g. a flight recording).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl bench-sqs -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), java $(java -version 2>&1 | head -1)"
java -Xmx1g ${JAVA_OPTS:-} -cp "bench-sqs/target/classes:$(cat bench-sqs/target/classpath.txt)" \
  dev.cairn.bench.sqs.SqsThroughputBenchmark "$@"
