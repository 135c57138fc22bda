#!/usr/bin/env bash
# What scraping a server's /metrics costs Barrage, at 1 s and at 100 ms: bench/server-metrics.sh [seconds]
# (default 30 s per setting). The page is served by a child JVM; see ServerMetricsBench.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests test-compile
cp="$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
exec java -XX:+UseZGC -cp "target/classes:target/test-classes:$cp" dev.barrage.bench.ServerMetricsBench "$@"
