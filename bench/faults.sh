#!/usr/bin/env bash
# Fault runs (bench/faults): TrackingTech flaky, down, slow; kill -9 of WooTrack; duplicate storms; a hostile corpus.
# Each run has its own WooTrack in a child JVM, its own TrackingTech sandbox and WooCommerce store, over loopback.
# Usage: bench/faults.sh quick|full [flaky outage slow kill9 storm hostile]
# Prints a Markdown table (also in bench/out/faults-<mode>.md); exit 1 when any run lost an order or created a
# second shipment, or a run's own check failed.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-quick}; shift || true
mkdir -p bench/out
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
set +e
java -Xmx1g -Dsun.net.httpserver.nodelay=true -cp "$CP" dev.wootrack.bench.FaultsBench "$MODE" "$@" \
  2>bench/out/faults.err | tee "bench/out/faults-$MODE.md"
RC=${PIPESTATUS[0]}
set -e
exit "$RC"
